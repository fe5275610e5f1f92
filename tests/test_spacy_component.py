"""The spaCy component, found through the spacy_factories entry point."""

from __future__ import annotations

import spacy

import tonecoach


def test_add_pipe_by_name_sets_the_report() -> None:
    nlp = spacy.blank("ru")
    nlp.add_pipe("tonecoach", config={"settings": {"ignore": ["TC106"]}})
    doc = nlp("Привет! Напиши нам.")
    report = doc._.tone_report
    assert isinstance(report, tonecoach.Report)
    assert [s.code for s in report.suggestions] == ["TC101"]


def test_pipe_batches() -> None:
    nlp = spacy.blank("ru")
    nlp.add_pipe("tonecoach")
    texts = ["Напиши нам.", "Напишите нам.", "Скинь фото."] * 10
    reports = [doc._.tone_report for doc in nlp.pipe(texts, batch_size=4)]
    assert [bool(r) for r in reports] == [True, False, True] * 10
