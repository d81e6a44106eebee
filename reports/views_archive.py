"""The report archive at /reports/: leaders list and download their units' reports; administrators generate,
resend and regenerate. Every lookup goes through violations.access; a report outside the user's scope does
not exist for them (404)."""

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from reports.forms import ArchiveFilterForm, GenerateForm, NarrativeForm, RegenerateForm
from reports.generation import report_regenerate, report_request
from reports.models import Report, ReportStatus
from reports.narratives import narrative_for, narrative_save
from reports.outbox import report_resend
from reports.queueing import enqueue_on_commit
from reports.tasks import build_report
from reports.workbook import XLSX_TYPE, report_workbook
from units.text import search_words
from violations.access import Action, User, get_unit_or_404, may_manage_reports, root_units, unit_filter

PAGE_SIZE = 50


def _reports(user: User, action: Action = Action.VIEW_REPORTS) -> QuerySet[Report]:
    return Report.objects.filter(unit_filter(user, action, field="unit")).select_related("unit")


def _get_report_or_404(user: User, pk: int, action: Action = Action.VIEW_REPORTS) -> Report:
    report = _reports(user, action).filter(pk=pk).first()
    if report is None:
        raise Http404
    return report


def _current_only(qs: QuerySet[Report]) -> QuerySet[Report]:
    newer = Report.objects.filter(
        unit=OuterRef("unit"),
        period_kind=OuterRef("period_kind"),
        period_start=OuterRef("period_start"),
        revision__gt=OuterRef("revision"),
    )
    return qs.filter(~Exists(newer))


def _filtered(qs: QuerySet[Report], form: ArchiveFilterForm) -> QuerySet[Report]:
    if not form.is_valid():
        return qs
    data = form.cleaned_data
    for word in search_words(data["q"] or ""):
        qs = qs.filter(unit__name_folded__contains=word)
    if data["kind"]:
        qs = qs.filter(period_kind=data["kind"])
    if data["year"]:
        qs = qs.filter(period_start__year=data["year"])
    return qs


def _is_current(report: Report) -> bool:
    return not Report.objects.filter(
        unit_id=report.unit_id,
        period_kind=report.period_kind,
        period_start=report.period_start,
        revision__gt=report.revision,
    ).exists()


@login_required
def report_list(request: HttpRequest) -> HttpResponse:
    if not root_units(request.user, Action.VIEW_REPORTS):
        raise Http404
    form = ArchiveFilterForm(request.GET)
    reports = _filtered(_current_only(_reports(request.user)), form).order_by(
        "-period_start", "period_kind", "unit__sort_key"
    )
    page = Paginator(reports, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"form": form, "page": page, "query": request.GET.copy()}
    if may_manage_reports(request.user):
        context["generate_form"] = GenerateForm(user=request.user)
    return render(request, "reports/archive_list.html", context)


def _detail_context(request: HttpRequest, report: Report, **forms) -> dict:
    revisions = _reports(request.user).filter(
        unit=report.unit, period_kind=report.period_kind, period_start=report.period_start
    )
    can_manage = may_manage_reports(request.user, report.unit)
    return {
        "report": report,
        "revisions": revisions.order_by("-revision"),
        "is_current": _is_current(report),
        "can_manage": can_manage,
        "messages_out": report.messages.all() if can_manage else [],
        "regenerate_form": forms.get("regenerate_form") or RegenerateForm(),
        "narrative_form": (forms.get("narrative_form") or _narrative_form(report)) if can_manage else None,
    }


@login_required
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = _get_report_or_404(request.user, pk)
    return render(request, "reports/archive_detail.html", _detail_context(request, report))


@login_required
def report_pdf(request: HttpRequest, pk: int) -> FileResponse:
    report = _get_report_or_404(request.user, pk)
    if not report.is_ready:
        raise Http404
    return FileResponse(
        report.pdf.open("rb"),
        as_attachment=True,
        filename=report.pdf_filename(),
        content_type="application/pdf",
    )


@login_required
def report_xlsx(request: HttpRequest, pk: int) -> FileResponse:
    """The figures of the same revision as the PDF, as a workbook, built from its frozen snapshot (so both
    files show the same numbers); the same access check as the PDF."""
    report = _get_report_or_404(request.user, pk)
    if not report.is_ready:
        raise Http404
    return FileResponse(
        io.BytesIO(report_workbook(report)),
        as_attachment=True,
        filename=report.xlsx_filename(),
        content_type=XLSX_TYPE,
    )


def _queue_build(report: Report) -> None:
    enqueue_on_commit(build_report, [(report.pk,)])


@login_required
@require_POST
def report_generate(request: HttpRequest) -> HttpResponse:
    if not may_manage_reports(request.user):
        raise Http404
    form = GenerateForm(request.POST, user=request.user)
    if not form.is_valid():
        messages.error(request, _("Chưa lập được báo cáo: hãy xem các lỗi bên dưới."))
        context: dict = {"form": ArchiveFilterForm(), "page": None, "generate_form": form, "query": {}}
        return render(request, "reports/archive_list.html", context, status=400)
    unit = get_unit_or_404(request.user, form.cleaned_data["unit"].pk, Action.MANAGE_REPORTS)
    report = report_request(unit=unit, period=form.cleaned_data["period"])
    if report.status == ReportStatus.READY:
        messages.info(request, _("Báo cáo của kỳ này đã có. Dùng “Lập lại” nếu cần một bản mới."))
    else:
        _queue_build(report)
        messages.success(request, _("Đã đưa báo cáo vào hàng đợi lập."))
    return redirect("report_detail", pk=report.pk)


@login_required
@require_POST
def report_resend_view(request: HttpRequest, pk: int) -> HttpResponse:
    report = _get_report_or_404(request.user, pk, Action.MANAGE_REPORTS)
    if not report.is_ready:
        messages.error(request, _("Báo cáo chưa lập xong, chưa thể gửi."))
    elif not _is_current(report):
        messages.error(request, _("Bản này đã được thay thế; chỉ gửi lại bản hiện hành."))
    else:
        count = len(report_resend(report))
        messages.success(request, _("Đã đưa %(n)d thư vào hàng đợi gửi lại.") % {"n": count})
    return redirect("report_detail", pk=report.pk)


@login_required
@require_POST
def report_regenerate_view(request: HttpRequest, pk: int) -> HttpResponse:
    report = _get_report_or_404(request.user, pk, Action.MANAGE_REPORTS)
    form = RegenerateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Chưa lập lại được: hãy xem các lỗi bên dưới."))
        context = _detail_context(request, report, regenerate_form=form)
        return render(request, "reports/archive_detail.html", context, status=400)
    revision = report_regenerate(report=report, reason=form.cleaned_data["reason"])
    _queue_build(revision)
    messages.success(request, _("Đã đưa bản lập lại lần %(n)d vào hàng đợi.") % {"n": revision.revision})
    return redirect("report_detail", pk=revision.pk)


def _narrative_form(report: Report) -> NarrativeForm:
    """The unit's draft for the period, or else the text this revision was issued with, to edit."""
    draft = narrative_for(report.unit, report.period)
    if draft is not None:
        return NarrativeForm(instance=draft)
    return NarrativeForm(initial=(report.snapshot or {}).get("narrative") or {})


@login_required
@require_POST
def report_narrative_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Save the unit's assessment for the report's period. A revision already built keeps the text it was
    built with (its snapshot is frozen); the saved text goes into the next revision."""
    report = _get_report_or_404(request.user, pk, Action.MANAGE_REPORTS)
    form = NarrativeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Chưa lưu được phần đánh giá: hãy xem các lỗi bên dưới."))
        context = _detail_context(request, report, narrative_form=form)
        return render(request, "reports/archive_detail.html", context, status=400)
    narrative_save(unit=report.unit, period=report.period, texts=form.cleaned_data, user=request.user)
    if report.snapshot:
        messages.success(
            request,
            _(
                "Đã lưu phần đánh giá. Bản này đã chốt nội dung; phần đánh giá được đưa vào lần lập lại "
                "tiếp theo."
            ),
        )
    else:
        messages.success(request, _("Đã lưu phần đánh giá; phần này được đưa vào báo cáo khi lập."))
    return redirect("report_detail", pk=report.pk)
