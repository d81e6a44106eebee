"""A throwaway PKI made by the tests: a CA, a signer certificate naming the issuing body, the two as a
PKCS#12 file, and the same key and certificates on a SoftHSM2 token (a PKCS#11 module, as an HSM would be)."""

import datetime as dt
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

SIGNER_NAME = "Ủy ban nhân dân xã Phúc Thịnh (thử nghiệm)"
PKCS12_PASSWORD = "mat-khau-thu"
SOFTHSM_MODULE = "/usr/lib/softhsm/libsofthsm2.so"
TOKEN_LABEL = "kycuong-test"
KEY_LABEL = "bao-cao"
USER_PIN = "246810"


@dataclass(frozen=True)
class Pki:
    ca: x509.Certificate
    signer: x509.Certificate
    signer_key: rsa.RSAPrivateKey
    pkcs12_path: Path

    def ca_der(self) -> bytes:
        return self.ca.public_bytes(serialization.Encoding.DER)

    def signer_der(self) -> bytes:
        return self.signer.public_bytes(serialization.Encoding.DER)


def _name(common_name: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Kỷ cương — kiểm thử"),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def _usage(*, signer: bool) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=signer,
        content_commitment=signer,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=not signer,
        crl_sign=not signer,
        encipher_only=False,
        decipher_only=False,
    )


def _certificate(
    subject, issuer, public_key, issuer_key, *, ca: bool, expired: bool = False
) -> x509.Certificate:
    now = dt.datetime.now(dt.UTC) - (dt.timedelta(days=400) if expired else dt.timedelta(0))
    return (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(public_key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=365))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        .add_extension(_usage(signer=not ca), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key()), critical=False
        )
        .sign(issuer_key, hashes.SHA256())
    )


def make_pki(directory: Path, *, expired: bool = False) -> Pki:
    """`expired`: the signer's certificate ran out 35 days ago (as one will, years after signing reports)."""
    ca_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    ca_name = _name("CA thử nghiệm của bộ kiểm thử")
    ca = _certificate(ca_name, ca_name, ca_key.public_key(), ca_key, ca=True)
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    signer = _certificate(_name(SIGNER_NAME), ca_name, key.public_key(), ca_key, ca=False, expired=expired)
    path = directory / "signer.p12"
    path.write_bytes(
        pkcs12.serialize_key_and_certificates(
            b"signer", key, signer, [ca], serialization.BestAvailableEncryption(PKCS12_PASSWORD.encode())
        )
    )
    return Pki(ca, signer, key, path)


def require_tool(path: str) -> None:
    """The Makefile's system-deps installs these; in CI a missing one is a failure, elsewhere a skip."""
    if shutil.which(path) or Path(path).exists():
        return
    message = f"{path} is missing (make system-deps installs it)"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def make_softhsm_token(directory: Path, pki: Pki) -> None:
    """A fresh SoftHSM2 token in `directory`, holding the signer's key and the signer's and CA's certificates.
    SOFTHSM2_CONF must point at the configuration before the module is first loaded in this process."""
    tokens = directory / "tokens"
    tokens.mkdir()
    conf = directory / "softhsm2.conf"
    conf.write_text(f"directories.tokendir = {tokens}\nobjectstore.backend = file\nlog.level = ERROR\n")
    os.environ["SOFTHSM2_CONF"] = str(conf)
    subprocess.run(
        [
            "softhsm2-util",
            "--init-token",
            "--free",
            "--label",
            TOKEN_LABEL,
            "--pin",
            USER_PIN,
            "--so-pin",
            "13579",
        ],
        check=True,
        capture_output=True,
    )
    _import_objects(pki)


def _import_objects(pki: Pki) -> None:
    import pkcs11
    from asn1crypto import x509 as asn1_x509
    from pkcs11 import Attribute, CertificateType, ObjectClass
    from pkcs11.util.rsa import decode_rsa_private_key

    der_key = pki.signer_key.private_bytes(
        serialization.Encoding.DER,
        serialization.PrivateFormat.TraditionalOpenSSL,
        serialization.NoEncryption(),
    )
    token = pkcs11.lib(SOFTHSM_MODULE).get_token(token_label=TOKEN_LABEL)
    with token.open(rw=True, user_pin=USER_PIN) as session:
        attributes = decode_rsa_private_key(der_key)
        attributes.update(
            {
                Attribute.LABEL: KEY_LABEL,
                Attribute.ID: b"\x01",
                Attribute.TOKEN: True,
                Attribute.PRIVATE: True,
                Attribute.SENSITIVE: True,
                Attribute.SIGN: True,
            }
        )
        session.create_object(attributes)
        for label, der, object_id in ((KEY_LABEL, pki.signer_der(), b"\x01"), ("ca", pki.ca_der(), b"\x02")):
            certificate = asn1_x509.Certificate.load(der)
            session.create_object(
                {
                    Attribute.CLASS: ObjectClass.CERTIFICATE,
                    Attribute.CERTIFICATE_TYPE: CertificateType.X_509,
                    Attribute.TOKEN: True,
                    Attribute.LABEL: label,
                    Attribute.ID: object_id,
                    Attribute.VALUE: der,
                    Attribute.SUBJECT: certificate.subject.dump(),
                    Attribute.ISSUER: certificate.issuer.dump(),
                    Attribute.SERIAL_NUMBER: certificate["tbs_certificate"]["serial_number"].dump(),
                }
            )
