"""Abstract bases for who and when on a record, under one naming scheme (docs/architecture.md,
"Who and when"):

- `recorded_at`: when the row was written (never changes); `recorded_by`: the user who wrote it.
- A later act on the row is `<verb>_at` / `<verb>_by` (applied_at, reviewed_by, escalated_at);
  a day in the world, as told to the officer, is `<verb>_on` (received_on, decided_on).

A model takes `Recorded` (both) or `RecordedAt` (rows written by the service itself, or whose
writer may be unknown, declaring its own nullable `recorded_by`). Fields keep their columns: a
model moved onto a base shows no migration.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class RecordedAt(models.Model):
    """When the row was written."""

    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        abstract = True


class Recorded(RecordedAt):
    """When the row was written, and by whom."""

    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        abstract = True
