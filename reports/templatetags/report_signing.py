"""The line of the report PDF that says whether the electronic copy is digitally signed, and where to check
it. The PDF is rendered in the same process, with the same settings, as the signing that follows it
(reports.generation), and a signing failure fails the generation: a stored PDF that says it is signed is."""

from django import template
from django.conf import settings
from django.urls import reverse

from reports.signing import signer_name

register = template.Library()


@register.simple_tag
def signing_note() -> str:
    # Plain Vietnamese, not gettext: the report is an official Vietnamese document whatever the UI language.
    signer = signer_name()
    status = f"Bản điện tử có chữ ký số của {signer}." if signer else "Bản điện tử không có chữ ký số."
    page = f"{settings.SITE_URL.rstrip('/')}{reverse('verify_report')}"
    return f"{status} Kiểm tra tính xác thực của tệp tại {page}"
