"""The filters of the incident list, shared by its CSV and Excel exports so both show exactly the same rows.

The FilterSet only narrows a queryset it is given; scope comes from violations.access, never from here.
"""

from typing import Any

import django_filters as filters
from django import forms
from django.db.models import Exists, OuterRef, QuerySet, TextChoices
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from officials.models import Official
from units.models import Unit, UnitQuerySet
from units.selectors import primary_predecessors
from violations.access import (
    Action,
    covers_whole_city,
    root_units,
    scoped_incidents,
    scoped_officials,
    scoped_units,
    subtrees_q,
)
from violations.forms import UnitChoiceField, VietnameseDateField
from violations.ids import parse_id
from violations.models import Incident, IncidentParty, Indicator, Sanction, Severity, Source, Status
from violations.models.framework import in_active_language, with_unverified_flag
from violations.models.incident import choice_rank
from violations.rules import sanction_form_choices
from violations.selectors.framework import counted_under, counting_framework, counting_groups
from violations.selectors.incidents import DUE_SOON_DAYS, DeadlineState, due_within, overdue, search_incidents

DEFAULT_ORDERING = "-occurred_on"
IndicatorLink = Incident.indicators.through


class _DayFilter(filters.DateFilter):
    """dd/mm/yyyy within the accepted calendar (violations.dates), like every date form field."""

    field_class = VietnameseDateField


def _date_filter(
    field_name: str, lookup_expr: str, label: str | Promise, method: str | None = None
) -> filters.DateFilter:
    return _DayFilter(field_name=field_name, lookup_expr=lookup_expr, label=label, method=method)


def _units_in_scope(request: HttpRequest | None) -> UnitQuerySet:
    if request is None:
        return Unit.objects.none()
    return scoped_units(request.user, Action.VIEW_INCIDENTS).vietnamese_order()


class UnitSubtreeFilter(filters.ModelChoiceFilter):
    """A unit and everything under it, by materialised path."""

    field_class = UnitChoiceField

    def filter(self, qs: QuerySet[Incident], value: Unit | None) -> QuerySet[Incident]:
        if not value:
            return qs
        units = [value]
        if self.parent.data.get("with_predecessors") == "1":
            units += list(primary_predecessors(value))
        return qs.filter(unit__in=Unit.objects.filter(subtrees_q(units)).values("pk"))


class IncidentOrdering(filters.OrderingFilter):
    """Whitelisted columns; severity and status in their natural order; a stable tie-break for paging.

    The tie-break (pk) runs in the direction of the first column, so that the whole key compares as one row
    and keyset paging (violations.paging) reads it from the column's index in one direction.
    """

    RANKED: dict[str, type[TextChoices]] = {"severity": Severity, "status": Status}

    def get_ordering_value(self, param: str) -> Any:
        value = super().get_ordering_value(param)
        field = value.lstrip("-")
        if field not in self.RANKED:
            return value
        rank = choice_rank(field, self.RANKED[field])
        return rank.desc() if value.startswith("-") else rank.asc()

    def filter(self, qs: QuerySet[Incident], value: list[str] | None) -> QuerySet[Incident]:
        params = [param for param in value or [] if param] or [DEFAULT_ORDERING]
        tie_break = "-pk" if params[0].startswith("-") else "pk"
        return qs.order_by(*[self.get_ordering_value(param) for param in params], tie_break)


class IncidentFilter(filters.FilterSet):
    q = filters.CharFilter(
        label=_("Tìm kiếm"),
        method="filter_text",
        widget=forms.TextInput(attrs={"placeholder": _("tên đơn vị, cán bộ, nội dung…")}),
    )
    unit = UnitSubtreeFilter(
        label=_("Đơn vị (gồm cấp dưới)"), queryset=_units_in_scope, empty_label=_("Tất cả")
    )
    indicator = filters.CharFilter(label=_("Biểu hiện vi phạm"), method="filter_indicator")
    group = filters.ChoiceFilter(
        label=_("Nhóm biểu hiện"),
        method="filter_group",
        empty_label=_("Tất cả"),
        choices=[("1", _("Nhóm I")), ("2", _("Nhóm II")), ("3", _("Nhóm III"))],
    )
    # No join behind it, so no DISTINCT (django-filter's default would add one to every list query).
    status = filters.MultipleChoiceFilter(
        label=_("Trạng thái"), choices=Status.choices, widget=forms.CheckboxSelectMultiple, distinct=False
    )
    severity = filters.ChoiceFilter(label=_("Mức độ"), choices=Severity.choices, empty_label=_("Tất cả"))
    source = filters.ChoiceFilter(label=_("Nguồn phát hiện"), choices=Source.choices, empty_label=_("Tất cả"))
    deadline = filters.ChoiceFilter(
        label=_("Thời hạn"),
        method="filter_deadline",
        empty_label=_("Tất cả"),
        choices=[(DeadlineState.DUE_SOON, _("Sắp đến hạn (30 ngày)")), (DeadlineState.OVERDUE, _("Quá hạn"))],
    )
    occurred_from = _date_filter("occurred_on", "gte", _("Xảy ra từ ngày"))
    occurred_to = _date_filter("occurred_on", "lte", _("Xảy ra đến ngày"))
    detected_from = _date_filter("detected_on", "gte", _("Phát hiện từ ngày"))
    detected_to = _date_filter("detected_on", "lte", _("Phát hiện đến ngày"))
    conclusion = filters.ChoiceFilter(
        label=_("Kết luận"),
        field_name="is_substantiated",
        method="filter_conclusion",
        empty_label=_("Tất cả"),
        choices=[("yes", _("Có vi phạm")), ("no", _("Không vi phạm"))],
    )
    sanction_form = filters.ChoiceFilter(
        label=_("Hình thức kỷ luật"),
        method="filter_sanction",
        empty_label=_("Tất cả"),
        choices=sanction_form_choices,
    )
    # Read by filter_sanction: the window applies to the decision, not to the incident.
    sanctioned_from = _date_filter(
        "decided_on", "gte", _("Quyết định kỷ luật từ ngày"), method="filter_nothing"
    )
    sanctioned_to = _date_filter(
        "decided_on", "lte", _("Quyết định kỷ luật đến ngày"), method="filter_nothing"
    )
    with_predecessors = filters.BooleanFilter(
        method="filter_nothing", widget=forms.HiddenInput, label=_("Gồm đơn vị tiền nhiệm")
    )
    official = filters.NumberFilter(
        label=_("Cán bộ liên quan"),
        method="filter_official",
        widget=forms.HiddenInput,
        error_messages={"invalid": _("Mã cán bộ không hợp lệ.")},
    )
    sort = IncidentOrdering(
        label=_("Sắp xếp"),
        fields=[
            ("occurred_on", "occurred_on"),
            ("detected_on", "detected_on"),
            ("severity", "severity"),
            ("status", "status"),
            ("unit__sort_key", "unit"),
            ("id", "id"),
        ],
    )

    class Meta:
        model = Incident
        fields: list[str] = []

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", _("Tất cả")), *indicator_choices()]
        self.filters["indicator"].extra["widget"] = forms.Select(choices=choices)

    def filter_text(self, qs: QuerySet[Incident], name: str, value: str) -> QuerySet[Incident]:
        return search_incidents(qs, value, use_index=not self._narrow_scope())

    def _narrow_scope(self) -> bool:
        """A district, a commune or a chosen unit: tens of thousands of rows at most, which checking one by
        one costs less than the trigram index's city-wide candidate lists (violations.selectors.incidents)."""
        user = getattr(self.request, "user", None)
        return bool(self.form.cleaned_data.get("unit")) or (
            user is not None and not covers_whole_city(user, Action.VIEW_INCIDENTS)
        )

    def filter_indicator(self, qs: QuerySet[Incident], name: str, value: str) -> QuerySet[Incident]:
        """By id, or by code in any version plus the older indicators mapped to the counting framework's
        indicator with that code: the incidents a dashboard's figure for that code counts."""
        value = value.strip()
        pk = parse_id(value)
        if pk is not None:
            return qs.filter(
                Exists(IndicatorLink.objects.filter(incident_id=OuterRef("pk"), indicator_id=pk))
            )
        same_code = list(Indicator.objects.filter(code__iexact=value).values_list("pk", "code"))
        ids = {pk for pk, _ in same_code}
        framework = counting_framework()
        if framework is not None:
            ids |= set(counted_under(framework, {code for _, code in same_code}))
        links = IndicatorLink.objects.filter(incident_id=OuterRef("pk"), indicator_id__in=sorted(ids))
        return qs.filter(Exists(links))

    def filter_group(self, qs: QuerySet[Incident], name: str, value: str) -> QuerySet[Incident]:
        """In the counting framework's group, following mappings, as the roll-ups' group columns count."""
        members = counting_groups().get(int(value), frozenset())
        links = IndicatorLink.objects.filter(incident_id=OuterRef("pk"), indicator_id__in=sorted(members))
        return qs.filter(Exists(links))

    def filter_deadline(self, qs: QuerySet[Incident], name: str, value: str) -> QuerySet[Incident]:
        today = timezone.localdate()
        return overdue(qs, today) if value == DeadlineState.OVERDUE else due_within(qs, DUE_SOON_DAYS, today)

    def filter_conclusion(self, qs: QuerySet[Incident], name: str, value: str) -> QuerySet[Incident]:
        return qs.filter(is_substantiated=(value == "yes"))

    def filter_sanction(self, qs: QuerySet[Incident], name: str, value: str) -> QuerySet[Incident]:
        """Incidents with a sanction of this form, decided within the sanctioned_from/to window if given."""
        window = {
            f"decided_on__{lookup}": self.form.cleaned_data.get(field)
            for field, lookup in (("sanctioned_from", "gte"), ("sanctioned_to", "lte"))
        }
        sanctions = Sanction.objects.filter(
            party__incident_id=OuterRef("pk"), form=value, **{k: v for k, v in window.items() if v}
        )
        return qs.filter(Exists(sanctions))

    def filter_nothing(self, qs: QuerySet[Incident], name: str, value: Any) -> QuerySet[Incident]:
        return qs  # a modifier read by another filter (unit, sanction_form)

    def filter_official(self, qs: QuerySet[Incident], name: str, value: Any) -> QuerySet[Incident]:
        official_id = parse_id(value)
        if official_id is None:
            return qs.none()
        parties = IncidentParty.objects.filter(incident_id=OuterRef("pk"), official_id=official_id)
        return qs.filter(Exists(parties))

    def chosen_official(self) -> Official | None:
        """The official named by the `official` filter, if the user may see them (for the form's caption)."""
        self.form.is_valid()  # a bad date elsewhere must not hide the official's name
        value = self.form.cleaned_data.get("official")
        if value is None or self.request is None:
            return None
        return scoped_officials(self.request.user).filter(pk=parse_id(value) or 0).first()


def indicator_choices() -> list[tuple[str, str]]:
    """One option per code across framework versions, labelled from the newest version carrying it; a
    working text carries its flag."""
    rows = Indicator.objects.order_by(
        "number", "code", "-framework__effective_from", "-framework__version"
    ).values_list("code", "text_vi", "text_en", "provenance")
    labels: dict[str, str] = {}
    for code, text_vi, text_en, provenance in rows:
        text = in_active_language(text_vi, text_en)
        short = f"{text[:70]}{'…' if len(text) > 70 else ''}"
        labels.setdefault(code, f"{code} — {with_unverified_flag(short, provenance)}")
    return list(labels.items())


def incident_filter_for(request: HttpRequest) -> IncidentFilter:
    """The rows of the list and of its exports: the user's scope narrowed by the query string.

    A user with no scope at all gets 404, like for any object outside their scope.
    """
    if not root_units(request.user, Action.VIEW_INCIDENTS):
        raise Http404
    qs = scoped_incidents(request.user).select_related("unit")
    return IncidentFilter(request.GET, queryset=qs, request=request)
