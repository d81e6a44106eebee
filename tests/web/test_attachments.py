import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.web.refusals import followed_refusal
from violations.models import Attachment

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def _upload(client, incident, name, content):
    return client.post(
        reverse("violations:attachment_upload", args=[incident.pk]),
        {"evidence": [SimpleUploadedFile(name, content)]},
    )


def test_a_pdf_is_stored_privately_and_downloaded_by_someone_in_scope(client, world, private_media):
    incident = world.incident_in(world.commune_a, world.official_a)
    client.force_login(world.inspector_a)
    assert _upload(client, incident, "bien-ban.pdf", PDF).status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.content_type == "application/pdf"
    assert str(private_media) in attachment.file.path
    response = client.get(reverse("violations:attachment_download", args=[attachment.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert 'filename="bien-ban.pdf"' in response["Content-Disposition"]


def test_an_outsider_gets_404_for_the_download(client, world):
    incident = world.incident_in(world.commune_a, world.official_a)
    client.force_login(world.inspector_a)
    _upload(client, incident, "anh.png", PNG)
    client.force_login(world.inspector_b)
    assert (
        client.get(reverse("violations:attachment_download", args=[Attachment.objects.get().pk])).status_code
        == 404
    )
    client.logout()
    response = client.get(reverse("violations:attachment_download", args=[Attachment.objects.get().pk]))
    assert response.status_code == 302


def test_content_that_does_not_match_its_name_is_refused(client, world):
    incident = world.incident_in(world.commune_a, world.official_a)
    client.force_login(world.inspector_a)
    response = _upload(client, incident, "bao-cao.pdf", PNG)
    response = followed_refusal(client, response)
    assert "không khớp với phần mở rộng .pdf" in response.content.decode()
    executable = followed_refusal(
        client, _upload(client, incident, "bao-cao.pdf", b"MZ\x90\x00" + b"\x00" * 200)
    )
    assert "không phải PDF, ảnh hoặc văn bản" in executable.content.decode()
    assert Attachment.objects.count() == 0


def test_oversized_files_and_archive_bombs_are_refused(client, world, settings):
    incident = world.incident_in(world.commune_a, world.official_a)
    client.force_login(world.inspector_a)
    settings.ATTACHMENT_MAX_BYTES = 1024
    too_big = followed_refusal(client, _upload(client, incident, "lon.pdf", PDF + b"0" * 2048))
    assert "vượt quá" in too_big.content.decode()
    settings.ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        archive.writestr("word/document.xml", "0" * (150 * 1024 * 1024))
    response = _upload(client, incident, "bom.docx", buffer.getvalue())
    response = followed_refusal(client, response)
    assert Attachment.objects.count() == 0
