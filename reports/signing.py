"""Digital signatures on issued reports: PAdES (baseline B, ETSI.CAdES.detached) made with pyHanko, and the
checks that read them back.

One key signs every report of the deployment, held in a PKCS#12 file or on a PKCS#11 token (an HSM, or
SoftHSM2 in the tests), as the settings say (REPORT_SIGNING_*, README). Its certificate's subject names the
issuing body. The password and PIN are read from the environment when the key is opened, never from the
settings, so that they appear in no settings dump or error page. With no key configured reports are issued
unsigned, and the PDF says so (reports.templatetags.report_signing).

The signature certifies the document (DocMDP: no change allowed), carries the signer's certificate (and
the chain the key store holds) and the signing time (/M). Checking a file for the public page
(signature_intact) trusts exactly the certificate whose fingerprint was recorded when the report was
signed: the report's stored record, not a CA list, is what says the key is ours.
"""

import datetime as dt
import functools
import hashlib
import io
import os
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

# The field the signature lives in; an existing field of that name would be signed instead of a new one.
FIELD_NAME = "KyCuongSignature"
PKCS12_PASSWORD_ENV = "REPORT_SIGNING_PKCS12_PASSWORD"
PKCS11_PIN_ENV = "REPORT_SIGNING_PKCS11_PIN"


@dataclass(frozen=True)
class Pkcs12Key:
    path: str


@dataclass(frozen=True)
class Pkcs11Key:
    module: str
    token: str
    label: str


SigningKey = Pkcs12Key | Pkcs11Key


@dataclass(frozen=True)
class SignatureFacts:
    """What a report records about its signature: Report.signer, signed_at, signing_certificate_sha256."""

    signer: str
    signed_at: dt.datetime
    certificate_sha256: str

    def as_fields(self) -> dict[str, Any]:
        return {
            "signer": self.signer,
            "signed_at": self.signed_at,
            "signing_certificate_sha256": self.certificate_sha256,
        }


UNSIGNED_FIELDS: dict[str, Any] = {"signer": "", "signed_at": None, "signing_certificate_sha256": ""}


def configured_key() -> SigningKey | None:
    """The key the settings name, or None (reports are then issued unsigned). Half a configuration is an
    error, not a silent fallback to unsigned reports."""
    pkcs12 = settings.REPORT_SIGNING_PKCS12
    module = settings.REPORT_SIGNING_PKCS11_MODULE
    if pkcs12 and module:
        raise ImproperlyConfigured("REPORT_SIGNING_PKCS12 and REPORT_SIGNING_PKCS11_MODULE are both set")
    if pkcs12:
        return Pkcs12Key(pkcs12)
    if module:
        token, label = settings.REPORT_SIGNING_PKCS11_TOKEN, settings.REPORT_SIGNING_PKCS11_KEY
        if not token or not label:
            raise ImproperlyConfigured(
                "REPORT_SIGNING_PKCS11_MODULE needs REPORT_SIGNING_PKCS11_TOKEN and REPORT_SIGNING_PKCS11_KEY"
            )
        return Pkcs11Key(module, token, label)
    return None


def _secret(key: SigningKey) -> str:
    name = PKCS12_PASSWORD_ENV if isinstance(key, Pkcs12Key) else PKCS11_PIN_ENV
    return os.environ.get(name, "")


def _open_pkcs12(key: Pkcs12Key, password: str) -> Any:
    from pyhanko.sign.signers import SimpleSigner

    loaded = SimpleSigner.load_pkcs12(key.path, passphrase=password.encode() if password else None)
    if loaded is None:  # pyHanko logs the reason and returns None
        raise ImproperlyConfigured(f"cannot read the signing key from {key.path} (path or password)")
    return _decoded_key_signer()(
        signing_cert=loaded.signing_cert, signing_key=loaded.signing_key, cert_registry=loaded.cert_registry
    )


@functools.cache
def _decoded_key_signer() -> type:
    """pyHanko's SimpleSigner decodes its private key again for every signature it makes, with
    cryptography's full RSA key check: 0.15 s for a 3072-bit key, twice per PDF (the signature's size is
    estimated by signing once). This one decodes it once and signs RSA (PKCS#1 v1.5) and ECDSA with it;
    other mechanisms go through pyHanko's own path. (A function, so that pyHanko loads only when used.)"""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec, rsa
    from cryptography.hazmat.primitives.asymmetric.padding import PKCS1v15
    from pyhanko.sign.signers import SimpleSigner
    from pyhanko_certvalidator.util import get_pyca_cryptography_hash

    class DecodedKeySigner(SimpleSigner):
        @functools.cached_property
        def private_key(self) -> Any:
            return serialization.load_der_private_key(self.signing_key.dump(), password=None)

        def sign_raw(self, data: bytes, digest_algorithm: str) -> bytes:
            mechanism = self.get_signature_mechanism_for_digest(digest_algorithm).signature_algo
            hash_algorithm = get_pyca_cryptography_hash(digest_algorithm)
            key = self.private_key
            if mechanism == "rsassa_pkcs1v15" and isinstance(key, rsa.RSAPrivateKey):
                return key.sign(data, PKCS1v15(), hash_algorithm)
            if mechanism == "ecdsa" and isinstance(key, ec.EllipticCurvePrivateKey):
                return key.sign(data, ec.ECDSA(hash_algorithm))
            return super().sign_raw(data, digest_algorithm)

    return DecodedKeySigner


def _open_pkcs11(key: Pkcs11Key, pin: str) -> Any:
    from pyhanko.sign.pkcs11 import PKCS11Signer, TokenCriteria, open_pkcs11_session

    session = open_pkcs11_session(key.module, token_criteria=TokenCriteria(label=key.token), user_pin=pin)
    # other_certs_to_pull=None: every certificate on the token goes into the signature, so that a
    # validator finds the chain up to the CA.
    return PKCS11Signer(session, cert_label=key.label, key_label=key.label, other_certs_to_pull=None)


@dataclass
class _OpenedKey:
    signer: Any
    # The space for the signature container, in hexadecimal digits, that pyHanko reserved in the first PDF
    # this key signed in this process (its estimate: a trial signature, plus half). The container has the
    # same size every time (same key, certificates and attributes), so later PDFs reuse it instead of each
    # being signed twice.
    bytes_reserved: int | None = None


@functools.lru_cache(maxsize=4)
def _opened(key: SigningKey, secret: str, pid: int) -> _OpenedKey:
    """Opened once per worker process (a token session, a decrypted PKCS#12): the monthly run signs 127
    reports. The process id is part of the key because a PKCS#11 session does not survive a fork."""
    return _OpenedKey(_open_pkcs12(key, secret) if isinstance(key, Pkcs12Key) else _open_pkcs11(key, secret))


def _configured() -> _OpenedKey | None:
    key = configured_key()
    return None if key is None else _opened(key, _secret(key), os.getpid())


def signer_name() -> str | None:
    """The configured certificate's subject (its common name), or None when reports are issued unsigned."""
    opened = _configured()
    return None if opened is None else _subject_name(opened.signer.signing_cert)


def _subject_name(certificate: Any) -> str:
    subject = certificate.subject.native
    return (
        subject.get("common_name") or subject.get("organization_name") or certificate.subject.human_friendly
    )


def sign_pdf(pdf_bytes: bytes, *, reason: str, location: str) -> bytes:
    """The PDF with a certifying PAdES signature by the configured key appended (an incremental update, so
    the bytes before it are unchanged). Raises ImproperlyConfigured when no key is configured."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign.fields import MDPPerm, SigSeedSubFilter
    from pyhanko.sign.signers import PdfSignatureMetadata, PdfSigner

    opened = _configured()
    if opened is None:
        raise ImproperlyConfigured("no report signing key is configured")
    metadata = PdfSignatureMetadata(
        field_name=FIELD_NAME,
        reason=reason,
        location=location,
        subfilter=SigSeedSubFilter.PADES,
        md_algorithm="sha256",
        certify=True,
        docmdp_permissions=MDPPerm.NO_CHANGES,
    )
    output = io.BytesIO()
    try:
        PdfSigner(metadata, signer=opened.signer).sign_pdf(
            IncrementalPdfFileWriter(io.BytesIO(pdf_bytes)),
            output=output,
            bytes_reserved=opened.bytes_reserved,
        )
    except Exception:
        _opened.cache_clear()  # a token removed or a session gone: the retry opens the key afresh
        raise
    if opened.bytes_reserved is None:
        contents = _signatures(output.getvalue())[-1].sig_object["/Contents"]
        opened.bytes_reserved = 2 * len(contents)
    return output.getvalue()


def _signatures(pdf_bytes: bytes) -> list[Any]:
    from pyhanko.pdf_utils.reader import PdfFileReader

    return list(PdfFileReader(io.BytesIO(pdf_bytes), strict=False).embedded_signatures)


def certificate_sha256(certificate: Any) -> str:
    return hashlib.sha256(certificate.dump()).hexdigest()


def read_signature(pdf_bytes: bytes) -> SignatureFacts | None:
    """Who signed the PDF, when (as the signature says) and with which certificate; None when unsigned."""
    signatures = _signatures(pdf_bytes)
    if not signatures:
        return None
    signature = signatures[-1]
    signed_at = signature.self_reported_timestamp
    if signed_at is None:
        raise ValueError("the signature carries no signing time")
    return SignatureFacts(
        _subject_name(signature.signer_cert), signed_at, certificate_sha256(signature.signer_cert)
    )


def sign_report(pdf_bytes: bytes, snapshot: dict[str, Any]) -> tuple[bytes, dict[str, Any]]:
    """The report's PDF as it is issued, and the Report fields recording its signature: signed with the
    configured key, or unchanged (and the fields empty) when there is none."""
    if configured_key() is None:
        return pdf_bytes, dict(UNSIGNED_FIELDS)
    from reports.render import period_phrase

    signed = sign_pdf(
        pdf_bytes,
        reason=f"Ban hành báo cáo {period_phrase(snapshot['period'])} của {snapshot['unit']['name']}",
        location=snapshot.get("issuer", {}).get("place") or settings.REPORTS_PLACE,
    )
    facts = read_signature(signed)
    assert facts is not None
    return signed, facts.as_fields()


def signature_intact(pdf_bytes: bytes, *, certificate_sha256_expected: str) -> bool:
    """pyHanko's validator says the file's only signature is intact and valid, covers the whole file and
    obeys its no-change certification, and it was made with the certificate recorded for the report. That
    certificate is the trust anchor: the record says the key is ours, and an anchor is not judged by its
    validity period, so a certificate that expires (or is replaced) later does not disown what it signed."""
    from pyhanko.pdf_utils.misc import PdfError
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

    try:
        signatures = _signatures(pdf_bytes)
        if len(signatures) != 1:
            return False
        signature = signatures[0]
        certificate = signature.signer_cert
        if certificate_sha256(certificate) != certificate_sha256_expected:
            return False
        context = ValidationContext(trust_roots=[certificate], allow_fetching=False)
        status = validate_pdf_signature(signature, context)
    except (PdfError, ValueError, KeyError, TypeError):  # pyHanko's validation errors are ValueErrors
        return False
    return bool(status.bottom_line and status.coverage == SignatureCoverageLevel.ENTIRE_FILE)
