"""Who issues a unit's report and who signs it, as the document's heading prints them.

Decree 30/2020/NĐ-CP (State bodies) and the Party's format rules put the issuing body top left (its superior
above it), the national or Party heading top right, the place before the date, and the signer's authority,
position and name at the end. A unit's reports are issued by its own People's Committee by default (a unit
has no configuration to need one); reports.models.IssuingBody switches a unit to its Party committee or
overrides any line. What is derived here is frozen into the snapshot, so a revision keeps its heading.
"""

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from officials.models import Official
from officials.selectors import assignments_on, unit_head_on
from reports.models import IssuerKind, IssuingBody
from units.models import Unit, UnitKind, UnitLevel
from units.text import fold

# The word a unit's name starts with, dropped for the place name ("Xã Phúc Thịnh" → "Phúc Thịnh").
KIND_WORDS = {
    UnitKind.CITY: "Thành phố",
    UnitKind.URBAN_DISTRICT: "Quận",
    UnitKind.RURAL_DISTRICT: "Huyện",
    UnitKind.TOWN: "Thị xã",
    UnitKind.WARD: "Phường",
    UnitKind.COMMUNE: "Xã",
    UnitKind.TOWNSHIP: "Thị trấn",
}
PEOPLES_COMMITTEE = "ỦY BAN NHÂN DÂN"
# A district's Party committee is named after the district's kind.
DISTRICT_PARTY_COMMITTEE = {
    UnitKind.URBAN_DISTRICT: ("QUẬN ỦY", "QU"),
    UnitKind.RURAL_DISTRICT: ("HUYỆN ỦY", "HU"),
    UnitKind.TOWN: ("THỊ ỦY", "TU"),
}
# A Party body's report is signed by its secretary: the post whose title says so ("Bí thư Đảng ủy", "Bí thư
# Thành ủy"), not the youth union's ("Bí thư Đoàn Thanh niên").
PARTY_SECRETARY_TITLE = re.compile(r"^bi thu (dang uy|thanh uy|quan uy|huyen uy|thi uy)\b")


@dataclass(frozen=True)
class Heading:
    kind: str
    superior: str
    name: str
    abbreviation: str
    place: str


def place_name(unit: Unit) -> str:
    """The place before the date: a territorial unit's own name without its kind word; an agency's is the
    place of the territorial unit above it."""
    word = KIND_WORDS.get(UnitKind(unit.kind))
    if word is None:
        parent = unit.parent
        return place_name(parent) if parent is not None else unit.name
    if fold(unit.name).startswith(fold(word) + " "):
        return unit.name[len(word) + 1 :]
    return unit.name


def in_text(unit: Unit) -> str:
    """The unit's name inside a sentence: its kind word in lower case ("Xã Phúc Thịnh" → "xã Phúc Thịnh")."""
    word = KIND_WORDS.get(UnitKind(unit.kind))
    if word is not None and fold(unit.name).startswith(fold(word) + " "):
        return word.lower() + unit.name[len(word) :]
    return unit.name


def _initials(name: str) -> str:
    return "".join(word[0] for word in name.split() if word[0].isalpha()).upper()


def _state_name(unit: Unit) -> str:
    if unit.level == UnitLevel.AGENCY:
        return unit.name.upper()
    return f"{PEOPLES_COMMITTEE}\n{unit.name.upper()}"


def _party_name(unit: Unit) -> tuple[str, str]:
    """The Party committee's name (two printed lines where the name is long) and its abbreviation."""
    if unit.kind == UnitKind.CITY:
        return f"THÀNH ỦY {place_name(unit).upper()}", "TU"
    if unit.kind in DISTRICT_PARTY_COMMITTEE:
        committee, abbreviation = DISTRICT_PARTY_COMMITTEE[UnitKind(unit.kind)]
        return f"{committee} {place_name(unit).upper()}", abbreviation
    return f"ĐẢNG ỦY\n{unit.name.upper()}", "ĐU"


def _filing(unit: Unit, kind: str) -> str:
    """The last line of "Nơi nhận": the issuing office's own copy."""
    if kind != IssuerKind.PARTY:
        return "Lưu: VT"
    if unit.kind == UnitKind.CITY:
        return "Lưu Văn phòng Thành ủy"
    if unit.kind in DISTRICT_PARTY_COMMITTEE:
        return f"Lưu Văn phòng {DISTRICT_PARTY_COMMITTEE[UnitKind(unit.kind)][0].capitalize()}"
    return "Lưu Văn phòng Đảng ủy"


def _configured(unit: Unit | None) -> IssuingBody | None:
    if unit is None:
        return None
    return IssuingBody.objects.filter(unit=unit).first()


def _default_name(unit: Unit, kind: str) -> str:
    return _party_name(unit)[0] if kind == IssuerKind.PARTY else _state_name(unit)


def _superior(unit: Unit, kind: str) -> str:
    """The parent's body of the same kind (its configured name when it has one); none for the city."""
    parent = unit.parent
    if parent is None:
        return ""
    configured = _configured(parent)
    if configured is not None and configured.kind == kind and configured.name.strip():
        return configured.name.strip()
    if kind == IssuerKind.PARTY:
        return f"ĐẢNG BỘ {parent.name.upper()}"
    if parent.level == UnitLevel.AGENCY:
        return parent.name.upper()
    # Decree 30/2020/NĐ-CP (Appendix I) lets the superior body's name abbreviate "Ủy ban nhân dân": it then
    # fits on the one line above the issuing body's own name.
    return f"UBND {parent.name.upper()}"


def _abbreviation(unit: Unit, kind: str) -> str:
    if kind == IssuerKind.PARTY:
        return _party_name(unit)[1]
    return _initials(unit.name) if unit.level == UnitLevel.AGENCY else "UBND"


def heading_of(unit: Unit, body: IssuingBody | None) -> Heading:
    kind = body.kind if body else IssuerKind.STATE
    superior = body.superior.strip() if body and body.superior.strip() else _superior(unit, kind)
    return Heading(
        kind=kind,
        superior=superior if (body is None or body.show_superior) else "",
        name=(body.name.strip() if body and body.name.strip() else _default_name(unit, kind)),
        abbreviation=(
            body.abbreviation.strip() if body and body.abbreviation.strip() else _abbreviation(unit, kind)
        ),
        place=(body.place.strip() if body and body.place.strip() else place_name(unit)),
    )


def _authority(unit: Unit, kind: str) -> list[str]:
    """A collegial body signs on behalf of the collective (TM., T/M); an agency's head signs as such."""
    if kind == IssuerKind.PARTY:
        committee = unit.level == UnitLevel.COMMUNE or unit.level == UnitLevel.AGENCY
        return ["T/M ĐẢNG ỦY" if committee else "T/M BAN THƯỜNG VỤ"]
    return [] if unit.level == UnitLevel.AGENCY else [f"TM. {PEOPLES_COMMITTEE}"]


def _party_secretary_on(unit: Unit, day: dt.date) -> Official | None:
    posts = assignments_on(day).filter(unit=unit).select_related("official").order_by("-start_date", "-pk")
    for post in posts:
        if PARTY_SECRETARY_TITLE.match(fold(post.post_title)):
            return post.official
    return None


def _head_post_title(unit: Unit, day: dt.date) -> str:
    post = assignments_on(day).filter(unit=unit, is_head=True).order_by("-start_date").first()
    return post.post_title if post else ""


def _default_position(unit: Unit, kind: str, day: dt.date) -> str:
    if kind == IssuerKind.PARTY:
        return "BÍ THƯ"
    if unit.level == UnitLevel.AGENCY:
        return _head_post_title(unit, day).upper()
    return "CHỦ TỊCH"


def _default_signer_name(unit: Unit, kind: str, day: dt.date) -> str:
    official = _party_secretary_on(unit, day) if kind == IssuerKind.PARTY else unit_head_on(unit, day)
    return official.full_name if official else ""


def signer_of(unit: Unit, day: dt.date, body: IssuingBody | None) -> dict[str, Any]:
    """Authority lines, position and name of who signs the unit's report dated `day`: the configured signer,
    or else the unit's head on that day (its Party secretary for a Party body)."""
    kind = body.kind if body else IssuerKind.STATE
    lines = (body.signer_authority if body else "").splitlines()
    authority = [line.strip() for line in lines if line.strip()]
    position = body.signer_position.strip() if body else ""
    name = body.signer_name.strip() if body else ""
    return {
        "authority": authority or _authority(unit, kind),
        "position": position or _default_position(unit, kind, day),
        "name": name or _default_signer_name(unit, kind, day),
    }


def issuer_snapshot(unit: Unit, day: dt.date) -> dict[str, Any]:
    """The heading and signer frozen into a report's snapshot."""
    body = _configured(unit)
    heading = heading_of(unit, body)
    return {
        "kind": heading.kind,
        "superior": heading.superior,
        "name": heading.name,
        "abbreviation": heading.abbreviation,
        "place": heading.place,
        "filing": _filing(unit, heading.kind),
        "signer": signer_of(unit, day, body),
    }
