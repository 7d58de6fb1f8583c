"""Whole corpora: parallel jobs in order, JSONL shards, nothing lost, atomic outputs, resume after a kill."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import filterkit.pipeline as pipeline
from filterkit.cli import main
from filterkit.corpus import Run, _batched
from filterkit.document import Document, ErrorRecord

SEEDS = sorted((Path(__file__).resolve().parent.parent / "seeds").glob("*.txt"))


def tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture
def corpus(tmp_path):
    """A directory of 24 documents in nested folders, plus a JSONL corpus with two bad records."""
    source = tmp_path / "in"
    for n in range(24):
        seed = SEEDS[n % 4]
        target = source / f"part{n % 3}" / f"doc{n:02d}{seed.suffix}"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(seed.read_bytes())
    records = []
    for n in range(30):
        if n == 11:
            records.append('{"id": 11, "text": broken')
        elif n == 19:
            records.append(json.dumps({"id": 19, "body": "no text field"}))
        else:
            text = SEEDS[n % 4].read_text(encoding="utf-8") if n % 4 != 1 else "Plain short text."
            records.append(json.dumps({"id": n, "text": text, "lang": "en"}))
    jsonl = tmp_path / "corpus.jsonl"
    jsonl.write_text("\n".join(records) + "\n", encoding="utf-8")
    return source, jsonl


def test_two_jobs_give_the_same_outputs_as_one(runner, corpus, tmp_path):
    source, jsonl = corpus
    for jobs in ("1", "2"):
        result = runner.invoke(main, ["clean", str(source), "--output-dir", str(tmp_path / f"out{jobs}"),
                                      "--jobs", jobs])
        assert result.exit_code == 0, result.output
        result = runner.invoke(main, ["clean", str(jsonl), "--output-format", "jsonl", "--jobs", jobs,
                                      "-o", str(tmp_path / f"corpus{jobs}.jsonl")])
        assert result.exit_code == 1, result.output
    assert tree(tmp_path / "out1") == tree(tmp_path / "out2")
    assert len(tree(tmp_path / "out1")) == 24
    assert (tmp_path / "corpus1.jsonl").read_bytes() == (tmp_path / "corpus2.jsonl").read_bytes()


def test_every_record_is_an_output_or_an_error(runner, corpus, tmp_path):
    _, jsonl = corpus
    errors = tmp_path / "errors.jsonl"
    result = runner.invoke(main, ["clean", str(jsonl), "--output-format", "jsonl", "-o", str(tmp_path / "o.jsonl"),
                                  "--errors", str(errors)])
    assert result.exit_code == 1
    outputs = [json.loads(line) for line in (tmp_path / "o.jsonl").read_text(encoding="utf-8").splitlines()]
    failures = [json.loads(line) for line in errors.read_text(encoding="utf-8").splitlines()]
    assert len(outputs) + len(failures) == 30
    assert [f["line"] for f in failures] == [12, 20]
    assert [o["id"] for o in outputs] == [n for n in range(30) if n not in (11, 19)]
    assert all(o["lang"] == "en" for o in outputs)
    assert result.stderr.splitlines()[-1].startswith("30 documents in, 28 out, 2 errors")


def test_jsonl_shards(runner, corpus, tmp_path):
    _, jsonl = corpus
    out = tmp_path / "shards"
    result = runner.invoke(main, ["clean", str(jsonl), "--output-dir", str(out), "--output-format", "jsonl",
                                  "--shard-size", "8"])
    assert result.exit_code == 1
    shards = sorted(out.glob("*.jsonl"))
    assert [p.name for p in shards] == [f"corpus.part-0000{n}.jsonl" for n in range(4)]
    # 30 records in shards of 8: the bad records (11 and 19) take their place in shards 1 and 2.
    assert [len(p.read_text(encoding="utf-8").splitlines()) for p in shards] == [8, 7, 7, 6]
    errors = sorted((out / ".filterkit-errors").glob("*"))
    assert [p.name for p in errors] == ["corpus.part-00001.errors.jsonl", "corpus.part-00002.errors.jsonl"]


def test_resume_needs_an_output_directory(runner, corpus):
    source, _ = corpus
    assert runner.invoke(main, ["clean", str(source), "--resume"]).exit_code == 2


def run_and_kill(args: list[str], out: Path, after_files: int) -> None:
    """Start `filterkit clean`, kill it once some outputs are complete, and check it did not finish."""
    process = subprocess.Popen([sys.executable, "-m", "filterkit.cli", *args], stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        if out.exists() and len([p for p in out.rglob("*") if p.is_file() and not p.name.startswith(".")]) >= after_files:
            break
        time.sleep(0.02)
    assert process.poll() is None, "the run finished before it could be killed"
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()


@pytest.mark.parametrize("shards", [False, True], ids=["files", "shards"])
def test_resume_after_a_kill_equals_an_uninterrupted_run(runner, corpus, tmp_path, shards):
    source, jsonl = corpus
    if shards:  # a long JSONL corpus, so the kill lands mid-way
        jsonl.write_text(jsonl.read_text(encoding="utf-8") * 20, encoding="utf-8")
        args = [str(jsonl), "--output-format", "jsonl", "--shard-size", "25"]
    else:  # more documents than one batch (Run.batch_size), whose outputs are written in one burst
        for n in range(24, 24 + 2 * Run.batch_size):
            (source / f"more{n}.txt").write_bytes(SEEDS[n % 4].read_bytes())
        args = [str(source)]
    reference, resumed = tmp_path / "reference", tmp_path / "resumed"
    expected_code = 1 if shards else 0
    result = runner.invoke(main, ["clean", *args, "--output-dir", str(reference), "--errors",
                                  str(tmp_path / "reference-errors.jsonl")])
    assert result.exit_code == expected_code, result.output
    run_and_kill(["clean", *args, "--output-dir", str(resumed)], resumed, after_files=3)
    partial = tree(resumed)
    finished = {name: data for name, data in partial.items() if not Path(name).name.startswith(".")}
    assert finished and len(finished) < len([n for n in tree(reference) if not Path(n).name.startswith(".")])
    for name, data in finished.items():  # whatever is visible is complete
        assert data == tree(reference)[name]
    result = runner.invoke(main, ["clean", *args, "--output-dir", str(resumed), "--resume", "--errors",
                                  str(tmp_path / "resumed-errors.jsonl")])
    assert result.exit_code == expected_code, result.output
    assert "already complete, skipped" in result.stderr
    assert tree(resumed) == tree(reference)  # no temporary files left, every output equal
    assert sorted((tmp_path / "resumed-errors.jsonl").read_text(encoding="utf-8").splitlines()) == sorted(
        (tmp_path / "reference-errors.jsonl").read_text(encoding="utf-8").splitlines())


def test_inputs_are_never_modified(runner, corpus, tmp_path):
    source, jsonl = corpus
    before = tree(source) | {"corpus.jsonl": jsonl.read_bytes()}
    stats = {p: p.stat().st_mtime_ns for p in source.rglob("*")}
    runner.invoke(main, ["clean", str(source), str(jsonl), "--output-dir", str(tmp_path / "out"), "--jobs", "2"])
    assert tree(source) | {"corpus.jsonl": jsonl.read_bytes()} == before
    assert {p: p.stat().st_mtime_ns for p in source.rglob("*")} == stats


def test_warc_response_records_with_html_are_documents(runner, tmp_path):
    warcio = pytest.importorskip("warcio", reason="the optional warc extra is not installed")
    from io import BytesIO

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    page = (SEEDS[1].read_text(encoding="utf-8"))
    article = json.loads(page)["content"]["rendered"].encode("utf-8")
    archive = tmp_path / "crawl.warc.gz"
    with open(archive, "wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        for n, (content_type, payload) in enumerate([("text/html; charset=utf-8", article),
                                                      ("image/png", b"\x89PNG\r\n\x1a\n...."),
                                                      ("text/html", b"<p>" + b"A second page of text. " * 6 + b"</p>")]):
            headers = StatusAndHeaders("200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(f"https://example.org/{n}", "response",
                                                          payload=BytesIO(payload), http_headers=headers))
    assert warcio.__name__ == "warcio"
    result = runner.invoke(main, ["clean", str(archive), "--output-format", "jsonl"])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["url"] for r in records] == ["https://example.org/0", "https://example.org/2"]
    expected = (SEEDS[1].parent / "expected" / SEEDS[1].name).read_text(encoding="utf-8")
    assert records[0]["text"] + "\n" == expected  # the seed's article, pulled from a crawl


def test_truncated_warc_keeps_what_came_before(runner, tmp_path):
    pytest.importorskip("warcio", reason="the optional warc extra is not installed")
    from io import BytesIO

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buffer = BytesIO()
    writer = WARCWriter(buffer, gzip=False)
    for n in range(3):
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(
            f"https://example.org/{n}", "response", payload=BytesIO(b"<p>" + b"Page text here. " * 8 + b"</p>"),
            http_headers=headers))
    archive = tmp_path / "cut.warc"
    archive.write_bytes(buffer.getvalue()[:-60])  # cut inside the last page
    result = runner.invoke(main, ["clean", str(archive), "--output-format", "jsonl"])
    assert result.exit_code == 1
    assert len(result.stdout.splitlines()) == 2
    assert "cut.warc" in result.stderr


def test_batches_close_at_their_size_or_their_characters():
    """One model call per batch: short documents go many to a call, a few large pages fill one."""
    items = [(k, Document(id=str(k), format="text", body="x" * n, body_type="text"))
             for k, n in enumerate([5, 5, 20, 1, 1, 1])] + [(6, ErrorRecord(source="s", error="e"))]
    assert [[k for k, _ in batch] for batch in _batched(iter(items), 3, 10)] == [[0, 1], [2], [3, 4, 5], [6]]


def test_warcio_mending_a_uri_prints_nothing(tmp_path):
    """A target URI with a space in it is mended by warcio, which logs a warning per record through Python's
    last-resort handler; the CLI's stderr holds its own summary only, and the page is read. (In a separate
    process: under pytest, its own logging handlers would catch the warning before the last-resort one.)"""
    pytest.importorskip("warcio", reason="the optional warc extra is not installed")
    from io import BytesIO

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    archive = tmp_path / "crawl.warc"
    with open(archive, "wb") as handle:
        writer = WARCWriter(handle, gzip=False)
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record("https://example.org/a page", "response", http_headers=headers,
                                                      payload=BytesIO(b"<p>" + b"A page of text. " * 8 + b"</p>")))
    result = subprocess.run([sys.executable, "-c", "from filterkit.cli import main; main()", "clean", str(archive),
                             "--output-format", "jsonl"], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert [json.loads(line)["url"] for line in result.stdout.splitlines()] == ["https://example.org/a%20page"]
    assert "WARC-Target-URI" not in result.stderr and result.stderr.startswith("1 documents in, 1 out")


def test_a_document_the_model_fails_on_is_an_error_record_of_one_line(shipped_filter, monkeypatch):
    """A batch that fails is cleaned again document by document: the one that fails becomes an error record naming
    it, its exception's text on one line and cut with an ellipsis, and the others are cleaned."""
    classify = pipeline.classify

    def failing_on_bad(documents, model, **options):
        if any(document.id == "bad" for document in documents):
            raise ValueError("the trees could not read this\n" + "a long line of detail " * 40)
        return classify(documents, model, **options)

    monkeypatch.setattr(pipeline, "classify", failing_on_bad)
    text = SEEDS[0].read_text(encoding="utf-8")
    items = [Document(id=name, format="jsonl", body=text, body_type="text", source="corpus.jsonl", line=n)
             for n, name in enumerate(["good", "bad", "also good"], start=1)]
    good, bad, also_good = shipped_filter.process(items)
    assert isinstance(good, Document) and isinstance(also_good, Document)
    assert good.kept and also_good.kept
    assert isinstance(bad, ErrorRecord) and (bad.source, bad.line, bad.id) == ("corpus.jsonl", 2, "bad")
    assert "\n" not in bad.error and "cannot be cleaned (ValueError: the trees could not read this a long" in bad.error
    assert bad.error.endswith("…)") and len(bad.error) < 400
