"""Where a hot read's CPU goes (issue 15 item 3): for the case page, My cases, the search page, the
case API and the lookup API, the process CPU time of each request split into

- sql: at the database cursor, execute AND fetch (SQLite does its work while rows are fetched);
- orm: query building, compiling and turning rows into objects (QuerySet._fetch_all and
  SQLCompiler.execute_sql, less the SQL inside them);
- view: the view's own code (the resolved view, less its ORM, SQL and templates);
- template: Template.render, outermost call (includes, tags and filters inside it), less the ORM and
  SQL that templates and their tags ran lazily (shown apart as "orm@tpl" and "sql@tpl");
- middleware: the rest of the handler (BaseHandler.get_response less the view).

Each phase is charged exclusively: a stack of phases, the CPU since the last change charged to the
phase on top. Figures are process CPU (time.process_time), not wall time: the machine is shared.
Then a profile pass: CPU per template (exclusive, each include apart), templates and nodes
rendered per request, and the HTML's size. Run through bench/run.py:

    LANTERN_BENCH_SQLITE_DIR=/work/benchdata/sqlite-render ./lantern bench render --db sqlite --reuse
    LANTERN_VAR_DIR=DIR .venv/bin/python bench/render_bench.py     # a database prepared before

LANTERN_BENCH_SAMPLES (default 60) requests per page, over a sample of users and cases.
"""

from __future__ import annotations

import cProfile
import logging
import os
import pstats
import random
import statistics
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lantern.config.settings")
os.environ.setdefault("LANTERN_ALLOWED_HOSTS", "testserver")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.handlers.base import BaseHandler  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.backends import utils as db_utils  # noqa: E402
from django.db.models import Count, query  # noqa: E402
from django.db.models.sql import compiler  # noqa: E402
from django.template import base as template_base  # noqa: E402
from django.test import Client  # noqa: E402

from bench_clients import api_client, pct, signed_in  # noqa: E402
from lantern.cases.models import Case, CaseReference  # noqa: E402
from lantern.core.models import Role, User  # noqa: E402

SAMPLES = int(os.environ.get("LANTERN_BENCH_SAMPLES", "60"))
PHASES = ("sql", "orm", "view", "template", "orm@tpl", "sql@tpl", "middleware")
rng = random.Random(15)
settings.ALLOWED_HOSTS = ["testserver", *settings.ALLOWED_HOSTS]
settings.STORAGES = {  # pages name their static files; no collectstatic manifest is needed to time them
    **settings.STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
logging.disable(logging.INFO)
clock = time.process_time


@dataclass
class Meter:
    """Exclusive CPU per phase for the request being measured (a stack of phases)."""

    on: bool = False
    profile: bool = False
    stack: list[str] = field(default_factory=list)
    mark: float = 0.0
    spent: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    templates: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    counts: Counter[str] = field(default_factory=Counter)

    def _charge(self) -> None:
        now = clock()
        if self.stack:
            top = self.stack[-1]
            phase = top.split(":", 1)[0]
            if phase in ("sql", "orm") and any(name.startswith("template") for name in self.stack):
                phase += "@tpl"
            self.spent[phase] += now - self.mark
            if self.profile:
                for name in reversed(self.stack):
                    if name.startswith("template:"):
                        self.templates[name[9:]] += now - self.mark
                        break
        self.mark = now

    @contextmanager
    def phase(self, name: str) -> Iterator[None]:
        if not self.on:
            yield
            return
        self._charge()
        self.stack.append(name)
        try:
            yield
        finally:
            self._charge()
            self.stack.pop()


METER = Meter()


def _wrap(owner: Any, attribute: str, phase: Callable[[Any, tuple[Any, ...]], str]) -> None:
    original = getattr(owner, attribute)

    def timed(self: Any, *args: Any, **kwargs: Any) -> Any:
        with METER.phase(phase(self, args)):
            return original(self, *args, **kwargs)

    setattr(owner, attribute, timed)


def _fetch(name: str) -> Callable[..., Any]:
    def fetch(self: Any, *args: Any) -> Any:
        with METER.phase("sql"):
            return getattr(self.cursor, name)(*args)

    return fetch


def _template_phase(template: Any, args: tuple[Any, ...]) -> str:
    name = getattr(template, "name", None) or "(inline)"
    if METER.on and METER.profile:
        METER.counts["templates"] += 1
    if METER.on and METER.profile and "template" not in {p.split(":", 1)[0] for p in METER.stack}:
        METER.counts["outermost"] += 1
    return f"template:{name}"


def instrument() -> None:
    _wrap(BaseHandler, "get_response", lambda self, args: "middleware")
    _wrap(template_base.Template, "render", _template_phase)
    _wrap(query.QuerySet, "_fetch_all", lambda self, args: "orm")
    _wrap(compiler.SQLCompiler, "execute_sql", lambda self, args: "orm")
    for name in ("execute", "executemany"):
        _wrap(db_utils.CursorWrapper, name, lambda self, args: "sql")
    for name in ("fetchone", "fetchmany", "fetchall"):  # CursorWrapper passes these on by __getattr__
        setattr(db_utils.CursorWrapper, name, _fetch(name))
    original_make_atomic = BaseHandler.make_view_atomic

    def make_view_atomic(self: BaseHandler, view: Callable[..., Any]) -> Callable[..., Any]:
        inner = original_make_atomic(self, view)

        def timed_view(*args: Any, **kwargs: Any) -> Any:
            with METER.phase("view"):
                return inner(*args, **kwargs)

        return timed_view

    BaseHandler.make_view_atomic = make_view_atomic  # type: ignore[method-assign]
    original_render_annotated = template_base.Node.render_annotated

    def render_annotated(self: Any, context: Any) -> Any:
        if METER.on and METER.profile:
            METER.counts["nodes"] += 1
            kind = type(self).__name__
            if kind not in ("TextNode", "VariableNode"):
                METER.counts["tags"] += 1
        return original_render_annotated(self, context)

    template_base.Node.render_annotated = render_annotated  # type: ignore[method-assign]


Call = Callable[[], Any]


def pages() -> dict[str, list[Call]]:
    """Each hot read, SAMPLES requests over a sample of realistic users and cases."""
    biggest = Case.objects.values("force_id").annotate(n=Count("id")).order_by("-n")[0]["force_id"]
    supervisors = list(User.objects.filter(force_id=biggest, role=Role.SUPERVISOR, is_active=True)[:3])
    busiest = list(
        Case.objects.filter(officer_in_charge__is_active=True, officer_in_charge__role=Role.INVESTIGATOR)
        .values("officer_in_charge")
        .annotate(n=Count("id"))
        .order_by("-n")[:10]
    )
    officers = [User.objects.get(pk=row["officer_in_charge"]) for row in busiest]
    case_ids = list(Case.objects.filter(force_id=biggest).values_list("pk", flat=True)[:5000])
    sample = rng.sample(case_ids, SAMPLES)
    refs = list(CaseReference.objects.filter(case_id__in=sample).values_list("value", flat=True)[:SAMPLES])
    own = list(Case.objects.filter(officer_in_charge__in=officers).values_list("officer_in_charge", "pk")[:2000])
    own_sample = rng.sample(own, min(SAMPLES // 2, len(own)))
    page_of = {user.pk: signed_in(user) for user in [*supervisors, *officers]}
    api_of = {user.pk: api_client(user) for user in supervisors}
    sup = [user.pk for user in supervisors]

    def get(client: Client, path: str, params: dict[str, str] | None = None) -> Call:
        return lambda: client.get(path, params or {})

    def by(i: int) -> Client:
        return api_of[sup[i % len(sup)]]

    case_pages = [get(page_of[sup[i % len(sup)]], f"/cases/{pk}/") for i, pk in enumerate(sample)]
    case_pages = case_pages[: SAMPLES - len(own_sample)] + [get(page_of[u], f"/cases/{pk}/") for u, pk in own_sample]
    rng.shuffle(case_pages)
    return {
        "case page": case_pages,
        "My cases": [get(page_of[officers[i % len(officers)].pk], "/cases/") for i in range(SAMPLES)],
        "search page (a reference)": [
            get(page_of[sup[i % len(sup)]], "/search/", {"q": q}) for i, q in enumerate(refs)
        ],
        "case API": [get(by(i), f"/api/v1/cases/{pk}") for i, pk in enumerate(sample)],
        "lookup API (a reference)": [get(by(i), "/api/v1/lookup", {"q": q}) for i, q in enumerate(refs)],
    }


@dataclass
class Measured:
    totals: list[float]
    walls: list[float]
    phases: dict[str, list[float]]
    sizes: list[int]


def measure(name: str, calls: list[Call]) -> Measured:
    for warm in calls[:5]:
        warm()
    out = Measured([], [], {phase: [] for phase in PHASES}, [])
    for call in calls:
        METER.spent.clear()
        METER.on = True
        started, wall = clock(), time.perf_counter()
        METER.mark = started
        response = call()
        out.totals.append(clock() - started)
        out.walls.append(time.perf_counter() - wall)
        METER.on = False
        assert response.status_code == 200, (name, response.status_code, response.content[:300])
        out.sizes.append(len(response.content))
        for phase in PHASES:
            out.phases[phase].append(METER.spent.get(phase, 0.0))
    return out


def profile(calls: list[Call]) -> tuple[dict[str, float], dict[str, float]]:
    """CPU per template (exclusive, ms per request) and templates/tags/nodes per request."""
    METER.templates.clear()
    METER.counts.clear()
    for call in calls:
        METER.spent.clear()
        METER.on = METER.profile = True
        METER.mark = clock()
        call()
        METER.on = METER.profile = False
    n = len(calls)
    per_template = {name: spent * 1000 / n for name, spent in METER.templates.items()}
    return per_template, {key: value / n for key, value in METER.counts.items()}


def ms(values: list[float], p: float) -> str:
    return f"{pct(values, p) * 1000:.1f}"


def report(results: dict[str, Measured]) -> None:
    print(
        "\n| page | CPU p50 ms | CPU p95 ms | wall p50 ms | " + " | ".join(f"{p} p50" for p in PHASES) + " | HTML KB |"
    )
    print("| --- " * (5 + len(PHASES)) + "|")
    for name, m in results.items():
        phases = " | ".join(f"{statistics.median(m.phases[p]) * 1000:.1f}" for p in PHASES)
        size = statistics.median(m.sizes) / 1024
        print(f"| {name} | {ms(m.totals, 50)} | {ms(m.totals, 95)} | {ms(m.walls, 50)} | {phases} | {size:.0f} |")
    print("\n| page | " + " | ".join(f"{p} p95" for p in PHASES) + " |")
    print("| --- " * (1 + len(PHASES)) + "|")
    for name, m in results.items():
        print(f"| {name} | " + " | ".join(ms(m.phases[p], 95) for p in PHASES) + " |")


def main() -> None:
    instrument()
    reads = pages()
    load = os.getloadavg()
    print(
        f"\n{connection.vendor}: {Case.objects.count():,} cases; {SAMPLES} requests per page; "
        f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}; template loaders "
        f"{[type(loader).__name__ for loader in _loaders()]}"
    )
    results = {name: measure(name, calls) for name, calls in reads.items()}
    report(results)
    for name, calls in reads.items():
        per_template, counts = profile(calls[: max(10, SAMPLES // 3)])
        if not per_template:
            continue
        shown = ", ".join(f"{key} {value:.0f}" for key, value in sorted(counts.items()))
        print(f"\n{name}, per request: {shown}")
        print("| template (exclusive CPU, includes apart, its tags' ORM and SQL included) | ms per request |")
        print("| --- | ---: |")
        for template, spent in sorted(per_template.items(), key=lambda item: -item[1])[:12]:
            print(f"| {template} | {spent:.2f} |")
    wanted = os.environ.get("LANTERN_BENCH_CPROFILE")
    if wanted:  # e.g. LANTERN_BENCH_CPROFILE="My cases": the functions that cost most, by own time
        profiler = cProfile.Profile()
        profiler.runcall(lambda: [call() for call in reads[wanted][:20]])
        pstats.Stats(profiler).sort_stats("tottime").print_stats(30)
    print(f"\nload average at the end {os.getloadavg()[0]:.2f}")


def _loaders() -> list[Any]:
    from django.template import engines

    engine = engines["django"].engine  # type: ignore[attr-defined]
    return list(engine.template_loaders)


if __name__ == "__main__":
    main()
