"""Fuzz filterkit's input side: ``Filter.clean`` on bytes and str, and ``readers.read_path`` on files.

    python benchmarks/fuzz.py --seconds 600                       # atheris (libFuzzer) if installed, else random
    python benchmarks/fuzz.py --seconds 60 --engine random --seed 7
    python benchmarks/fuzz.py --replay fuzz-crashes/crash-*.bin   # re-run saved inputs

A *crash* is any exception other than ``filterkit.FilterkitError``. Two cheap oracles run as well:
``invented`` (a kept paragraph that is not in the document's visible text) and ``nondeterministic``
(the same input cleaned twice gives different output), plus ``slow`` (one input over --slow seconds).
Every finding is deduplicated by its signature (exception type and innermost frames), its first input is
saved to --crash-dir, and fuzzing goes on, so one known bug does not end the run. At the end the driver
prints the number of inputs tried and one line per distinct finding; it exits 1 if there were findings.

Engines: ``atheris`` runs libFuzzer (coverage-guided over filterkit's and bs4's bytecode) in a child
process, seeded with /work/main/seeds, built-in HTML/JSON/JSONL snippets and a token dictionary;
``random`` is a dependency-free mutator over the same corpus and dictionary (splices, token inserts,
byte flips, deletions, duplications).
"""

from __future__ import annotations

import argparse
import codecs
import encodings.aliases
import gzip
import hashlib
import io
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import time
import traceback
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED_DIR = ROOT / "seeds"

# ---- corpus and dictionary -----------------------------------------------------------------------------------

_STORY = ("The city council approved the new budget on Monday evening after a long debate that ran past midnight. "
          "Opponents argued that the increase in property taxes would fall hardest on retired home owners.")


def builtin_snippets() -> list[bytes]:
    post = {"id": 7, "title": {"rendered": "Caf&eacute; &amp; council"},
            "content": {"rendered": f"<p>{_STORY}</p><p>Share this</p>"}, "_links": {}}
    page = (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>Budget</title><script>var x='<p>no</p>'"
            f"</script></head><body><nav><a href='/'>Home</a></nav><article><h1>Budget</h1><p>{_STORY}</p>"
            f"<p>Second &amp; final paragraph &#8211; with entities.</p></article><footer>(c) 2024</footer></body></html>")
    jsonl = "".join(json.dumps({"id": f"r{i}", "text": t}) + "\n" for i, t in
                    enumerate([_STORY, f"<p>{_STORY}</p><p>Related: other story</p>", "ChatGPT said:\nCopy code"]))
    snippets = [
        page.encode(), page.encode("cp1252").replace(b"utf-8", b"windows-1252"),
        codecs.BOM_UTF16_LE + page.encode("utf-16-le"), jsonl.encode(), gzip.compress(jsonl.encode(), mtime=0),
        json.dumps(post).encode(), json.dumps([post, {**post, "id": 8}]).encode(), gzip.compress(page.encode(), mtime=0),
        (_STORY.replace(". ", ".\r\n") + "\r\rAnd a Mac line.\n\nEnd.").encode(),
        b"<p>unclosed <b>bold <i>italic <div>block", b"<html><body>" + b"<div>" * 200 + _STORY.encode(),
        b"\xef\xbb\xbf" + _STORY.encode(), b"caf\xe9 cr\xe8me br\xfbl\xe9e, na\xefve fa\xe7ade.",
        b'<meta charset="iso-8859-1"><p>caf\xe9 au lait</p><p>cr\xe8me</p>', b"",
        b'{"text": "a"}\n{broken\n{"id": 3}\n{"text": 5}\n',
    ]
    snippets.extend(_warc_snippets())
    return snippets


def _warc_snippets() -> list[bytes]:
    """Two small WARC archives (plain and gzipped) when warcio is installed (the WARC reader needs it anyway)."""
    try:
        from warcio.statusandheaders import StatusAndHeaders
        from warcio.warcwriter import WARCWriter
    except ImportError:
        return []
    out = []
    for gz in (False, True):
        buffer = io.BytesIO()
        writer = WARCWriter(buffer, gzip=gz)
        for i, charset in enumerate(["utf-8", "windows-1252"]):
            html = f"<html><head><title>Page {i}</title></head><body><p>{_STORY}</p></body></html>".encode()
            headers = StatusAndHeaders("200 OK", [("Content-Type", f"text/html; charset={charset}")],
                                       protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(f"https://example.org/{i}", "response",
                                                          payload=io.BytesIO(html), http_headers=headers))
        out.append(buffer.getvalue())
    return out


def corpus() -> list[bytes]:
    items = builtin_snippets()
    for path in sorted(SEED_DIR.rglob("*")):
        if path.is_file():
            items.append(path.read_bytes()[:20000])
    return items


def dictionary() -> list[bytes]:
    from filterkit.segment import BLOCK_TAGS, EMBED_TOKENS, SKIPPED_TAGS

    tokens: set[bytes] = set()
    for tag in sorted(BLOCK_TAGS | SKIPPED_TAGS | {"a", "span", "b", "i", "title", "meta", "br", "img"}):
        tokens.update({f"<{tag}>".encode(), f"</{tag}>".encode(), f"<{tag} class='x'>".encode()})
    tokens.update(f'<div class="{t}">'.encode() for t in sorted(EMBED_TOKENS))
    tokens.update(b"&%s;" % e for e in (b"amp", b"lt", b"gt", b"nbsp", b"quot", b"#8211", b"#x80", b"#0", b"#xD800",
                                         b"#1114112", b"eacute", b"lol"))
    tokens.update({b"<!--", b"-->", b"<![CDATA[", b"]]>", b"<?xml version='1.0'?>", b"<!DOCTYPE html>",
                   b'<!DOCTYPE x [<!ENTITY lol "lollol">]>', b'<!ENTITY x SYSTEM "http://127.0.0.1:9/x">',
                   b"<meta charset=", b'<meta http-equiv="Content-Type" content="text/html; charset=',
                   b'{"text": "', b'"}', b'{"content": {"rendered": "', b'"title": {"rendered": "', b'"id": ',
                   b"\\u0000", b"\\ud800", b"\\udfff", b"\\n", b"[", b"]", b"{", b"}", b"null", b"1e999", b"NaN",
                   b"\r\n", b"\r", b"\n\n", b"\x0c", b"\x00", b"\x85", "\u2028".encode(), b"\xef\xbb\xbf",
                   b"\xff\xfe", b"\xfe\xff", b"\xff\xfe\x00\x00", b"\x1f\x8b\x08\x00", b"%PDF-1.4", b"PK\x03\x04",
                   b"\x89PNG", b"GIF89a", b"ChatGPT said:", b"Copy code", b"Share this", b"WARC/1.0\r\n",
                   b"WARC-Type: response\r\n", b"Content-Length: ", b"Content-Type: text/html; charset=",
                   b"HTTP/1.1 200 OK\r\n", b"\r\n\r\n"})
    # Every codec name Python knows: a page's <meta charset> may name any of them.
    tokens.update(name.encode() for name in set(encodings.aliases.aliases.values()) | set(encodings.aliases.aliases))
    return sorted(tokens)


# ---- the target and its oracles ------------------------------------------------------------------------------

class Target:
    """Runs one input through filterkit and classifies what happened."""

    def __init__(self, crash_dir: Path, slow_seconds: float) -> None:
        warnings.simplefilter("ignore")  # bs4's parser warnings are reported elsewhere, not crashes
        import filterkit
        from filterkit import readers, segment

        self.filterkit, self.readers, self.segment = filterkit, readers, segment
        self.filter = filterkit.Filter()
        self.crash_dir = crash_dir
        self.slow_seconds = slow_seconds
        self.count = 0
        self.findings: dict[str, dict] = {}
        self.tmp = Path(tempfile.mkdtemp(prefix="filterkit-fuzz-"))

    # One input: the first byte picks the entry point and output format, the rest is the document.
    def __call__(self, data: bytes) -> None:
        self.count += 1
        if not data:
            data = b"\x00"
        mode, body = data[0], data[1:]
        output_format = ("text", "markdown", "jsonl")[(mode >> 4) % 3]
        started = time.perf_counter()
        try:
            if mode % 4 == 0:
                self._clean(body, output_format)
            elif mode % 4 == 1:
                self._clean(body.decode("utf-8", errors="replace"), output_format)
            elif mode % 4 == 2:
                self._clean(body.decode("latin-1"), output_format)
            else:
                self._read_path(body, output_format)
        except self.filterkit.FilterkitError as error:
            if "\n" in str(error) or "\r" in str(error):
                self._finding("multiline-error", data, f"FilterkitError message spans lines: {str(error)[:200]!r}")
        except RecursionError as error:  # before Exception: keep its traceback short in the report
            self._finding("crash", data, f"RecursionError: {str(error)[:200]}", error)
        except Exception as error:  # noqa: BLE001 - any other exception is what we are looking for
            self._finding("crash", data, f"{type(error).__name__}: {str(error)[:200]}", error)
        elapsed = time.perf_counter() - started
        if elapsed > self.slow_seconds:
            self._finding("slow", data, f"{elapsed:.1f}s for {len(data):,} bytes", signature=f"slow-{len(data) // 10000}")

    def _clean(self, document: bytes | str, output_format: str) -> None:
        out = self.filter.clean(document, output_format=output_format)
        out.encode("utf-8")  # what the CLI does with it next
        if self.count % 8 == 0 and self.filter.clean(document, output_format=output_format) != out:
            raise _Oracle("nondeterministic", "the same input cleaned twice gave different output")
        if output_format == "text" and out:
            self._check_visible(document, out)

    def _read_path(self, body: bytes, output_format: str) -> None:
        from filterkit.write import error_line, render

        path = self.tmp / "input"
        path.write_bytes(gzip.compress(body, mtime=0) if body[:1] == b"z" else body)
        for item in self.filter.process(self.readers.read_path(path, max_bytes=1 << 20)):
            if isinstance(item, self.filterkit.ErrorRecord):
                line = error_line(item)
                if "\n" in item.error or "\r" in item.error:
                    raise _Oracle("multiline-error", f"error record spans lines: {item.error[:200]!r}")
                if str(path) not in item.error:
                    raise _Oracle("unnamed-error", f"error does not name its source: {item.error[:200]!r}")
            else:
                line = render(item, output_format, self.filter.name)
            line.encode("utf-8")

    def _check_visible(self, document: bytes | str, out: str) -> None:
        """Every kept paragraph occurs in the visible text of the document it came from."""
        try:
            [item] = self.filter.read(document)
        except (ValueError, self.filterkit.FilterkitError):
            return
        visible = visible_text(item.body, item.body_type)
        for paragraph in out.split("\n\n"):
            if paragraph and paragraph not in visible:
                raise _Oracle("invented", f"kept paragraph not in the input's visible text: {paragraph[:120]!r}")

    def _finding(self, kind: str, data: bytes, message: str, error: BaseException | None = None,
                 signature: str | None = None) -> None:
        if isinstance(error, _Oracle):
            kind, message, error = error.kind, error.message, None
        if signature is None:
            frames = traceback.extract_tb(error.__traceback__) if error is not None else []
            ours = [f for f in frames if "filterkit" in f.filename and "benchmarks" not in f.filename]
            where = [f"{Path(f.filename).name}:{f.lineno}" for f in (ours[-1:] + frames[-1:])]
            head = message.split(":")[0] if error is not None else message[:40]
            signature = f"{kind}|{head}|{'|'.join(where)}"
        finding = self.findings.get(signature)
        if finding is not None:
            finding["count"] += 1
            return
        digest = hashlib.sha1(data).hexdigest()[:12]
        self.crash_dir.mkdir(parents=True, exist_ok=True)
        saved = self.crash_dir / f"{kind}-{digest}.bin"
        saved.write_bytes(data)
        detail = "".join(traceback.format_exception(error)) if error is not None else message
        saved.with_suffix(".txt").write_text(f"{signature}\n{message}\n\n{detail}", encoding="utf-8",
                                             errors="backslashreplace")
        self.findings[signature] = {"kind": kind, "message": message, "count": 1, "input": str(saved)}
        print(f"\n*** NEW {kind}: {message}\n    signature {signature}\n    input {saved}: {data[:160]!r}",
              file=sys.stderr, flush=True)

    def stats(self) -> dict:
        return {"inputs": self.count, "findings": self.findings}


class _Oracle(Exception):
    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind, self.message = kind, message


def visible_text(body: str, body_type: str) -> str:
    """The text a reader sees: whitespace-normalised, for HTML the text nodes outside skipped elements."""
    from filterkit.segment import SKIPPED_TAGS, normalize_space

    if body_type != "html":
        return normalize_space(body)
    from bs4 import BeautifulSoup, Comment, Declaration, Doctype, ProcessingInstruction
    from bs4.element import NavigableString

    soup = BeautifulSoup(body, "lxml")
    for element in soup.find_all(list(SKIPPED_TAGS)):
        element.extract()
    pieces = [str(node) for node in soup.descendants if isinstance(node, NavigableString)
              and not isinstance(node, (Comment, Declaration, Doctype, ProcessingInstruction))]
    return normalize_space("".join(pieces))


# ---- engines ---------------------------------------------------------------------------------------------------

def run_random(target: Target, seconds: float, seed: int, max_len: int) -> None:
    rng = random.Random(seed)
    seeds, tokens = corpus(), dictionary()
    pool = list(seeds)
    deadline = time.monotonic() + seconds
    last = time.monotonic()
    while time.monotonic() < deadline:
        data = bytearray(rng.choice(pool))
        for _ in range(rng.randint(1, 12)):
            op, at = rng.random(), rng.randint(0, len(data))
            if op < 0.35:
                data[at:at] = rng.choice(tokens)
            elif op < 0.5 and data:
                del data[at:at + rng.randint(1, 64)]
            elif op < 0.65 and data:
                data[min(at, len(data) - 1)] = rng.randrange(256)
            elif op < 0.75:
                data[at:at] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 16)))
            elif op < 0.85:
                other = rng.choice(pool)
                start = rng.randint(0, len(other))
                data[at:at] = other[start:start + rng.randint(1, 2000)]
            elif op < 0.92 and data:
                end = min(len(data), at + rng.randint(1, 200))
                data[at:at] = data[at:end] * rng.randint(2, 50)
            else:
                data = bytearray(data[:at])
        data = bytes(data[:max_len])
        target(bytes([rng.randrange(256)]) + data)
        if rng.random() < 0.05 and len(pool) < 2000:
            pool.append(data)
        if time.monotonic() - last > 30:
            last = time.monotonic()
            print(f"[random] {target.count} inputs, {len(target.findings)} distinct findings", file=sys.stderr,
                  flush=True)


def run_atheris_child(args: argparse.Namespace) -> None:
    """libFuzzer in this process; writes stats to --stats as it goes (libFuzzer exits without Python's atexit)."""
    import atheris

    with atheris.instrument_imports(include=["filterkit", "bs4"]):
        import bs4  # noqa: F401
        import filterkit  # noqa: F401
    target = Target(Path(args.crash_dir), args.slow)
    stats_path = Path(args.stats)
    last = [0.0]

    def one_input(data: bytes) -> None:
        target(data)
        now = time.monotonic()
        if now - last[0] > 0.5:
            last[0] = now
            tmp = stats_path.with_suffix(".tmp")
            tmp.write_text(json.dumps(target.stats()), encoding="utf-8")
            os.replace(tmp, stats_path)

    corpus_dir = Path(args.corpus_dir)
    dict_path = corpus_dir.parent / "filterkit.dict"
    libfuzzer_args = [sys.argv[0], str(corpus_dir), f"-max_total_time={int(args.seconds)}", f"-max_len={args.max_len}",
                      "-timeout=600", "-rss_limit_mb=6000", f"-dict={dict_path}", f"-seed={args.seed}",
                      "-print_final_stats=1", "-close_fd_mask=0"]
    atheris.Setup(libfuzzer_args, one_input)
    atheris.Fuzz()


def run_atheris(args: argparse.Namespace) -> dict:
    work = Path(tempfile.mkdtemp(prefix="filterkit-atheris-"))
    corpus_dir = work / "corpus"
    corpus_dir.mkdir()
    for n, item in enumerate(corpus()):
        for mode in (0, 1, 3):
            (corpus_dir / f"seed{n:03d}-{mode}").write_bytes(bytes([mode]) + item)
    with open(work / "filterkit.dict", "w", encoding="ascii") as handle:
        for token in dictionary():
            escaped = "".join(chr(b) if 32 <= b < 127 and chr(b) not in '"\\' else f"\\x{b:02x}" for b in token)
            handle.write(f'"{escaped}"\n')
    stats = work / "stats.json"
    log = Path(args.crash_dir) / "libfuzzer.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    command = [sys.executable, __file__, "--child", "--seconds", str(args.seconds), "--crash-dir", args.crash_dir,
               "--stats", str(stats), "--corpus-dir", str(corpus_dir), "--max-len", str(args.max_len),
               "--seed", str(args.seed), "--slow", str(args.slow)]
    with open(log, "w", encoding="utf-8") as handle:
        child = subprocess.run(command, stdout=handle, stderr=subprocess.STDOUT, check=False)
    text = log.read_text(encoding="utf-8", errors="replace")
    for line in text.splitlines():
        if line.startswith("*** NEW") or line.startswith("    "):
            print(line, file=sys.stderr)
    result = json.loads(stats.read_text(encoding="utf-8")) if stats.exists() else {"inputs": 0, "findings": {}}
    done = re.search(r"Done (\d+) runs in (\d+) second", text)
    result["libfuzzer_runs"] = int(done.group(1)) if done else None
    result["child_exit"] = child.returncode
    result["log"] = str(log)
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--engine", choices=("auto", "atheris", "random"), default="auto")
    parser.add_argument("--crash-dir", default="fuzz-crashes")
    parser.add_argument("--max-len", type=int, default=65536)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--slow", type=float, default=10.0, help="report an input that takes longer (seconds)")
    parser.add_argument("--replay", nargs="+", help="run saved inputs through the target and report")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--stats", help=argparse.SUPPRESS)
    parser.add_argument("--corpus-dir", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        run_atheris_child(args)
        return 0
    started = time.monotonic()
    if args.replay:
        target = Target(Path(args.crash_dir), args.slow)
        for name in args.replay:
            target(Path(name).read_bytes())
        result = target.stats()
        engine = "replay"
    else:
        engine = args.engine
        if engine == "auto":
            try:
                import atheris  # noqa: F401
                engine = "atheris"
            except ImportError:
                engine = "random"
        if engine == "atheris":
            result = run_atheris(args)
        else:
            target = Target(Path(args.crash_dir), args.slow)
            run_random(target, args.seconds, args.seed, args.max_len)
            result = target.stats()
    elapsed = time.monotonic() - started
    findings = result["findings"]
    print(f"\nengine {engine}: {result['inputs']:,} inputs tried in {elapsed:.0f}s"
          + (f" (libFuzzer: {result['libfuzzer_runs']:,} runs)" if result.get("libfuzzer_runs") else "")
          + f"; {len(findings)} distinct findings")
    for signature, finding in sorted(findings.items(), key=lambda kv: -kv[1]["count"]):
        print(f"  {finding['kind']:<16} x{finding['count']:<6} {finding['message'][:110]}\n"
              f"  {'':16}        {signature}\n  {'':16}        {finding['input']}")
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main())
