"""The admin's "load a new framework version" in two steps: upload → preview, then confirm → save.

The upload is read and checked completely (violations.services.framework.framework_check) and, if sound,
kept in the administrator's session under a one-time token that the preview's confirm button posts back.
Nothing is written before that confirmation; the confirmation checks the data again, since the stored
frameworks may have changed in between.
"""

import secrets
from typing import Any

from django import forms
from django.contrib.sessions.backends.base import SessionBase
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import FileExtensionValidator
from django.utils.translation import gettext_lazy as _

from officials.forms import OfficialImportForm
from officials.tabular import XLSX_MAGIC
from violations.framework_data import Locator, parse_json
from violations.framework_xlsx import read_framework_xlsx

SESSION_KEY = "violations.framework_import"


class FrameworkImportForm(OfficialImportForm):
    """The officials' upload form, with its size limit, for a framework file."""

    file = forms.FileField(
        label=_("Tệp khung nhận diện (JSON hoặc XLSX)"),
        validators=[FileExtensionValidator(["json", "xlsx"], message=_("Chỉ nhận tệp .json hoặc .xlsx."))],
    )


class ConfirmForm(forms.Form):
    token = forms.CharField(widget=forms.HiddenInput)


def read_upload(upload: UploadedFile) -> tuple[Any, Locator]:
    """The uploaded file as framework data, XLSX by its content or name, JSON otherwise."""
    content = upload.read()
    name = upload.name or ""
    if content.startswith(XLSX_MAGIC) or name.lower().endswith(".xlsx"):
        return read_framework_xlsx(content, name)
    return parse_json(content, name)


def stash(session: SessionBase, data: dict[str, Any], name: str) -> str:
    """Keep checked data for the confirmation; returns the token the preview posts back."""
    token = secrets.token_urlsafe(16)
    session[SESSION_KEY] = {"token": token, "data": data, "name": name}
    return token


def take(session: SessionBase, token: str) -> tuple[dict[str, Any], str] | None:
    """The stashed data and file name if the token is the current one; it can be used once."""
    stashed = session.get(SESSION_KEY)
    if not stashed or not secrets.compare_digest(stashed["token"].encode(), token.encode()):
        return None
    del session[SESSION_KEY]
    return stashed["data"], stashed["name"]
