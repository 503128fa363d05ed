"""Field-key rotation: re-encrypt every protected value under the newest key (`./lantern keys rotate`).

Put a new key first in LANTERN_FIELD_KEYS (keeping the old ones after it), run the rotation, then
drop the old key. Each batch is its own transaction and a value already under the newest key is
left alone, so a rotation that stops part-way is resumed by running it again.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from django.apps import apps
from django.db import transaction
from django.db.models import Model

from lantern.core import crypto

# Every column holding a crypto.encrypt() value: (model label, field names). History tables that
# copy a column are listed too: an old key must not be needed for them either.
ENCRYPTED_COLUMNS: list[tuple[str, tuple[str, ...]]] = [
    ("safeguarding.ProtectedDetail", ("value_token",)),
    ("core.SecondFactor", ("secret_ciphertext",)),
    ("safeguarding.FirstResponse", ("contact_token",)),
    ("notify.OutboxMessage", ("recipient_ciphertext",)),
    ("victims_code.VictimContactDetails", ("email_ciphertext", "mobile_ciphertext", "postal_address_ciphertext")),
    (
        "victims_code.HistoricalVictimContactDetails",
        ("email_ciphertext", "mobile_ciphertext", "postal_address_ciphertext"),
    ),
]


@dataclass(frozen=True)
class Progress:
    label: str
    done: int  # rows of this table looked at so far
    total: int
    rewritten: int  # values re-encrypted so far (all tables)


def _model(label: str) -> type[Model]:
    return apps.get_model(label)


def count_rows() -> int:
    return sum(_model(label)._default_manager.count() for label, _ in ENCRYPTED_COLUMNS)


def stale_values() -> int:
    """How many stored values are not under the newest key (0 once a rotation has finished)."""
    stale = 0
    for label, fields in ENCRYPTED_COLUMNS:
        for row in _model(label)._default_manager.values_list(*fields).iterator():
            stale += sum(1 for value in row if value and not crypto.is_current(value))
    return stale


def rotate_all(batch_size: int = 500) -> Iterator[Progress]:
    """Re-encrypt, table by table in primary-key order; yields progress after each batch."""
    rewritten = 0
    for label, fields in ENCRYPTED_COLUMNS:
        model = _model(label)
        manager = model._default_manager
        pk_name = model._meta.pk.attname if model._meta.pk is not None else "id"
        total = manager.count()
        done = 0
        last_pk: object = None
        while True:
            rows = manager.order_by(pk_name)
            if last_pk is not None:
                rows = rows.filter(**{f"{pk_name}__gt": last_pk})
            batch = list(rows.values_list(pk_name, *fields)[:batch_size])
            if not batch:
                break
            with transaction.atomic():
                for pk, *values in batch:
                    changes = {
                        field: crypto.rotate(value)
                        for field, value in zip(fields, values, strict=True)
                        if value and not crypto.is_current(value)
                    }
                    if changes:
                        manager.filter(**{pk_name: pk}).update(**changes)
                        rewritten += len(changes)
            last_pk = batch[-1][0]
            done += len(batch)
            yield Progress(label, done, total, rewritten)
        if total == 0:
            yield Progress(label, 0, 0, rewritten)
