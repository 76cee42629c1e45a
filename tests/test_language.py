"""The vectorised language identifier against py3langid's own, on real text.

``validator.language.VectorisedIdentifier`` replaces py3langid's per-byte automaton walk
and its float16 product; its answers and probabilities must be exactly py3langid's."""

from __future__ import annotations

import random

import pytest
from py3langid.langid import MODEL_FILE, LanguageIdentifier

from conftest import BBC, ROOT, SEEDS, SHARED_DATA
from validator.language import _get, detect_language, detect_languages


@pytest.fixture(scope="module")
def identifiers():
    return _get(), LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def _real_texts() -> list[str]:
    """The seeds, the project's rule cases and README, the BBC articles and the chardet
    test files in the shared data when present (many languages and scripts)."""
    paths = sorted(SEEDS.iterdir()) + sorted((ROOT / "tests" / "cases").glob("*.json")) + [ROOT / "README.md"]
    if BBC.is_dir():
        paths += sorted(p for p in BBC.rglob("*.txt"))[:400]
    encoding = SHARED_DATA / "encoding"
    if encoding.is_dir():
        paths += sorted(p for p in encoding.rglob("*") if p.is_file() and p.stat().st_size < 1_000_000)[:400]
    texts = []
    for path in paths:
        text = path.read_bytes().decode("utf-8", "replace")
        texts += [text[i : i + 1000] for i in range(0, min(len(text), 6000), 700)]
    return texts


def _random_texts(n: int) -> list[str]:
    rng = random.Random(7)
    out = []
    for _ in range(n):
        size = rng.randrange(0, 400)
        top = rng.choice((0x80, 0x800, 0x3000, 0x10000))
        out.append("".join(chr(rng.randrange(0x20, top)) for _ in range(size)).replace("\ud800", ""))
    return [t.encode("utf-8", "replace").decode("utf-8") for t in out]


def test_vectorised_identifier_equals_py3langid(identifiers):
    fast, reference = identifiers
    texts = _real_texts() + _random_texts(300) + ["", "a", "ab", "abcdef", "ABCDEF GHIJ"]
    assert len(texts) > 100
    for text in texts:
        for sample in (text[:300], text[:1000], text[:7]):
            assert fast.classify(sample) == reference.classify(sample), sample[:80]


def test_automaton_depth_is_measured(identifiers):
    """Fewer steps than the automaton's depth would miss the longest n-grams."""
    fast, _ = identifiers
    assert fast._span >= 4  # langid's byte n-grams go up to at least 4 bytes


def test_detect_language_on_seeds():
    for path in sorted(SEEDS.iterdir()):
        lang, prob = detect_language(path.read_text(encoding="utf-8"))
        assert lang == "en" and prob >= 0.99


def test_batch_equals_one_at_a_time(identifiers):
    """A batch walks all texts as one array: no text's counts may reach into the next."""
    fast, reference = identifiers
    texts = [t[:n] for t in _real_texts() + _random_texts(100) for n in (300, 1000, 3)]
    assert [fast.classify(t) for t in texts] == [reference.classify(t) for t in texts]
    assert fast.classify_many(texts) == [reference.classify(t) for t in texts]
    assert detect_languages(texts) == [detect_language(t) for t in texts]
