"""Where the test suite's wall time goes, from the per-worker timelines that tests/conftest.py writes
(var/test-results/timeline-<database>-<worker>.tsv, one line per test: start, end, node id).

    .venv/bin/python scripts/test_timeline.py [sqlite|postgresql] [--top N]

Prints, per worker: when its first test started after the process was configured (collection and
imports), its busy and idle time, when it finished against the last worker (the tail an unlucky
long test leaves), and the slowest tests with their share of the run.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass, field
from pathlib import Path

RESULTS = Path(__file__).resolve().parent.parent / "var" / "test-results"


@dataclass
class Worker:
    name: str
    configured: float | None = None  # when pytest had configured the worker (before collection)
    finished: float | None = None
    tests: list[tuple[float, float, str]] = field(default_factory=list)


def read(database: str) -> list[Worker]:
    workers = []
    for path in sorted(RESULTS.glob(f"timeline-{database}-*.tsv")):
        worker = Worker(path.stem.rsplit("-", 1)[-1])
        for line in path.read_text().splitlines():
            if line.startswith("#"):
                words = line.replace(";", "").split()
                for key in ("configured", "finished"):
                    if key in words:
                        setattr(worker, key, float(words[words.index(key) + 1]))
                continue
            start, end, node = line.split("\t", 2)
            worker.tests.append((float(start), float(end), node))
        if worker.tests:
            workers.append(worker)
    return same_run(workers)


def same_run(workers: list[Worker]) -> list[Worker]:
    """Only the latest run's workers: a run with fewer workers, or pytest run by hand, leaves the
    older files in place (./lantern test removes them first)."""
    if not workers:
        return workers
    latest = max(workers, key=lambda w: w.tests[-1][1])
    return [w for w in workers if w.tests[-1][1] >= latest.tests[0][0]]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("database", nargs="?", default="sqlite")
    parser.add_argument("--top", type=int, default=15)
    args = parser.parse_args()
    workers = read(args.database)
    if not workers:
        print(f"no timelines for {args.database} in {RESULTS}: run ./lantern test first")
        return 1
    began = min(w.configured or w.tests[0][0] for w in workers)
    ended = max(w.finished or w.tests[-1][1] for w in workers)
    span = ended - began
    print(f"{args.database}: {len(workers)} workers, {span:.0f} s from the first worker configured to the last done")
    for w in workers:
        busy = sum(end - start for start, end, _ in w.tests)
        first = w.tests[0][0] - (w.configured or w.tests[0][0])
        last = w.tests[-1][1]
        gaps = sum(max(0.0, b[0] - a[1]) for a, b in zip(w.tests, w.tests[1:], strict=False))
        print(
            f"  {w.name}: {len(w.tests)} tests, busy {busy:.0f} s, before the first test {first:.0f} s, "
            f"between tests {gaps:.0f} s, idle at the end {ended - last:.0f} s"
        )
    every = sorted(((end - start, node, w.name) for w in workers for start, end, node in w.tests), reverse=True)
    total = sum(t for t, _, _ in every)
    print(f"slowest {args.top} of {len(every)} tests ({total:.0f} s in all):")
    for seconds, node, name in every[: args.top]:
        print(f"  {seconds:6.1f} s {100 * seconds / total:4.1f} %  {name}  {node}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
