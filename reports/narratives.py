"""The part of a report the unit writes itself: assessment, causes, tasks and solutions (the closing section
of a Vietnamese periodic report). It is a draft per unit and period until a revision is built; the build
copies it into the frozen snapshot, so an issued report keeps the text it was issued with and a later edit
goes into the next revision only. The monthly run builds without waiting for it: a report without one says
so in a neutral sentence."""

from typing import Any

from reports.models import ReportNarrative
from reports.periods import Period
from units.models import Unit

FIELDS = ("assessment", "causes", "tasks")


def narrative_for(unit: Unit, period: Period) -> ReportNarrative | None:
    return ReportNarrative.objects.filter(
        unit=unit, period_kind=period.kind, period_start=period.start
    ).first()


def narrative_text(unit: Unit, period: Period) -> dict[str, str]:
    """The texts frozen into a snapshot ('' where nothing was written)."""
    draft = narrative_for(unit, period)
    return {field: (getattr(draft, field).strip() if draft else "") for field in FIELDS}


def narrative_save(*, unit: Unit, period: Period, texts: dict[str, Any], user: Any) -> ReportNarrative:
    narrative, _created = ReportNarrative.objects.update_or_create(
        unit=unit,
        period_kind=period.kind,
        period_start=period.start,
        defaults={**{field: str(texts.get(field) or "").strip() for field in FIELDS}, "updated_by": user},
    )
    return narrative
