"""Analysis: turns a draft into tokens, morphology, sentences and quoted spans."""

from tonecoach.analysis.draft import Draft, Sentence, Token, analyze

__all__ = ["Draft", "Sentence", "Token", "analyze"]
