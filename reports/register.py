"""The register of report numbers: per issuing body (a unit's People's Committee or Party committee) and
calendar year, numbers 1, 2, 3 … with no gap and none given twice, as an office's outgoing register.

A number is taken only inside the transaction that issues the report (reports.generation: number, render,
sign, store, status ready — all or nothing). The register row stays locked (SELECT … FOR UPDATE) until that
transaction ends, so two issues of one body take turns; when anything fails before the commit (the render,
the signature, the storage, a lost lease, a killed worker) the transaction rolls back and the number with it,
so no number is lost. Taking the number earlier, or in a transaction of its own, would leave a gap for every
build that failed afterwards. The cost: the issues of one body are serialised for the length of a render,
which the monthly run does not feel (each unit issues under its own body).
"""

from dataclasses import dataclass

from django.db import transaction

from reports.models import DocumentRegister


@dataclass(frozen=True)
class Numbered:
    issuer_kind: str
    year: int
    number: int


def number_take(*, unit_id: int, issuer_kind: str, year: int) -> Numbered:
    """The next number of the body's register for the year; the caller's transaction must record it."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("a report number is taken inside the transaction that issues the report")
    key = {"unit_id": unit_id, "issuer_kind": issuer_kind, "year": year}
    # Created when missing without a race: a concurrent creator makes this a no-op (ON CONFLICT DO NOTHING).
    DocumentRegister.objects.bulk_create([DocumentRegister(**key)], ignore_conflicts=True)
    register = DocumentRegister.objects.select_for_update().get(**key)
    register.last_number += 1
    register.save(update_fields=["last_number"])
    return Numbered(issuer_kind, year, register.last_number)
