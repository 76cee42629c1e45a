"""Offline language identification with py3langid (langid.py's model, shipped inside the
package: nothing is downloaded at run time). The model loads once per process, lazily.
"""

from __future__ import annotations

import threading

#: Only this many characters are looked at: enough for a confident answer (language
#: identification needs a few sentences), and it keeps the cost per article small and
#: bounded: the classifier's cost grows with the sample and was the largest single cost
#: of a run at 3,000 characters.
MAX_CHARS = 1000
#: The first look takes this many characters; only when it is not sure
#: (``CONFIDENT``) is the whole ``MAX_CHARS`` sample classified. Most news prose is
#: settled by the first look, at a third of the cost; ``python bench/language.py``
#: measures the sizes on real data.
FIRST_CHARS = 300
CONFIDENT = 0.99
#: Below this normalised probability the language is left unknown (None).
MIN_PROBABILITY = 0.5
#: Texts with fewer letters than this are too short to tell.
MIN_LETTERS = 20

_lock = threading.Lock()
_identifier = None


def _get():
    global _identifier
    if _identifier is None:
        with _lock:
            if _identifier is None:
                from py3langid.langid import MODEL_FILE, LanguageIdentifier

                _identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    return _identifier


def detect_language(text: str) -> tuple[str | None, float]:
    """(ISO 639-1 code, probability) of ``text``; (None, p) when too short or unsure."""
    sample = text[:MAX_CHARS]
    letters = 0
    for ch in sample:
        if ch.isalpha():
            letters += 1
            if letters >= MIN_LETTERS:
                break
    else:
        return None, 0.0
    try:
        lang, prob = _get().classify(sample[:FIRST_CHARS])
        if prob < CONFIDENT and len(sample) > FIRST_CHARS:
            lang, prob = _get().classify(sample)
    except (ValueError, UnicodeError):
        return None, 0.0
    prob = round(float(prob), 4)
    return (str(lang) if prob >= MIN_PROBABILITY else None), prob
