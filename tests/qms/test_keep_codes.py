"""References and dates in free text stay on one line on a phone (issue 16 item 11)."""

from qms.templatetags.qms_text import keep_codes


def test_references_and_dates_are_kept_whole_and_the_rest_escaped():
    html = keep_codes("Hồ sơ HS-DEMO-01472 hẹn 27/11/2026, xem QT-KTKD-01 <b>")
    assert '<span class="text-nowrap">HS-DEMO-01472</span>' in html
    assert '<span class="text-nowrap">27/11/2026</span>' in html
    assert '<span class="text-nowrap">QT-KTKD-01</span>' in html
    assert "&lt;b&gt;" in html and "<b>" not in html
