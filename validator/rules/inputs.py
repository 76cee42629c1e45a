"""IO rules: inputs that could not be read as documents. They are raised by the readers;
the functions here only carry the documentation. IO findings cannot be deselected: an
unreadable input must always be accounted for."""

from __future__ import annotations


def unreadable_file(*_args):
    """The file or folder could not be read (missing, permission denied, I/O error, too large).

    The run goes on; the input is counted as unreadable in the report.
    """


def empty_file(*_args):
    """The file is empty or holds only whitespace, so there is no document in it."""


def binary_file(*_args):
    """The file is not text (an image, an archive, NUL bytes); its detected type is given."""


def invalid_json_line(*_args):
    """A line of a JSONL file is not a JSON object (syntax error, or an array / string).

    The message gives the file, the line number and the parser's reason.
    """


def missing_text(*_args):
    """A JSONL record has no text field (``text`` by default, see ``--text-field``), or
    its value is not a string."""
