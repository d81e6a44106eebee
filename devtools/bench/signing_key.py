"""A throwaway signing key for `make bench`: the monthly run is measured with its signatures (issue 14), and a
benchmark database has no real key configured. A self-signed certificate in a PKCS#12 file, made in the run's
temporary folder and gone with it."""

import contextlib
import datetime as dt
import os
import secrets
from collections.abc import Iterator
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from django.test.utils import override_settings

from reports.signing import PKCS12_PASSWORD_ENV, configured_key

SUBJECT = "Văn phòng UBND (khóa thử để đo hiệu năng)"


def write_self_signed_pkcs12(path: Path, password: str, subject: str) -> None:
    """A new RSA key and a self-signed certificate naming `subject`, in a password-protected PKCS#12 file."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    path.write_bytes(
        pkcs12.serialize_key_and_certificates(
            b"kycuong",
            key,
            _self_signed(key, subject),
            None,
            serialization.BestAvailableEncryption(password.encode()),
        )
    )


def _self_signed(key: rsa.RSAPrivateKey, subject: str) -> x509.Certificate:
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, subject)])
    now = dt.datetime.now(dt.UTC)
    return (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=365))
        .add_extension(
            x509.KeyUsage(True, True, False, False, False, False, False, False, False), critical=True
        )
        .sign(key, hashes.SHA256())
    )


@contextlib.contextmanager
def bench_signing_key(directory: Path) -> Iterator[bool]:
    """Within the block reports are signed: with the configured key if there is one, else with a throwaway
    one. Yields whether the throwaway key is used."""
    if configured_key() is not None:
        yield False
        return
    password = secrets.token_urlsafe(16)
    path = directory / "bench-signer.p12"
    write_self_signed_pkcs12(path, password, SUBJECT)
    previous = os.environ.get(PKCS12_PASSWORD_ENV)
    os.environ[PKCS12_PASSWORD_ENV] = password
    try:
        with override_settings(REPORT_SIGNING_PKCS12=str(path)):
            yield True
    finally:
        if previous is None:
            os.environ.pop(PKCS12_PASSWORD_ENV, None)
        else:
            os.environ[PKCS12_PASSWORD_ENV] = previous
