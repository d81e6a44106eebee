"""`make bench` measures the monthly run with its signatures: without a configured key it makes a throwaway
one (devtools/bench/signing_key.py) for the duration of the run only."""

from devtools.bench.signing_key import SUBJECT, bench_signing_key
from reports.signing import configured_key, read_signature, sign_pdf


def test_a_throwaway_key_signs_within_the_block_only(tmp_path, settings):
    settings.REPORT_SIGNING_PKCS12 = ""
    settings.REPORT_SIGNING_PKCS11_MODULE = ""
    with bench_signing_key(tmp_path) as throwaway:
        assert throwaway is True
        assert configured_key() is not None
        from weasyprint import HTML

        pdf = HTML(string="<p>Báo cáo thử</p>").write_pdf()
        signed = sign_pdf(pdf, reason="Đo hiệu năng", location="Hà Nội")
        facts = read_signature(signed)
        assert facts is not None and SUBJECT in str(facts)
    assert configured_key() is None


def test_the_demo_key_is_made_once_and_only_for_a_demo(tmp_path, settings):
    import pytest
    from django.core.management import CommandError, call_command

    target = tmp_path / "var" / "demo-signer.p12"
    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("ensure_demo_signing_key", str(target), password="demo")
    assert not target.exists()
    settings.DEBUG = True
    call_command("ensure_demo_signing_key", str(target), password="demo")
    first = target.read_bytes()
    call_command("ensure_demo_signing_key", str(target), password="demo")
    assert target.read_bytes() == first  # kept: reports signed earlier keep verifying
