"""The notebook display of a report."""

from __future__ import annotations

import re

import tonecoach


def test_html_marks_every_span_and_escapes_text() -> None:
    text = "Привет! <b>Напиши</b> нам & ждём 😉"
    report = tonecoach.check(text, client_message="Где заказ?! Сколько можно!!!")
    html = report._repr_html_()
    assert "<b>" not in html.replace("<b>Напиши</b>", "")  # the draft's tags are escaped
    assert "&lt;b&gt;" in html and "&amp;" in html
    assert "<script" not in html
    marked = re.findall(r'data-code="(TC\d+)">([^<]*)</span>', html)
    assert ("TC106", "Привет") in marked
    assert ("TC101", "Напиши") in marked
    for s in report.suggestions:
        assert s.code in html
    assert 'class="tc-insert"' in html  # the empathy insertion


def test_clean_report_says_so() -> None:
    assert "Замечаний нет" in tonecoach.check("Здравствуйте!")._repr_html_()
