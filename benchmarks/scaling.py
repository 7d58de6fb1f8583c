"""Does cleaning grow linearly with the input? Time ``Filter.clean`` on inputs of size N and 10N, per shape.

    python benchmarks/scaling.py              # every shape, prints a table of time(10N) / time(N)
    python benchmarks/scaling.py --only title # shapes whose name contains "title"
    python benchmarks/scaling.py --scale 0.5  # smaller inputs (faster, noisier)

Roughly linear means a ratio of about 10; anything over 15 is flagged SUPERLINEAR (quadratic code gives ~100).
Shapes: realistic and degenerate documents, plus a pathological string for every regular expression in
filterkit (``grep -n "re.compile\\|re\\.\\(search\\|match\\|findall\\|sub\\|split\\)" filterkit/*.py``). The
title regexes only look at the first 200 kB / 500 kB, so their N and 10N stay below that.

Then two parser-safety checks: an XML "billion laughs" DOCTYPE (entity expansion) and external entities
pointing at a local listening socket and a local file (network access, file disclosure) in an (X)HTML input.
"""

from __future__ import annotations

import argparse
import gc
import gzip
import json
import socket
import sys
import tempfile
import time
import warnings
from collections.abc import Callable
from pathlib import Path

warnings.simplefilter("ignore")

import filterkit  # noqa: E402
from filterkit.readers import read_string  # noqa: E402

SENTENCE = "The city council approved the new budget on Monday evening after a long debate that ran past midnight."
WORDS = ("council budget debate midnight mayor taxes owners month money spent city hall vote opposition reform "
         "schools roads police library park transit housing rent water").split()


def prose_paragraph(i: int, words: int) -> str:
    return " ".join(WORDS[(i * 7 + k * 3) % len(WORDS)] for k in range(words)) + f" number {i}."


def story_ending_with(opening: str) -> str:
    """An article whose last paragraph starts with ``opening``, a dash at its end."""
    article = "\n\n".join(prose_paragraph(i, 60) for i in range(6))
    return f"{article}\n\n{opening} {prose_paragraph(9, 60)} - x"


# name -> (builder of the input for a size parameter n, base n, unit of n, how it is cleaned)
def shapes() -> dict[str, tuple[Callable[[int], str | bytes], int, str]]:
    return {
        "plain text, 100-word paragraphs": (lambda n: "\n\n".join(prose_paragraph(i, 100) for i in range(n)), 400,
                                            "paragraphs"),
        "plain text, 20-word paragraphs": (lambda n: "\n\n".join(prose_paragraph(i, 18) for i in range(n)), 1000,
                                           "paragraphs"),
        "plain text, many tiny paragraphs": (lambda n: "\n\n".join(f"w{i}" for i in range(n)), 1500, "paragraphs"),
        "one huge paragraph, no newlines": (lambda n: " ".join(WORDS[i % len(WORDS)] for i in range(n)), 20_000,
                                            "words"),
        "one line of one character": (lambda n: "a" * n, 100_000, "chars"),
        "one line of one uppercase character": (lambda n: "A" * n, 100_000, "chars"),  # _UPPER_DATELINE {2,}
        "dateline-like run (_DATELINE)": (lambda n: "Aaaa " * (n // 5) + "- x", 100_000, "chars"),
        # (the context pass tests an article's last paragraphs for a story's dateline: these end one)
        "last paragraph opens with capitals and commas (_UPPER_PLACE_DATELINE)": (
            lambda n: story_ending_with("AAA," * (n // 4)), 100_000, "chars"),
        "last paragraph opens with place-like words (_PLACE_DATELINE)": (
            lambda n: story_ending_with("Aa a " * (n // 5)), 100_000, "chars"),
        "punctuation soup (_SENTENCE_END, _URL)": (lambda n: ".!?”. www. .com " * (n // 16), 100_000, "chars"),
        "HTML, many <p> blocks": (lambda n: "<html><body><article>" + "".join(
            f"<p class='para-{i % 5}'>{prose_paragraph(i, 40)}</p>" for i in range(n)) + "</article></body></html>",
                                  500, "blocks"),
        "HTML, many tiny inline elements": (lambda n: "<p>" + "<span class='a'>w</span> " * n + "</p>", 5000,
                                            "elements"),
        "HTML nested, text at the bottom": (lambda n: "<html><body>" + "<div>" * n + SENTENCE + "</div>" * n,
                                            1000, "levels"),
        "HTML nested, text at every level": (lambda n: "<html><body>" + f"<div class='a b'>{SENTENCE} " * n,
                                             250, "levels"),
        "HTML, long class/id attributes (_TOKEN_SPLIT, _CAMEL)": (lambda n: "".join(
            f"<div class='{'aB' * 40} x-y_z{i}' id='{'Cd' * 20}'><p>{SENTENCE}</p></div>" for i in range(n)),
                                                                  300, "blocks"),
        "'<title' repeated, no '>' (_title)": (lambda n: "<html>" + "<title" * (n // 6), 16_000, "chars"),
        "'<h1' repeated, no '>' (_title)": (lambda n: "<p>x</p><p>" + "<h1" * (n // 3), 16_000, "chars"),
        "'<title>' unclosed (_title lazy .{1,1000}?)": (lambda n: "<p>x</p><title>" * (n // 15), 16_000, "chars"),
        "'<p ' attribute run (_HTML_TAG)": (lambda n: "<p " + "a=b " * (n // 4), 100_000, "chars"),
        "bytes: '<meta' run, invalid UTF-8 (_META_CHARSET)": (lambda n: b"\xff" + b"<meta charset" * (n // 13),
                                                              100_000, "bytes"),
        "JSONL, many records": (lambda n: "".join(json.dumps({"id": i, "text": prose_paragraph(i, 30)}) + "\n"
                                                  for i in range(n)), 300, "records"),
        "gzip of plain text": (lambda n: gzip.compress(("\n\n".join(prose_paragraph(i, 60) for i in range(n)))
                                                       .encode(), mtime=0), 400, "paragraphs"),
    }


def run_once(filter_: filterkit.Filter, data: str | bytes) -> None:
    if isinstance(data, str) and data.startswith('{"id"'):  # a corpus: stream it through process()
        for _ in filter_.process(read_string(data)):
            pass
    else:
        filter_.clean(data)


def timed(filter_: filterkit.Filter, data: str | bytes, repeats: int) -> float:
    best = float("inf")
    for _ in range(repeats):
        gc.collect()
        started = time.perf_counter()
        run_once(filter_, data)
        best = min(best, time.perf_counter() - started)
    return best


def size_of(data: str | bytes) -> str:
    n = len(data)
    return f"{n / 1e6:.2f} MB" if n >= 1e6 else f"{n / 1e3:.0f} kB"


def scaling_table(filter_: filterkit.Filter, only: str | None, scale: float, limit: float) -> list[tuple]:
    rows = []
    print(f"{'shape':<52} {'N':>14} {'size':>9} {'t(N)':>8} {'size':>9} {'t(10N)':>8} {'ratio':>6}  verdict")
    for name, (build, base, unit) in shapes().items():
        if only and only.lower() not in name.lower():
            continue
        n = max(1, int(base * scale))
        small, large = build(n), build(10 * n)
        run_once(filter_, small)  # warm up
        t_small = timed(filter_, small, 3)
        t_large = timed(filter_, large, 1)
        ratio = t_large / max(t_small, 1e-4)
        verdict = "ok" if ratio <= limit else "SUPERLINEAR"
        rows.append((name, n, unit, len(small), t_small, len(large), t_large, ratio, verdict))
        print(f"{name:<52} {f'{n:,} {unit}':>14} {size_of(small):>9} {t_small:7.3f}s {size_of(large):>9} "
              f"{t_large:7.2f}s {ratio:6.1f}  {verdict}", flush=True)
    return rows


# ---- parser safety ---------------------------------------------------------------------------------------------

def parser_safety(filter_: filterkit.Filter) -> list[str]:
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(5)
    listener.setblocking(False)
    port = listener.getsockname()[1]
    secret = Path(tempfile.mkdtemp()) / "secret.txt"
    secret.write_text("MARKER-7f3a9 must never be read", encoding="utf-8")
    laughs = "".join(f'<!ENTITY lol{i} "{("&lol%d;" % (i - 1)) * 10}">' for i in range(1, 10))
    page = (f'<?xml version="1.0"?><!DOCTYPE html [<!ENTITY lol0 "lol">{laughs}'
            f'<!ENTITY ext SYSTEM "http://127.0.0.1:{port}/evil.dtd"><!ENTITY file SYSTEM "file://{secret}">'
            f'<!ENTITY % remote SYSTEM "http://127.0.0.1:{port}/remote.dtd"> %remote;]>'
            f'<html xmlns="http://www.w3.org/1999/xhtml"><body><p>&lol9;</p><p>&ext;</p><p>&file;</p>'
            f"<p>{SENTENCE}</p></body></html>")
    lines = []
    try:
        for label, data in (("str", page), ("bytes", page.encode()), ("gzip", gzip.compress(page.encode()))):
            started = time.perf_counter()
            document = filter_.classify(data)
            elapsed = time.perf_counter() - started
            text = " ".join(p.text for p in document.paragraphs)
            expanded = "lollol" in text or len(text) > len(page)
            leaked = "MARKER-7f3a9" in text
            lines.append(f"billion laughs + external entities ({label:5}): {elapsed:.3f}s, output {len(text)} chars, "
                         f"entities expanded: {'YES' if expanded else 'no'}, local file read: "
                         f"{'YES' if leaked else 'no'}")
        try:
            listener.accept()
            lines.append(f"network: a connection reached 127.0.0.1:{port}: YES, THE PARSER FETCHED")
        except BlockingIOError:
            lines.append(f"network: no connection reached the listener on 127.0.0.1:{port}: no fetch")
    finally:
        listener.close()
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", help="run only the shapes whose name contains this")
    parser.add_argument("--scale", type=float, default=1.0, help="multiply every base size N by this")
    parser.add_argument("--limit", type=float, default=15.0, help="ratios above this are flagged")
    args = parser.parse_args()
    filter_ = filterkit.Filter()
    print(f"filterkit {filterkit.__version__}, model {filter_.name}, python {sys.version.split()[0]}\n")
    rows = scaling_table(filter_, args.only, args.scale, args.limit)
    print()
    for line in parser_safety(filter_):
        print(line)
    flagged = [row[0] for row in rows if row[-1] != "ok"]
    print(f"\n{len(rows)} shapes, {len(flagged)} superlinear" + (": " + "; ".join(flagged) if flagged else ""))
    return 1 if flagged else 0


if __name__ == "__main__":
    sys.exit(main())
