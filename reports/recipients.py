"""Who receives a unit's periodic report: its current leaders and the people subscribed to it. The report's
"Nơi nhận" names the same people by their posts (recipient_lines)."""

import datetime as dt

from django.contrib.auth import get_user_model
from django.db.models import Q

from officials.selectors import assignments_on
from reports.issuers import KIND_WORDS, in_text
from reports.models import Subscription
from units.models import Role, Unit
from units.text import fold
from violations.access import users_granted_on


def _leaders_by_post(unit: Unit, day: dt.date) -> set[str]:
    """Heads and deputies holding a post in the unit on the day, through their user accounts."""
    posts = assignments_on(day).filter(Q(is_head=True) | Q(is_deputy=True), unit=unit)
    users = (
        get_user_model()
        .objects.filter(is_active=True, official__assignments__in=posts.values("pk"))
        .exclude(email="")
    )
    return set(users.values_list("email", flat=True))


def _leaders_by_role(unit: Unit) -> set[str]:
    # Only grants on the unit itself: a city leader's grant covers every commune, but the city's own report is
    # the one meant for them, not 126 commune reports a month.
    users = users_granted_on(unit, Role.LEADER).exclude(email="")
    return set(users.values_list("email", flat=True))


def _subscribers(unit: Unit) -> set[str]:
    return set(Subscription.objects.filter(unit=unit, active=True).values_list("email", flat=True))


def recipients_for(unit: Unit, day: dt.date) -> list[str]:
    """Distinct addresses, lower-cased (one person with two roles gets one email), in a stable order."""
    emails = _leaders_by_post(unit, day) | _leaders_by_role(unit) | _subscribers(unit)
    return sorted({e.strip().lower() for e in emails if e.strip()})


def _post_phrase(title: str, unit: Unit) -> str:
    """'Chủ tịch UBND' of Xã Phúc Thịnh → 'Chủ tịch UBND xã Phúc Thịnh'; a title that already ends with the
    unit's kind word ('Chủ tịch UBND Thành phố') loses it first, one naming the unit is kept as it is."""
    if fold(unit.name) in fold(title):
        return title
    for word in KIND_WORDS.values():
        if fold(title).endswith(" " + fold(word)):
            title = title[: -len(word) - 1]
            break
    return f"{title} {in_text(unit)}"


def _described_by_post(unit: Unit, day: dt.date) -> list[tuple[str, str]]:
    posts = (
        assignments_on(day)
        .filter(Q(is_head=True) | Q(is_deputy=True), unit=unit)
        .select_related("official__user")
        .order_by("-is_head", "post_title", "pk")
    )
    return [
        (user.email, _post_phrase(post.post_title, unit))
        for post in posts
        if (user := post.official.user) is not None and user.is_active and user.email
    ]


def recipient_lines(unit: Unit, day: dt.date) -> list[str]:
    """The "Nơi nhận" of the unit's report: each recipient of recipients_for once, by post (heads, then
    deputies; several holders of one title on one line), then leaders by role, then subscribers by their
    note (else their address)."""
    described: dict[str, str] = {}
    for email, phrase in _described_by_post(unit, day):
        described.setdefault(email.strip().lower(), phrase)
    for email in sorted(_leaders_by_role(unit)):
        described.setdefault(email.strip().lower(), f"Lãnh đạo {in_text(unit)}")
    for email, note in Subscription.objects.filter(unit=unit, active=True).values_list("email", "note"):
        described.setdefault(email.strip().lower(), note.strip() or email)
    counts: dict[str, int] = {}
    for phrase in described.values():  # insertion order: posts, roles, subscribers
        counts[phrase] = counts.get(phrase, 0) + 1
    return [f"Các {phrase}" if n > 1 else phrase for phrase, n in counts.items()]
