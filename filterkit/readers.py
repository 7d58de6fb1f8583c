"""Read inputs into Documents: plain text, HTML, WordPress REST posts and JSONL, each optionally gzipped.

The format is detected from the content, not the file name (a WordPress post saved as ``.txt`` is still
a post). JSONL is streamed line by line, so a corpus of any size is never held in memory; a broken
record becomes an :class:`ErrorRecord` and reading goes on.
"""

from __future__ import annotations

import codecs
import gzip
import io
import json
import re
import sys
import warnings
import zlib
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from bs4 import BeautifulSoup

from .document import Document, ErrorRecord, FilterkitError, one_line, valid_text

FORMATS: tuple[str, ...] = ("auto", "text", "html", "wordpress-json", "jsonl", "warc")
DEFAULT_MAX_BYTES = 32 * 1024 * 1024
_SNIFF_BYTES = 1 << 16
_GZIP_MAGIC = b"\x1f\x8b"
_WIDE_BOMS = (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_BINARY_MAGIC = {
    b"%PDF": "a PDF file",
    b"PK\x03\x04": "a zip archive",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"\x7fELF": "an executable",
}
_HTML_START = re.compile(r"<(?:!doctype\s+html|html|head|body|\?xml|!--)", re.I)
_HTML_TAG = re.compile(r"</?(?:p|div|br|h[1-6]|article|section|main|body|li|ul|ol|table|td|span|a|blockquote|figure)\b[^>]{0,500}>", re.I)
Item = Document | ErrorRecord


def decode(data: bytes, where: str = "<input>") -> str:
    """Bytes to text: BOMs first, then strict UTF-8, then the page's declared charset, then Windows-1252."""
    for bom, codec in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                       (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            text = data.decode(codec, errors="replace")
            return text[1:] if text.startswith("\ufeff") else text
    _refuse_binary(data[:8192], where)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    declared = declared_charset(data[:4096])
    if declared:
        try:
            return data.decode(declared, errors="replace")
        except (UnicodeError, LookupError, TypeError):  # a codec that is no web encoding ('undefined', 'idna')
            pass
    return data.decode("cp1252", errors="replace")


# As browsers do (WHATWG Encoding): pages that declare Latin-1 or ASCII are really Windows-1252.
_CHARSET_ALIASES = {"iso-8859-1": "cp1252", "iso8859-1": "cp1252", "latin1": "cp1252", "latin-1": "cp1252",
                    "us-ascii": "cp1252", "ascii": "cp1252", "l1": "cp1252"}


# Text codecs that no web page is written in: they fail on ordinary bytes or rewrite the text (escapes, UTF-7).
_NOT_WEB_ENCODINGS = frozenset({"undefined", "idna", "punycode", "unicode-escape", "raw-unicode-escape", "utf-7",
                                "unicode-internal", "palmos", "mbcs", "oem"})


def declared_charset(head: bytes) -> str | None:
    """The text encoding a page declares in ``<meta charset>``, if Python has it as a text codec."""
    lowered = head.lower()
    start = lowered.find(b"charset")
    while start != -1:
        value = lowered[start + 7:start + 60].lstrip(b" \t\r\n=\"'")
        name = re.split(rb"[\"';>/\s]", value, maxsplit=1)[0].decode("ascii", "ignore")
        name = _CHARSET_ALIASES.get(name, name)
        try:
            codec = codecs.lookup(name) if name else None
        except LookupError:
            codec = None
        if codec is not None and codec._is_text_encoding and codec.name not in _NOT_WEB_ENCODINGS:
            return name
        start = lowered.find(b"charset", start + 7)
    return None


def _refuse_binary(head: bytes, where: str) -> None:
    for magic, kind in _BINARY_MAGIC.items():
        if head.startswith(magic):
            raise FilterkitError(f"{where}: not a text document ({kind})")
    if b"\x00" in head:
        raise FilterkitError(f"{where}: not a text document (binary data)")


def looks_like_html(text: str) -> bool:
    """True when the text is markup: it starts like a page, or carries several block tags early on."""
    head = text[:_SNIFF_BYTES].lstrip()
    if _HTML_START.match(head):
        return True
    return len(_HTML_TAG.findall(head[:8192])) >= 2


def detect_format(text: str) -> str:
    """Which reader fits this content: wordpress-json, jsonl, html or text."""
    head = text.lstrip()
    if head[:1] in ("{", "["):
        first_line = head.split("\n", 1)[0]
        try:
            first = json.loads(first_line)
        except (ValueError, RecursionError):
            first = None
        more_lines = "\n" in head.rstrip()
        if isinstance(first, dict) and (more_lines or not _is_wordpress_post(first)):
            return "jsonl"
        try:
            value = json.loads(head) if first is None else first
        except (ValueError, RecursionError):
            return "html" if looks_like_html(text) else "text"
        if _is_wordpress_post(value) or (isinstance(value, list) and any(_is_wordpress_post(v) for v in value)):
            return "wordpress-json"
        return "jsonl" if isinstance(value, dict) else "text"
    return "html" if looks_like_html(text) else "text"


def _is_wordpress_post(value: Any) -> bool:
    return isinstance(value, dict) and isinstance(value.get("content"), dict) and "rendered" in value["content"]


def _html_to_text(markup: str) -> str:
    with warnings.catch_warnings():  # a title that looks like a URL or a file name makes bs4 warn; we never print
        warnings.simplefilter("ignore")
        return " ".join(BeautifulSoup(valid_text(markup), "lxml").get_text(" ").split())


def _body_type(text: str) -> str:
    return "html" if looks_like_html(text) else "text"


def read_string(text: str, fmt: str = "auto", name: str = "<string>", text_field: str = "text") -> Iterator[Item]:
    """Documents from text already in memory (the Python API's entry point)."""
    text = valid_text(text)
    fmt = detect_format(text) if fmt == "auto" else fmt
    if fmt == "jsonl":
        yield from _read_jsonl(io.StringIO(text), name, text_field)
    elif fmt == "wordpress-json":
        yield from _read_wordpress(text, name)
    elif fmt in ("html", "text"):
        yield Document(id=name, format=fmt, body=text, body_type=fmt, source=name)
    else:
        raise FilterkitError(f"{name}: unknown input format {fmt!r} (choose from {', '.join(FORMATS)})")


def read_path(path: str | Path, fmt: str = "auto", text_field: str = "text",
              max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Item]:
    """Documents from a file, a ``.gz`` of one, or ``-`` for standard input; failures become ErrorRecords.

    JSONL is recognised from its first line and then streamed, so a corpus is never read whole; any
    other input is read up to ``max_bytes`` and refused past it.
    """
    name = str(path)
    try:
        stream = _open(name)
    except OSError as error:
        yield ErrorRecord(source=name, error=f"{name}: cannot read ({error.strerror or error})")
        return
    with stream:
        try:
            if fmt == "warc" or (fmt == "auto" and stream.peek(5)[:5] == b"WARC/"):
                yield from _read_warc(stream, name, max_bytes, lambda: _damage(stream))
                return
            wide = stream.peek(4)[:4].startswith(_WIDE_BOMS)  # UTF-16/32 has no byte-wise lines to stream
            first = b"" if wide else stream.readline(max_bytes + 1)
            if not wide and (fmt == "jsonl" or (fmt == "auto" and _starts_jsonl(first, stream.peek(1)[:1]))):
                lines = _bounded_lines(stream, first, max_bytes, lambda: _damage(stream))
                yield from _read_jsonl(lines, name, text_field, max_bytes)
                return
            data = first + stream.read(max_bytes + 1 - len(first))
            damage = _damage(stream)
            if damage is not None:
                raise damage
        except (OSError, EOFError, zlib.error) as error:
            yield ErrorRecord(source=name, error=f"{name}: damaged or truncated input ({error})")
            return
    if len(data) > max_bytes:
        yield ErrorRecord(source=name, error=f"{name}: larger than the {max_bytes:,}-byte limit (raise --max-bytes)")
        return
    try:
        yield from read_string(decode(data, name), fmt, name, text_field)
    except FilterkitError as error:
        yield ErrorRecord(source=name, error=str(error))


def _read_warc(stream: IO[bytes], name: str, max_bytes: int, damage: Callable[[], Exception | None]) -> Iterator[Item]:
    """HTML pages from a WARC file's response records (other records are requests, metadata or media).

    Each page is held back until the archive is seen to go on: when it ends damaged, the page it ended in
    becomes the error record, so every page yields a document or an error, never both.
    """
    try:
        from warcio.archiveiterator import ArchiveIterator
    except ImportError:
        raise FilterkitError(f"{name}: reading WARC files needs warcio: pip install 'filterkit[warc]'") from None

    class QuietArchiveIterator(ArchiveIterator):
        INC_RECORD = ""  # warcio writes this warning to stderr itself; the library never prints

    pending: Item | None = None
    number = 0
    try:
        for record in QuietArchiveIterator(stream, check_digests="raise"):
            if record.rec_type != "response":
                continue
            content_type = (record.http_headers.get_header("Content-Type") if record.http_headers else None) or ""
            if "html" not in content_type.lower():
                while record.raw_stream.read(1 << 16):  # skipped, but an archive cut inside it is still seen
                    pass
                if not getattr(record.raw_stream, "limit", 0):
                    continue
                if pending is not None:
                    yield pending
                uri = record.rec_headers.get_header("WARC-Target-URI")
                pending = ErrorRecord(source=name, id=uri, error=f"{name} ({one_line(uri)}): truncated WARC record")
                break
            if pending is not None:
                yield pending
            number += 1
            pending = _warc_page(record, content_type, name, number, max_bytes)
            if isinstance(pending, ErrorRecord) and pending.error.endswith("truncated WARC record"):
                break
    except Exception as error:  # noqa: BLE001 - a damaged archive, whatever warcio raises for it
        message = one_line(error)
        if pending is not None:
            yield pending
        yield ErrorRecord(source=name, error=f"{name}: damaged WARC after {number} pages ({message})")
        return
    if damage() is not None and not isinstance(pending, ErrorRecord):
        where = one_line(pending.id) if pending is not None else f"after {number} pages"
        yield ErrorRecord(source=name, id=pending.id if pending is not None else None,
                          error=f"{name} ({where}): truncated WARC ({damage()})")
    elif pending is not None:
        yield pending


def _warc_page(record: Any, content_type: str, name: str, number: int, max_bytes: int) -> Item:
    url = record.rec_headers.get_header("WARC-Target-URI") or ""
    record_id = record.rec_headers.get_header("WARC-Record-ID") or f"record {number}"
    where = f"{name} ({one_line(url or record_id)})"
    payload = record.content_stream().read(max_bytes + 1)
    if len(payload) > max_bytes:
        return ErrorRecord(source=name, id=url or record_id, error=f"{where}: larger than the {max_bytes:,}-byte limit")
    if getattr(record.raw_stream, "limit", 0):  # the archive ended inside this record
        return ErrorRecord(source=name, id=url or record_id, error=f"{where}: truncated WARC record")
    charset = re.search(r"charset=([\w.:-]+)", content_type, re.I)
    declared = declared_charset(charset.group(0).encode()) if charset else None
    try:
        html = payload.decode(declared) if declared else decode(payload, where)
    except UnicodeDecodeError:
        html = decode(payload, where)
    except FilterkitError as error:
        return ErrorRecord(source=name, id=url or record_id, error=str(error))
    return Document(id=url or record_id, format="warc", body=html, body_type="html", source=name,
                    fields={"url": url, "warc_record_id": record_id,
                            "warc_date": record.rec_headers.get_header("WARC-Date")})


def _starts_jsonl(first_line: bytes, next_byte: bytes) -> bool:
    """A JSON object on the first line followed by more lines (or by another object's start) is JSONL."""
    line = first_line.decode("utf-8-sig", errors="replace").strip()
    if not line.startswith("{"):
        return False
    try:
        record = json.loads(line)
    except (ValueError, RecursionError):
        return next_byte == b"{"  # a broken first record of a corpus, not a pretty-printed object
    if not next_byte:
        return isinstance(record, dict) and not _is_wordpress_post(record)
    return isinstance(record, dict)


def _open(name: str) -> IO[bytes]:
    raw: IO[bytes] = sys.stdin.buffer if name == "-" else open(name, "rb", buffering=0)  # noqa: SIM115
    stream = io.BufferedReader(raw, buffer_size=_SNIFF_BYTES) if not isinstance(raw, io.BufferedReader) else raw  # type: ignore[arg-type]
    if stream.peek(2)[:2] == _GZIP_MAGIC:
        return io.BufferedReader(_Gunzip(gzip.GzipFile(fileobj=stream, mode="rb")), buffer_size=_SNIFF_BYTES)
    return stream


class _Gunzip(io.RawIOBase):
    """A gzip stream read one decompressed chunk at a time, so a truncated file yields all it holds before it ends
    (a plain buffered read asks for more than is there and loses the lot)."""

    def __init__(self, compressed: gzip.GzipFile) -> None:
        self.compressed = compressed

    def readable(self) -> bool:
        return True

    error: Exception | None = None

    def readinto(self, buffer) -> int:  # type: ignore[override]
        """The next decompressed chunk; a damaged stream ends here, its error kept for the reader to report."""
        try:
            data = self.compressed.read1(len(buffer))
        except (OSError, EOFError, zlib.error) as error:
            self.error = error
            return 0
        buffer[:len(data)] = data
        return len(data)

    def close(self) -> None:
        self.compressed.close()
        super().close()


def _damage(stream: IO[bytes]) -> Exception | None:
    """The error a gzip stream ended on, if it was damaged or truncated."""
    return getattr(getattr(stream, "raw", None), "error", None)


def _bounded_lines(stream: IO[bytes], first: bytes, max_bytes: int,
                   damage: Callable[[], Exception | None]) -> Iterator[str | None]:
    """Decoded lines, none read into memory past ``max_bytes`` (an overlong line is skipped and yields None).

    Lines are cut from the bytes, so a truncated gzip loses only the line it broke off in (raised as its error).
    """
    line = first.removeprefix(codecs.BOM_UTF8)
    while line:
        if not line.endswith(b"\n") and damage() is not None:
            raise EOFError(str(damage()))
        if len(line) > max_bytes and not line.endswith(b"\n"):
            while (rest := stream.readline(1 << 20)) and not rest.endswith(b"\n"):
                pass
            yield None
        else:
            yield line.decode("utf-8", errors="replace")
        line = stream.readline(max_bytes + 1)
    if damage() is not None:
        raise EOFError(str(damage()))


def _read_jsonl(lines: Iterable[str | None], name: str, text_field: str,
                max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Item]:
    line_number = 0
    try:
        for line_number, line in enumerate(lines, start=1):
            if line is not None and not line.strip():
                continue
            if line is None or (len(line) * 4 > max_bytes and len(line.encode("utf-8", errors="replace")) > max_bytes):
                yield ErrorRecord(source=name, line=line_number, error=f"{name}:{line_number}: record larger "
                                  f"than the {max_bytes:,}-byte limit (raise --max-bytes)")
                continue
            yield _jsonl_record(line, name, line_number, text_field)
    except (OSError, EOFError, zlib.error) as error:
        yield ErrorRecord(source=name, line=line_number + 1,
                          error=f"{name}:{line_number + 1}: damaged or truncated input ({error})")


def _jsonl_record(line: str, name: str, line_number: int, text_field: str) -> Item:
    where = f"{name}:{line_number}"
    try:
        record = json.loads(line)
    except (ValueError, RecursionError) as error:
        return ErrorRecord(source=name, line=line_number, error=f"{where}: invalid JSON ({one_line(error)})")
    if not isinstance(record, dict):
        return ErrorRecord(source=name, line=line_number, error=f"{where}: a JSONL record must be an object")
    record_id = str(record.get("id", f"line {line_number}"))
    if text_field not in record and _is_wordpress_post(record):  # a JSONL export of WordPress posts
        post = next(_read_wordpress(json.dumps(record), name))
        if isinstance(post, Document):
            post.format, post.line = "jsonl", line_number
        return post
    text = record.get(text_field)
    if not isinstance(text, str):
        problem = "has no" if text is None else "has a non-string"
        return ErrorRecord(source=name, line=line_number, id=record_id,
                           error=f"{where}: record {problem} {text_field!r} field (set --text-field)")
    fields = {key: value for key, value in record.items() if key != text_field}
    text = valid_text(text)
    body_type = _body_type(text)
    title = record.get("title") if isinstance(record.get("title"), str) else None
    return Document(id=record_id, format="jsonl", body=text, body_type=body_type, source=name,
                    line=line_number, title=title, fields=fields)


def _read_wordpress(text: str, name: str) -> Iterator[Item]:
    try:
        value = json.loads(text)
    except (ValueError, RecursionError) as error:
        raise FilterkitError(f"{name}: invalid JSON ({one_line(error)})") from None
    posts = value if isinstance(value, list) else [value]
    for number, post in enumerate(posts, start=1):
        where = name if len(posts) == 1 else f"{name} (post {number})"
        if not isinstance(post, dict):
            yield ErrorRecord(source=name, error=f"{where}: a WordPress post must be a JSON object")
            continue
        post_id = str(post.get("id", number))
        content = post.get("content")
        rendered = content.get("rendered") if isinstance(content, dict) else None
        if not isinstance(rendered, str):
            yield ErrorRecord(source=name, id=post_id,
                              error=f"{where}: WordPress post has no string content.rendered")
            continue
        title = post.get("title")
        title_text = title.get("rendered") if isinstance(title, dict) else title
        metadata = {key: value for key, value in post.items() if key not in ("content", "_links")}
        yield Document(id=post_id, format="wordpress-json", body=valid_text(rendered), body_type="html", source=name,
                       title=_html_to_text(title_text) if isinstance(title_text, str) else None,
                       metadata=metadata, fields=metadata)


