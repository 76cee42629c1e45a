"""Boilerplate detection for plain-text news: per-line signals (``features``), the
line / block classifier (``classifier``), per-language word lists (``lang``) and
per-source template lines (``templates``)."""

from .classifier import Verdict, classify
from .lang import detect_script_language, word_lists

__all__ = ["Verdict", "classify", "detect_script_language", "word_lists"]
