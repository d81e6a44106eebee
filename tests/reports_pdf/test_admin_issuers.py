"""The issuing bodies are edited in the Django admin, in Vietnamese; the number registers are read-only."""

import pytest
from django.urls import reverse

from reports.models import DocumentRegister, IssuerKind, IssuingBody

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client, django_user_model):
    staff = django_user_model.objects.create_superuser(
        "quantri_he_thong", "qt@hanoi.gov.vn", "mat-khau-an-toan-2025"
    )
    client.force_login(staff)  # with a confirmed second factor (tests/conftest.py)
    return client


def test_an_issuing_body_is_configured_in_the_admin_with_vietnamese_labels(staff_client, rw):
    page = staff_client.get(reverse("admin:reports_issuingbody_add")).content.decode()
    for label in (
        "Loại cơ quan ban hành",
        "Tên cơ quan cấp trên trực tiếp",
        "Thẩm quyền ký",
        "Họ và tên người ký",
    ):
        assert label in page

    response = staff_client.post(
        reverse("admin:reports_issuingbody_add"),
        {
            "unit": rw.commune_two.pk,
            "kind": IssuerKind.PARTY,
            "show_superior": "on",
            "signer_name": "Lý Thị Hà",
        },
    )

    assert response.status_code == 302
    body = IssuingBody.objects.get(unit=rw.commune_two)
    assert (body.kind, body.signer_name, body.name) == ("party", "Lý Thị Hà", "")


def test_a_register_cannot_be_edited_or_deleted_in_the_admin(staff_client, rw):
    register = DocumentRegister.objects.create(
        unit=rw.commune_two, issuer_kind="state", year=2026, last_number=4
    )

    change = staff_client.post(
        reverse("admin:reports_documentregister_change", args=[register.pk]), {"last_number": 1}
    )
    delete = staff_client.post(
        reverse("admin:reports_documentregister_delete", args=[register.pk]), {"post": "yes"}
    )

    assert change.status_code == 403 and delete.status_code == 403
    register.refresh_from_db()
    assert register.last_number == 4
