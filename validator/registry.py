"""The one ordered table of rules, and selection by code, prefix or name.

Codes are two letters and three digits and are never reused: ST structure, EN encoding
and text hygiene, BP boilerplate, DU duplicates, QU quality, IO unreadable input.
Adding a rule means adding one row here; nothing is discovered by import side effects.
"""

from __future__ import annotations

from collections.abc import Iterable

from .models import Severity
from .rule import Rule
from .rules import boilerplate, confusables, duplicates, encoding, hygiene, inputs, language, markup, mojibake, structure

E, W, I = Severity.error, Severity.warning, Severity.info

RULES: tuple[Rule, ...] = (
    # IO: raised by the readers; always on.
    Rule("IO101", "unreadable-file", E, "input", inputs.unreadable_file),
    Rule("IO102", "empty-file", E, "input", inputs.empty_file),
    Rule("IO103", "binary-file", E, "input", inputs.binary_file),
    Rule("IO104", "invalid-json-line", E, "input", inputs.invalid_json_line),
    Rule("IO105", "missing-text", E, "input", inputs.missing_text),
    # EN: decoding (raised by the decoder) and text hygiene.
    Rule("EN101", "undecodable-bytes", W, "input", encoding.undecodable_bytes),
    Rule("EN102", "not-utf8", W, "input", encoding.not_utf8),
    Rule("EN106", "low-confidence-encoding", W, "input", encoding.low_confidence_encoding, encoding.LowConfidenceOptions),
    Rule("EN107", "declared-encoding-mismatch", W, "input", encoding.declared_encoding_mismatch),
    # Mojibake runs before the character rules: its C1 and NBSP characters are evidence.
    Rule("EN108", "mojibake", W, "text", mojibake.mojibake, fix="safe"),
    Rule("EN103", "replacement-character", W, "text", encoding.replacement_character),
    Rule("EN104", "control-characters", W, "text", encoding.control_characters, fix="safe"),
    Rule("EN105", "not-nfc", I, "text", encoding.not_nfc, fix="safe"),
    Rule("EN109", "invisible-characters", W, "text", hygiene.invisible_characters, fix="safe"),
    Rule("EN110", "bidi-controls", W, "text", hygiene.bidi_controls, fix="safe"),
    Rule("EN111", "line-endings", I, "text", hygiene.line_endings, fix="safe"),
    Rule("EN112", "unusual-spaces", I, "text", hygiene.unusual_spaces, fix="safe"),
    Rule("EN113", "html-entities", W, "text", markup.html_entities, fix="safe"),
    Rule("EN114", "html-tags", W, "text", markup.html_tags, fix="safe"),
    Rule("EN115", "confusable-letters", W, "text", confusables.confusable_letters, fix="safe"),
    # ST: structure.
    Rule("ST101", "missing-title", E, "article", structure.missing_title),
    Rule("ST102", "body-too-short", W, "article", structure.body_too_short, structure.BodyTooShortOptions),
    Rule("ST103", "title-repeated", W, "article", structure.title_repeated, fix="safe"),
    Rule("ST104", "timestamp-unparsed", W, "article", structure.timestamp_unparsed),
    Rule("ST105", "date-out-of-range", W, "article", structure.date_out_of_range, structure.DateRangeOptions),
    Rule("ST106", "dateline-date-unresolved", I, "article", structure.dateline_date_unresolved),
    # BP: boilerplate.
    Rule("BP101", "trailing-link-list", W, "article", boilerplate.trailing_link_list, fix="safe"),
    Rule("BP102", "timestamp-line", W, "article", boilerplate.timestamp_line, fix="safe"),
    Rule("BP103", "dateline", I, "article", boilerplate.dateline, fix="safe"),
    Rule("BP104", "byline", W, "article", boilerplate.byline, boilerplate.BylineOptions, fix="safe"),
    Rule("BP105", "footer", W, "article", boilerplate.footer, fix="safe"),
    # EN (article scope): needs the parsed body.
    Rule("EN116", "unexpected-language", W, "article", language.unexpected_language, language.LanguageOptions),
    Rule("BP106", "caption", W, "article", boilerplate.caption, fix="safe"),
    Rule("BP107", "navigation", W, "article", boilerplate.navigation, fix="safe"),
    Rule("BP108", "outside-main-text", W, "article", boilerplate.outside_main_text, fix="safe"),
    Rule("BP109", "template-line", W, "article", boilerplate.template_line, boilerplate.TemplateLineOptions, fix="safe"),
    Rule("BP110", "headline-line", I, "article", boilerplate.headline_line, fix="safe"),
    # DU: duplicates across the corpus.
    Rule("DU101", "exact-duplicate", E, "corpus", duplicates.exact_duplicate, duplicates.ExactOptions),
    Rule("DU102", "near-duplicate", W, "corpus", duplicates.near_duplicate, duplicates.NearOptions),
    Rule("DU103", "partial-duplicate", W, "corpus", duplicates.partial_duplicate, duplicates.PartialOptions),
    Rule("DU104", "repeated-paragraph", I, "corpus", duplicates.repeated_paragraph, duplicates.ParagraphOptions),
    Rule("DU105", "same-title-different-body", I, "corpus", duplicates.same_title_different_body, duplicates.TitleOptions),
)

BY_CODE: dict[str, Rule] = {r.code: r for r in RULES}
BY_NAME: dict[str, Rule] = {r.name: r for r in RULES}
ALWAYS_ON = frozenset(r.code for r in RULES if r.code.startswith("IO"))


def get_rule(key: str) -> Rule:
    """A rule by code (``BP101``, any case) or name (``trailing-link-list``)."""
    rule = BY_CODE.get(key.upper()) or BY_NAME.get(key.lower())
    if rule is None:
        raise KeyError(f"unknown rule {key!r}; `validator rules` lists them")
    return rule


def matches(rule: Rule, selector: str) -> bool:
    """Whether ``selector`` (a code, a code prefix such as ``BP`` or ``BP1``, a name, or
    ``ALL``) selects ``rule``."""
    sel = selector.strip()
    if sel.upper() == "ALL":
        return True
    return rule.code.startswith(sel.upper()) or rule.name == sel.lower()


def check_selectors(selectors: Iterable[str]) -> None:
    """Raise ``ValueError`` for a selector that selects no rule (a typo would otherwise
    silently select nothing)."""
    for sel in selectors:
        if not any(matches(r, sel) for r in RULES):
            raise ValueError(f"selector {sel!r} matches no rule; `validator rules` lists them")


def select(select: Iterable[str] | None, ignore: Iterable[str] | None) -> list[Rule]:
    """Rules chosen by ``select`` (default: all) minus ``ignore``, in table order.
    IO rules are always on."""
    select = list(select or ["ALL"])
    ignore = list(ignore or [])
    check_selectors(select + ignore)
    chosen = []
    for rule in RULES:
        on = any(matches(rule, s) for s in select) and not any(matches(rule, s) for s in ignore)
        if on or rule.code in ALWAYS_ON:
            chosen.append(rule)
    return chosen
