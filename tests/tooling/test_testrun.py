"""The test orchestrator's pure parts (scripts/testrun.py): JUnit counting, the CI check of the
summary, and how a pip-audit report is judged."""

from __future__ import annotations

import json
from pathlib import Path

from scripts import testrun

GOOD = """# ./lantern test summary
args=
stage.ruff=passed 1.0s
stage.ruff-format=warning 0.5s informational: 3 files not formatted
stage.pip-audit=warning 2.0s vulnerability service unreachable: not checked
sqlite.exit=0
sqlite.counts=tests=10 passed=9 failed=0 errors=0 skipped=1 browser_passed=2
coverage=83.4
stage.pytest-sqlite=passed 100.0s
postgresql.exit=0
postgresql.counts=tests=10 passed=9 failed=0 errors=0 skipped=1 browser_passed=2
stage.pytest-postgresql=passed 90.0s
total=300s
"""


def test_junit_counts_sorts_each_case_and_counts_passing_browser_tests(tmp_path: Path) -> None:
    xml = tmp_path / "run.xml"
    xml.write_text(
        '<testsuites><testsuite name="pytest">'
        '<testcase classname="tests.core.test_a" name="ok"/>'
        '<testcase classname="tests.browser.test_b" name="ok"/>'
        '<testcase classname="tests.browser.test_b" name="bad"><failure message="x"/></testcase>'
        '<testcase classname="tests.core.test_a" name="err"><error message="x"/></testcase>'
        '<testcase classname="tests.core.test_a" name="skip"><skipped message="x"/></testcase>'
        "</testsuite></testsuites>"
    )
    counts = testrun.junit_counts(xml)
    assert testrun.format_counts(counts) == "tests=5 passed=2 failed=1 errors=1 skipped=1 browser_passed=1"
    assert testrun.junit_counts(tmp_path / "missing.xml") == dict.fromkeys(testrun.COUNT_KEYS, 0)


def test_ci_passes_a_good_summary_and_warnings_do_not_fail_it() -> None:
    assert testrun.check_summary(testrun.parse_summary(GOOD), floor=80.0) == []


def test_ci_refuses_a_skipped_database_failures_no_browser_tests_a_failed_stage_or_low_coverage() -> None:
    cases = {
        "postgresql.exit=skipped": "the postgresql run did not pass (exit: skipped)",
        "sqlite.counts=tests=10 passed=8 failed=1 errors=0 skipped=1 browser_passed=2": "has failures",
        "postgresql.counts=tests=8 passed=8 failed=0 errors=0 skipped=0 browser_passed=0": "no browser test passed",
        "stage.mypy=failed 3.0s exit=1": "failed stages: mypy",
        "coverage=79.9": "below the floor",
    }
    for line, expected in cases.items():
        problems = testrun.check_summary(testrun.parse_summary(GOOD + line + "\n"), floor=80.0)
        assert len(problems) == 1, (line, problems)
        assert expected in problems[0]
    without_pg = "\n".join(line for line in GOOD.splitlines() if not line.startswith("postgresql."))
    assert testrun.check_summary(testrun.parse_summary(without_pg), floor=None) == [
        "the postgresql run did not pass (exit: did not run)"
    ]


def test_the_coverage_floor_file_is_a_number_with_comments(tmp_path: Path) -> None:
    floor = tmp_path / "floor"
    floor.write_text("# the floor\n81.5  # measured 82.3\n")
    assert testrun.read_floor(floor) == 81.5
    assert testrun.read_floor(tmp_path / "none") is None


def _report(*deps: dict[str, object]) -> str:
    return json.dumps({"dependencies": list(deps), "fixes": []})


def test_pip_audit_a_known_vulnerability_fails_unless_accepted_and_an_unreachable_service_does_not() -> None:
    vulnerable = _report(
        {
            "name": "django",
            "version": "5.2.0",
            "vulns": [{"id": "PYSEC-1", "aliases": ["CVE-9"], "fix_versions": ["5.2.1"]}],
        },
        {"name": "rich", "version": "15.0.0", "vulns": []},
    )
    result = testrun.interpret_audit(1, vulnerable, "", accepted={})
    assert result.status == "vulnerable"
    assert result.findings == ["django 5.2.0: PYSEC-1 (fixed in 5.2.1)"]
    assert testrun.interpret_audit(1, vulnerable, "", accepted={"CVE-9": "not reachable"}).status == "clean"
    all_skipped = _report({"name": "rich", "skip_reason": "Dependency not found on PyPI and could not be audited"})
    assert testrun.interpret_audit(0, all_skipped, "", accepted={}).status == "unreachable"
    offline = "requests.exceptions.ConnectionError: Failed to resolve 'api.osv.dev' (NameResolutionError)"
    assert testrun.interpret_audit(1, "", offline, accepted={}).status == "unreachable"
    assert testrun.interpret_audit(2, "", "usage: pip-audit: bad flag", accepted={}).status == "error"


def test_accepted_vulnerabilities_need_an_id_and_keep_their_reason(tmp_path: Path) -> None:
    accepted = tmp_path / "accepted"
    accepted.write_text("# comment\n\nGHSA-xxxx-yyyy  only in the dev tools; no fix released (2026-11-30)\n")
    assert testrun.read_accepted(accepted) == {"GHSA-xxxx-yyyy": "only in the dev tools; no fix released (2026-11-30)"}
