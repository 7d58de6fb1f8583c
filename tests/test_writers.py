"""filterkit.write: text, markdown, JSONL records, the explain view and atomic output files."""

from __future__ import annotations

import json
import os
import re

import click
import pytest

from filterkit.document import BOILERPLATE, CHAT_UI, CONTENT, OFF_TOPIC, Document, Markup, Paragraph
from filterkit.write import atomic_output, explain_lines, jsonl_record, render, render_markdown, render_text

ANSI = re.compile(r"\x1b\[[0-9;]*m")


def make_document(specs, title=None, fields=None, **kwargs) -> Document:
    """specs: (text, label) or (text, label, Markup) tuples."""
    paragraphs = []
    for index, spec in enumerate(specs):
        text, label, markup = (*spec, Markup()) if len(spec) == 2 else spec
        paragraphs.append(Paragraph(text=text, index=index, markup=markup, label=label,
                                    score=0.5 + index / 100 if label else None))
    return Document(id="doc-1", format="text", body="\n".join(s[0] for s in specs), body_type="text",
                    source="in/doc.txt", title=title, fields=fields or {}, paragraphs=paragraphs, **kwargs)


MIXED = [
    ("Home | News | Sport", BOILERPLATE),
    ("The council approved the budget.", CONTENT),
    ("Copy code", CHAT_UI),
    ("It passed by seven votes to four.", CONTENT),
    ("Share this article", BOILERPLATE),
    ("In other news, a cat was rescued.", OFF_TOPIC),
]


# ---- text ---------------------------------------------------------------------------------------------------

def test_render_text_keeps_content_one_blank_line_apart():
    document = make_document(MIXED)
    assert render_text(document) == "The council approved the budget.\n\nIt passed by seven votes to four."


def test_render_text_drops_every_noise_label_and_unlabelled_paragraphs():
    document = make_document([("kept", CONTENT), ("a", BOILERPLATE), ("b", CHAT_UI), ("c", OFF_TOPIC),
                              ("unlabelled", None)])
    assert render_text(document) == "kept"


def test_render_text_of_nothing_kept_is_empty():
    assert render_text(make_document([("a", BOILERPLATE), ("b", OFF_TOPIC)])) == ""
    assert render_text(make_document([])) == ""


def test_render_text_ignores_title():
    assert render_text(make_document([("Body.", CONTENT)], title="Title")) == "Body."


# ---- markdown -----------------------------------------------------------------------------------------------

def test_render_markdown_structure():
    document = make_document([
        ("Intro paragraph.", CONTENT, Markup(tag="p")),
        ("Section", CONTENT, Markup(tag="h2", heading=2)),
        ("First item", CONTENT, Markup(tag="li")),
        ("Second item", CONTENT, Markup(tag="li")),
        ("Dropped item", BOILERPLATE, Markup(tag="li")),
        ("A quotation.", CONTENT, Markup(tag="blockquote")),
        ("Quoted paragraph.", CONTENT, Markup(tag="p", ancestors=("html", "body", "blockquote", "p"))),
        ("Plain line.", CONTENT),
    ])
    assert render_markdown(document) == "\n\n".join([
        "Intro paragraph.", "## Section", "- First item", "- Second item", "> A quotation.",
        "> Quoted paragraph.", "Plain line."])


def test_render_markdown_title_is_the_top_heading():
    document = make_document([
        ("Top heading", CONTENT, Markup(tag="h1", heading=1)),
        ("Body text.", CONTENT, Markup(tag="p")),
        ("Dropped", BOILERPLATE, Markup(tag="p")),
    ], title="The Title")
    lines = render_markdown(document).split("\n\n")
    assert lines[0] == "# The Title"
    assert [line for line in lines if line.startswith("# ")] == ["# The Title"]  # the only top-level heading
    assert lines[1] == "## Top heading"
    assert lines[2:] == ["Body text."]


def test_render_markdown_heading_level_is_capped_at_six():
    document = make_document([("Deep", CONTENT, Markup(tag="h6", heading=6))], title="T")
    assert render_markdown(document).split("\n\n")[1] == "###### Deep"


def test_render_markdown_without_kept_paragraphs():
    assert render_markdown(make_document([("x", BOILERPLATE)], title="T")) == "# T"
    assert render_markdown(make_document([("x", BOILERPLATE)])) == ""


# ---- JSONL --------------------------------------------------------------------------------------------------

def test_jsonl_record_keeps_fields_and_replaces_text():
    fields = {"id": "r1", "url": "https://example.org/1", "meta": {"lang": "en", "tags": ["a"]}}
    document = make_document(MIXED, fields=fields)
    record = jsonl_record(document, "filterkit@abc123")
    assert {k: record[k] for k in fields} == fields
    assert record["text"] == render_text(document)
    assert record["filterkit"] == {
        "kept": 2,
        "dropped": {BOILERPLATE: 2, CHAT_UI: 1, OFF_TOPIC: 1},
        "model": "filterkit@abc123",
    }
    assert set(record) == {*fields, "text", "filterkit"}
    assert document.fields == fields  # the document itself is not changed


def test_jsonl_record_uses_the_text_field_name():
    document = make_document(MIXED, fields={"id": 3, "text": "a different field"})
    record = jsonl_record(document, "m", text_field="body")
    assert record["body"] == render_text(document)
    assert record["text"] == "a different field"
    assert record["id"] == 3


def test_jsonl_record_without_input_fields_names_the_document():
    document = make_document(MIXED, title="A title")
    record = jsonl_record(document, "m")
    assert record["id"] == "doc-1" and record["source"] == "in/doc.txt" and record["title"] == "A title"
    assert record["text"] == render_text(document)


def test_jsonl_record_counts_zero_for_absent_labels():
    record = jsonl_record(make_document([("a", CONTENT), ("b", CONTENT)], fields={"id": 1}), "m")
    assert record["filterkit"]["kept"] == 2
    assert record["filterkit"]["dropped"] == {BOILERPLATE: 0, CHAT_UI: 0, OFF_TOPIC: 0}


def test_render_jsonl_is_one_json_line():
    document = make_document([("Grüße\nnewline inside", CONTENT)], fields={"id": "ü"})
    line = render(document, "jsonl", "m")
    assert "\n" not in line
    assert "Grüße" in line  # not escaped to \\u
    assert json.loads(line) == jsonl_record(document, "m")


def test_render_dispatches_on_output_format():
    document = make_document(MIXED, title="T")
    assert render(document, "text") == render_text(document)
    assert render(document, "markdown") == render_markdown(document)


# ---- explain ------------------------------------------------------------------------------------------------

def test_explain_lines_label_and_score_on_each_line():
    document = make_document(MIXED)
    lines = list(explain_lines(document))
    assert len(lines) == len(MIXED)
    for line, paragraph in zip(lines, document.paragraphs):
        match = re.fullmatch(r"\s*(\d+) (\S+)\s+(\d\.\d\d)  (.*)", line)
        assert match, line
        assert int(match[1]) == paragraph.index
        assert match[2] == paragraph.label
        assert float(match[3]) == pytest.approx(paragraph.score, abs=0.005)
        assert match[4] == paragraph.text
    assert not any(ANSI.search(line) for line in lines)


def test_explain_lines_unlabelled_paragraph():
    [line] = explain_lines(make_document([("Not classified yet.", None)]))
    assert re.fullmatch(r"\s*0 \?\s+0\.00  Not classified yet\.", line)


def test_explain_lines_with_click_style_has_ansi_codes():
    document = make_document(MIXED)
    lines = list(explain_lines(document, click.style))
    assert all(ANSI.search(line) for line in lines)
    assert [ANSI.sub("", line) for line in lines] == list(explain_lines(document))
    colours = {p.label: line for p, line in zip(document.paragraphs, lines)}
    assert "\x1b[32m" in colours[CONTENT]  # green
    assert "\x1b[31m" in colours[OFF_TOPIC]  # red
    assert colours[CONTENT] != colours[BOILERPLATE]


# ---- atomic output ------------------------------------------------------------------------------------------

def leftovers(directory) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if p.name.endswith(".tmp"))


def test_atomic_output_appears_only_when_complete(tmp_path):
    target = tmp_path / "out.txt"
    with atomic_output(target) as handle:
        handle.write("first line\n")
        handle.flush()
        assert not target.exists()
        handle.write("second line\n")
    assert target.read_text(encoding="utf-8") == "first line\nsecond line\n"
    assert leftovers(tmp_path) == []


def test_atomic_output_creates_parent_directories(tmp_path):
    target = tmp_path / "a" / "b" / "out.md"
    with atomic_output(target) as handle:
        handle.write("x")
    assert target.read_text() == "x"


def test_atomic_output_exception_creates_nothing(tmp_path):
    target = tmp_path / "out.txt"
    with pytest.raises(RuntimeError, match="boom"):
        with atomic_output(target) as handle:
            handle.write("partial")
            raise RuntimeError("boom")
    assert not target.exists()
    assert list(tmp_path.iterdir()) == []


def test_atomic_output_exception_keeps_existing_file(tmp_path):
    target = tmp_path / "out.txt"
    target.write_text("previous content", encoding="utf-8")
    with pytest.raises(KeyboardInterrupt):
        with atomic_output(target) as handle:
            handle.write("partial")
            raise KeyboardInterrupt
    assert target.read_text(encoding="utf-8") == "previous content"
    assert leftovers(tmp_path) == []


def test_atomic_output_replaces_existing_file(tmp_path):
    target = tmp_path / "out.txt"
    target.write_text("previous content that is longer", encoding="utf-8")
    with atomic_output(target) as handle:
        handle.write("new")
    assert target.read_text(encoding="utf-8") == "new"


def test_atomic_output_writes_utf8_with_unix_newlines(tmp_path):
    target = tmp_path / "out.txt"
    with atomic_output(target) as handle:
        handle.write("Grüße\n東京\n")
    assert target.read_bytes() == "Grüße\n東京\n".encode("utf-8")


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_atomic_output_file_mode_follows_umask(tmp_path):
    old = os.umask(0o022)
    try:
        target = tmp_path / "out.txt"
        with atomic_output(target) as handle:
            handle.write("x")
        plain = tmp_path / "plain.txt"
        plain.write_text("x")
    finally:
        os.umask(old)
    assert oct(target.stat().st_mode & 0o777) == oct(plain.stat().st_mode & 0o777) == oct(0o644)


# ---- tables ---------------------------------------------------------------------------------------------------

TABLE_PAGE = ("<html><body><p>Fares rise on three routes from Monday.</p>"
              "<table><tr><th>Route</th><th>Before</th><th>After</th></tr>"
              "<tr><td>Lindenau – Oberweiler</td><td>2.40</td><td><b>2.60</b></td></tr>"
              "<tr><td>Lindenau – Steinfeld</td><td>1.90</td><td>2.10</td></tr></table>"
              "<p>Season tickets keep their price.</p></body></html>")


def segmented(html: str, dropped: tuple[str, ...] = ()) -> Document:
    """The page as the segmenter cuts it, every block kept but the texts in ``dropped``."""
    from filterkit.readers import read_string
    from filterkit.segment import segment

    document = segment(next(iter(read_string(html, "html"))))
    for paragraph in document.paragraphs:
        paragraph.label = BOILERPLATE if paragraph.text in dropped else CONTENT
    return document


def test_a_table_row_is_one_line_of_its_kept_cells():
    document = segmented(TABLE_PAGE, dropped=("1.90",))
    rows = [p.markup.row for p in document.paragraphs]
    assert rows == [0, 1, 1, 1, 2, 2, 2, 3, 3, 3, 0]
    assert len({p.markup.cell for p in document.paragraphs if p.markup.row}) == 9
    assert render_text(document).split("\n\n") == [
        "Fares rise on three routes from Monday.", "Route | Before | After", "Lindenau – Oberweiler | 2.40 | 2.60",
        "Lindenau – Steinfeld | 2.10", "Season tickets keep their price."]


def test_a_table_row_is_a_markdown_table_row_under_a_header():
    assert render_markdown(segmented(TABLE_PAGE)).split("\n\n") == [
        "Fares rise on three routes from Monday.",
        "| Route | Before | After |\n| --- | --- | --- |\n| Lindenau – Oberweiler | 2.40 | 2.60 |\n"
        "| Lindenau – Steinfeld | 1.90 | 2.10 |",
        "Season tickets keep their price."]


def test_two_tables_one_after_the_other_are_two_markdown_tables():
    """Nothing kept between them, two tables stay two, each under its own header, though their rows are numbered on
    through the page."""
    second = ("<table><tr><th>Line</th><th>Stops</th></tr><tr><td>N4</td><td>12</td></tr>"
              "<tr><td>N7</td><td>9</td></tr></table>")
    document = segmented(TABLE_PAGE.replace("</table>", "</table>" + second),
                         dropped=("Season tickets keep their price.",))
    assert [p.markup.table for p in document.paragraphs] == [0] + [1] * 9 + [2] * 6 + [0]
    assert render_markdown(document).split("\n\n") == [
        "Fares rise on three routes from Monday.",
        "| Route | Before | After |\n| --- | --- | --- |\n| Lindenau – Oberweiler | 2.40 | 2.60 |\n"
        "| Lindenau – Steinfeld | 1.90 | 2.10 |",
        "| Line | Stops |\n| --- | --- |\n| N4 | 12 |\n| N7 | 9 |"]


def test_a_page_laid_out_in_a_table_keeps_its_paragraphs_apart():
    """An old site's layout: the links in one cell, the article's paragraphs (parted by <br><br>) in the next. A cell
    of several paragraphs is no data table's cell, and the cells beside it are not joined to it."""
    page = ("<html><body><table><tr><td><a href='/'>Home</a></td><td>The mill reopened on Saturday after a long "
            "restoration.<br><br>Visitors queued for an hour to see the wheel turn again.</td></tr></table>"
            "</body></html>")
    document = segmented(page)
    assert render_text(document).split("\n\n") == [
        "Home", "The mill reopened on Saturday after a long restoration.",
        "Visitors queued for an hour to see the wheel turn again."]
    assert "|" not in render_markdown(document)
