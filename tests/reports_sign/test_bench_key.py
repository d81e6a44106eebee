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
