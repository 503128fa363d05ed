"""The test orchestration behind `./lantern test` and the CI check in `.ci/run`.

    python scripts/testrun.py run [PYTEST ARGS]   every stage; exit 1 if any stage failed
    python scripts/testrun.py check               CI: read var/test-summary and fail unless both
                                                  databases ran, nothing failed, browser tests
                                                  passed in each run and coverage is at the floor

`./lantern` (bash) bootstraps the virtual environment and front-end assets, then runs this module with
the venv's Python; BOOTSTRAP_SECS carries the bootstrap time. The standard library only: `check` must
also work with a bare python3.

Stages, each timed and recorded in var/test-summary as `stage.NAME=passed|failed|warning SECONDSs ...`
(a stage never stops the others; `warning` is a stage that reports without failing the build):
system-packages (apt-get as root), ruff, ruff-format (informational), mypy, collectstatic, pip-audit,
pytest-sqlite (with branch coverage), pytest-postgresql (a throwaway cluster, scripts/pg_cluster.sh).
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
import xml.etree.ElementTree as ET  # noqa: S405 (our own pytest's JUnit file, not untrusted input)
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from types import FrameType

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var"
SUMMARY = VAR / "test-summary"
RESULTS = VAR / "test-results"
COVERAGE_FLOOR_FILE = ROOT / ".ci" / "coverage-floor"
AUDIT_EXCEPTIONS_FILE = ROOT / ".ci" / "pip-audit-accepted"
PG_CLUSTER = ROOT / "scripts" / "pg_cluster.sh"
SYSTEM_PACKAGES = ("chromium", "poppler-utils", "fonts-noto-core", "postgresql")
COUNT_KEYS = ("tests", "passed", "failed", "errors", "skipped", "browser_passed")

PASSED, FAILED, WARNING = "passed", "failed", "warning"
PG_SKIPPED_BANNER = """
!!!!!!!! PostgreSQL SKIPPED: no PostgreSQL server binaries and no DATABASE_URL. !!!!!!!!
!!!!!!!! Install postgresql (apt-get install postgresql) or set DATABASE_URL.    !!!!!!!!
!!!!!!!! Every change must pass on PostgreSQL too; CI (.ci/run) fails on this.    !!!!!!!!
"""


def _style(code: str, text: str) -> str:
    return f"\033[{code}m{text}\033[0m" if sys.stderr.isatty() or os.environ.get("FORCE_COLOR") else text


def say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def warn(text: str) -> None:
    say(_style("1;33", f"WARNING: {text}"))


# ---------------------------------------------------------------------------------------------
# Pure parts (tested in tests/tooling/test_testrun.py)
# ---------------------------------------------------------------------------------------------


def junit_counts(path: Path) -> dict[str, int]:
    """Count a pytest JUnit XML file's test cases; a missing or unreadable file counts as nothing run."""
    counts = dict.fromkeys(COUNT_KEYS, 0)
    try:
        root = ET.parse(path).getroot()  # noqa: S314 (written by our own pytest run)
    except (OSError, ET.ParseError):
        return counts
    for case in root.iter("testcase"):
        counts["tests"] += 1
        tags = {child.tag for child in case}
        if "failure" in tags:
            counts["failed"] += 1
        elif "error" in tags:
            counts["errors"] += 1
        elif "skipped" in tags:
            counts["skipped"] += 1
        else:
            counts["passed"] += 1
            if case.get("classname", "").startswith("tests.browser."):
                counts["browser_passed"] += 1
    return counts


def format_counts(counts: dict[str, int]) -> str:
    return " ".join(f"{key}={counts[key]}" for key in COUNT_KEYS)


def parse_summary(text: str) -> dict[str, str]:
    """The `key=value` lines of a summary (the last one wins), comments and blank lines ignored."""
    values: dict[str, str] = {}
    for line in text.splitlines():
        if line.startswith("#") or "=" not in line:
            continue
        key, _, value = line.partition("=")
        values[key.strip()] = value.strip()
    return values


def parse_counts(value: str) -> dict[str, int]:
    counts: dict[str, int] = {}
    for part in value.split():
        key, _, number = part.partition("=")
        if number.isdigit():
            counts[key] = int(number)
    return counts


def read_floor(path: Path) -> float | None:
    """The coverage floor: the first number in the file (comment lines start with #)."""
    try:
        lines = path.read_text().splitlines()
    except OSError:
        return None
    for line in lines:
        line = line.split("#", 1)[0].strip()
        if line:
            return float(line)
    return None


def check_summary(values: dict[str, str], floor: float | None) -> list[str]:
    """What CI refuses in a summary; an empty list means it passes."""
    problems: list[str] = []
    for db in ("sqlite", "postgresql"):
        exit_status = values.get(f"{db}.exit")
        if exit_status != "0":
            problems.append(f"the {db} run did not pass (exit: {exit_status or 'did not run'})")
            continue
        raw = values.get(f"{db}.counts", "")
        counts = parse_counts(raw)
        if counts.get("passed", 0) < 1 or counts.get("failed", 1) != 0 or counts.get("errors", 1) != 0:
            problems.append(f"the {db} run has no passing tests or has failures ({raw})")
        if counts.get("browser_passed", 0) < 1:
            problems.append(f"no browser test passed in the {db} run ({raw})")
    failed = [
        key.removeprefix("stage.")
        for key, value in values.items()
        if key.startswith("stage.") and value.startswith(FAILED)
    ]
    if failed:
        problems.append(f"failed stages: {' '.join(failed)}")
    if floor is not None:
        measured = values.get("coverage")
        try:
            figure = float(measured) if measured is not None else None
        except ValueError:
            figure = None
        if figure is None:
            problems.append(f"no coverage figure in the summary (coverage={measured}); the floor is {floor}")
        elif figure < floor:
            problems.append(f"coverage {figure:.1f}% is below the floor of {floor:.1f}% (.ci/coverage-floor)")
    return problems


@dataclass
class AuditResult:
    status: str  # "clean", "vulnerable", "unreachable", "error"
    message: str
    findings: list[str] = field(default_factory=list)


def read_accepted(path: Path) -> dict[str, str]:
    """Accepted vulnerability ids and their reasons: `ID  reason...` per line, # comments."""
    accepted: dict[str, str] = {}
    try:
        lines = path.read_text().splitlines()
    except OSError:
        return accepted
    for line in lines:
        line = line.split("#", 1)[0].strip() if line.lstrip().startswith("#") else line.strip()
        if not line:
            continue
        vuln_id, _, reason = line.partition(" ")
        accepted[vuln_id] = reason.strip()
    return accepted


def interpret_audit(returncode: int, report: str, stderr: str, accepted: dict[str, str]) -> AuditResult:
    """Turn a pip-audit run (JSON report) into clean / vulnerable / unreachable. Unreachable means the
    vulnerability service could not be asked about any package: reported, but not a build failure."""
    try:
        data = json.loads(report) if report.strip() else None
    except json.JSONDecodeError:
        data = None
    if not isinstance(data, dict):
        last = (stderr.strip().splitlines() or ["no output"])[-1]
        network = ("ConnectionError", "NameResolution", "Max retries", "timed out", "Temporary failure")
        if any(word in stderr for word in network):
            return AuditResult("unreachable", f"the vulnerability service could not be reached ({last[:200]})")
        return AuditResult("error", f"pip-audit failed with exit {returncode} and no report ({last[:200]})")
    deps = data.get("dependencies", [])
    audited = [dep for dep in deps if "skip_reason" not in dep]
    findings = []
    for dep in audited:
        for vuln in dep.get("vulns", []):
            ids = [vuln.get("id", "?"), *vuln.get("aliases", [])]
            if any(i in accepted for i in ids):
                continue
            fixes = ", ".join(vuln.get("fix_versions", [])) or "no fixed version"
            findings.append(f"{dep['name']} {dep.get('version', '')}: {vuln.get('id')} (fixed in {fixes})")
    skipped = len(deps) - len(audited)
    if findings:
        return AuditResult("vulnerable", f"{len(findings)} known vulnerabilities", findings)
    if deps and not audited:
        return AuditResult(
            "unreachable", f"the vulnerability service could not be asked about any of the {len(deps)} packages"
        )
    note = f" ({skipped} packages could not be audited)" if skipped else ""
    return AuditResult("clean", f"no known vulnerabilities in {len(audited)} packages{note}")


# ---------------------------------------------------------------------------------------------
# The run
# ---------------------------------------------------------------------------------------------


class Run:
    def __init__(self, pytest_args: Sequence[str]) -> None:
        self.pytest_args = list(pytest_args)
        self.py = sys.executable
        self.bin = Path(self.py).parent
        self.failed: list[str] = []
        self.timings: list[str] = []
        self.notes: list[str] = []
        self.pg_dir: str | None = None

    # -- summary file --------------------------------------------------------------------------
    def record(self, line: str) -> None:
        with SUMMARY.open("a") as out:
            out.write(line + "\n")

    def stage(self, name: str, body: Callable[[], int | tuple[str, str]]) -> None:
        """Run one stage, time it, record it, never stop the others. The body returns an exit status,
        or (status, note) for a stage that can end in a warning."""
        say("\n" + _style("1;34", f"======== {name} ========"))
        start = time.monotonic()
        try:
            outcome = body()
        except Exception as exc:  # a bug or a missing tool fails this stage, not the whole run
            say(f"testrun: {name}: {type(exc).__name__}: {exc}")
            outcome = 1
        secs = f"{time.monotonic() - start:.1f}"
        if isinstance(outcome, tuple):
            status, note = outcome
        else:
            status, note = (PASSED, "") if outcome == 0 else (FAILED, f"exit={outcome}")
        suffix = f" {note}" if note else ""
        self.record(f"stage.{name}={status} {secs}s{suffix}")
        label = {PASSED: "passed", FAILED: "FAILED", WARNING: "WARNING"}[status]
        self.timings.append(f"{name}: {label}{' (' + note + ')' if note else ''} in {secs}s")
        if status == FAILED:
            self.failed.append(name)

    def sh(self, *cmd: str | Path, env: dict[str, str] | None = None) -> int:
        return subprocess.run([str(c) for c in cmd], cwd=ROOT, env=env, check=False).returncode

    # -- stages --------------------------------------------------------------------------------
    @staticmethod
    def missing_packages() -> list[str]:
        need = []
        chromium = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
        if not os.access(chromium, os.X_OK) and not shutil.which("chromium"):
            need.append("chromium")
        if not shutil.which("pdftoppm"):
            need.append("poppler-utils")
        if not Path("/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf").is_file():
            need.append("fonts-noto-core")
        if not pg_available():
            need.append("postgresql")
        return need

    def system_packages(self) -> int:
        need = self.missing_packages()
        if not need:
            print(f"all present: {', '.join(SYSTEM_PACKAGES)}")
            return 0
        if os.geteuid() == 0 and shutil.which("apt-get"):
            print(f"installing: {' '.join(need)}", flush=True)
            env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
            if self.sh("apt-get", "update", "-qq") != 0:
                return 1
            quiet = subprocess.run(
                ["apt-get", "install", "-y", "-qq", *need],
                env=env,
                stdout=subprocess.DEVNULL,
                check=False,
            )
            if quiet.returncode != 0:
                return quiet.returncode
            still = self.missing_packages()
            if still:
                say(f"still missing after apt-get: {' '.join(still)}")
                return 1
        else:
            warn(f"missing system packages: {' '.join(need)} (not root or no apt-get, so not installing them)")
        return 0

    def lint_paths(self) -> list[str]:
        return [d for d in ("src", "tests", "bench", "scripts") if (ROOT / d).is_dir()]

    def ruff_format(self) -> int:
        """The tree is kept in `ruff format` style (migrations excluded in pyproject.toml)."""
        return self.sh(self.bin / "ruff", "format", "--check", *self.lint_paths())

    def pip_audit(self) -> tuple[str, str]:
        accepted = read_accepted(AUDIT_EXCEPTIONS_FILE)
        report = RESULTS / "pip-audit.json"
        report.unlink(missing_ok=True)
        cmd = [
            str(self.bin / "pip-audit"),
            "--progress-spinner",
            "off",
            "--no-deps",
            "--disable-pip",
            "--timeout",
            "20",
            "--format",
            "json",
            "--output",
            str(report),
        ]
        for lock in ("requirements.txt", "requirements-dev.txt"):
            cmd += ["-r", lock]
        for vuln_id in accepted:
            cmd += ["--ignore-vuln", vuln_id]
        try:
            proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=300, check=False)
            returncode, stderr = proc.returncode, proc.stderr
        except subprocess.TimeoutExpired:
            returncode, stderr = 1, "pip-audit timed out after 300s"
        text = report.read_text() if report.is_file() else ""
        result = interpret_audit(returncode, text, stderr, accepted)
        for finding in result.findings:
            print(f"  {finding}")
        if accepted:
            print(f"accepted (.ci/pip-audit-accepted): {', '.join(accepted)}")
        print(f"pip-audit: {result.status}: {result.message}")
        self.record(f"pip-audit={result.status}")
        if result.status == "vulnerable":
            return FAILED, f"{len(result.findings)} known vulnerabilities"
        if result.status == "error":
            return FAILED, "pip-audit did not run"
        if result.status == "unreachable":
            warn(f"pip-audit could not check the lock: {result.message}. Not a failure; run it where PyPI answers.")
            return WARNING, "vulnerability service unreachable: not checked"
        return PASSED, ""

    def pytest_run(self, db: str, env: dict[str, str], extra: Sequence[str] = ()) -> int:
        xml = RESULTS / f"{db}.xml"
        xml.unlink(missing_ok=True)
        for timeline in RESULTS.glob(f"timeline-{db}-*.tsv"):  # written per worker by tests/conftest.py
            timeline.unlink()
        env = {**env, "LANTERN_TEST_DB": db}
        rc = self.sh(self.py, "-m", "pytest", f"--junitxml={xml}", *self.workers(), *extra, *self.pytest_args, env=env)
        counts = format_counts(junit_counts(xml))
        self.record(f"{db}.exit={rc}")
        self.record(f"{db}.counts={counts}")
        print(f"lantern: {db} run: exit {rc}, {counts}")
        return rc

    def workers(self) -> list[str]:
        """pytest-xdist workers: one per core, at most 2 (more only adds contention on a shared machine).

        LANTERN_TEST_WORKERS=0 runs serially; a `-n` given on the command line wins. Work stealing:
        with the default (load) scheduling, a worker kept its queue of browser and migration tests
        while the other sat idle for the last 428 s of a 917 s run (scripts/test_timeline.py).
        """
        if any(arg == "-n" or arg.startswith(("-n", "--numprocesses")) for arg in self.pytest_args):
            return []
        wanted = os.environ.get("LANTERN_TEST_WORKERS") or str(min(2, os.cpu_count() or 1))
        return [] if wanted in ("0", "1") else ["-n", wanted, "--dist", "worksteal"]

    def pytest_sqlite(self) -> int:
        env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
        cov_json = RESULTS / "coverage.json"
        cov_json.unlink(missing_ok=True)
        env["COVERAGE_FILE"] = str(RESULTS / ".coverage")
        cov = ["--cov=src/lantern", "--cov-branch", "--cov-report=", f"--cov-report=json:{cov_json}"]
        rc = self.pytest_run("sqlite", env, cov)
        try:
            totals = json.loads(cov_json.read_text())["totals"]
            figure = float(totals["percent_covered"])
        except (OSError, ValueError, KeyError):
            self.record("coverage=unknown")
            self.notes.append("coverage: not measured (no coverage report)")
            return rc
        self.record(f"coverage={figure:.1f}")
        line = (
            f"coverage (SQLite run, lines and branches): {figure:.1f}% "
            f"({totals['covered_lines']}/{totals['num_statements']} lines, "
            f"{totals['covered_branches']}/{totals['num_branches']} branches)"
        )
        floor = read_floor(COVERAGE_FLOOR_FILE)
        if floor is not None:
            line += f"; CI floor {floor:.1f}%" + (" (BELOW THE FLOOR)" if figure < floor else "")
        self.notes.append(line)
        print(f"lantern: {line}")
        return rc

    def pytest_postgresql(self) -> int:
        url = os.environ.get("DATABASE_URL")
        if url:
            if not url.startswith(("postgres://", "postgresql://")):
                say(f"DATABASE_URL is set but is not PostgreSQL: {url}")
                return 1
            print("using the PostgreSQL in DATABASE_URL")
            return self.pytest_run("postgresql", dict(os.environ))
        started = subprocess.run(
            [str(PG_CLUSTER), "start", "lantern"], cwd=ROOT, stdout=subprocess.PIPE, text=True, check=False
        )
        if started.returncode != 0:
            return 1
        assigned = dict(line.split("=", 1) for line in started.stdout.splitlines() if "=" in line)
        self.pg_dir = assigned["PGCLUSTER_DIR"]
        try:
            return self.pytest_run("postgresql", {**os.environ, "DATABASE_URL": assigned["DATABASE_URL"]})
        finally:
            self.stop_cluster()

    def stop_cluster(self) -> None:
        if self.pg_dir:
            pg_dir, self.pg_dir = self.pg_dir, None
            subprocess.run([str(PG_CLUSTER), "stop", pg_dir], cwd=ROOT, check=False)

    # -- the whole run -------------------------------------------------------------------------
    def main(self) -> int:
        t0 = time.monotonic()
        bootstrap = os.environ.get("BOOTSTRAP_SECS", "0")
        RESULTS.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        SUMMARY.write_text(f"# ./lantern test summary, {stamp}\nargs={' '.join(self.pytest_args)}\n")
        self.record(f"stage.bootstrap=passed {bootstrap}s")
        self.timings.append(f"bootstrap: passed in {bootstrap}s")
        os.environ.setdefault("CHROMIUM_PATH", shutil.which("chromium") or "/usr/bin/chromium")

        self.stage("system-packages", self.system_packages)
        self.stage("ruff", lambda: self.sh(self.bin / "ruff", "check", *self.lint_paths()))
        self.stage("ruff-format", self.ruff_format)
        self.stage("mypy", lambda: self.sh(self.bin / "mypy", "src", "tests", "scripts"))
        self.stage("collectstatic", lambda: self.sh(self.py, "manage.py", "collectstatic", "--noinput", "-v1"))
        self.stage("pip-audit", self.pip_audit)
        self.stage("pytest-sqlite", self.pytest_sqlite)
        if os.environ.get("DATABASE_URL") or pg_available():
            self.stage("pytest-postgresql", self.pytest_postgresql)
        else:
            say("\n" + _style("1;34", "======== pytest-postgresql ========"))
            say(_style("1;31", PG_SKIPPED_BANNER))
            self.record("postgresql.exit=skipped")
            self.timings.append("pytest-postgresql: SKIPPED (no PostgreSQL)")

        total = round(time.monotonic() - t0 + float(bootstrap or 0))
        self.record(f"total={total}s")
        say("\n" + _style("1;34", f"======== Summary ({total}s; written to var/test-summary) ========"))
        values = parse_summary(SUMMARY.read_text())
        lines = [
            *self.timings,
            *(f"{db}: {values[f'{db}.counts']}" for db in ("sqlite", "postgresql") if f"{db}.counts" in values),
            *self.notes,
        ]
        print("\n".join(f"  {line}" for line in lines), flush=True)
        if self.failed:
            say(_style("1;31", f"FAILED: {', '.join(self.failed)}"))
            return 1
        say(_style("1;32", "All stages passed."))
        return 0


def pg_available() -> bool:
    return subprocess.run([str(PG_CLUSTER), "available"], cwd=ROOT, check=False).returncode == 0


def run(pytest_args: Sequence[str]) -> int:
    runner = Run(pytest_args)

    def on_signal(signum: int, frame: FrameType | None) -> None:
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, on_signal)
    try:
        return runner.main()
    except KeyboardInterrupt:
        return 130
    finally:
        runner.stop_cluster()  # however this ends, the throwaway cluster goes


def check(summary: Path = SUMMARY) -> int:
    if not summary.is_file():
        say(f".ci/run: {summary} was not written")
        return 1
    values = parse_summary(summary.read_text())
    for db in ("sqlite", "postgresql"):
        print(f".ci/run: {db}: {values.get(f'{db}.counts', '(no counts)')}")
    floor = read_floor(COVERAGE_FLOOR_FILE)
    shown = "none" if floor is None else f"{floor:.1f}%"
    print(f".ci/run: coverage {values.get('coverage', 'not measured')}% (floor {shown})")
    if floor is None:
        warn("no coverage floor in .ci/coverage-floor: coverage is reported but not enforced")
    problems = check_summary(values, floor)
    for problem in problems:
        say(f".ci/run: {problem}")
    if problems:
        return 1
    print(".ci/run: OK (SQLite and PostgreSQL runs passed, browser tests included, coverage at or above the floor)")
    return 0


def main(argv: Sequence[str]) -> int:
    if not argv or argv[0] not in {"run", "check"}:
        say(__doc__ or "")
        return 2
    if argv[0] == "run":
        return run(argv[1:])
    return check(Path(argv[1]) if len(argv) > 1 else SUMMARY)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
