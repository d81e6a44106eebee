import pytest

from tests.web.world import build_world


@pytest.fixture
def world(framework):
    return build_world(framework)
