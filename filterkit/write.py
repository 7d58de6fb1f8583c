"""Writers: what a classified document becomes — text, markdown, a JSONL record, or the explain view."""

from __future__ import annotations

import html
import json
import os
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any, Iterator

from .document import (BOILERPLATE, CHAT_UI, CONTENT, OFF_TOPIC, Document, ErrorRecord, FilterkitError, Paragraph,
                       valid_text)

OUTPUT_FORMATS: tuple[str, ...] = ("text", "markdown", "jsonl")
LABEL_COLOURS = {CONTENT: "green", BOILERPLATE: "yellow", CHAT_UI: "magenta", OFF_TOPIC: "red"}


# Between the cells of a table row on its output line.
CELL_SEPARATOR = " | "


def output_blocks(document: Document) -> list[tuple[list[Paragraph], bool]]:
    """The kept paragraphs grouped as the text output's paragraphs, each with whether it is a table's row: each
    paragraph alone, but a data table's row, each of whose cells is one paragraph, is one line of its kept cells. A
    row with a cell of several paragraphs (a page laid out in a table, its article in one cell) stays paragraphs."""
    blocks_in_cell = Counter(p.markup.cell for p in document.paragraphs if p.markup.cell)
    layout_rows = {p.markup.row for p in document.paragraphs if blocks_in_cell[p.markup.cell] > 1}
    blocks: list[tuple[list[Paragraph], bool]] = []
    for paragraph in document.kept:
        in_row = paragraph.markup.row > 0 and paragraph.markup.row not in layout_rows
        if in_row and blocks and blocks[-1][1] and blocks[-1][0][-1].markup.row == paragraph.markup.row:
            blocks[-1][0].append(paragraph)
        else:
            blocks.append(([paragraph], in_row))
    return blocks


def block_text(paragraphs: list[Paragraph]) -> str:
    return CELL_SEPARATOR.join(paragraph.text for paragraph in paragraphs)


def render_text(document: Document) -> str:
    """The kept paragraphs, one blank line apart; a table row's cells on one line (``output_blocks``)."""
    return "\n\n".join(block_text(paragraphs) for paragraphs, _ in output_blocks(document))


def render_markdown(document: Document) -> str:
    """The kept paragraphs as markdown: the title as a heading, then headings, list items, quotes and tables as
    such (a table's first kept row is its header)."""
    blocks = [f"# {document.title}"] if document.title else []
    table: list[str] = []
    table_number = 0
    for paragraphs, is_row in output_blocks(document):
        if table and (not is_row or paragraphs[0].markup.table != table_number):  # its end, or the next table's start
            blocks.append("\n".join(table))
            table = []
        if is_row:
            table_number = paragraphs[0].markup.table
            table.append("| " + " | ".join(p.text.replace("|", "\\|") for p in paragraphs) + " |")
            if len(table) == 1:
                table.append("|" + " --- |" * len(paragraphs))
            continue
        paragraph, markup = paragraphs[0], paragraphs[0].markup
        if markup.heading:
            blocks.append(f"{'#' * min(6, markup.heading + (1 if document.title else 0))} {paragraph.text}")
        elif markup.tag == "li":
            blocks.append(f"- {paragraph.text}")
        elif markup.tag == "blockquote" or "blockquote" in markup.ancestors:
            blocks.append(f"> {paragraph.text}")
        else:
            blocks.append(paragraph.text)
    if table:
        blocks.append("\n".join(table))
    return "\n\n".join(blocks)


def cleaning_summary(document: Document, model_name: str, options: dict[str, Any] | None = None) -> dict[str, Any]:
    """What was kept and dropped, and the model and ``options`` (favor, keep_embeds, stable) that decided it, so that a
    corpus cleaned in several runs says which records were cleaned how: a JSONL record's ``filterkit`` field."""
    return {"kept": len(document.kept), "dropped": document.dropped_counts(), "model": model_name, **(options or {})}


def jsonl_record(document: Document, model_name: str, text_field: str = "text",
                 options: dict[str, Any] | None = None) -> dict[str, Any]:
    """The input record's fields (a JSONL record's or a WordPress post's) with the cleaned text and its
    ``cleaning_summary``."""
    record: dict[str, Any] = dict(document.fields) if document.fields else {
        "id": document.id, "source": document.source, "title": document.title}
    record[text_field] = render_text(document)
    record["filterkit"] = cleaning_summary(document, model_name, options)
    return record


def render(document: Document, output_format: str, model_name: str = "", text_field: str = "text",
           options: dict[str, Any] | None = None) -> str:
    """One document in the chosen output format, without a trailing newline."""
    if output_format == "jsonl":
        rendered = json.dumps(jsonl_record(document, model_name, text_field, options), ensure_ascii=False)
    elif output_format == "markdown":
        rendered = render_markdown(document)
    elif output_format == "text":
        rendered = render_text(document)
    else:
        raise FilterkitError(f"unknown output format {output_format!r} (choose from {', '.join(OUTPUT_FORMATS)})")
    return valid_text(rendered)  # a record's other fields may still hold lone surrogates


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


_REVIEW_STYLE = """
body{font:16px/1.5 system-ui,sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem;color:#222}
h1{font-size:1.4rem}h2{font-size:1.1rem;margin-top:2.5rem;border-bottom:1px solid #ccc}
.legend span,.tag{display:inline-block;border-radius:3px;padding:0 .4em;margin-right:.5em;font-size:.8rem}
.paragraph{margin:.4rem 0;padding:.3rem .6rem;border-left:.4rem solid}
.paragraph .tag{float:right;margin:0 0 0 .5rem;color:#fff}
.content{border-color:#2e7d32;background:#eef7ee}.content .tag,.legend .content{background:#2e7d32;color:#fff}
.boilerplate{border-color:#b58900;background:#fdf6e3;color:#666}
.boilerplate .tag,.legend .boilerplate{background:#b58900;color:#fff}
.chat_ui{border-color:#8e24aa;background:#f6ecf8;color:#666}.chat_ui .tag,.legend .chat_ui{background:#8e24aa;color:#fff}
.off_topic{border-color:#c62828;background:#fdecea;color:#666}.off_topic .tag,.legend .off_topic{background:#c62828;color:#fff}
.meta{color:#666;font-size:.85rem}
"""


def render_review(documents: Iterable[Document], model_name: str) -> str:
    """A self-contained HTML page: every paragraph coloured by its label, its probabilities on hover."""
    sections = []
    counts: dict[str, int] = dict.fromkeys(LABEL_COLOURS, 0)
    for document in documents:
        rows = []
        for paragraph in document.paragraphs:
            label = paragraph.label or "content"
            counts[label] = counts.get(label, 0) + 1
            hover = " · ".join(f"{name} {value:.2f}" for name, value in
                               sorted(paragraph.probabilities.items(), key=lambda item: -item[1]))
            tag = f"{label} {paragraph.score or 0.0:.2f}"
            rows.append(f'<div class="paragraph {label}" title="{html.escape(hover)}" data-index="{paragraph.index}" '
                        f'data-label="{label}"><span class="tag">{tag}</span>{html.escape(paragraph.text)}</div>')
        heading = html.escape(document.title or document.where)
        sections.append(f'<section><h2>{heading}</h2><p class="meta">{html.escape(document.where)} · '
                        f'{document.format} · {len(document.kept)} of {len(document.paragraphs)} paragraphs kept'
                        f'</p>{"".join(rows)}</section>')
    legend = "".join(f'<span class="{label}">{label} {count}</span>' for label, count in counts.items())
    return (f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>filterkit review</title>'
            f"<style>{_REVIEW_STYLE}</style></head><body><h1>filterkit review</h1>"
            f'<p class="meta">model {html.escape(model_name)} · hover a paragraph for its probabilities</p>'
            f'<p class="legend">{legend}</p>{"".join(sections)}</body></html>')


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
