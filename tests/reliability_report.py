"""Run the reliability tests and write docs/RELIABILITY.md from what they recorded.

    python -m tests.reliability_report            # fast tests only (fake model)
    DOCENT_TEST_MODEL=path/to/model.gguf python -m tests.reliability_report --model   # also the real-model tests
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from tests.reliability import LOG_VARIABLE

ROOT = Path(__file__).resolve().parent.parent
REPORT = ROOT / "docs" / "RELIABILITY.md"
TEST_FILES = [
    "tests/test_reliability_input.py",
    "tests/test_reliability_faults.py",
    "tests/test_reliability_hostile.py",
    "tests/test_reliability_offline.py",
    "tests/test_properties.py",
]
AREA_ORDER = [
    "Bad input: question", "Bad input: options", "Bad input: corpus", "Bad input: model",
    "Faults", "Hostile documents", "Offline", "Property-based tests (hypothesis)",
]


def run_tests(log: Path, with_model: bool) -> int:
    marker = [] if with_model else ["-m", "not model"]
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *marker, *TEST_FILES]
    return subprocess.run(command, cwd=ROOT, env={**os.environ, LOG_VARIABLE: str(log)}).returncode


def cell(text: str) -> str:
    """Text for a table cell: one line, pipes escaped, pytest's temporary folders shortened to …/."""
    text = re.sub(r"/tmp/pytest-of-[^/]+/pytest-\d+/[^/]+/", "…/", text)
    return " ".join(text.replace("|", "\\|").split())


def render(rows: list[dict], with_model: bool, exit_code: int) -> str:
    how = "with the real-model tests" if with_model else "fake-model tests only"
    lines = [
        "# Reliability",
        "",
        "Regenerate (runs the tests): `DOCENT_TEST_MODEL=/tmp/dd/models/SmolLM2-135M-Instruct.Q4_1.gguf"
        " python -m tests.reliability_report --model` (drop `--model` for the fake-model tests only)."
        f" This copy: {how}.",
        "Each row is recorded by a test (`reliability` fixture, tests/reliability.py) while it runs;"
        " the last column is that test's outcome. Do not edit by hand.",
        "",
        f"Tests: {'all passed' if exit_code == 0 else f'pytest exit code {exit_code} - see FAILED rows'};"
        f" {len(rows)} cases{'' if with_model else '; real-model tests (marked `model`) not run'}.",
    ]
    areas = sorted({r["area"] for r in rows}, key=lambda a: (AREA_ORDER.index(a) if a in AREA_ORDER else 99, a))
    for area in areas:
        lines += ["", f"## {area}", "", "| Input or fault | Observed result | Test | Outcome |", "|---|---|---|---|"]
        for r in (r for r in rows if r["area"] == area):
            test = r["test"].replace("tests/", "")
            lines.append(f"| {cell(r['case'])} | {cell(r['observed'])} | `{cell(test)}` | {r['outcome']} |")
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", action="store_true", help="also run the real-model tests (needs DOCENT_TEST_MODEL)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        log = Path(scratch) / "cases.jsonl"
        log.touch()
        code = run_tests(log, args.model)
        rows = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines() if line]
    REPORT.parent.mkdir(exist_ok=True)
    REPORT.write_text(render(rows, args.model, code), encoding="utf-8")
    print(f"wrote {REPORT.relative_to(ROOT)} ({len(rows)} cases; pytest exit {code})")
    return code


if __name__ == "__main__":
    sys.exit(main())
