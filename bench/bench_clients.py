"""What the read benches share: percentiles, and test clients signed in as a user would be (the
session past its second factor) or holding an API token. Imported by the bench scripts, which put
bench/ on sys.path by being run from it and set Django up before importing this."""

from __future__ import annotations

from django.test import Client

from lantern.core import second_factor
from lantern.core.auth import issue_token
from lantern.core.models import User


def pct(values: list[float], p: float) -> float:
    """The p-th percentile by nearest rank (the benches report p50 and p95)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    session = client.session
    session[second_factor.VERIFIED_KEY] = str(user.pk)
    session.save()
    return client


def api_client(user: User) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {issue_token(user, name='bench', days=1)}")
