"""Incidents as table rows for the CSV and Excel exports, in constant memory and a few queries per chunk.

Rows carry Python values (dates stay dates); each writer formats them. The people involved are listed by name
only: the national ID never leaves the database through an export.
"""

from collections import defaultdict
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from violations.models import Incident, IncidentParty, Severity, Source, Status
from violations.models.framework import with_unverified_flag

CHUNK_SIZE = 2000
HEADERS = [
    _("Mã"),
    _("Tóm tắt"),
    _("Đơn vị"),
    _("Ngày xảy ra"),
    _("Ngày phát hiện"),
    _("Mức độ"),
    _("Nguồn"),
    _("Trạng thái"),
    _("Biểu hiện"),
    _("Cán bộ liên quan"),
    _("Hạn xử lý"),
    _("Hết thời hiệu"),
]

_FIELDS = (  # the order _row() unpacks
    "id",
    "title",
    "unit__name",
    "occurred_on",
    "detected_on",
    "severity",
    "source",
    "status",
    "handling_deadline",
    "limitation_deadline",
)
IndicatorLink = Incident.indicators.through


def export_rows(qs: QuerySet[Incident]) -> Iterator[list[Any]]:
    """One row per incident in the queryset's order; indicators and parties fetched in bulk per chunk."""
    labels = _choice_labels()  # translated once: get_FOO_display() per row costs more than the query
    rows = qs.values_list(*_FIELDS).iterator(chunk_size=CHUNK_SIZE)
    for chunk in _chunks(rows, CHUNK_SIZE):
        ids = [row[0] for row in chunk]
        codes, names = _indicator_codes(ids), _party_names(ids)
        for row in chunk:
            yield _row(row, labels, codes.get(row[0], []), names.get(row[0], []))


def _choice_labels() -> dict[str, dict[str, str]]:
    return {
        name: {value: str(label) for value, label in choices.choices}
        for name, choices in (("severity", Severity), ("source", Source), ("status", Status))
    }


def _row(
    row: tuple[Any, ...], labels: dict[str, dict[str, str]], codes: list[str], names: list[str]
) -> list[Any]:
    pk, title, unit, occurred, detected, severity, source, status, handling, limitation = row
    return [
        pk,
        title,
        unit,
        occurred,
        detected,
        labels["severity"].get(severity, severity),
        labels["source"].get(source, source),
        labels["status"].get(status, status),
        ", ".join(codes),
        ", ".join(names),
        handling,
        limitation,
    ]


def _chunks(items: Iterable[tuple[Any, ...]], size: int) -> Iterator[list[tuple[Any, ...]]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _indicator_codes(ids: list[int]) -> dict[int, list[str]]:
    """Codes only (the texts are the framework's); a working text's code carries the flag, since the code
    stands for a wording that is not the directive's own."""
    links = IndicatorLink.objects.filter(incident_id__in=ids).order_by("indicator__number", "indicator__code")
    rows = links.values_list("incident_id", "indicator__code", "indicator__provenance")
    return _group(
        (incident_id, with_unverified_flag(code, provenance)) for incident_id, code, provenance in rows
    )


def _party_names(ids: list[int]) -> dict[int, list[str]]:
    parties = IncidentParty.objects.filter(incident_id__in=ids, official__isnull=False)
    return _group(
        parties.order_by("official__sort_key", "pk").values_list("incident_id", "official__full_name")
    )


def _group(pairs: Iterable[tuple[int, str]]) -> dict[int, list[str]]:
    grouped: dict[int, list[str]] = defaultdict(list)
    for incident_id, value in pairs:
        grouped[incident_id].append(value)
    return grouped
