"""Background work on django-tasks beyond what the engines give: the RQ backend that enqueues
a task only when the change that asked for it commits. Imports django-tasks, django-tasks-rq
and Django; no newsroom app (each app's tasks live with the app)."""
