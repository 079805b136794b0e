"""The JSON parser of every API endpoint (DRF's, with limits): input it cannot take safely is a
400 that says what is wrong and where, before any view or serializer sees it.

- Nesting deeper than MAX_DEPTH levels (a 5,000-deep array made json.load hit Python's
  recursion limit: a 500). Checked on the text before parsing, so the parser never recurses deep.
- A lone UTF-16 surrogate ("\\ud800" without its pair) in any string or key: valid JSON, but not
  Unicode text; it could neither be stored (PostgreSQL) nor written back in an error message
  (a choice field repeating the value gave a 500).

The field named is the top-level key the problem sits under, in DRF's shape
({"field": ["message"]}); for a top-level array or an unknown place it is {"detail": ...}.
"""

from __future__ import annotations

import codecs
import json
import re

from django.conf import settings
from django.utils.translation import gettext as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError, ValidationError
from rest_framework.utils.json import strict_constant

MAX_DEPTH = 32
# A JSON string (escapes included) or a bracket: strings are skipped whole so brackets in them
# do not count.
_TOKENS = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]', re.DOTALL)


def _problem(message: str, key: str | None):
    if key is not None and not _lone_surrogate(key):
        return ValidationError({key: [message]})
    return ParseError(message)


def _depth_check(text: str, limit: int) -> None:
    depth, key, top_is_object = 0, None, None
    for match in _TOKENS.finditer(text):
        token = match.group()
        first = token[0]
        if first == '"':
            if depth == 1 and top_is_object:
                key = token  # the last string at the top level: the key whose value is being read
        elif first in "[{":
            if depth == 0:
                top_is_object = first == "{"
            depth += 1
            if depth > limit:
                name = None
                if key is not None:
                    try:
                        name = json.loads(key)
                    except ValueError:
                        name = None
                raise _problem(
                    _("JSON nested deeper than %(limit)s levels; send flatter data.") % {"limit": limit}, name
                )
        else:
            depth -= 1


def _lone_surrogate(text: str) -> str | None:
    """The first lone surrogate in ``text`` as an escape (\\ud800), or None."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        return f"\\u{ord(text[exc.start]):04x}"
    return None


def _surrogate_check(data) -> None:
    stack = [((), data)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, str):
            found = _lone_surrogate(value)
        elif isinstance(value, dict):
            found = None
            for key, inner in value.items():
                if (found := _lone_surrogate(key)) is not None:
                    path = (*path, key)
                    break
                stack.append(((*path, key), inner))
        elif isinstance(value, list):
            found = None
            stack.extend(((*path, index), inner) for index, inner in enumerate(value))
        else:
            found = None
        if found is not None:
            where = ".".join(str(p) for p in path if isinstance(p, int) or _lone_surrogate(p) is None) or "/"
            raise _problem(
                _("Text must be valid Unicode: a lone UTF-16 surrogate (%(escape)s) was sent at %(path)s.")
                % {"escape": found, "path": where},
                path[0] if path and isinstance(path[0], str) else None,
            )


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser with a nesting limit and a check for lone surrogates (module docstring)."""

    def parse(self, stream, media_type=None, parser_context=None):
        encoding = parsers.get_encoding(parser_context or {})
        try:
            text = codecs.getreader(encoding)(stream).read()
        except ValueError as exc:  # not valid in the declared encoding
            raise ParseError(_("JSON parse error - %(error)s") % {"error": exc}) from None
        _depth_check(text, getattr(settings, "API_JSON_MAX_DEPTH", MAX_DEPTH))
        try:
            data = json.loads(text, parse_constant=strict_constant if self.strict else None)
        except RecursionError:
            raise ParseError(_("JSON nested too deeply; send flatter data.")) from None
        except ValueError as exc:
            raise ParseError(_("JSON parse error - %(error)s") % {"error": exc}) from None
        _surrogate_check(data)
        return data
