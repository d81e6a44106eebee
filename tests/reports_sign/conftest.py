import os

import pytest

from reports import signing
from tests.reports_pdf.conftest import fresh_cache, media, private_broker, rw  # noqa: F401 (fixtures)
from tests.reports_sign.pki import (
    KEY_LABEL,
    PKCS12_PASSWORD,
    SOFTHSM_MODULE,
    TOKEN_LABEL,
    USER_PIN,
    Pki,
    make_pki,
    make_softhsm_token,
    require_tool,
)


@pytest.fixture(scope="session")
def pki(tmp_path_factory) -> Pki:
    return make_pki(tmp_path_factory.mktemp("pki"))


@pytest.fixture(scope="session")
def softhsm_token(tmp_path_factory, pki) -> str:
    """A SoftHSM2 token with the signer's key, made once per run (the module reads its configuration once)."""
    require_tool("softhsm2-util")
    require_tool(SOFTHSM_MODULE)
    saved = os.environ.get("SOFTHSM2_CONF")
    make_softhsm_token(tmp_path_factory.mktemp("softhsm"), pki)
    yield TOKEN_LABEL
    if saved is None:
        os.environ.pop("SOFTHSM2_CONF", None)
    else:
        os.environ["SOFTHSM2_CONF"] = saved


def _no_key(settings) -> None:
    settings.REPORT_SIGNING_PKCS12 = ""
    settings.REPORT_SIGNING_PKCS11_MODULE = ""
    settings.REPORT_SIGNING_PKCS11_TOKEN = ""
    settings.REPORT_SIGNING_PKCS11_KEY = ""


@pytest.fixture(autouse=True)
def unsigned(settings):
    """Every test starts with no key configured, whatever the machine's environment says."""
    _no_key(settings)
    yield
    signing._opened.cache_clear()


@pytest.fixture
def pkcs12_key(settings, monkeypatch, pki) -> Pki:
    settings.REPORT_SIGNING_PKCS12 = str(pki.pkcs12_path)
    monkeypatch.setenv(signing.PKCS12_PASSWORD_ENV, PKCS12_PASSWORD)
    return pki


@pytest.fixture
def pkcs11_key(settings, monkeypatch, pki, softhsm_token) -> Pki:
    settings.REPORT_SIGNING_PKCS11_MODULE = SOFTHSM_MODULE
    settings.REPORT_SIGNING_PKCS11_TOKEN = softhsm_token
    settings.REPORT_SIGNING_PKCS11_KEY = KEY_LABEL
    monkeypatch.setenv(signing.PKCS11_PIN_ENV, USER_PIN)
    return pki
