"""What the live app tells the rest of the project, beyond model saves.

`coverage_ended` is sent by whatever ends a coverage (the desk's "End coverage" action, which
sets coverage_status "ended" by a queryset update, so no save signal fires), once the change is
committed: `sender` is LiveCoverage, `coverage` the ended coverage as saved. Webhooks announce
it as `live.ended`.
"""

from django.dispatch import Signal

coverage_ended = Signal()
