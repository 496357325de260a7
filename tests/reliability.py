"""A fixture that records what a reliability test tried and what docent did, for docs/RELIABILITY.md.

Set RELIABILITY_LOG to a file and each `reliability(area, case, observed)` call is appended to
it as one JSON line, with the test's id and whether it passed. Without the variable nothing is written.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass

import pytest

LOG_VARIABLE = "RELIABILITY_LOG"  # not DOCENT_*: isolated_dirs clears those


@dataclass(frozen=True)
class Case:
    area: str  # "Bad input: corpus", "Faults", ...
    case: str  # what was tried or injected
    observed: str  # what docent did
    test: str = ""
    outcome: str = ""


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the test item, so that the fixture knows whether the test passed."""
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"reliability_{report.when}", report)


@pytest.fixture
def reliability(request):
    """record(area, case, observed): one row of the reliability table, written when the test ends."""
    cases: list[Case] = []

    def record(area: str, case: str, observed: str) -> None:
        if Case(area, case, observed) not in cases:  # a hypothesis test records once, not per example
            cases.append(Case(area, case, observed))

    yield record
    log = os.environ.get(LOG_VARIABLE)
    if not log or not cases:
        return
    call = getattr(request.node, "reliability_call", None)
    outcome = "passed" if call is not None and call.passed else "FAILED"
    with open(log, "a", encoding="utf-8") as handle:
        for case in cases:
            row = Case(case.area, case.case, case.observed, request.node.nodeid, outcome)
            handle.write(json.dumps(asdict(row), ensure_ascii=False) + "\n")
