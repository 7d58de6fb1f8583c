"""A battery of real-world breakage, each with its expected behaviour, run through the CLI and the readers.

Every CLI case runs ``filterkit clean CASE good.txt --output-format jsonl -o OUT --errors ERRORS`` so that it
also checks the rest of the run: the good input is still written, each input record is either one output
record or one error record (count in = count out + errors), every error is one line on stderr naming its
source (and line), and the exit code is 0 (all clean), 1 (some failed) or 2 (usage/setup error).

Open bugs are strict xfails (``reason="bug: ..."``): they fail now and must pass once the bug is fixed. Bugs
fixed while this battery was written keep their test as a regression test, with the old reason as a comment.
"""

from __future__ import annotations

import codecs
import gc
import gzip
import io
import json
import os
import re
import socket
import subprocess
import sys
import textwrap
import warnings
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

import pytest

import filterkit
from filterkit import Document, ErrorRecord, FilterkitError
from filterkit.cli import main
from filterkit.readers import DEFAULT_MAX_BYTES, read_path, read_string

STORY = [
    "The city council approved the new budget on Monday evening after a long debate that ran past midnight.",
    "Opponents argued that the increase in property taxes would fall hardest on retired home owners.",
    "The mayor said she would meet with neighbourhood groups next month to explain how the money is spent.",
]
GOOD_TEXT = "\n\n".join(STORY) + "\n"
PAGE = ("<!DOCTYPE html><html><head><meta charset='utf-8'><title>Budget passes</title></head><body>"
        "<nav><a href='/'>Home</a> <a href='/news'>News</a></nav><article><h1>Budget passes</h1>"
        + "".join(f"<p>{p}</p>" for p in STORY) + "</article><footer><p>Copyright 2024 Example News</p></footer>"
        "</body></html>")
SUMMARY_LINE = re.compile(r"^\d+ documents in, \d+ out, \d+ errors")
ERROR_LINE = re.compile(r"^filterkit: error: (.+)$")


# ---- running the CLI ----------------------------------------------------------------------------------------

@dataclass
class Outcome:
    exit_code: int
    records: list[dict]
    errors: list[dict]
    stderr: str
    output: str

    @property
    def error_lines(self) -> list[str]:
        return [line for line in self.stderr.splitlines() if line.startswith("filterkit: error:")]

    def record_for(self, path: Path) -> dict:
        matches = [r for r in self.records if r.get("source") == str(path)]
        assert len(matches) == 1, f"expected one output record for {path}, got {len(matches)}"
        return matches[0]


def write(path: Path, data: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8", newline="")
    else:
        path.write_bytes(data)
    return path


_runs = iter(range(10**6))


def clean(runner, tmp_path: Path, *inputs, extra=(), output_format="jsonl") -> Outcome:
    run = tmp_path / f"run{next(_runs)}"
    run.mkdir()
    out, errors = run / "out.jsonl", run / "errors.jsonl"
    args = ["clean", *map(str, inputs), "-o", str(out), "--errors", str(errors), "--output-format", output_format,
            *map(str, extra)]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = runner.invoke(main, args, catch_exceptions=True)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        import traceback

        raise AssertionError("the run crashed instead of reporting an error record:\n"
                             + "".join(traceback.format_exception(*result.exc_info))) from None
    text = out.read_text(encoding="utf-8") if out.exists() else ""
    records = [json.loads(line) for line in text.splitlines()] if output_format == "jsonl" else []
    error_records = [json.loads(line) for line in errors.read_text(encoding="utf-8").splitlines()] \
        if errors.exists() else []
    return Outcome(result.exit_code, records, error_records, result.stderr, text)


def assert_reported(outcome: Outcome, source: Path, fragment: str, line: int | None = None) -> None:
    """Exactly one error record for ``source`` (and ``line``) containing ``fragment``, echoed on one stderr line."""
    where = f"{source}:{line}" if line is not None else str(source)
    matching = [e for e in outcome.errors if e["source"] == str(source) and e["line"] == line]
    assert len(matching) == 1, f"expected one error for {where}, got {outcome.errors}"
    message = matching[0]["error"]
    assert "\n" not in message and "\r" not in message, f"multi-line error: {message!r}"
    assert message.startswith(f"{where}: ") or message.startswith(f"{where} ("), message
    assert fragment in message, message
    assert f"filterkit: error: {message}" in outcome.error_lines


def assert_accounted(outcome: Outcome, documents_in: int) -> None:
    assert len(outcome.records) + len(outcome.errors) == documents_in, (outcome.records, outcome.errors)
    assert len(outcome.error_lines) == len(outcome.errors)
    assert outcome.exit_code == (1 if outcome.errors else 0)


def visible(text: str) -> str:
    return " ".join(text.split())


def visible_html(page: str) -> str:
    """Text nodes outside never-rendered elements, as the parser (lxml via bs4) sees them."""
    from bs4 import BeautifulSoup, Comment, Declaration, Doctype, NavigableString, ProcessingInstruction

    from filterkit.segment import SKIPPED_TAGS

    soup = BeautifulSoup(page, "lxml")
    for element in soup.find_all(list(SKIPPED_TAGS)):
        element.extract()
    return visible("".join(str(n) for n in soup.descendants if isinstance(n, NavigableString)
                           and not isinstance(n, (Comment, Declaration, Doctype, ProcessingInstruction))))


def assert_from(outcome_text: str, source_text: str) -> None:
    """Every kept paragraph occurs in the (whitespace-normalised) source text."""
    for paragraph in outcome_text.split("\n\n"):
        if paragraph:
            assert paragraph in visible(source_text), paragraph


@pytest.fixture
def good(tmp_path) -> Path:
    return write(tmp_path / "inputs" / "good.txt", GOOD_TEXT)


# ---- empty and whitespace-only ------------------------------------------------------------------------------

@pytest.mark.parametrize("content", [b"", b"   \n\t\r\n \n\x0c\n", "\u00a0\u2028\u3000\n".encode()],
                         ids=["empty", "whitespace", "unicode-whitespace"])
def test_empty_and_whitespace_only_files_give_an_empty_document(runner, tmp_path, good, content):
    case = write(tmp_path / "inputs" / "blank.txt", content)
    outcome = clean(runner, tmp_path, case, good)
    assert_accounted(outcome, 2)
    record = outcome.record_for(case)
    assert record["text"] == "" and record["filterkit"]["kept"] == 0
    assert outcome.record_for(good)["text"]


# ---- binary files ----------------------------------------------------------------------------------------------

def _zip_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("story.txt", GOOD_TEXT)
    return buffer.getvalue()


BINARIES = {
    "png": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "a PNG image"),
    "jpeg": (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(256)), "a JPEG image"),
    "gif": (b"GIF89a\x01\x00\x01\x00" + bytes(64), "a GIF image"),
    "pdf": (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n" + GOOD_TEXT.encode(), "a PDF file"),
    "zip": (_zip_bytes(), "a zip archive"),
    "elf": (b"\x7fELF\x02\x01\x01" + bytes(100), "an executable"),
    "nul-bytes": (b"MZ\x90\x00\x03\x00\x00\x00" + bytes(range(256)) * 4, "binary data"),
    "utf16-without-bom": (GOOD_TEXT.encode("utf-16-le"), "binary data"),
}


@pytest.mark.parametrize("kind", sorted(BINARIES))
def test_binary_files_are_refused_in_one_line(runner, tmp_path, good, kind):
    data, what = BINARIES[kind]
    case = write(tmp_path / "inputs" / f"file.{kind}", data)
    gzipped = write(tmp_path / "inputs" / f"file.{kind}.gz", gzip.compress(data))
    outcome = clean(runner, tmp_path, case, gzipped, good)
    assert_accounted(outcome, 3)
    assert_reported(outcome, case, f"not a text document ({what})")
    assert_reported(outcome, gzipped, f"not a text document ({what})")
    assert outcome.record_for(good)["text"]


def test_binary_on_stdin_is_refused(runner, tmp_path):
    result = runner.invoke(main, ["clean", "-", "--output-format", "jsonl"], input=BINARIES["png"][0])
    assert result.exit_code == 1
    assert [line for line in result.stderr.splitlines() if line.startswith("filterkit: error:")] == [
        "filterkit: error: -: not a text document (a PNG image)"]


# ---- encodings ---------------------------------------------------------------------------------------------

def test_invalid_utf8_falls_back_to_windows_1252(runner, tmp_path, good):
    text = "Le caf\xe9 de la gare \x96 ferm\xe9 depuis lundi, \x93enfin\x94 disent les voisins.\n\n" + GOOD_TEXT
    case = write(tmp_path / "inputs" / "latin.txt", text.encode("latin-1") + b" \x81 \xff\xfe end.\n")
    [document] = list(read_path(case))
    assert document.body.startswith("Le café de la gare – fermé depuis lundi, “enfin” disent les voisins.")
    outcome = clean(runner, tmp_path, case, good)
    assert_accounted(outcome, 2)
    assert_from(outcome.record_for(case)["text"], document.body)


def test_invalid_utf8_inside_jsonl_records_is_replaced(runner, tmp_path, good):
    lines = [json.dumps({"id": "a", "text": STORY[0]}).encode(), b'{"id": "b", "text": "caf\xe9 \xff ' +
             STORY[1].encode() + b'"}', json.dumps({"id": "c", "text": STORY[2]}).encode()]
    case = write(tmp_path / "inputs" / "mixed.jsonl", b"\n".join(lines) + b"\n")
    items = list(read_path(case))
    assert [type(i) for i in items] == [Document] * 3
    assert items[1].body.startswith("caf\ufffd \ufffd ")
    outcome = clean(runner, tmp_path, case, good)
    assert_accounted(outcome, 4)


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be", "utf-8-sig"])
@pytest.mark.parametrize("shape", ["text", "html", "jsonl"])
def test_utf16_and_utf8_with_bom(runner, tmp_path, good, codec, shape):
    content = {"text": GOOD_TEXT, "html": PAGE,
               "jsonl": "".join(json.dumps({"id": f"r{i}", "text": s}, ensure_ascii=False) + "\n"
                                for i, s in enumerate(STORY))}[shape]
    bom = {"utf-16-le": codecs.BOM_UTF16_LE, "utf-16-be": codecs.BOM_UTF16_BE, "utf-8-sig": b""}[codec]
    case = write(tmp_path / "inputs" / f"bom.{shape}", bom + content.encode(codec))
    items = list(read_path(case))
    assert all(isinstance(i, Document) for i in items) and len(items) == (3 if shape == "jsonl" else 1)
    if shape != "jsonl":
        assert items[0].body == content and items[0].body_type == shape
    outcome = clean(runner, tmp_path, case, good)
    assert_accounted(outcome, len(items) + 1)


def _declared_page(declaration: str, extra: bytes) -> bytes:
    return (f"<html><head>{declaration}<title>Budget</title></head><body><article><p>{STORY[0]} ".encode()
            + extra + f"</p><p>{STORY[1]}</p></article></body></html>".encode())


@pytest.mark.parametrize("declaration", ['<meta charset="windows-1252">', "<meta charset=cp1252>",
                                         '<meta http-equiv="Content-Type" content="text/html; charset=windows-1252">'])
def test_windows_1252_page_declared_in_meta(runner, tmp_path, good, declaration):
    case = write(tmp_path / "inputs" / "cp1252.html", _declared_page(declaration, b"\x93Caf\xe9\x94 don\x92t \x80 5"))
    [document] = list(read_path(case))
    assert "“Café” don’t € 5" in document.body
    outcome = clean(runner, tmp_path, case, good)
    assert_accounted(outcome, 2)


@pytest.mark.parametrize("declaration", ['<meta charset="iso-8859-1">', "<meta charset='latin1'>",
                                         '<meta http-equiv="content-type" content="text/html;charset=ISO-8859-1">'])
def test_latin1_page_declared_in_meta(runner, tmp_path, good, declaration):
    case = write(tmp_path / "inputs" / "latin1.html", _declared_page(declaration, b"Caf\xe9 cr\xe8me na\xefve \xa9"))
    [document] = list(read_path(case))
    assert "Café crème naïve ©" in document.body
    outcome = clean(runner, tmp_path, case, good)
    assert_accounted(outcome, 2)


# Regression test (was a strict xfail; fixed while this battery was written): a page declared
#   iso-8859-1/latin1/us-ascii is decoded with Python's codec, not as windows-1252 (WHATWG, what browsers do):
#   bytes 0x80-0x9F become C1 control characters or U+FFFD in the output
@pytest.mark.parametrize("label", ["iso-8859-1", "latin1", "us-ascii"])
def test_latin1_label_means_windows_1252(label):
    page = _declared_page(f'<meta charset="{label}">', b"\x93Caf\xe9\x94 don\x92t \x80 5")
    [document] = list(read_string(filterkit.readers.decode(page)))
    assert "“Café” don’t € 5" in document.body


# ---- line endings ------------------------------------------------------------------------------------------

def test_mixed_line_endings(runner, tmp_path, good):
    unix = f"{STORY[0]}\nA second line of the lede.\n\n{STORY[1]}\n\n\n{STORY[2]}\nLast line.\n"
    mixed = f"{STORY[0]}\r\nA second line of the lede.\r\r\n{STORY[1]}\n\r\n\r{STORY[2]}\rLast line.\r\n"
    a = write(tmp_path / "inputs" / "unix.txt", unix)
    b = write(tmp_path / "inputs" / "mixed.txt", mixed)
    [doc_a], [doc_b] = list(read_path(a)), list(read_path(b))
    from filterkit.segment import segment

    assert [p.text for p in segment(doc_a).paragraphs] == [p.text for p in segment(doc_b).paragraphs]
    outcome = clean(runner, tmp_path, a, b, good)
    assert_accounted(outcome, 3)
    assert outcome.record_for(a)["text"] == outcome.record_for(b)["text"]
    assert "\r" not in outcome.record_for(b)["text"]


def test_jsonl_with_mixed_line_endings(runner, tmp_path, good):
    records = [json.dumps({"id": f"r{i}", "text": s}) for i, s in enumerate(STORY)]
    case = write(tmp_path / "inputs" / "crlf.jsonl", records[0] + "\r\n" + records[1] + "\n" + records[2] + "\r\n")
    items = list(read_path(case))
    assert [(type(i), i.line) for i in items] == [(Document, 1), (Document, 2), (Document, 3)]
    outcome = clean(runner, tmp_path, case, good)
    assert_accounted(outcome, 4)


# ---- size limits -------------------------------------------------------------------------------------------

def _big_text(size: int) -> str:
    paragraph = " ".join(STORY) + "\n\n"
    return paragraph * (size // len(paragraph) + 1)


@pytest.mark.parametrize("shape", ["text", "html", "text.gz"])
def test_a_50_mb_document_is_refused_by_default(runner, tmp_path, good, shape):
    body = _big_text(50 * 1024 * 1024)
    if shape == "html":
        body = "<html><body>" + body.replace("\n\n", "</p><p>") + "</body></html>"
    data = body.encode()
    if shape.endswith(".gz"):
        data = gzip.compress(data, compresslevel=1)
    case = write(tmp_path / "inputs" / f"huge.{shape}", data)
    outcome = clean(runner, tmp_path, case, good)
    assert_accounted(outcome, 2)
    assert_reported(outcome, case, f"larger than the {DEFAULT_MAX_BYTES:,}-byte limit (raise --max-bytes)")
    assert outcome.record_for(good)["text"]


def test_max_bytes_is_configurable(runner, tmp_path, good):
    case = write(tmp_path / "inputs" / "page.html", PAGE)
    size = len(PAGE.encode())
    refused = clean(runner, tmp_path, case, good, extra=["--max-bytes", size - 1])
    assert_accounted(refused, 2)
    assert_reported(refused, case, f"larger than the {size - 1:,}-byte limit")
    accepted = clean(runner, tmp_path, case, good, extra=["--max-bytes", size])
    assert_accounted(accepted, 2)
    assert not accepted.errors


def test_max_bytes_applies_to_each_jsonl_record(runner, tmp_path, good):
    records = [{"id": "small", "text": STORY[0]}, {"id": "big", "text": " ".join(STORY) * 50},
               {"id": "small2", "text": STORY[1]}]
    case = write(tmp_path / "inputs" / "corpus.jsonl", "".join(json.dumps(r) + "\n" for r in records))
    outcome = clean(runner, tmp_path, case, good, extra=["--max-bytes", 2000])
    assert_accounted(outcome, 4)
    assert_reported(outcome, case, "record larger than the 2,000-byte limit", line=2)
    assert [r["id"] for r in outcome.records if r.get("id") in ("small", "big", "small2")] == ["small", "small2"]


@pytest.mark.parametrize("option", [["--max-bytes", "0"], ["--max-bytes", "-5"], ["--max-bytes", "ten"],
                                    ["--input-format", "pdf"], ["--output-format", "html"],
                                    ["-o", "x.txt", "--output-dir", "y"], ["--model", "/nonexistent/model.joblib"]])
def test_usage_and_setup_errors_exit_2(runner, tmp_path, good, option):
    result = runner.invoke(main, ["clean", str(good), *option])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output


def test_a_5_mb_document_is_cleaned(runner, tmp_path):
    """Its speed is measured by benchmarks/scaling.py (time at N and 10N), not by a timed test."""
    import random

    rng = random.Random(5)
    words = " ".join(STORY).replace(".", "").split()
    paragraphs, size = [], 0
    while size < 5_000_000:
        paragraph = " ".join(rng.choice(words) for _ in range(rng.randint(60, 140))) + "."
        paragraphs.append(paragraph)
        size += len(paragraph) + 8
    page = ("<html><head><title>A long report</title></head><body><article>"
            + "".join(f"<p>{p}</p>\n" for p in paragraphs) + "</article></body></html>")
    case = write(tmp_path / "inputs" / "report.html", page)
    outcome = clean(runner, tmp_path, case)
    assert_accounted(outcome, 1)
    assert outcome.record_for(case)["filterkit"]["kept"] > len(paragraphs) // 2


# ---- hostile HTML --------------------------------------------------------------------------------------------

@pytest.mark.parametrize("shape", ["div", "inline", "unclosed", "mixed", "table"])
def test_html_nested_10000_levels_deep(runner, tmp_path, good, shape):
    depth = 10_000
    if shape == "div":
        page = "<html><body>" + "<div>" * depth + STORY[0] + "</div>" * depth + "</body></html>"
    elif shape == "inline":
        page = "<p>" + "<span><b><i>" * (depth // 3) + STORY[0] + "</i></b></span>" * (depth // 3) + "</p>"
    elif shape == "unclosed":
        page = "<body>" + "<div class='x'><section>" * (depth // 2) + STORY[0]
    elif shape == "table":
        page = "<table><tr><td>" * (depth // 3) + STORY[0]
    else:
        page = "".join(f"<{t}>" for t in ["div", "blockquote", "ul", "li", "a", "em"] * (depth // 6)) + STORY[0]
    case = write(tmp_path / "inputs" / f"deep-{shape}.html", page)
    outcome = clean(runner, tmp_path, case, good)
    assert_accounted(outcome, 2)
    assert outcome.record_for(case)["text"] in ("", STORY[0])


def test_unclosed_and_misnested_tags(runner, tmp_path, good):
    page = (f"<html><body><article><p>{STORY[0]}<p>{STORY[1]}<div><b>{STORY[2]}<i>more</b> text</i>"
            "<ul><li>one<li>two</ul></p></div></span></article><p>trailing <a href='/x'>link")
    case = write(tmp_path / "inputs" / "unclosed.html", page)
    outcome = clean(runner, tmp_path, case, good)
    assert_accounted(outcome, 2)
    assert_from(outcome.record_for(case)["text"], visible_html(page))


def test_a_page_that_is_all_scripts(runner, tmp_path, good):
    page = ("<!DOCTYPE html><html><head><script>var a = '<p>" + STORY[0] + "</p>';</script>"
            "<style>p { color: red }</style></head><body><script>document.write('<p>" + STORY[1] + "</p>')</script>"
            "<noscript>Please enable JavaScript to read this story.</noscript><template><p>" + STORY[2]
            + "</p></template><script type='application/ld+json'>{\"@type\": \"NewsArticle\"}</script></body></html>")
    case = write(tmp_path / "inputs" / "scripts.html", page)
    outcome = clean(runner, tmp_path, case, good)
    assert_accounted(outcome, 2)
    assert outcome.record_for(case)["text"] == ""


def test_entities_are_not_expanded_and_nothing_is_fetched(shipped_filter, monkeypatch, tmp_path):
    """An XML billion-laughs DOCTYPE and external entities in (X)HTML: no expansion, no network, no file read.

    A listening socket catches any connection, from Python or from libxml2's own C code; the socket functions
    are patched as well, and a local file named by an entity holds a marker that must not appear.
    """
    attempts = []

    def refuse(*args, **kwargs):
        attempts.append(args)
        raise OSError("network access during parsing")

    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(5)
    listener.setblocking(False)
    port = listener.getsockname()[1]
    secret = write(tmp_path / "secret.txt", "MARKER-7f3a9 must never be read")
    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    laughs = "".join(f'<!ENTITY lol{i} "{("&lol%d;" % (i - 1)) * 10}">' for i in range(1, 10))
    page = (f'<?xml version="1.0"?><!DOCTYPE html [<!ENTITY lol0 "lol">{laughs}'
            f'<!ENTITY ext SYSTEM "http://127.0.0.1:{port}/evil.dtd"><!ENTITY file SYSTEM "file://{secret}">'
            f'<!ENTITY % remote SYSTEM "http://127.0.0.1:{port}/remote.dtd"> %remote;]>'
            f'<html xmlns="http://www.w3.org/1999/xhtml"><head><link rel="stylesheet" '
            f'href="http://127.0.0.1:{port}/style.css"/></head><body><p>&lol9;</p><p>&ext;</p><p>&file;</p>'
            f'<img src="http://127.0.0.1:{port}/pixel.gif"/><p>{STORY[0]}</p></body></html>')
    try:
        for data in (page, page.encode(), gzip.compress(page.encode())):
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                document = shipped_filter.classify(data)
                shipped_filter.clean(data, output_format="markdown")
            text = " ".join(p.text for p in document.paragraphs)
            assert len(text) < len(page), "entities were expanded"
            assert "lollol" not in text and "MARKER-7f3a9" not in text
        with pytest.raises(BlockingIOError):
            listener.accept()  # nobody connected
    finally:
        listener.close()
    assert not attempts


# ---- JSONL and WordPress records -------------------------------------------------------------------------------

def test_jsonl_with_a_broken_line_and_a_record_without_text(runner, tmp_path, good):
    lines = [json.dumps({"id": "r1", "text": STORY[0]}), json.dumps({"id": "r2", "text": STORY[1]}),
             '{"id": "r3", "text": "cut off in the mid', "", json.dumps({"id": "r5", "body": "no text field"}),
             json.dumps({"id": "r6", "text": ["not", "a", "string"]}), "[1, 2, 3]",
             json.dumps({"id": "r8", "text": STORY[2]})]
    case = write(tmp_path / "inputs" / "corpus.jsonl", "\n".join(lines) + "\n")
    outcome = clean(runner, tmp_path, case, good)
    assert_accounted(outcome, 7 + 1)  # the blank line 4 is not a record
    assert_reported(outcome, case, "invalid JSON", line=3)
    assert_reported(outcome, case, "record has no 'text' field (set --text-field)", line=5)
    assert_reported(outcome, case, "record has a non-string 'text' field", line=6)
    assert_reported(outcome, case, "a JSONL record must be an object", line=7)
    assert [r["id"] for r in outcome.records if r["id"].startswith("r")] == ["r1", "r2", "r8"]
    assert next(e for e in outcome.errors if e["line"] == 5)["id"] == "r5"


@pytest.mark.parametrize("content", [None, "missing", {}, {"rendered": None}, {"rendered": 42},
                                     {"rendered": ["<p>x</p>"]}, {"rendered": {"html": "<p>x</p>"}},
                                     "<p>a string, not an object</p>"],
                         ids=["null", "missing", "empty", "rendered-null", "rendered-number", "rendered-list",
                              "rendered-object", "content-string"])
def test_wordpress_post_without_a_string_content_rendered(runner, tmp_path, good, content):
    fine = {"id": 1, "title": {"rendered": "Budget passes"},
            "content": {"rendered": "".join(f"<p>{p}</p>" for p in STORY)}}
    broken = {"id": 2, "title": {"rendered": "Broken"}}
    if content != "missing":
        broken["content"] = content
    single = write(tmp_path / "inputs" / "post.json", json.dumps(broken))
    listing = write(tmp_path / "inputs" / "posts.json", json.dumps([fine, broken, {**fine, "id": 3}]))
    forced = clean(runner, tmp_path, single, listing, extra=["--input-format", "wordpress-json"])
    assert_accounted(forced, 1 + 3)
    assert_reported(forced, single, "WordPress post has no string content.rendered")
    assert any(e["error"] == f"{listing} (post 2): WordPress post has no string content.rendered"
               for e in forced.errors)
    assert sorted(r.get("id") for r in forced.records) == [1, 3]
    detected = clean(runner, tmp_path, listing, good)  # the list is recognised as WordPress by its other posts
    assert_accounted(detected, 3 + 1)
    assert [e["id"] for e in detected.errors] == ["2"]


def test_wordpress_detected_without_the_format_option(runner, tmp_path, good):
    posts = [{"id": 1, "content": {"rendered": f"<p>{STORY[0]}</p>"}}, {"id": 2, "content": {"rendered": 7}}]
    case = write(tmp_path / "inputs" / "posts.txt", json.dumps(posts))
    outcome = clean(runner, tmp_path, case, good)
    assert_accounted(outcome, 3)
    assert any(e["error"].startswith(f"{case} (post 2): ") for e in outcome.errors)


# ---- truncated gzip ------------------------------------------------------------------------------------------

def _truncated(data: bytes) -> bytes:
    compressed = gzip.compress(data, mtime=0)
    return compressed[: len(compressed) // 2]


def _noise_text(lines: int, seed: int = 3) -> str:
    import random

    rng = random.Random(seed)
    words = " ".join(STORY).replace(".", "").split()
    return "\n\n".join(" ".join(rng.choice(words) for _ in range(40)) + "." for _ in range(lines))


@pytest.mark.parametrize("shape", ["text", "html"])
def test_truncated_gz_document(runner, tmp_path, good, shape):
    body = _noise_text(300)
    if shape == "html":
        body = "<html><body><p>" + body.replace("\n\n", "</p><p>") + "</p></body></html>"
    case = write(tmp_path / "inputs" / f"cut.{shape}.gz", _truncated(body.encode()))
    outcome = clean(runner, tmp_path, case, good)
    assert_accounted(outcome, 2)
    assert_reported(outcome, case, "damaged or truncated input")


def _jsonl_corpus(records: int) -> tuple[bytes, int]:
    """A gzipped JSONL corpus cut in half, and how many complete lines survive the cut."""
    import random

    rng = random.Random(records)
    words = " ".join(STORY).replace(".", "").split()
    text = "".join(json.dumps({"id": f"r{i}", "text": " ".join(rng.choice(words) for _ in range(60))}) + "\n"
                   for i in range(records))
    cut = _truncated(text.encode())
    surviving = zlib.decompressobj(31).decompress(cut)
    return cut, surviving.count(b"\n")


def test_truncated_gz_jsonl_reports_the_file_and_line(runner, tmp_path, good):
    data, complete = _jsonl_corpus(3000)
    case = write(tmp_path / "inputs" / "cut.jsonl.gz", data)
    outcome = clean(runner, tmp_path, case, good)
    [error] = outcome.errors
    assert error["source"] == str(case) and isinstance(error["line"], int)
    assert error["error"].startswith(f"{case}:{error['line']}: damaged or truncated input")
    assert len(outcome.records) == error["line"] - 1 + 1  # the records before the error line, and good.txt
    assert complete - 50 < error["line"] <= complete + 1
    assert_accounted(outcome, len(outcome.records) + 1)


# Regression test (was a strict xfail; fixed while this battery was written): a truncated JSONL .gz loses the
#   complete records decompressed just before the cut (BufferedReader drops its partial buffer on EOFError): all of
#   them for a small file, ~10 for a large one, and the error names a line that was intact
@pytest.mark.parametrize("records", [200, 3000])
def test_truncated_gz_jsonl_keeps_every_complete_record(runner, tmp_path, records):
    data, complete = _jsonl_corpus(records)
    case = write(tmp_path / "inputs" / "cut.jsonl.gz", data)
    outcome = clean(runner, tmp_path, case)
    assert len(outcome.records) == complete
    [error] = outcome.errors
    assert error["line"] == complete + 1


# ---- WARC archives ---------------------------------------------------------------------------------------------

def _warc(pages: int, gz: bool = True, charsets=None) -> bytes:
    """A WARC with a request record, then ``pages`` HTML responses (and one image response that is skipped)."""
    warcio = pytest.importorskip("warcio")
    from warcio.statusandheaders import StatusAndHeaders

    buffer = io.BytesIO()
    writer = warcio.warcwriter.WARCWriter(buffer, gzip=gz)
    request = StatusAndHeaders("GET / HTTP/1.1", [("Host", "example.org")], is_http_request=True)
    writer.write_record(writer.create_warc_record("https://example.org/", "request", http_headers=request))
    for i in range(pages):
        html = (f"<html><head><title>Page {i}</title></head><body><article><p>{STORY[0]} Page {i}.</p>"
                f"<p>{STORY[1]}</p></article></body></html>").encode()
        charset = (charsets or {}).get(i, "utf-8")
        headers = StatusAndHeaders("200 OK", [("Content-Type", f"text/html; charset={charset}")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(f"https://example.org/{i}", "response",
                                                      payload=io.BytesIO(html), http_headers=headers))
        if i == 0:
            image = StatusAndHeaders("200 OK", [("Content-Type", "image/png")], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record("https://example.org/x.png", "response",
                                                          payload=io.BytesIO(BINARIES["png"][0]),
                                                          http_headers=image))
    return buffer.getvalue()


def _record_starts(data: bytes) -> list[int]:
    return [m.start() for m in re.finditer(rb"WARC/1\.[01]\r\n", data)]


@pytest.mark.parametrize("gz", [True, False], ids=["warc.gz", "warc"])
def test_warc_html_responses_are_read(runner, tmp_path, good, gz):
    case = write(tmp_path / "inputs" / ("site.warc.gz" if gz else "site.warc"), _warc(5, gz))
    outcome = clean(runner, tmp_path, case, good)
    assert_accounted(outcome, 5 + 1)
    assert sorted(r["url"] for r in outcome.records if "url" in r) == [f"https://example.org/{i}" for i in range(5)]


def test_truncated_warc_record_payload_is_reported(runner, tmp_path, good):
    data = _warc(20, gz=False)
    cut = len(data) - 30  # inside the payload of the last page
    case = write(tmp_path / "inputs" / "cut.warc", data[:cut])
    outcome = clean(runner, tmp_path, case, good)
    assert_accounted(outcome, 20 + 1)
    assert_reported(outcome, case, "truncated WARC record")


# Regression test (was a strict xfail; fixed while this battery was written): a plain WARC cut inside a record's
#   WARC headers raises AttributeError from warcio out of read_path and kills the run
def test_warc_cut_inside_record_headers_does_not_end_the_run(runner, tmp_path, good):
    data = _warc(20, gz=False)
    cut = _record_starts(data)[12] + 40
    case = write(tmp_path / "inputs" / "cut.warc", data[:cut])
    outcome = clean(runner, tmp_path, case, good)
    assert any(e["source"] == str(case) for e in outcome.errors)
    assert outcome.record_for(good)["text"]


def test_warc_cut_inside_http_headers_is_reported(runner, tmp_path, good):
    data = _warc(20, gz=False)
    start = _record_starts(data)[-1]
    cut = start + data[start:].index(b"HTTP/1.1 200") + 20
    case = write(tmp_path / "inputs" / "cut.warc", data[:cut])
    outcome = clean(runner, tmp_path, case, good)
    assert_accounted(outcome, 20 + 1)
    assert any(e["source"] == str(case) for e in outcome.errors)


@pytest.mark.parametrize("pages", [20, 400])
def test_truncated_warc_gz_keeps_complete_pages_and_reports_the_cut(runner, tmp_path, pages):
    data = _warc(pages)
    case = write(tmp_path / "inputs" / "cut.warc.gz", data[:-10])  # only the last page is damaged
    outcome = clean(runner, tmp_path, case)
    assert len(outcome.records) == pages - 1
    assert len(outcome.errors) == 1 and outcome.errors[0]["source"] == str(case)
    assert outcome.exit_code == 1


def test_one_hostile_warc_charset_does_not_lose_the_other_pages(runner, tmp_path):
    case = write(tmp_path / "inputs" / "charsets.warc.gz", _warc(4, charsets={1: "undefined"}))
    outcome = clean(runner, tmp_path, case)
    assert_accounted(outcome, 4)
    assert {r["url"] for r in outcome.records} >= {"https://example.org/0", "https://example.org/2",
                                                    "https://example.org/3"}


# ---- unreadable inputs ------------------------------------------------------------------------------------------

def _make_unreadable(path: Path) -> str:
    """Make ``path`` a file that exists but cannot be read; returns how."""
    path.write_text(GOOD_TEXT, encoding="utf-8")
    path.chmod(0)
    try:
        if not os.access(path, os.R_OK):
            return "chmod 000"
        # root reads anything: point at a file that exists and always fails to read (EIO)
        path.unlink()
        if not Path("/proc/self/mem").exists():
            pytest.skip("running as root without /proc/self/mem: no way to make an unreadable file")
        path.symlink_to("/proc/self/mem")
        return "symlink to /proc/self/mem"
    except OSError as error:  # pragma: no cover - exotic file systems
        pytest.skip(f"cannot make an unreadable file here: {error}")


def test_a_directory_with_unreadable_files(runner, tmp_path):
    tree = tmp_path / "tree"
    write(tree / "a-good.txt", GOOD_TEXT)
    write(tree / "sub" / "c-page.html", PAGE)
    locked = tree / "b-locked.txt"
    _make_unreadable(locked)
    locked2 = tree / "sub" / "d-locked.html"
    _make_unreadable(locked2)
    write(tree / "e-image.png", BINARIES["png"][0])
    try:
        outcome = clean(runner, tmp_path, tree)
    finally:
        for path in (locked, locked2):
            if not path.is_symlink():
                path.chmod(0o644)
    assert_accounted(outcome, 5)
    assert_reported(outcome, locked, "cannot read")
    assert_reported(outcome, locked2, "cannot read")
    assert_reported(outcome, tree / "e-image.png", "not a text document")
    assert {r["source"] for r in outcome.records} == {str(tree / "a-good.txt"), str(tree / "sub" / "c-page.html")}


@pytest.mark.parametrize("kind", ["missing", "dangling-symlink", "directory-named-like-a-file"])
def test_unreadable_named_inputs(runner, tmp_path, good, kind):
    case = tmp_path / "inputs" / "story.txt"
    case.parent.mkdir(parents=True, exist_ok=True)
    if kind == "dangling-symlink":
        case.symlink_to(tmp_path / "nowhere.txt")
    elif kind == "directory-named-like-a-file":
        case = tmp_path / "inputs" / "story.gz"
        (case / "inner").mkdir(parents=True)
        [error] = list(read_path(case))  # the reader, given a directory, reports it
        assert isinstance(error, ErrorRecord) and error.error.startswith(f"{case}: cannot read (Is a directory")
        outcome = clean(runner, tmp_path, case, good)  # the CLI expands it: no files in it, nothing to do
        assert_accounted(outcome, 1)
        return
    outcome = clean(runner, tmp_path, case, good)
    assert_accounted(outcome, 2)
    assert_reported(outcome, case, "cannot read (No such file or directory)")


# Regression test (was a strict xfail; fixed while this battery was written): a broken symlink inside an input
#   directory is skipped silently (expand_inputs keeps only is_file()), so it yields neither output nor error
def test_a_broken_symlink_in_a_directory_is_reported(runner, tmp_path):
    tree = tmp_path / "tree"
    write(tree / "good.txt", GOOD_TEXT)
    (tree / "moved-away.txt").symlink_to(tmp_path / "elsewhere" / "moved-away.txt")
    outcome = clean(runner, tmp_path, tree)
    assert_accounted(outcome, 2)
    assert_reported(outcome, tree / "moved-away.txt", "cannot read")


def test_error_messages_stay_on_one_line_whatever_the_file_name(runner, tmp_path, good):
    case = write(tmp_path / "inputs" / "report\nfinal.pdf", BINARIES["pdf"][0])
    outcome = clean(runner, tmp_path, case, good)
    assert_accounted(outcome, 2)
    for line in outcome.stderr.splitlines():
        assert ERROR_LINE.match(line) or SUMMARY_LINE.match(line), f"stray stderr line: {line!r}"


# ---- crashes that end the whole run (bugs) -----------------------------------------------------------------------

# Regression test (was a strict xfail; fixed while this battery was written): a JSONL record nested deeper than the
#   recursion limit raises RecursionError out of read_path and kills the run (later inputs are lost)
def test_deeply_nested_jsonl_record_does_not_end_the_run(runner, tmp_path, good):
    lines = [json.dumps({"id": "r1", "text": STORY[0]}), '{"id": "r2", "text": "x", "a": ' + "[" * 5000 + "]" * 5000
             + "}", json.dumps({"id": "r3", "text": STORY[1]})]
    case = write(tmp_path / "inputs" / "deep.jsonl", "\n".join(lines) + "\n")
    deep = write(tmp_path / "inputs" / "deep.json", "[" * 100_000)
    outcome = clean(runner, tmp_path, case, deep, good)
    assert_accounted(outcome, 3 + 1 + 1)
    assert_reported(outcome, case, "", line=2)


# Regression test (was a strict xfail; fixed while this battery was written): <meta charset> naming a non-text
#   Python codec ('undefined', 'idna', 'punycode') raises UnicodeError out of decode() and kills the run
@pytest.mark.parametrize("charset", ["undefined", "idna", "punycode"])
def test_a_hostile_meta_charset_does_not_end_the_run(runner, tmp_path, good, charset):
    case = write(tmp_path / "inputs" / "page.html", _declared_page(f'<meta charset="{charset}">', b"caf\xe9"))
    outcome = clean(runner, tmp_path, case, good)
    assert_accounted(outcome, 2)


# Regression test (was a strict xfail; fixed while this battery was written): a JSON \\ud800 escape (a lone
#   surrogate) in a kept JSONL text raises UnicodeEncodeError when the output is written, killing the run
@pytest.mark.parametrize("output_format", ["text", "jsonl"])
def test_a_lone_surrogate_escape_does_not_end_the_run(runner, tmp_path, good, output_format):
    text = "\n\n".join(STORY) + " \\ud800 end."
    lines = [json.dumps({"id": "r1", "text": STORY[0]}), '{"id": "r2", "text": "' + text.replace("\n", "\\n") + '"}',
             json.dumps({"id": "r3", "text": STORY[1]})]
    case = write(tmp_path / "inputs" / "surrogate.jsonl", "\n".join(lines) + "\n")
    outcome = clean(runner, tmp_path, case, good, output_format=output_format)
    assert outcome.exit_code in (0, 1)
    if output_format == "jsonl":
        assert_accounted(outcome, 4)


# ---- limits against hostile input (bugs) -----------------------------------------------------------------------

_PEAK_RSS = textwrap.dedent("""
    import resource, sys
    from filterkit.readers import read_path

    def peak_kb():
        try:
            with open("/proc/self/status") as status:
                return next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
        except (OSError, StopIteration):
            return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

    try:  # reset the peak to the current size, so that import-time peaks do not hide growth
        with open("/proc/self/clear_refs", "w") as clear:
            clear.write("5")
    except OSError:
        pass
    before = peak_kb()
    items = list(read_path(sys.argv[1], max_bytes=1_000_000))
    print(len(items), (peak_kb() - before) // 1024)
""")


# Regression test (was a strict xfail; fixed while this battery was written): a JSONL line is read whole before
#   --max-bytes is checked, so memory is not bounded: a 160 kB .gz holding one 128 MB line costs ~400 MB (a bigger
#   bomb exhausts memory)
def test_jsonl_record_limit_bounds_memory(tmp_path):
    bomb = tmp_path / "bomb.jsonl.gz"
    compressor = zlib.compressobj(9, zlib.DEFLATED, 31)
    with open(bomb, "wb") as handle:
        handle.write(compressor.compress(b'{"text": "first"}\n{"text": "'))
        chunk = b"a" * (1 << 20)
        for _ in range(128):
            handle.write(compressor.compress(chunk))
        handle.write(compressor.compress(b'"}\n{"text": "last"}\n') + compressor.flush())
    result = subprocess.run([sys.executable, "-c", _PEAK_RSS, str(bomb)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    items, grown_mb = map(int, result.stdout.split())
    assert items == 3
    assert grown_mb < 64, f"reading a 1 MB-limited JSONL grew the process by {grown_mb} MB"


# Regression test (was a strict xfail; fixed while this battery was written): the Python API has no document size
#   limit: Filter.clean decompresses and processes a gzip bomb whole (the CLI's 32 MiB --max-bytes is not applied)
def test_api_refuses_documents_over_the_default_limit(shipped_filter):
    compressor = zlib.compressobj(9, zlib.DEFLATED, 31)
    bomb = compressor.compress(b" " * (DEFAULT_MAX_BYTES + (1 << 20))) + compressor.flush()
    assert len(bomb) < 100_000
    with pytest.raises(FilterkitError, match="limit"):
        shipped_filter.clean(bomb)


@pytest.mark.parametrize("document", [
    '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel><title>News</title><item><description>'
    + " ".join(STORY) + "</description></item></channel></rss>",
    json.dumps({"id": 1, "title": {"rendered": "https://example.org/2024/budget"},
                "content": {"rendered": "".join(f"<p>{p}</p>" for p in STORY)}}),
], ids=["rss-feed", "url-title"])
def test_the_library_does_not_print_warnings(shipped_filter, document):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        shipped_filter.clean(document)
    assert not caught, [f"{w.category.__name__}: {str(w.message)[:80]}" for w in caught]


def test_cleaning_leaves_the_garbage_collector_as_it_found_it(shipped_filter, monkeypatch):
    # A batch sets the long-lived objects aside from the collector (gc.freeze) and raises its young-generation
    # threshold; it must give both back, also when the batch fails; what the process froze itself stays frozen.
    page = "".join(f"<p>{p}</p>" for p in STORY)
    thresholds = gc.get_threshold()
    seen_in_batch = []
    real_classify = filterkit.pipeline.classify
    def classify(*args, **kwargs):
        seen_in_batch.append(gc.get_threshold())
        return real_classify(*args, **kwargs)
    monkeypatch.setattr(filterkit.pipeline, "classify", classify)
    shipped_filter.clean(page)
    assert seen_in_batch[0][0] >= filterkit.pipeline.BATCH_THRESHOLD
    assert gc.get_freeze_count() == 0 and gc.get_threshold() == thresholds
    documents = list(shipped_filter.process(shipped_filter.read(page) + shipped_filter.read(" ".join(STORY))))
    assert [type(d) for d in documents] == [Document, Document] and gc.get_freeze_count() == 0
    assert gc.get_threshold() == thresholds
    monkeypatch.setattr(filterkit.pipeline, "classify", lambda *args, **kwargs: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        shipped_filter.clean(page)
    assert gc.get_freeze_count() == 0 and gc.get_threshold() == thresholds
    monkeypatch.undo()
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        shipped_filter.clean(page)
        assert gc.get_freeze_count() >= frozen
    finally:
        gc.unfreeze()
