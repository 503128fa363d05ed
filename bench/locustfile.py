"""A working day's mix for `./lantern bench load`: officers open their cases, their case list, the
search page, the case and lookup API, and record crimes. Each simulated officer signs in as a
real generated officer: bench/load_bench.py writes their session cookies, API tokens and cases to
the file named by LANTERN_LOAD_USERS."""

from __future__ import annotations

import itertools
import json
import os
import random
import time
from typing import Any

from locust import HttpUser, between, task

with open(os.environ["LANTERN_LOAD_USERS"]) as handle:
    OFFICERS: list[dict[str, Any]] = json.load(handle)
_next = itertools.count()
RUN = int(time.time())


class Officer(HttpUser):
    wait_time = between(0.5, 2.0)  # reading between clicks

    def on_start(self) -> None:
        me = OFFICERS[next(_next) % len(OFFICERS)]
        self.cases: list[int] = me["cases"]
        self.references: list[str] = me["references"]
        self.client.cookies.set(me["cookie_name"], me["session"])
        self.api = {"Authorization": f"Bearer {me['token']}"}
        self.prefix = f"LOAD/{me['id']}/{RUN}/"  # unique per run: a reference is unique in its force
        self.recorded = 0

    @task(30)
    def case_page(self) -> None:
        self.client.get(f"/cases/{random.choice(self.cases)}/", name="/cases/[id]/")

    @task(15)
    def my_cases(self) -> None:
        self.client.get("/cases/", name="/cases/ (My cases)")

    @task(10)
    def search_page(self) -> None:
        self.client.get("/search/", params={"q": random.choice(self.references)}, name="/search/?q=[reference]")

    @task(15)
    def case_api(self) -> None:
        self.client.get(f"/api/v1/cases/{random.choice(self.cases)}", headers=self.api, name="/api/v1/cases/[id]")

    @task(10)
    def lookup_api(self) -> None:
        self.client.get(
            "/api/v1/lookup", params={"q": random.choice(self.references)}, headers=self.api, name="/api/v1/lookup"
        )

    @task(10)
    def case_list_api(self) -> None:
        self.client.get("/api/v1/cases", params={"limit": 50}, headers=self.api, name="/api/v1/cases")

    @task(5)
    def record_crime(self) -> None:
        self.recorded += 1
        reference = f"{self.prefix}{self.recorded}"
        self.client.post(
            "/api/v1/cases",
            json={"crime_reference": reference, "summary": "Load test", "exploitation_types": ["labour"]},
            headers=self.api,
            name="/api/v1/cases (record a crime)",
        )
