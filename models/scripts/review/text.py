"""What the script's text may hide from the review or from the person reading it.

An encoding declaration makes Python read a saved file differently from the text reviewed
(`# coding: utf-7` turns `+AAo-` in a comment into a new line of code); direction-changing
and invisible characters make the code read differently than it runs. Direction-changing
characters block approval, as compilers refuse them in source ("Trojan Source",
CVE-2021-42574): the code view shows one program and Python runs another. Invisible ones
(zero-width, soft hyphen) are a warning to acknowledge.
"""

from __future__ import annotations

import codecs
import re

from automation_admin.models.scripts.review.items import ReviewItem, Severity

_CODING = re.compile(r"^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)", re.ASCII)
_SAME_TEXT = {"utf-8", "ascii"}
_BIDI = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_HIDDEN = re.compile("[\u200b-\u200d\u2060-\u2064\u00ad\ufeff]")


def text_findings(content: str) -> list[ReviewItem]:
    found = []
    for number, line in enumerate(content.splitlines()[:2], start=1):
        match = _CODING.match(line)
        if match is None:
            continue
        try:
            name = codecs.lookup(match.group(1)).name
        except LookupError:
            name = match.group(1)
        if name not in _SAME_TEXT:
            found.append(
                ReviewItem(
                    Severity.BLOCKER,
                    number,
                    f"declares the text encoding {match.group(1)!r}",
                    "Python would read the saved script with that encoding and run code the "
                    "review never saw.",
                    "encoding",
                )
            )
        break
    body = content[1:] if content.startswith("\ufeff") else content
    for number, line in enumerate(body.splitlines(), start=1):
        bidi = _BIDI.search(line)
        if bidi is not None:
            found.append(
                ReviewItem(
                    Severity.BLOCKER,
                    number,
                    f"holds a direction-changing character (U+{ord(bidi.group()):04X}): the "
                    "code shown reads in another order than Python runs it",
                    "What a person approves must be what runs; such characters reorder the code "
                    "view.",
                    "bidi-text",
                )
            )
        hidden = None if bidi is not None else _HIDDEN.search(line)
        if hidden is not None:
            code = f"U+{ord(hidden.group()):04X}"
            found.append(
                ReviewItem(
                    Severity.WARNING,
                    number,
                    f"holds an invisible character ({code}): the code may read differently than "
                    "it runs, which cannot be verified by eye",
                    "Such characters hide what the code view shows.",
                    "hidden-text",
                )
            )
            if len(found) >= 5:
                break
    return found
