"""What an import run tells the person running it: each warning with its kind, the closing
summary that groups them so a 10,000-post migration's report fits on a screen, and the full
list as JSON lines for `--report FILE`. Imports nothing of the project.
"""

import json
from collections import Counter
from dataclasses import asdict, dataclass

# Kinds of warning, as the summary names them.
PASSWORD_PROTECTED = "password-protected on the old site: imported as a draft"
UNTITLED = "no title: imported as a draft headlined (untitled)"
NO_CONTENT = "no content: imported as a draft"
IMAGES_NOT_FOUND = "only images, none found: not published"
IMAGE_LEFT_OUT = "image left out"
SLUG_TAKEN = "slug already used in its section: a number was added"


@dataclass(frozen=True)
class PostWarning:
    """One post imported differently from how it stood on the old site, and why."""

    kind: str
    post: str  # "post 123"
    detail: str

    def __str__(self):
        return f"{self.post}: {self.detail}"


def summary_lines(created, updated, skipped, failures, warnings):
    """The closing summary: counts, then each kind of warning with how often and one example."""
    kinds = ", ".join(f"{count} {kind}" for kind, count in sorted(skipped.items()))
    lines = [
        f"Created {created}, updated {updated}, "
        f"skipped {sum(skipped.values())}{f' ({kinds})' if kinds else ''}, "
        f"failed {len(failures)}."
    ]
    if warnings:
        lines.append(f"{len(warnings)} warning(s):")
        counts = Counter(warning.kind for warning in warnings)
        first = {}
        for warning in warnings:
            first.setdefault(warning.kind, warning)
        for kind, count in counts.most_common():
            lines.append(f"  {count} × {kind}, e.g. {first[kind]}")
    return lines


def write_report(path, warnings, failures):
    """Every warning, then every failure, one JSON object a line: kind, post, detail."""
    with open(path, "w", encoding="utf-8") as report:
        for warning in warnings:
            report.write(json.dumps(asdict(warning), ensure_ascii=False) + "\n")
        for post, detail in failures:
            record = {"kind": "failed", "post": post, "detail": detail}
            report.write(json.dumps(record, ensure_ascii=False) + "\n")
