"""qms/charts.py: readable text, every figure a link, labels never cut, nothing unescaped."""

import datetime
import re

from qms import charts


def test_bar_chart_links_every_bar_and_keeps_the_whole_label():
    # given a long label and a figure per bar
    long_label = "Phòng Giáo dục trung học và Giáo dục thường xuyên, Sở Giáo dục và Đào tạo"
    chart = charts.bar_chart(
        "Open by department",
        [charts.Bar(long_label, 7, "/nc/?department=1"), charts.Bar("Văn phòng", 2, "/nc/?department=2")],
    )
    # when it is drawn
    svg = str(chart)
    # then every word of the label is drawn, each bar links to its list with its figure
    drawn = " ".join(re.findall(r"<tspan[^>]*>([^<]*)</tspan>", svg))
    assert drawn.startswith(long_label)
    assert '<a href="/nc/?department=1" aria-label="' in svg and ': 7"' in svg
    assert '<a href="/nc/?department=2" aria-label="Văn phòng: 2">' in svg
    assert chart.total == 9


def test_no_text_smaller_than_12_px_and_no_viewbox_scaling():
    months = charts.last_months(12, today=datetime.date(2026, 11, 30))
    chart = charts.trend_chart(
        "Opened and closed",
        months,
        [
            charts.Series("Opened", list(range(12)), [f"/o/{i}" for i in range(12)]),
            charts.Series("Closed", list(range(12)), [f"/c/{i}" for i in range(12)], line=True),
        ],
    )
    svg = str(chart)
    sizes = {int(s) for s in re.findall(r'font-size="(\d+)"', svg)}
    assert sizes and min(sizes) >= 12
    assert "viewBox" not in svg
    assert svg.count("<a href=") == 11 + 12  # bars with a value (0 draws nothing clickable) + every point
    assert months[0] == datetime.date(2025, 12, 1) and months[-1] == datetime.date(2026, 11, 1)


def test_text_is_escaped_and_empty_chart_says_so():
    chart = charts.bar_chart("<b>t</b>", [charts.Bar("<script>", 1, '/x?a="1"')])
    assert "<script>" not in str(chart) and "&lt;script&gt;" in str(chart)
    assert 'href="/x?a=&quot;1&quot;"' in str(chart)
    empty = charts.bar_chart("t", [charts.Bar("a", 0)], empty_text="Nothing open.")
    assert "Nothing open." in str(empty) and "<svg" not in str(empty)


def test_stacked_chart_segments_and_month_range():
    chart = charts.stacked_bar_chart(
        "Findings",
        ["IA-1", "IA-2"],
        [
            charts.Series("Major", [1, 0], ["/f?a=1&t=major", "/f?a=2&t=major"]),
            charts.Series("Minor", [2, 3]),
        ],
    )
    svg = str(chart)
    assert svg.count("<a href=") == 1  # the zero segment is not drawn; Minor has no list
    assert "IA-1 · Minor: 2" in svg
    assert charts.month_range(datetime.date(2026, 12, 1)) == (
        datetime.date(2026, 12, 1),
        datetime.date(2027, 1, 1),
    )
