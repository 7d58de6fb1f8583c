"""Writers: what a classified document becomes — text, markdown, a JSONL record, or the explain view."""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any, Iterator

from .document import BOILERPLATE, CHAT_UI, CONTENT, OFF_TOPIC, Document, ErrorRecord

OUTPUT_FORMATS: tuple[str, ...] = ("text", "markdown", "jsonl")
LABEL_COLOURS = {CONTENT: "green", BOILERPLATE: "yellow", CHAT_UI: "magenta", OFF_TOPIC: "red"}


def render_text(document: Document) -> str:
    """The kept paragraphs, one blank line apart."""
    return "\n\n".join(p.text for p in document.kept)


def render_markdown(document: Document) -> str:
    """The kept paragraphs as markdown: the title as a heading, then headings, list items and quotes as such."""
    blocks = [f"# {document.title}"] if document.title else []
    for paragraph in document.kept:
        markup = paragraph.markup
        if markup.heading:
            blocks.append(f"{'#' * min(6, markup.heading + (1 if document.title else 0))} {paragraph.text}")
        elif markup.tag == "li":
            blocks.append(f"- {paragraph.text}")
        elif markup.tag == "blockquote" or "blockquote" in markup.ancestors:
            blocks.append(f"> {paragraph.text}")
        else:
            blocks.append(paragraph.text)
    return "\n\n".join(blocks)


def jsonl_record(document: Document, model_name: str, text_field: str = "text") -> dict[str, Any]:
    """The input record's fields (a JSONL record's or a WordPress post's) with the cleaned text and a summary."""
    record: dict[str, Any] = dict(document.fields) if document.fields else {
        "id": document.id, "source": document.source, "title": document.title}
    record[text_field] = render_text(document)
    record["filterkit"] = {"kept": len(document.kept), "dropped": document.dropped_counts(), "model": model_name}
    return record


def render(document: Document, output_format: str, model_name: str = "", text_field: str = "text") -> str:
    """One document in the chosen output format, without a trailing newline."""
    if output_format == "jsonl":
        return json.dumps(jsonl_record(document, model_name, text_field), ensure_ascii=False)
    if output_format == "markdown":
        return render_markdown(document)
    return render_text(document)


def error_line(error: ErrorRecord) -> str:
    return json.dumps(error.to_json(), ensure_ascii=False)


def explain_lines(document: Document, style: Callable[..., str] | None = None) -> Iterator[str]:
    """Each paragraph with its label and probability: what the model decided, one line each.

    ``style`` is ``click.style`` when the caller wants colour (the CLI, on a terminal).
    """
    for paragraph in document.paragraphs:
        head = f"{paragraph.index:>4} {paragraph.label or '?':<11} {paragraph.score or 0.0:5.2f}  "
        if style is not None:
            head = style(head, fg=LABEL_COLOURS.get(paragraph.label or "", "white"), bold=paragraph.kept)
        yield head + paragraph.text


@contextmanager
def atomic_output(path: str | Path) -> Iterator[IO[str]]:
    """Write to a temporary file beside ``path`` and rename it over ``path`` only when complete."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle = tempfile.NamedTemporaryFile("w", dir=path.parent, prefix=f".{path.name}.", suffix=".tmp",
                                         delete=False, encoding="utf-8", newline="\n")
    try:
        with handle:
            yield handle
        publish(handle.name, path)
    finally:
        if os.path.exists(handle.name):
            os.unlink(handle.name)


def publish(temporary: str | Path, path: str | Path) -> None:
    """Rename a finished temporary file over ``path``, with the mode a new file would get (not 0600)."""
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(temporary, 0o666 & ~umask)
    os.replace(temporary, path)


def write_lines(lines: Iterable[str], handle: IO[str]) -> None:
    for line in lines:
        handle.write(line)
        handle.write("\n")
