"""Users meet Vietnamese error pages, never Django's technical ones (the tests run with DEBUG off)."""

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.views.defaults import server_error

from tests.web.fixtures_list import Tree, build_tree, client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree(framework) -> Tree:
    return build_tree(framework)


def test_an_incident_outside_the_scope_is_a_vietnamese_404_with_the_menu(tree):
    elsewhere = tree.incident(tree.ward_b)
    response = client_for(tree.inspector_a).get(reverse("violations:incident_detail", args=[elsewhere.pk]))
    html = response.content.decode()
    assert response.status_code == 404
    assert "Không tìm thấy trang" in html and "ngoài phạm vi đơn vị bạn được giao" in html
    assert 'class="mainnav"' in html and "Page not found" not in html


def test_a_server_error_page_needs_nothing_but_the_template():
    response = server_error(RequestFactory().get("/"))
    html = response.content.decode()
    assert response.status_code == 500
    assert "Hệ thống gặp lỗi" in html and "dữ liệu bạn đã lưu trước đó không bị ảnh hưởng" in html
