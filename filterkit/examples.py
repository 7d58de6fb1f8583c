"""Labelled examples: read them, align their labels with the segmenter's paragraphs, write them back.

An example is one document a line (``training/*.jsonl``, and what ``filterkit label`` writes)::

    {"id": "...", "format": "html", "input": "<raw document>", "group": "optional grouping key",
     "paragraphs": [{"text": "...", "label": "content"}, ...]}      # or "expected": "<clean text>"

Labels are matched to paragraphs by text, so a later change of the segmenter cannot silently shift them:
what no longer aligns is reported and left out. A directory holding ``ground-truth.json`` and ``html/``
(pages with their article bodies, as in the article-extraction benchmark) is read as ``expected`` examples.
"""

from __future__ import annotations

import gzip
import json
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from .document import BOILERPLATE, CONTENT, LABELS, Document, FilterkitError
from .readers import decode, read_string
from .segment import normalize_space, segment

SHINGLE = 4
_WORDS = re.compile(r"\w+")


@dataclass
class Example:
    """A segmented document with one label per paragraph (None where no label aligned)."""

    document: Document
    labels: list[str | None]
    group: str
    unaligned: list[str] = field(default_factory=list)
    expected: str | None = None

    @property
    def expected_text(self) -> str:
        """The clean text wanted: as given, or the content-labelled paragraphs one blank line apart."""
        if self.expected is not None:
            return self.expected
        return "\n\n".join(p.text for p, label in zip(self.document.paragraphs, self.labels) if label == CONTENT)


def shingles(text: str, size: int = SHINGLE) -> Counter:
    """The benchmark's unit: overlapping runs of ``size`` lowercase words, as a multiset."""
    words = _WORDS.findall(text.lower())
    if len(words) < size:
        return Counter([tuple(words)]) if words else Counter()
    return Counter(tuple(words[i:i + size]) for i in range(len(words) - size + 1))


def shingle_scores(predicted: str, expected: str) -> tuple[float, float, float]:
    """Precision, recall and F1 of ``predicted`` against ``expected`` on 4-word shingle multisets."""
    p, e = shingles(predicted), shingles(expected)
    if not p and not e:
        return 1.0, 1.0, 1.0
    overlap = sum((p & e).values())
    precision = overlap / sum(p.values()) if p else 0.0
    recall = overlap / sum(e.values()) if e else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def load_examples(paths: Iterable[str | Path]) -> Iterator[Example]:
    """Examples from JSONL files (optionally gzipped), directories of them, and page directories."""
    for path in map(Path, paths):
        if path.is_dir() and (path / "ground-truth.json").is_file():
            yield from _page_directory(path)
        elif path.is_dir():
            for child in sorted(path.rglob("*.jsonl*")):
                yield from _jsonl_examples(child)
        elif path.is_file():
            yield from _jsonl_examples(path)
        else:
            raise FilterkitError(f"{path}: no such file or directory")


def _jsonl_examples(path: Path) -> Iterator[Example]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as handle:
        for line_number, line in enumerate(handle, start=1):
            if line.strip():
                yield from_record(json.loads(line), f"{path}:{line_number}")


def from_record(record: dict[str, Any], where: str) -> Example:
    """One labelled-example record → an aligned Example."""
    if not isinstance(record, dict) or not isinstance(record.get("input"), str):
        raise FilterkitError(f"{where}: a labelled example needs a string 'input'")
    documents = [d for d in read_string(record["input"], record.get("format", "auto"), name=where)
                 if isinstance(d, Document)]
    if len(documents) != 1:
        raise FilterkitError(f"{where}: a labelled example's input must hold exactly one document")
    document = segment(documents[0])
    document.id = str(record.get("id", where))
    group = str(record.get("group", document.id))
    if isinstance(record.get("paragraphs"), list):
        labels, unaligned = align_labels(document, record["paragraphs"], where)
        return Example(document=document, labels=labels, group=group, unaligned=unaligned)
    if isinstance(record.get("expected"), str):
        return Example(document=document, labels=align_expected(document, record["expected"]), group=group,
                       expected=record["expected"])
    raise FilterkitError(f"{where}: a labelled example needs 'paragraphs' or 'expected'")


def align_labels(document: Document, labelled: list[dict[str, str]], where: str) -> tuple[list[str | None], list[str]]:
    """Match labelled paragraphs to the document's paragraphs by text, in order."""
    wanted = []
    for item in labelled:
        if item.get("label") not in LABELS:
            raise FilterkitError(f"{where}: unknown label {item.get('label')!r} (choose from {', '.join(LABELS)})")
        wanted.append((normalize_space(item.get("text", "")), item["label"]))
    have = [p.text for p in document.paragraphs]
    labels: list[str | None] = [None] * len(have)
    matcher = SequenceMatcher(a=have, b=[text for text, _ in wanted], autojunk=False)
    for block in matcher.get_matching_blocks():
        for k in range(block.size):
            labels[block.a + k] = wanted[block.b + k][1]
    unaligned = [have[i] for i, label in enumerate(labels) if label is None]
    return labels, unaligned


def align_expected(document: Document, expected: str) -> list[str | None]:
    """Paragraphs whose text is in the expected clean text are content; the rest are boilerplate.

    A paragraph is "in" the expected text when most of its 4-word shingles are; short paragraphs must
    match a whole expected line (a lone "Related" is not content because the article uses the word).
    Matched text is used up, so a page that repeats its article (teaser, print copy) aligns it once.
    """
    remaining = shingles(expected)
    lines = Counter(normalize_space(line).lower() for line in expected.splitlines() if line.strip())
    labels: list[str | None] = []
    for paragraph in document.paragraphs:
        words = _WORDS.findall(paragraph.text.lower())
        if len(words) < 8:
            key = normalize_space(paragraph.text).lower()
            inside = lines[key] > 0
            lines[key] -= inside
        else:
            own = shingles(paragraph.text)
            matched = own & remaining
            inside = sum(matched.values()) >= 0.5 * sum(own.values())
            if inside:
                remaining -= matched
        labels.append(CONTENT if inside else BOILERPLATE)
    return labels


def _page_directory(path: Path) -> Iterator[Example]:
    truth = json.loads((path / "ground-truth.json").read_text(encoding="utf-8"))
    for key in sorted(truth):
        page = path / "html" / f"{key}.html.gz"
        if not page.is_file():
            continue
        html = decode(gzip.decompress(page.read_bytes()), str(page))
        site = urlparse(truth[key].get("url", "")).netloc.lower().removeprefix("www.") or key  # hosts ignore case
        record = {"id": key, "format": "html", "input": html, "expected": truth[key]["articleBody"], "group": site}
        yield from_record(record, str(page))


def to_record(document: Document) -> dict[str, Any]:
    """A classified document as a labelled example (what ``filterkit label`` writes for a person to correct)."""
    return {"id": document.id, "format": document.format if document.format != "jsonl" else document.body_type,
            "input": document.body if document.format == "jsonl" else _raw(document),
            "paragraphs": [{"text": p.text, "label": p.label} for p in document.paragraphs]}


def _raw(document: Document) -> str:
    if document.format == "wordpress-json":
        return json.dumps({**document.metadata, "content": {"rendered": document.body}}, ensure_ascii=False)
    return document.body
