"""The language of a text, by py3langid's bundled model (97 languages, nothing downloaded).

The model is loaded on first use (≈0.1 s, once per process), not at import. Only the
first 5,000 characters are read: enough for a confident answer, bounded for long pages.
A text shorter than `MIN_CHARS` gets None: on a line or two the model guesses, and the
page's declared language is the better answer then.
"""

from __future__ import annotations

import threading
from functools import cache
from typing import Any

__all__ = ["MIN_CHARS", "detect_language"]

MIN_CHARS = 120
SAMPLE_CHARS = 5000
_lock = threading.Lock()


@cache
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_pickled_model(MODEL_FILE, norm_probs=False)


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of `text`'s language ("en", "fa", "ar"...), or None when too short."""
    sample = text[:SAMPLE_CHARS]
    if len(sample.strip()) < MIN_CHARS:
        return None
    with _lock:  # the identifier keeps scratch arrays: one caller at a time
        identifier = _identifier()
        code, _score = identifier.classify(sample)
    return str(code)
