"""What an article rule may know besides the article: nothing that varies per run except
``today`` (for date checks), which the config can pin."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any


@dataclass(frozen=True)
class ArticleContext:
    text: str
    today: date
    #: The corpus pre-pass's ``TemplateIndex`` (``BP109``), or None outside a corpus run.
    templates: Any = None
