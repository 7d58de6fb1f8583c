"""filterkit.readers: format detection, gzip, stdin, JSONL and WordPress records, decoding, refusals."""

from __future__ import annotations

import codecs
import gzip
import io
import json
import sys
import zipfile
from pathlib import Path

import pytest

from filterkit.segment import segment

from filterkit.document import Document, ErrorRecord
from filterkit.readers import read_path

WP_POST = {
    "id": 7,
    "date": "2024-03-05T10:00:00",
    "link": "https://example.org/2024/03/council-vote/",
    "author": 3,
    "title": {"rendered": "Caf&eacute; &amp; Bar &#8211; council vote"},
    "content": {"rendered": "<p>The council voted on Monday.</p>\n<p>The budget passed narrowly.</p>", "protected": False},
    "_links": {"self": [{"href": "https://example.org/wp-json/wp/v2/posts/7"}]},
}
WP_POST_2 = {**WP_POST, "id": 8, "title": {"rendered": "Second post"},
             "content": {"rendered": "<p>Another story entirely.</p>"}}
JSONL_RECORDS = [
    {"id": "a1", "url": "https://example.org/a1", "lang": "en", "text": "First record text."},
    {"id": "a2", "url": "https://example.org/a2", "lang": "de", "text": "Zweiter Datensatz."},
    {"id": "a3", "url": "https://example.org/a3", "lang": "fr", "text": "<p>Troisième.</p><p>Encore.</p>"},
]
HTML_PAGE = ("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Page &amp; title</title></head>"
             "<body><article><p>First paragraph of the page.</p><p>Second paragraph.</p></article></body></html>")
HTML_FRAGMENT = "<p>First paragraph of the fragment.</p>\n<p>Second paragraph of the fragment.</p>\n"
PLAIN_TEXT = "The council met on Monday.\n\nIt voted on the budget, which passed.\n"


def jsonl(records: list[dict]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)


# (file name that lies about the format, content, expected format, expected number of documents)
SAMPLES = {
    "wordpress-post": ("post.txt", json.dumps(WP_POST), "wordpress-json", 1),
    "wordpress-pretty": ("post.txt", json.dumps(WP_POST, indent=2), "wordpress-json", 1),
    "wordpress-list": ("posts.txt", json.dumps([WP_POST, WP_POST_2]), "wordpress-json", 2),
    "jsonl": ("corpus.json", jsonl(JSONL_RECORDS), "jsonl", 3),
    "jsonl-single": ("record.txt", json.dumps({"text": "Only one record here."}), "jsonl", 1),
    "jsonl-single-newline": ("record.html", json.dumps({"text": "Only one record here."}) + "\n", "jsonl", 1),
    "html-page": ("page.txt", HTML_PAGE, "html", 1),
    "html-fragment": ("fragment.txt", HTML_FRAGMENT, "html", 1),
    "text": ("notes.html", PLAIN_TEXT, "text", 1),
}


def write(tmp_path: Path, name: str, data: str | bytes) -> Path:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    return path


def read(path, **options) -> list[Document | ErrorRecord]:
    return list(read_path(path, **options))


def documents(items) -> list[Document]:
    return [item for item in items if isinstance(item, Document)]


def errors(items) -> list[ErrorRecord]:
    return [item for item in items if isinstance(item, ErrorRecord)]


def summary(items) -> list[tuple]:
    """What matters of a reader's output, comparable across paths and compressions."""
    return [(type(i).__name__, getattr(i, "format", None), getattr(i, "body", None), getattr(i, "body_type", None),
             getattr(i, "title", None), getattr(i, "fields", None), i.line) for i in items]


# ---- format detection ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("sample", SAMPLES.values(), ids=list(SAMPLES))
def test_format_is_detected_from_content_not_name(tmp_path, sample):
    name, content, fmt, count = sample
    items = read(write(tmp_path, name, content))
    assert not errors(items)
    assert len(items) == count
    assert {doc.format for doc in items} == {fmt}
    assert all(doc.source == str(tmp_path / name) for doc in items)


def test_wordpress_post_is_html_body_of_content_rendered(tmp_path):
    [doc] = read(write(tmp_path, "post.txt", json.dumps(WP_POST)))
    assert doc.body_type == "html"
    assert doc.body == WP_POST["content"]["rendered"]
    assert doc.id == "7"


def test_wordpress_list_gives_one_document_per_post(tmp_path):
    items = read(write(tmp_path, "posts.json", json.dumps([WP_POST, WP_POST_2])))
    assert [doc.id for doc in items] == ["7", "8"]
    assert [doc.body for doc in items] == [WP_POST["content"]["rendered"], WP_POST_2["content"]["rendered"]]
    assert [doc.title for doc in items] == ["Café & Bar – council vote", "Second post"]


def test_jsonl_several_lines_one_document_per_line(tmp_path):
    items = read(write(tmp_path, "c.txt", jsonl(JSONL_RECORDS)))
    assert [doc.body for doc in items] == [r["text"] for r in JSONL_RECORDS]
    assert [doc.line for doc in items] == [1, 2, 3]
    assert [doc.id for doc in items] == ["a1", "a2", "a3"]
    assert [doc.body_type for doc in items] == ["text", "text", "html"]


def test_single_line_jsonl_record_that_is_not_a_wordpress_post(tmp_path):
    [doc] = read(write(tmp_path, "one.json", json.dumps({"text": "Just one record.", "source_url": "u"})))
    assert doc.format == "jsonl"
    assert doc.body == "Just one record."
    assert doc.fields == {"source_url": "u"}


def test_full_html_page(tmp_path):
    [doc] = read(write(tmp_path, "page.txt", HTML_PAGE))
    assert (doc.format, doc.body_type) == ("html", "html")
    assert doc.body == HTML_PAGE
    assert segment(doc).title == "Page & title"  # from the parsed page's <title>


def test_html_fragment_of_paragraphs(tmp_path):
    [doc] = read(write(tmp_path, "fragment", HTML_FRAGMENT))
    assert (doc.format, doc.body_type) == ("html", "html")


def test_plain_text(tmp_path):
    [doc] = read(write(tmp_path, "page.html", PLAIN_TEXT))
    assert (doc.format, doc.body_type) == ("text", "text")
    assert doc.body == PLAIN_TEXT
    assert doc.title is None


def test_input_format_override_reads_html_as_text(tmp_path):
    path = write(tmp_path, "page.html", HTML_PAGE)
    [doc] = read(path, fmt="text")
    assert (doc.format, doc.body_type) == ("text", "text")
    assert doc.body == HTML_PAGE  # the markup is kept verbatim as text


def test_input_format_override_reads_text_as_html(tmp_path):
    [doc] = read(write(tmp_path, "notes.txt", PLAIN_TEXT), fmt="html")
    assert (doc.format, doc.body_type) == ("html", "html")


def test_input_format_override_forces_jsonl(tmp_path):
    items = read(write(tmp_path, "x.txt", jsonl(JSONL_RECORDS[:1])), fmt="jsonl")
    assert [doc.format for doc in items] == ["jsonl"]


# ---- gzip ---------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("gz_name", ["input.gz", "input.dat"], ids=["named-gz", "not-named-gz"])
@pytest.mark.parametrize("sample", SAMPLES.values(), ids=list(SAMPLES))
def test_gzip_of_each_format_reads_like_the_plain_file(tmp_path, sample, gz_name):
    name, content, fmt, count = sample
    plain = read(write(tmp_path / "plain", "input", content))
    packed = read(write(tmp_path / "packed", gz_name, gzip.compress(content.encode("utf-8"))))
    assert len(packed) == count
    assert {doc.format for doc in packed} == {fmt}
    assert summary(packed) == summary(plain)


def test_truncated_gzip_is_an_error_record(tmp_path):
    data = gzip.compress(PLAIN_TEXT.encode() * 200)
    path = write(tmp_path, "page.txt.gz", data[: len(data) // 2])
    [error] = read(path)
    assert isinstance(error, ErrorRecord)
    assert str(path) in error.error
    assert "truncated" in error.error


def test_truncated_gzip_jsonl_keeps_records_before_the_damage(tmp_path):
    # Random-looking text so the compressed stream is long and the cut falls well past the first records.
    records = [{"id": i, "text": f"{i} " + " ".join(format(i * 7919 + k, "x") for k in range(120))} for i in range(300)]
    data = gzip.compress(jsonl(records).encode())
    path = write(tmp_path, "corpus.jsonl.gz", data[: len(data) * 2 // 3])
    items = read(path)
    docs, errs = documents(items), errors(items)
    assert len(docs) > 10
    assert [doc.line for doc in docs] == list(range(1, len(docs) + 1))
    assert len(errs) == 1 and items[-1] is errs[0]
    assert errs[0].line == len(docs) + 1
    assert "truncated" in errs[0].error and str(path) in errs[0].error


# ---- standard input -----------------------------------------------------------------------------------------

class FakeStdin:
    def __init__(self, data: bytes) -> None:
        self.buffer = io.BufferedReader(io.BytesIO(data))


@pytest.mark.parametrize("compress", [False, True], ids=["plain", "gzip"])
@pytest.mark.parametrize("sample", SAMPLES.values(), ids=list(SAMPLES))
def test_stdin_dash(tmp_path, monkeypatch, sample, compress):
    name, content, fmt, count = sample
    data = content.encode("utf-8")
    monkeypatch.setattr(sys, "stdin", FakeStdin(gzip.compress(data) if compress else data))
    items = read("-")
    assert len(items) == count
    assert {doc.format for doc in items} == {fmt}
    assert {doc.source for doc in items} == {"-"}
    plain = read(write(tmp_path, "-", content))  # same content from a file
    assert [i[:6] for i in summary(items)] == [i[:6] for i in summary(plain)]


# ---- JSONL --------------------------------------------------------------------------------------------------

def test_jsonl_other_fields_are_carried_in_fields(tmp_path):
    items = read(write(tmp_path, "c.jsonl", jsonl(JSONL_RECORDS)))
    for doc, record in zip(items, JSONL_RECORDS):
        assert doc.fields == {k: v for k, v in record.items() if k != "text"}


def test_jsonl_nested_fields_are_kept_untouched(tmp_path):
    record = {"meta": {"tags": ["a", "b"], "score": 0.5}, "n": None, "text": "Body."}
    [doc] = read(write(tmp_path, "c.jsonl", jsonl([record, record])))[:1]
    assert doc.fields == {"meta": {"tags": ["a", "b"], "score": 0.5}, "n": None}


def test_jsonl_text_field_option(tmp_path):
    records = [{"id": 1, "body": "Body one.", "text": "not the document"}, {"id": 2, "body": "Body two."}]
    items = read(write(tmp_path, "c.jsonl", jsonl(records)), text_field="body")
    assert [doc.body for doc in items] == ["Body one.", "Body two."]
    assert items[0].fields == {"id": 1, "text": "not the document"}


def test_jsonl_broken_line_in_the_middle(tmp_path):
    lines = [json.dumps(JSONL_RECORDS[0]), '{"id": "broken", "text": "no end', json.dumps(JSONL_RECORDS[1]),
             json.dumps(JSONL_RECORDS[2])]
    path = write(tmp_path, "c.jsonl", "\n".join(lines) + "\n")
    items = read(path)
    assert [type(i) for i in items] == [Document, ErrorRecord, Document, Document]
    error = items[1]
    assert error.line == 2
    assert f"{path}:2" in error.error
    assert [doc.line for doc in documents(items)] == [1, 3, 4]
    assert [doc.id for doc in documents(items)] == ["a1", "a2", "a3"]


def test_jsonl_blank_lines_are_skipped_but_counted(tmp_path):
    path = write(tmp_path, "c.jsonl", json.dumps(JSONL_RECORDS[0]) + "\n\n" + json.dumps(JSONL_RECORDS[1]) + "\n")
    assert [doc.line for doc in read(path)] == [1, 3]


def test_jsonl_broken_first_line(tmp_path):
    lines = ['{"id": "broken", "text": "no end', json.dumps(JSONL_RECORDS[0]), json.dumps(JSONL_RECORDS[1])]
    items = read(write(tmp_path, "c.jsonl", "\n".join(lines) + "\n"))
    assert [type(i) for i in items] == [ErrorRecord, Document, Document]
    assert items[0].line == 1


def test_jsonl_record_without_text_field(tmp_path):
    records = [JSONL_RECORDS[0], {"id": "no-text", "body": "elsewhere"}, JSONL_RECORDS[1]]
    path = write(tmp_path, "c.jsonl", jsonl(records))
    items = read(path)
    assert [type(i) for i in items] == [Document, ErrorRecord, Document]
    error = items[1]
    assert error.line == 2 and error.id == "no-text"
    assert "'text'" in error.error and f"{path}:2" in error.error


def test_jsonl_record_without_custom_text_field_names_that_field(tmp_path):
    path = write(tmp_path, "c.jsonl", jsonl([{"id": 1, "content": "x"}, {"id": 2, "text": "y"}]))
    items = read(path, text_field="content")
    assert isinstance(items[0], Document)
    assert isinstance(items[1], ErrorRecord) and "'content'" in items[1].error


def test_jsonl_non_string_text_and_non_object_records(tmp_path):
    path = write(tmp_path, "c.jsonl", '{"id": 1, "text": 5}\n[1, 2]\n{"id": 3, "text": "ok"}\n')
    items = read(path)
    assert [type(i) for i in items] == [ErrorRecord, ErrorRecord, Document]
    assert [i.line for i in items] == [1, 2, 3]


# ---- WordPress ----------------------------------------------------------------------------------------------

def test_wordpress_title_entities_unescaped_and_metadata_kept(tmp_path):
    [doc] = read(write(tmp_path, "post.json", json.dumps(WP_POST)))
    assert doc.title == "Café & Bar – council vote"
    for key in ("id", "date", "link", "author"):
        assert doc.metadata[key] == WP_POST[key]
    assert "content" not in doc.metadata  # the content is the body, not metadata


def test_wordpress_plain_string_title(tmp_path):
    post = {**WP_POST, "title": "Plain &quot;title&quot;"}
    [doc] = read(write(tmp_path, "post.json", json.dumps(post)))
    assert doc.title == 'Plain "title"'


def test_wordpress_post_without_content_rendered(tmp_path):
    post = {"id": 9, "title": {"rendered": "No content"}, "content": {"raw": "x"}}
    path = write(tmp_path, "post.json", json.dumps(post))
    [error] = read(path, fmt="wordpress-json")
    assert isinstance(error, ErrorRecord)
    assert "content.rendered" in error.error and str(path) in error.error
    assert error.id == "9"


def test_wordpress_post_without_content_rendered_auto_detected_is_an_error(tmp_path):
    post = {"id": 9, "title": {"rendered": "No content"}, "content": {"raw": "x"}}
    items = read(write(tmp_path, "post.json", json.dumps(post)))
    assert len(items) == 1 and isinstance(items[0], ErrorRecord)


def test_wordpress_list_with_a_post_without_content_forced(tmp_path):
    path = write(tmp_path, "posts.json", json.dumps([WP_POST, {"id": 10, "title": "empty"}]))
    items = read(path, fmt="wordpress-json")
    assert [type(i) for i in items] == [Document, ErrorRecord]
    assert "post 2" in items[1].error and "content.rendered" in items[1].error


def test_wordpress_list_with_a_post_without_content_auto_detected(tmp_path):
    path = write(tmp_path, "posts.json", json.dumps([WP_POST, {"id": 10, "title": "empty"}]))
    items = read(path)
    assert [type(i) for i in items] == [Document, ErrorRecord]
    assert items[0].format == "wordpress-json"


# ---- decoding -----------------------------------------------------------------------------------------------

def test_utf8_bom_is_removed(tmp_path):
    [doc] = read(write(tmp_path, "bom.txt", codecs.BOM_UTF8 + "Héllo wörld.\nSecond line.".encode()))
    assert doc.body == "Héllo wörld.\nSecond line."


def test_utf8_bom_html_is_still_html(tmp_path):
    [doc] = read(write(tmp_path, "bom.txt", codecs.BOM_UTF8 + HTML_PAGE.encode()))
    assert doc.format == "html" and doc.body == HTML_PAGE


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_with_bom(tmp_path, codec):
    text = "Grüße aus Köln — 東京.\nZweite Zeile."
    data = text.encode(codec) if codec == "utf-16" else "\ufeff".encode(codec) + text.encode(codec)
    [doc] = read(write(tmp_path, "u16.txt", data))
    assert isinstance(doc, Document)
    assert doc.body == text


def test_utf16_html_with_bom(tmp_path):
    [doc] = read(write(tmp_path, "u16.html", HTML_PAGE.encode("utf-16")))
    assert doc.format == "html" and doc.body == HTML_PAGE


def test_utf16_jsonl_with_bom(tmp_path):
    items = read(write(tmp_path, "u16.jsonl", jsonl(JSONL_RECORDS).encode("utf-16")))
    assert [doc.body for doc in documents(items)] == [r["text"] for r in JSONL_RECORDS]
    assert not errors(items)


def test_utf8_bom_jsonl(tmp_path):
    items = read(write(tmp_path, "bom.jsonl", codecs.BOM_UTF8 + jsonl(JSONL_RECORDS).encode()))
    assert [doc.body for doc in items] == [r["text"] for r in JSONL_RECORDS]


def test_windows_1252_page_with_meta_charset(tmp_path):
    text = "<p>Caf\u00e9 \u201cquoted\u201d \u2013 50\u20ac</p><p>Second para.</p>"
    page = f'<html><head><meta charset="windows-1252"><title>T</title></head><body>{text}</body></html>'
    data = page.encode("cp1252")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    [doc] = read(write(tmp_path, "page.html", data))
    assert doc.body == page


def test_windows_1252_page_with_http_equiv_meta(tmp_path):
    page = ('<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1252">'
            '</head><body><p>\u201cna\u00efve\u201d</p><p>x</p></body></html>')
    [doc] = read(write(tmp_path, "page.html", page.encode("cp1252")))
    assert "\u201cna\u00efve\u201d" in doc.body


def test_invalid_utf8_without_declaration_falls_back(tmp_path):
    data = b"Caf\xe9 na\xefve \x93quoted\x94 \x81 \xff end.\nSecond line."
    [doc] = read(write(tmp_path, "latin.txt", data))
    assert isinstance(doc, Document)
    assert doc.body.startswith("Café naïve “quoted”")
    assert doc.body.endswith("end.\nSecond line.")


def test_utf8_wins_over_a_wrong_declaration(tmp_path):
    page = '<html><head><meta charset="windows-1252"></head><body><p>Grüße – ok</p><p>x</p></body></html>'
    [doc] = read(write(tmp_path, "page.html", page.encode("utf-8")))
    assert doc.body == page


# ---- refusals -----------------------------------------------------------------------------------------------

def _zip_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("a.txt", "hello")
    return buffer.getvalue()


BINARIES = {
    "png": (b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(range(40)), "PNG"),
    "pdf": (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n", "PDF"),
    "zip": (_zip_bytes(), "zip"),
    "nul-bytes": (b"looks like text\x00\x00\x01\x02 but is not", "binary"),
}


@pytest.mark.parametrize("compress", [False, True], ids=["plain", "gzip"])
@pytest.mark.parametrize("binary", BINARIES.values(), ids=list(BINARIES))
def test_binary_input_is_refused_naming_the_file(tmp_path, binary, compress):
    data, kind = binary
    path = write(tmp_path, "document.txt", gzip.compress(data) if compress else data)
    [error] = read(path)
    assert isinstance(error, ErrorRecord)
    assert str(path) in error.error
    assert kind in error.error
    assert error.source == str(path)


@pytest.mark.parametrize("fmt", ["auto", "text", "jsonl"])
def test_binary_input_is_refused_whatever_the_format(tmp_path, fmt):
    path = write(tmp_path, "image.jsonl", BINARIES["png"][0])
    items = read(path, fmt=fmt)
    assert items and all(isinstance(i, ErrorRecord) for i in items)
    assert not documents(items)


def test_missing_file(tmp_path):
    path = tmp_path / "nowhere" / "missing.txt"
    [error] = read(path)
    assert isinstance(error, ErrorRecord)
    assert error.source == str(path) and str(path) in error.error


def test_directory_is_an_error_record(tmp_path):
    [error] = read(tmp_path)
    assert isinstance(error, ErrorRecord) and str(tmp_path) in error.error


def test_max_bytes_limit(tmp_path):
    path = write(tmp_path, "big.txt", "x" * 1000)
    [error] = read(path, max_bytes=100)
    assert isinstance(error, ErrorRecord)
    assert "100-byte limit" in error.error and str(path) in error.error


def test_max_bytes_limit_is_inclusive(tmp_path):
    [doc] = read(write(tmp_path, "ok.txt", "x" * 100), max_bytes=100)
    assert isinstance(doc, Document)


def test_max_bytes_applies_to_decompressed_size(tmp_path):
    path = write(tmp_path, "bomb.gz", gzip.compress(b"word " * 10_000))
    assert len(path.read_bytes()) < 1000
    [error] = read(path, max_bytes=1000)
    assert isinstance(error, ErrorRecord) and "limit" in error.error


def long_records(n: int) -> list[dict]:
    return [{"id": i, "text": f"word{i} " * 1500} for i in range(n)]  # about 9 KB per line


def test_jsonl_corpus_larger_than_max_bytes_is_streamed(tmp_path):
    records = [{"id": "first", "text": "A short first record."}, *long_records(10)]
    path = write(tmp_path, "corpus.jsonl", jsonl(records))
    assert path.stat().st_size > 60_000
    items = read(path, max_bytes=60_000)
    assert [doc.id for doc in documents(items)] == ["first", *map(str, range(10))]
    assert not errors(items)


def test_jsonl_corpus_with_a_long_first_record_is_streamed(tmp_path):
    path = write(tmp_path, "corpus.jsonl", jsonl(long_records(10)))
    assert path.stat().st_size > 60_000
    items = read(path, max_bytes=60_000)
    assert [doc.id for doc in documents(items)] == list(map(str, range(10)))
    assert not errors(items)


def test_max_bytes_limit_applies_to_jsonl_records(tmp_path):
    records = [{"id": 1, "text": "short"}, {"id": 2, "text": "x" * 5000}, {"id": 3, "text": "short too"}]
    items = read(write(tmp_path, "c.jsonl", jsonl(records)), max_bytes=1000)
    assert [type(i) for i in items] == [Document, ErrorRecord, Document]
    assert items[1].line == 2 and "limit" in items[1].error


def test_a_damaged_warc_records_error_is_one_line(tmp_path):
    """A WARC cut inside a record whose target URI holds a bare carriage return (found by benchmarks/fuzz.py):
    the error names the file and the URI on one line, as every error record must."""
    pytest.importorskip("warcio")
    path = tmp_path / "cut.warc"
    path.write_bytes(b"WARC/1.0\nWARC-Type:response\nWARC-Target-URI:0\ri\nContent-Length:4")
    [error] = list(read_path(path))
    assert isinstance(error, ErrorRecord)
    assert str(path) in error.error and "truncated WARC record" in error.error
    assert "\n" not in error.error and "\r" not in error.error
