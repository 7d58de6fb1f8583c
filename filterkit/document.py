"""The data every stage passes along: a Document holding its Paragraphs."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

CONTENT = "content"
BOILERPLATE = "boilerplate"
CHAT_UI = "chat_ui"
OFF_TOPIC = "off_topic"
LABELS: tuple[str, ...] = (CONTENT, BOILERPLATE, CHAT_UI, OFF_TOPIC)
NOISE_LABELS: tuple[str, ...] = LABELS[1:]
_SURROGATE = re.compile("[\ud800-\udfff]")


def valid_text(text: str) -> str:
    """Text with lone UTF-16 surrogates (from JSON escapes or a Python str) as U+FFFD: no parser or file takes them.

    Most text has none, and encoding it as UTF-8 (which refuses them) says so five times faster than the
    pattern's scan of a whole page.
    """
    if text.isascii():
        return text
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return _SURROGATE.sub("\ufffd", text)
    return text


def one_line(text: object, limit: int | None = 200) -> str:
    """Text as an error message shows it: on one line (an exception's text, a damaged archive's header can run
    over several) and at most ``limit`` characters, an ellipsis saying where it was cut (None: never cut)."""
    flat = " ".join(str(text).split())
    return flat if limit is None or len(flat) <= limit else flat[:limit] + "…"


class FilterkitError(Exception):
    """The one error type filterkit raises for bad input, bad models or bad options.

    Its message is a single line that names the document (and line) it concerns.
    """


@dataclass(frozen=True)
class ErrorRecord:
    """What a reader or the corpus runner yields in place of a document that could not be processed."""

    source: str
    error: str
    line: int | None = None
    id: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {"source": self.source, "line": self.line, "id": self.id, "error": self.error}


@dataclass(frozen=True, slots=True)
class Markup:
    """Where a paragraph sat in its source: enough for the classifier to read the page's structure.

    For plain text only ``tag`` ("line") and the blank-line gaps are set.
    """

    tag: str = "line"
    ancestors: tuple[str, ...] = ()
    tokens: tuple[str, ...] = ()
    link_density: float = 0.0
    heading: int = 0
    gap_before: int = 0
    gap_after: int = 0
    embed: bool = False
    own_tokens: int = 0  # how many of ``tokens``, the last ones, name the block's own element (and inline ones in it)
    row: int = 0  # the table row (<tr>) the block is in, numbered through the page from 1; 0 outside one
    cell: int = 0  # ... and its table cell (<td>, <th>), numbered the same way: the writer puts a row's cells on a line
    table: int = 0  # ... and its table (<table>), numbered the same way: two tables in a row are two markdown tables


@dataclass(slots=True)
class Paragraph:
    """One block of text, with the label and probability the classifier gave it."""

    text: str
    index: int
    markup: Markup = field(default_factory=Markup)
    label: str | None = None
    score: float | None = None
    probabilities: dict[str, float] = field(default_factory=dict)

    @property
    def kept(self) -> bool:
        return self.label == CONTENT


@dataclass
class Document:
    """A single input record on its way through read → segment → classify → write.

    ``body`` is what the segmenter splits and ``body_type`` says how ("text" or "html");
    ``format`` is what the input was (text, html, wordpress-json, jsonl) and ``fields``
    carries a JSONL record's other fields through to the output untouched.
    """

    id: str
    format: str
    body: str
    body_type: str
    source: str = "<string>"
    line: int | None = None
    title: str | None = None
    metadata: dict[str, Any] = field(default_factory=dict)
    fields: dict[str, Any] = field(default_factory=dict)
    paragraphs: list[Paragraph] = field(default_factory=list)

    @property
    def kept(self) -> list[Paragraph]:
        return [p for p in self.paragraphs if p.kept]

    def dropped_counts(self) -> dict[str, int]:
        counts = dict.fromkeys(NOISE_LABELS, 0)
        for paragraph in self.paragraphs:
            if paragraph.label in counts:
                counts[paragraph.label] += 1
        return counts

    @property
    def where(self) -> str:
        """The document's name in messages: its source, line and id where they help."""
        place = self.source if self.line is None else f"{self.source}:{self.line}"
        return place if self.id in (self.source, "") else f"{place} ({self.id})"
