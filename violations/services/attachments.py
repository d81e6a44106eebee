"""Evidence files: typed by their content, not their name; stored privately; served only through access."""

import hashlib
import os
import zipfile

import magic
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from violations.access import Action, User, require
from violations.models import Attachment, Incident

# Detected content type → file name extensions that may carry it.
ALLOWED_TYPES: dict[str, tuple[str, ...]] = {
    "application/pdf": (".pdf",),
    "image/jpeg": (".jpg", ".jpeg"),
    "image/png": (".png",),
    "image/webp": (".webp",),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": (".docx",),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": (".xlsx",),
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": (".pptx",),
    "application/msword": (".doc",),
    "application/vnd.ms-excel": (".xls",),
    "application/CDFV2": (".doc", ".xls"),
    "application/vnd.oasis.opendocument.text": (".odt",),
    "application/vnd.oasis.opendocument.spreadsheet": (".ods",),
}
ZIP_BASED = {t for t in ALLOWED_TYPES if "openxmlformats" in t or "opendocument" in t}
# Office documents are zip archives: refuse ones that would inflate beyond these bounds (archive bombs).
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
MAX_RATIO = 200


def _detect(upload: UploadedFile) -> str:
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    return magic.from_buffer(head, mime=True)


def _check_archive(upload: UploadedFile) -> None:
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile as exc:
        raise ValidationError(_("Tệp văn bản bị hỏng, không đọc được.")) from exc
    finally:
        upload.seek(0)
    if unpacked > MAX_UNPACKED_BYTES or unpacked > MAX_RATIO * max(upload.size or 1, 1):
        raise ValidationError(
            _("Tệp nén bất thường (dung lượng khi giải nén quá lớn), không được chấp nhận.")
        )


def validate_upload(upload: UploadedFile) -> str:
    """Return the detected content type, or raise a ValidationError whose message a user can act on."""
    name = upload.name or ""
    if (upload.size or 0) > settings.ATTACHMENT_MAX_BYTES:
        limit_mb = settings.ATTACHMENT_MAX_BYTES // (1024 * 1024)
        raise ValidationError(_("Tệp %(name)s vượt quá %(mb)s MB.") % {"name": name, "mb": limit_mb})
    if not upload.size:
        raise ValidationError(_("Tệp %(name)s rỗng.") % {"name": name})
    detected = _detect(upload)
    if detected not in ALLOWED_TYPES:
        raise ValidationError(
            _("Tệp %(name)s không phải PDF, ảnh hoặc văn bản văn phòng được chấp nhận.") % {"name": name}
        )
    extension = os.path.splitext(name.lower())[1]
    if extension not in ALLOWED_TYPES[detected]:
        raise ValidationError(
            _("Nội dung tệp %(name)s không khớp với phần mở rộng %(ext)s.")
            % {"name": name, "ext": extension or "—"}
        )
    if detected in ZIP_BASED:
        _check_archive(upload)
    return detected


def _sha256(upload: UploadedFile) -> str:
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


@transaction.atomic
def attachment_add(*, user: User, incident: Incident, upload: UploadedFile) -> Attachment:
    require(user, Action.HANDLE_INCIDENT, incident)
    content_type = validate_upload(upload)
    attachment = Attachment(
        incident=incident,
        original_name=os.path.basename(upload.name or "tep")[:255],
        content_type=content_type,
        size=upload.size or 0,
        sha256=_sha256(upload),
        uploaded_by_id=user.pk if user.is_authenticated else None,
    )
    attachment.file.save(f"{attachment.sha256[:16]}.bin", upload, save=False)
    attachment.save()
    return attachment
