"""The JSON API (/api/v1/): one NinjaAPI, with a router per domain app."""

from __future__ import annotations

from ninja import NinjaAPI

api = NinjaAPI(title="Lantern API", version="1", urls_namespace="api", docs_url="/docs")
