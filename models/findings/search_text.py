"""Words typed in a search box, as the findings' full-text index (FTS5, unicode61) takes
them, and the words it can only narrow down (those with `_`), matched as written."""

from __future__ import annotations

import re


def search_words(text: str) -> list[str]:
    """The words of a search box, at most twelve (punctuation and quotes dropped); `_` stays
    inside a word, as in the key names people look for (OPENAI_API_KEY)."""
    return re.findall(r"\w+", text, flags=re.UNICODE)[:12]


def _tokens(word: str) -> list[str]:
    """A word as the index's unicode61 tokenizer cuts it: `_` separates."""
    return re.findall(r"[^\W_]+", word, flags=re.UNICODE)


def fts_query(text: str) -> str | None:
    """Words become prefix terms that must all match; quotes keep user text literal.

    A word the tokenizer cuts in pieces (OPENAI_API_KEY) becomes all of its pieces: kept
    whole it would be a phrase, which the detail=none index refuses. `whole_words` then
    holds the row to the word as written.
    """
    tokens = [t for word in search_words(text) for t in _tokens(word)]
    return " ".join(f'"{t}"*' for t in tokens) if tokens else None


def whole_words(text: str) -> list[str]:
    """The words the index only narrows down (they hold `_`), lowercased, to be found as
    written in the searched text."""
    return [w.lower() for w in search_words(text) if _tokens(w) != [w]]


# The searched columns as one text, for words the index cannot match whole.
SEARCHED_TEXT = (
    "lower(coalesce(source_title, '') || ' ' || coalesce(source_snippet, '') || ' ' || "
    "coalesce(impact_summary, '') || ' ' || coalesce(action_recommendation, ''))"
)
