"""Making untrusted text safe to show in a terminal.

Articles and feeds are data. Before display, every character that a terminal
could act on (ESC and other C0 controls, DEL, C1 controls such as CSI 0x9B,
bidirectional overrides and isolates) is replaced by a visible U+FFFD, one for
one, so that character offsets into the stored text still hold. Newlines and
tabs are kept where the caller allows them.
"""

from __future__ import annotations

import re

REPLACEMENT = "\ufffd"

_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ufff9-\ufffb]"
)
_UNSAFE_INLINE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ufff9-\ufffb\u2028\u2029]"
)


def clean(text: str) -> str:
    """Text with terminal-active characters replaced; newlines and tabs kept."""
    return _UNSAFE.sub(REPLACEMENT, text)


def clean_line(text: str) -> str:
    """One line of text: like `clean`, and newlines and tabs become spaces."""
    return _UNSAFE_INLINE.sub(lambda m: " " if m.group() in "\n\t\r\u2028\u2029" else REPLACEMENT, text)

