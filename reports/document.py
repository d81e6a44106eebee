"""What makes the report PDF a document a Vietnamese unit files (Decree 30/2020/NĐ-CP for State bodies, the
Party's rules for Party bodies): its heading, số and ký hiệu, place and date, the unit's own assessment, the
"Nơi nhận" and the signer, and figures written the way such a report writes them. Everything is read from
the frozen snapshot (and the number the register gave), never from live data.
"""

import datetime as dt
from typing import Any

from reports.models import IssuerKind, document_reference
from violations import numbers

# A percentage of fewer than 5 cases says more than the cases do (1 → 2 is "+100%"): below this base the
# report gives the counts instead.
PERCENT_MIN_BASE = 5
DIRECT_ROW_LABELS = {"city": "Cấp thành phố (trực tiếp)", "district": "Cấp huyện (trực tiếp)"}
OTHER_ROW_LABEL = "Đơn vị khác (đã giải thể, sáp nhập)"
NARRATIVE_TITLES = {"assessment": "Đánh giá chung", "causes": "Nguyên nhân", "tasks": "Nhiệm vụ, giải pháp"}
NO_NARRATIVE = (
    "Báo cáo được lập từ số liệu của hệ thống theo dõi kỷ cương, kỷ luật; đơn vị chưa bổ sung phần đánh giá, "
    "nguyên nhân và nhiệm vụ, giải pháp cho kỳ này."
)
NO_SIGNER = {"authority": [], "position": "", "name": ""}


def issuer_of(snapshot: dict[str, Any]) -> dict[str, Any]:
    """The heading of the snapshot; one frozen before headings were the unit's own (schema < 3) carried the
    City Party Office's heading, from settings, and is drawn as it was."""
    issuer = snapshot.get("issuer", {})
    if "kind" in issuer:
        return issuer
    party = issuer.get("motto", "") == "ĐẢNG CỘNG SẢN VIỆT NAM"
    return {
        "kind": IssuerKind.PARTY if party else IssuerKind.STATE,
        "superior": issuer.get("parent", ""),
        "name": issuer.get("name", ""),
        "abbreviation": "KC",
        "place": issuer.get("place", ""),
        "signer": NO_SIGNER,
    }


def dated_line(place: str, day: dt.date) -> str:
    return f"{place}, ngày {day:%d} tháng {day:%m} năm {day.year}"


def change_text(now: int, before: int, change_pct: float | None) -> str:
    """'+12,5%' over a base of 5 or more; under it the difference in cases ('tăng 1 vụ việc')."""
    if before >= PERCENT_MIN_BASE:
        return numbers.signed_percent(change_pct)
    difference = now - before
    if difference == 0:
        return "không đổi"
    return f"{'tăng' if difference > 0 else 'giảm'} {numbers.count(abs(difference))} vụ việc"


def shown_if_base(value: float | None, base: int) -> float | None:
    """A share or rate, or None (not printed) when its base is under PERCENT_MIN_BASE."""
    return value if base >= PERCENT_MIN_BASE else None


def _summary(summary: dict[str, Any]) -> dict[str, Any]:
    concluded = summary["substantiated"] + summary["unsubstantiated"]
    return {
        "previous_change": change_text(
            summary["total"], summary["previous"]["total"], summary["previous"]["change_pct"]
        ),
        "year_ago_change": change_text(
            summary["total"], summary["year_ago"]["total"], summary["year_ago"]["change_pct"]
        ),
        "share_substantiated_pct": shown_if_base(summary["share_substantiated_pct"], concluded),
        "rate_per_100": shown_if_base(summary["rate_per_100"], summary["headcount"]),
    }


def _row(name: str, counts: dict[str, int], staff: int | None, head: str = "", kind: str = "") -> dict:
    rate = round(100 * counts["total"] / staff, 2) if staff else None
    return {
        "name": name,
        "total": counts["total"],
        "substantiated": counts["substantiated"],
        "staff": staff,
        "rate_per_100": shown_if_base(rate, staff or 0),
        "head": head,
        "kind": kind,
    }


def sub_units_table(snapshot: dict[str, Any]) -> dict[str, Any] | None:
    """The sub-units' rows, the row of incidents filed on the unit itself, a row for units of the scope that
    are neither (dissolved or merged ones, only when it is not empty), and a total row equal to the unit's
    total: the rows add up to it by construction, and each says what it counts."""
    rows = snapshot["sub_units"]
    if not rows:
        return None
    summary = snapshot["summary"]
    table = [_row(r["name"], r, r["staff"], r["head"]) for r in rows]
    direct = snapshot.get("sub_units_direct") or {"total": 0, "substantiated": 0}
    listed = {key: sum(r[key] for r in rows) + direct[key] for key in ("total", "substantiated")}
    staff_below = sum(r["staff"] for r in rows)
    level = snapshot["unit"].get("level", "")
    label = DIRECT_ROW_LABELS.get(level, f"{snapshot['unit']['name']} (trực tiếp)")
    # The staff in post on the unit itself: its headcount less its sub-units' (dissolved units have none).
    extra = [_row(label, direct, max(summary["headcount"] - staff_below, 0), kind="direct")]
    other = {key: summary[key] - listed[key] for key in ("total", "substantiated")}
    if any(other.values()):
        extra.append(_row(OTHER_ROW_LABEL, other, None, kind="other"))
    total = _row("Tổng cộng", summary, summary["headcount"], kind="total")
    return {"rows": table, "extra": extra, "total": total}


def _paragraphs(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def narrative_of(snapshot: dict[str, Any]) -> list[dict[str, Any]]:
    """The unit's own sections, each as paragraphs; [] when it wrote none (the PDF then says so)."""
    narrative = snapshot.get("narrative") or {}
    return [
        {"title": title, "paragraphs": _paragraphs(narrative.get(key, ""))}
        for key, title in NARRATIVE_TITLES.items()
        if narrative.get(key, "").strip()
    ]


def document_context(snapshot: dict[str, Any], number: int | None) -> dict[str, Any]:
    issuer = issuer_of(snapshot)
    generated = dt.date.fromisoformat(snapshot["generated_on"])
    return {
        "issuer": issuer,
        "is_party": issuer["kind"] == IssuerKind.PARTY,
        "reference": document_reference(issuer["kind"], issuer["abbreviation"], number),
        "dated_line": dated_line(issuer["place"], generated),
        "signer": issuer.get("signer") or NO_SIGNER,
        "recipients": snapshot.get("recipients", []),
        "narrative": narrative_of(snapshot),
        "no_narrative": NO_NARRATIVE,
        "m_text": _summary(snapshot["summary"]),
        "sub_table": sub_units_table(snapshot),
        "no_incidents": snapshot["summary"]["total"] == 0,
    }
