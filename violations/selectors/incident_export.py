"""Incidents as table rows for the CSV and Excel exports, in constant memory and three queries per chunk.

Rows carry Python values (dates stay dates); each writer formats them. The people involved are listed by name
only: the national ID never leaves the database through an export.
"""

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from violations.models import Incident, IncidentParty, Indicator, Severity, Source, Status
from violations.models.framework import with_unverified_flag
from violations.paging import keyset_chunks

CHUNK_SIZE = 2000  # the first chunk; later ones double up to MAX_CHUNK_SIZE (violations.paging)
MAX_CHUNK_SIZE = 16000
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
    """One row per incident in the queryset's order (the list's, pk last), read by keyset a chunk at a time;
    indicators and parties fetched in bulk per chunk."""
    labels = _choice_labels()  # translated once: get_FOO_display() per row costs more than the query
    indicators = _indicator_labels()
    for chunk in keyset_chunks(qs, _FIELDS, CHUNK_SIZE, MAX_CHUNK_SIZE):
        codes, names = _indicator_codes(chunk.pks, indicators), _party_names(chunk.pks)
        for row in chunk.rows:
            yield _row(row, labels, codes.get(row[0], ()), names.get(row[0], ()))


def _choice_labels() -> dict[str, dict[str, str]]:
    return {
        name: {value: str(label) for value, label in choices.choices}
        for name, choices in (("severity", Severity), ("source", Source), ("status", Status))
    }


def _row(
    row: tuple[Any, ...], labels: dict[str, dict[str, str]], codes: Sequence[str], names: Sequence[str]
) -> list[Any]:
    # The sort keys keyset_chunks appends follow the fields.
    pk, title, unit, occurred, detected, severity, source, status, handling, limitation, *_keys = row
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


def _indicator_labels() -> dict[int, tuple[int, str, str]]:
    """Every indicator of every version (a few dozen): its place, its code, and the code as exported.

    Codes only (the texts are the framework's); a working text's code carries the flag, since the code
    stands for a wording that is not the directive's own."""
    rows = Indicator.objects.values_list("pk", "number", "code", "provenance")
    return {pk: (number, code, with_unverified_flag(code, flag)) for pk, number, code, flag in rows}


def _indicator_codes(
    incidents: QuerySet[Incident], indicators: dict[int, tuple[int, str, str]]
) -> dict[int, list[str]]:
    """Each incident's codes by number then code; the links alone are read, the labels come from memory."""
    links = list(
        IndicatorLink.objects.filter(incident_id__in=incidents).values_list("incident_id", "indicator_id")
    )
    if any(indicator_id not in indicators for _, indicator_id in links):
        indicators.update(_indicator_labels())  # a framework version loaded while the file streams
    tagged: dict[int, list[tuple[int, str, str]]] = defaultdict(list)
    for incident_id, indicator_id in links:
        tagged[incident_id].append(indicators[indicator_id])
    return {incident_id: [label for *_, label in sorted(found)] for incident_id, found in tagged.items()}


def _party_names(incidents: QuerySet[Incident]) -> dict[int, list[str]]:
    parties = IncidentParty.objects.filter(incident_id__in=incidents, official__isnull=False)
    return _group(
        parties.order_by("official__sort_key", "pk").values_list("incident_id", "official__full_name")
    )


def _group(pairs: Iterable[tuple[int, str]]) -> dict[int, list[str]]:
    grouped: dict[int, list[str]] = defaultdict(list)
    for incident_id, value in pairs:
        grouped[incident_id].append(value)
    return grouped
