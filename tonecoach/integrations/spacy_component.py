"""A spaCy pipeline component: ``nlp.add_pipe("tonecoach")`` sets ``doc._.tone_report``.

Registered through the ``spacy_factories`` entry point, so any Russian pipeline can add it
without importing tonecoach first. Settings are a :class:`~tonecoach.Config` as a dict:
``nlp.add_pipe("tonecoach", config={"settings": {"ignore": ["TC4"]}})``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from tonecoach.coach import Coach
from tonecoach.models import Config

EXTENSION = "tone_report"


class ToneCoachComponent:
    """Checks each Doc's text and stores the :class:`~tonecoach.Report` on ``doc._``."""

    def __init__(self, nlp: Language, name: str, settings: dict[str, Any]) -> None:
        self.name = name
        self.coach = Coach(Config.model_validate(settings))
        if not Doc.has_extension(EXTENSION):
            Doc.set_extension(EXTENSION, default=None)

    def __call__(self, doc: Doc) -> Doc:
        doc._.set(EXTENSION, self.coach.check(doc.text))
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        for doc in docs:
            yield self(doc)


@Language.factory("tonecoach", default_config={"settings": {}})
def make_component(nlp: Language, name: str, settings: dict[str, Any]) -> ToneCoachComponent:
    """The factory behind ``nlp.add_pipe("tonecoach")``."""
    return ToneCoachComponent(nlp, name, settings)
