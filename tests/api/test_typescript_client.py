"""A typed client generated from /api/v3/openapi.json, as a front-end developer makes one:
openapi-typescript turns the schema into types, and `tsc --strict` checks a front end's story
page against them (tests/typescript/story.ts), which switches over every block type with a
`never` check. A copy of it missing any one case must not compile.

The tools are pinned in tests/typescript/package.json and its lock file; `npm ci` there
installs them (.ci/run does).
"""

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.services import require

pytestmark = pytest.mark.django_db

FRONT_END = Path(__file__).resolve().parent.parent / "typescript"
PROGRAM = "story.ts"
# e.g. "story.ts(38,31): error TS2345: Argument of type ... is not assignable to ... 'never'."
TSC_ERROR = re.compile(r"^(?P<file>[^(\s]+)\(\d+,\d+\): error (?P<message>.*)$", re.MULTILINE)


def npx(*command, cwd):
    """Run a tool from tests/typescript/node_modules (npx --no: never download one)."""
    return subprocess.run(
        ["npx", "--no", "--", *command], cwd=cwd, capture_output=True, text=True, timeout=300
    )


@pytest.fixture
def front_end(client, tmp_path):
    """A copy of the front end, with types generated from the schema the API serves now."""
    require(
        "typescript",
        (FRONT_END / "node_modules" / ".bin" / "tsc").exists()
        and (FRONT_END / "node_modules" / ".bin" / "openapi-typescript").exists(),
        "run `npm ci` in tests/typescript",
    )
    schema = client.get("/api/v3/openapi.json").json()
    (tmp_path / "openapi.json").write_text(json.dumps(schema))
    for name in ("tsconfig.json", PROGRAM):
        shutil.copy(FRONT_END / name, tmp_path / name)
    generated = npx(
        "openapi-typescript",
        str(tmp_path / "openapi.json"),
        "--output",
        str(tmp_path / "generated" / "newsdesk-api.d.ts"),
        cwd=FRONT_END,
    )
    assert generated.returncode == 0, generated.stdout + generated.stderr
    return tmp_path, schema


def block_types(schema):
    body = schema["components"]["schemas"]["NewsArticleSchema"]["properties"]["body"]
    return sorted(body["items"]["discriminator"]["mapping"])


def without_case(program, block_type):
    case = re.compile(rf'^\s*case "{block_type}":.*\n', re.MULTILINE)
    assert case.search(program), f"{PROGRAM} has no case for the {block_type!r} block"
    return case.sub("", program, count=1)


def test_a_typed_front_end_compiles_and_misses_no_block_type(front_end):
    directory, schema = front_end
    program = (directory / PROGRAM).read_text()
    # One compiler run for the whole check (tsc takes seconds): the program as written, and
    # one copy of it per block type with that block's case taken out.
    mutilated = {}
    for block_type in block_types(schema):
        copy = f"story-without-{block_type}.ts"
        (directory / copy).write_text(without_case(program, block_type))
        mutilated[copy] = block_type

    checked = npx("tsc", "--strict", "--pretty", "false", "-p", str(directory), cwd=FRONT_END)

    output = checked.stdout + checked.stderr
    errors = {}
    for error in TSC_ERROR.finditer(checked.stdout):
        errors.setdefault(Path(error["file"]).name, []).append(error["message"])
    assert set(errors) == set(mutilated), output  # the program itself compiles; no copy does
    for copy, block_type in mutilated.items():
        assert any("'never'" in message for message in errors[copy]), (
            f"without its case for {block_type!r}, the switch failed otherwise: {errors[copy]}"
        )
