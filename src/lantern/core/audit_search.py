"""Searching the audit log, for the force's professional standards work (the force
administrator holds it: docs/decisions/0015-professional-standards-audit-search.md).

Rules only; the page is core.views.audit_log. A search sees the entries made by users of the
searcher's own force, and failed sign-ins for usernames that do not exist. Every search and
every export is itself an audit entry.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone

from lantern.core import audit
from lantern.core.access import AccessDenied
from lantern.core.errors import invalid
from lantern.core.models import AuditEntry, User
from lantern.core.roles import Capability, has_capability

MAX_EXPORT_ROWS = 50_000


def can_search_audit(user: User) -> bool:
    return user.is_active and has_capability(user, Capability.SEARCHES_AUDIT_LOG)


@dataclass(frozen=True)
class AuditQuery:
    username: str = ""
    object_type: str = ""
    object_id: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None

    def describe(self) -> str:
        parts = [
            f"user={self.username}" if self.username else "",
            f"record={self.object_type}:{self.object_id}" if self.object_type or self.object_id else "",
            f"from={self.date_from}" if self.date_from else "",
            f"to={self.date_to}" if self.date_to else "",
        ]
        return " ".join(p for p in parts if p) or "everything"


def parse(params: dict[str, str]) -> AuditQuery:
    """Read a search from query parameters; a bad date is refused naming the field."""

    def date(name: str) -> dt.date | None:
        raw = (params.get(name) or "").strip()
        if not raw:
            return None
        try:
            return dt.date.fromisoformat(raw)
        except ValueError:
            raise invalid(name, "Give the date as YYYY-MM-DD.") from None

    query = AuditQuery(
        username=(params.get("user") or "").strip()[:150],
        object_type=(params.get("object_type") or "").strip()[:60],
        object_id=(params.get("object_id") or "").strip()[:40],
        date_from=date("from"),
        date_to=date("to"),
    )
    if query.date_from and query.date_to and query.date_to < query.date_from:
        raise invalid("to", "The end date is before the start date.")
    return query


def search(user: User, query: AuditQuery) -> QuerySet[AuditEntry]:
    if not can_search_audit(user):
        raise AccessDenied("The audit log is for the force's professional standards work.")
    entries = AuditEntry.objects.filter(Q(actor__force_id=user.force_id) | Q(actor__isnull=True))
    if query.username:
        entries = entries.filter(actor_label=query.username)
    if query.object_type:
        entries = entries.filter(object_type=query.object_type)
    if query.object_id:
        entries = entries.filter(object_id=query.object_id)
    tz = timezone.get_current_timezone()
    if query.date_from:
        entries = entries.filter(at__gte=dt.datetime.combine(query.date_from, dt.time.min, tzinfo=tz))
    if query.date_to:
        entries = entries.filter(
            at__lt=dt.datetime.combine(query.date_to + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
        )
    return entries.order_by("-id")


def record_search(user: User, query: AuditQuery, count: int, *, export: bool = False) -> None:
    what = "audit log export" if export else "audit log search"
    audit.record(
        user,
        audit.Action.DISCLOSURE if export else audit.Action.CONSULTATION,
        object_type="core.auditentry",
        detail=f"{what}: {query.describe()}; {count} entries"[:255],
    )


COLUMNS = ["id", "at", "actor", "action", "object_type", "object_id", "reason", "recipients", "detail", "entry_hash"]


def to_csv(entries: QuerySet[AuditEntry]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    for e in entries[:MAX_EXPORT_ROWS].iterator():
        row = [e.pk, e.at.isoformat(), e.actor_label, e.action, e.object_type, e.object_id]
        row += [e.reason, e.recipients, e.detail, e.entry_hash]
        # A cell starting with = + - @ would be a formula in a spreadsheet: quote it.
        writer.writerow([f"'{v}" if isinstance(v, str) and v[:1] in "=+-@" else v for v in row])
    return out.getvalue()
