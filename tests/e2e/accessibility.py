"""axe-core in the browser test: the public pages, audited as a reader's browser renders them.

The pinned axe-core lives in tests/e2e/node_modules (package.json and its lock file beside this
module; `npm ci` there installs it, as .ci/run does).
"""

from pathlib import Path

from tests.services import require

AXE = Path(__file__).resolve().parent / "node_modules" / "axe-core" / "axe.min.js"


def load_axe(context):
    """Have every page the context opens carry axe-core.

    As an init script, not a <script> tag added to the page: the site's Content-Security-Policy
    refuses inline scripts, and loosening it for the audit would audit another page than
    readers get.
    """
    require("axe-core", AXE.exists(), "run `npm ci` in tests/e2e")
    # Kept under a name of its own: Wagtail's user bar, on an editor's pages, brings an older
    # axe-core of its own and takes the global `axe` name.
    context.add_init_script(script=f"{AXE.read_text()}\nwindow.pinnedAxe = window.axe;")


def violations(page):
    """axe-core's findings on the page as it stands, every rule it runs by default."""
    return page.evaluate("async () => (await pinnedAxe.run(document)).violations")


def describe(url, found):
    """The violations on one page, one rule a paragraph, each element under it."""
    lines = []
    for violation in found:
        lines.append(
            f"{url}: {violation['id']} ({violation['impact']}): {violation['help']}"
            f" <{violation['helpUrl']}>"
        )
        for node in violation["nodes"]:
            lines.append(f"    {' '.join(node['target'])}: {node['html'][:160]}")
            summary = node.get("failureSummary") or ""
            lines.extend(f"        {line}" for line in summary.splitlines())
    return "\n".join(lines)
