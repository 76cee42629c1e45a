"""validator: corpus validation and data-quality checks for news-article text.

    >>> import validator
    >>> article = validator.parse_article("Title\\n\\nBEIJING, Jan. 8 (Xinhua) -- Body.")
    >>> article.dateline.agency
    'Xinhua'
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("validator")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0.0.0"

from .api import CheckResult, check, check_text, clean, clean_text, iter_results, parse_article  # noqa: E402
from .config import Config, load_config  # noqa: E402
from .models import Article, CleanedRecord, Finding, Severity, Span  # noqa: E402
from .registry import RULES, get_rule  # noqa: E402
from .report import DocResult, Report  # noqa: E402
from .rule import Rule  # noqa: E402

__all__ = [
    "Article", "CheckResult", "CleanedRecord", "Config", "DocResult", "Finding", "RULES", "Report", "Rule",
    "Severity", "Span", "__version__", "check", "check_text", "clean", "clean_text", "get_rule",
    "iter_results", "load_config", "parse_article",
]
