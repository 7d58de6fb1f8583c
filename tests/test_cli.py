"""The filterkit command (click), run in-process with CliRunner against the shipped model.

These are input/output checks: they hold whatever labels the model gives (kept text is always made of
input paragraphs; record and file counts, fields, exit codes and messages do not depend on the labels).
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from filterkit.cli import main
from filterkit.model import card_path

ANSI = re.compile(r"\x1b\[[0-9;]*m")
LABEL_LINE = re.compile(r"\s*(\d+) (content|boilerplate|chat_ui|off_topic)\s+(\d\.\d\d)  (.+)")
SUMMARY_LINE = re.compile(r"(\d+) documents in, (\d+) out, (\d+) errors;")

STORY = [
    "The city council approved the new budget on Monday evening after a long debate that ran past midnight.",
    "Opponents argued that the increase in property taxes would fall hardest on retired home owners.",
    "The mayor said she would meet with neighbourhood groups next month to explain how the money is spent.",
]
PAGE = ("<html><head><title>Budget passes</title></head><body>"
        "<nav><ul><li><a href='/'>Home</a></li><li><a href='/news'>News</a></li></ul></nav>"
        "<article><h1>Budget passes</h1>" + "".join(f"<p>{p}</p>" for p in STORY) + "</article>"
        "<footer class='site-footer'><p>Copyright 2024 Example News</p></footer></body></html>")
PAGE_PARAGRAPHS = {"Home", "News", "Budget passes", *STORY, "Copyright 2024 Example News"}
RECORDS = [
    {"id": "r1", "url": "https://example.org/1", "meta": {"lang": "en"}, "text": "\n\n".join(STORY)},
    {"id": "r2", "url": "https://example.org/2", "meta": {"lang": "en"}, "text": PAGE},
    {"id": "r3", "url": "https://example.org/3", "meta": {"lang": "en"}, "text": STORY[0] + "\nShare this"},
]


def jsonl(records) -> str:
    return "".join(json.dumps(r) + "\n" for r in records)


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def invoke(runner, *args):
    return runner.invoke(main, [str(a) for a in args], catch_exceptions=False)


def output_paragraphs(text: str) -> list[str]:
    return [p for p in text.split("\n\n") if p.strip()]


def assert_made_of(text: str, paragraphs) -> None:
    """Every paragraph of cleaned text is one of the input's paragraphs."""
    for paragraph in output_paragraphs(text.replace("\f", "")):
        assert paragraph.strip() in paragraphs


@pytest.fixture
def story(tmp_path) -> Path:
    return write(tmp_path / "story.txt", "\n\n".join(STORY) + "\n")


@pytest.fixture(autouse=True)
def _model(shipped_model):
    """Every CLI test uses the shipped model (fails clearly when it is missing)."""


# ---- clean: destinations ------------------------------------------------------------------------------------

def test_clean_text_file_to_stdout(runner, story):
    result = invoke(runner, "clean", story)
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith("1 documents in, 1 out, 0 errors; paragraphs kept ")  # the summary alone
    assert len(result.stderr.splitlines()) == 1
    assert invoke(runner, "clean", "--quiet", story).stderr == ""
    assert result.stdout.endswith("\n")
    assert_made_of(result.stdout, STORY)


def test_clean_matches_the_library(runner, story, shipped_filter):
    result = invoke(runner, "clean", story)
    assert result.stdout == shipped_filter.clean(story.read_text()) + "\n"


def test_clean_output_file(runner, story, tmp_path):
    target = tmp_path / "result" / "clean.txt"
    result = invoke(runner, "clean", story, "-o", target)
    assert result.exit_code == 0
    assert result.stdout == ""
    assert target.read_text(encoding="utf-8") == invoke(runner, "clean", story).stdout
    assert [p.name for p in target.parent.iterdir()] == ["clean.txt"]  # no temporary file left


def test_clean_several_inputs_to_one_stream(runner, story, tmp_path):
    page = write(tmp_path / "page.html", PAGE)
    result = invoke(runner, "clean", story, page)
    assert result.exit_code == 0
    parts = result.stdout.split("\n\f\n")  # documents of a text stream are separated by a form feed line
    assert len(parts) == 2
    assert_made_of(parts[0], STORY)
    assert_made_of(parts[1], PAGE_PARAGRAPHS)


def test_clean_stdin(runner, story):
    result = runner.invoke(main, ["clean", "-"], input=story.read_bytes())
    assert result.exit_code == 0
    assert result.stdout == invoke(runner, "clean", story).stdout


@pytest.mark.parametrize("output_format, suffix", [("text", ".txt"), ("markdown", ".md"), ("jsonl", ".jsonl")])
def test_clean_output_dir_mirrors_input_directory(runner, tmp_path, output_format, suffix):
    source = tmp_path / "in"
    write(source / "story.txt", "\n\n".join(STORY))
    write(source / "news" / "page.html", PAGE)
    write(source / "news" / "deep" / "records.jsonl", jsonl(RECORDS))
    out = tmp_path / "out"
    result = invoke(runner, "clean", source, "--output-dir", out, "--output-format", output_format)
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    written = sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file())
    assert written == sorted(f"{name}{suffix}" for name in ("story", "news/page", "news/deep/records"))
    assert sorted(str(p.relative_to(source)) for p in source.rglob("*") if p.is_file()) == [
        "news/deep/records.jsonl", "news/page.html", "story.txt"]  # inputs untouched
    records_out = (out / "news" / "deep" / f"records{suffix}").read_text(encoding="utf-8")
    if output_format == "jsonl":
        assert [json.loads(line)["id"] for line in records_out.splitlines()] == ["r1", "r2", "r3"]
    else:
        assert records_out.count("\n\f\n") == 2  # three documents in one file


def test_clean_output_dir_with_files_named_directly(runner, tmp_path, story):
    page = write(tmp_path / "sub" / "page.html", PAGE)
    out = tmp_path / "out"
    result = invoke(runner, "clean", story, page, "--output-dir", out, "--output-format", "markdown")
    assert result.exit_code == 0
    assert sorted(p.name for p in out.iterdir()) == ["page.md", "story.md"]
    assert_made_of((out / "story.md").read_text(), STORY)


def test_clean_output_dir_does_not_lose_inputs_with_the_same_stem(runner, tmp_path):
    source = tmp_path / "in"
    write(source / "page.html", PAGE)
    write(source / "page.txt", "\n\n".join(STORY))
    out = tmp_path / "out"
    result = invoke(runner, "clean", source, "--output-dir", out)
    outputs = [p for p in out.rglob("*") if p.is_file()]
    assert len(outputs) == 2 or result.exit_code != 0


# ---- clean: JSONL -------------------------------------------------------------------------------------------

def test_clean_jsonl_to_jsonl_keeps_fields(runner, tmp_path):
    source = write(tmp_path / "records.jsonl", jsonl(RECORDS))
    result = invoke(runner, "clean", source, "--output-format", "jsonl")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert len(lines) == len(RECORDS)
    for line, record in zip(lines, RECORDS):
        out = json.loads(line)
        assert {k: out[k] for k in ("id", "url", "meta")} == {k: record[k] for k in ("id", "url", "meta")}
        assert set(out) == {"id", "url", "meta", "text", "filterkit"}
        assert isinstance(out["text"], str)
        summary = out["filterkit"]
        assert set(summary["dropped"]) == {"boilerplate", "chat_ui", "off_topic"}
        assert summary["kept"] == len(output_paragraphs(out["text"]))
        assert summary["model"].startswith("filterkit@")
    assert_made_of(json.loads(lines[0])["text"], STORY)
    assert_made_of(json.loads(lines[1])["text"], PAGE_PARAGRAPHS)


def test_clean_jsonl_text_field(runner, tmp_path):
    records = [{"id": i, "content": "\n\n".join(STORY)} for i in range(2)]
    source = write(tmp_path / "records.jsonl", jsonl(records))
    result = invoke(runner, "clean", source, "--output-format", "jsonl", "--text-field", "content")
    assert result.exit_code == 0
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert [set(r) for r in out] == [{"id", "content", "filterkit"}] * 2


def test_clean_jsonl_with_a_broken_line(runner, tmp_path):
    lines = [json.dumps(RECORDS[0]), '{"id": "broken", "text": ', json.dumps(RECORDS[1]), json.dumps(RECORDS[2])]
    source = write(tmp_path / "records.jsonl", "\n".join(lines) + "\n")
    errors = tmp_path / "errors.jsonl"
    result = invoke(runner, "clean", source, "--output-format", "jsonl", "--errors", errors)
    assert result.exit_code == 1
    assert f"{source}:2" in result.stderr
    error_records = [json.loads(line) for line in errors.read_text().splitlines()]
    assert len(error_records) == 1
    assert error_records[0]["source"] == str(source) and error_records[0]["line"] == 2
    assert f"{source}:2" in error_records[0]["error"]
    written = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["id"] for r in written] == ["r1", "r2", "r3"]
    assert len(lines) == len(written) + len(error_records)
    counts = SUMMARY_LINE.search(result.stderr)
    assert counts and counts.groups() == ("4", "3", "1")


def test_clean_errors_file_is_empty_when_all_is_well(runner, story, tmp_path):
    errors = tmp_path / "errors.jsonl"
    result = invoke(runner, "clean", story, "--errors", errors)
    assert result.exit_code == 0
    assert errors.read_text() == ""


def test_clean_reports_every_failed_input_and_goes_on(runner, tmp_path, story):
    missing = tmp_path / "missing.txt"
    image = tmp_path / "image.txt"
    image.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    target = tmp_path / "out.txt"
    result = invoke(runner, "clean", missing, image, story, "-o", target)
    assert result.exit_code == 1
    assert str(missing) in result.stderr and str(image) in result.stderr
    assert_made_of(target.read_text(), STORY)
    assert target.read_text() == invoke(runner, "clean", story).stdout


# ---- clean: usage and setup errors --------------------------------------------------------------------------

def test_output_and_output_dir_together(runner, story, tmp_path):
    result = invoke(runner, "clean", story, "-o", tmp_path / "a.txt", "--output-dir", tmp_path / "out")
    assert result.exit_code == 2
    assert "--output-dir" in result.stderr
    assert not (tmp_path / "a.txt").exists() and not (tmp_path / "out").exists()


@pytest.mark.parametrize("args", [["--no-such-option"], ["--input-format", "pdf"], ["--output-format", "html"],
                                  ["--max-bytes", "0"], ["--favor", "speed"]])
def test_bad_options_exit_2(runner, story, args):
    result = invoke(runner, "clean", story, *args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "Error" in result.stderr


def test_clean_without_inputs_exits_2(runner):
    assert invoke(runner, "clean").exit_code == 2


def test_missing_model_file(runner, story, tmp_path):
    model = tmp_path / "nope.joblib"
    result = invoke(runner, "clean", story, "--model", model)
    assert result.exit_code == 2
    assert result.stdout == ""
    message = result.stderr.strip()
    assert len(message.splitlines()) == 1
    assert str(model) in message


def copy_model(shipped_model: Path, directory: Path) -> Path:
    model = directory / shipped_model.name
    shutil.copyfile(shipped_model, model)
    shutil.copyfile(card_path(shipped_model), card_path(model))
    return model


def test_copied_model_works(runner, story, tmp_path, shipped_model):
    model = copy_model(shipped_model, tmp_path)
    result = invoke(runner, "clean", story, "--model", model)
    assert result.exit_code == 0
    assert result.stdout == invoke(runner, "clean", story).stdout


def test_tampered_model_is_refused(runner, story, tmp_path, shipped_model):
    model = copy_model(shipped_model, tmp_path)
    data = bytearray(model.read_bytes())
    data[len(data) // 2] ^= 0x01
    model.write_bytes(bytes(data))
    result = invoke(runner, "clean", story, "--model", model)
    assert result.exit_code == 2
    assert result.stdout == ""
    message = result.stderr.strip()
    assert len(message.splitlines()) == 1
    assert "sha256" in message and str(model) in message


def test_model_without_card_is_refused(runner, story, tmp_path, shipped_model):
    model = copy_model(shipped_model, tmp_path)
    card_path(model).unlink()
    result = invoke(runner, "clean", story, "--model", model)
    assert result.exit_code == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert card_path(model).name in result.stderr


# ---- explain ------------------------------------------------------------------------------------------------

def test_explain_labels_every_paragraph(runner, tmp_path):
    page = write(tmp_path / "page.html", PAGE)
    result = invoke(runner, "explain", page, "--no-color")
    assert result.exit_code == 0
    header, *lines = result.stdout.splitlines()
    assert header == f"== {page} — Budget passes"
    matches = [LABEL_LINE.fullmatch(line) for line in lines]
    assert all(matches), lines
    assert [int(m[1]) for m in matches] == list(range(len(lines)))
    assert [m[4] for m in matches] == ["Home", "News", "Budget passes", *STORY, "Copyright 2024 Example News"]
    assert all(0.0 <= float(m[3]) <= 1.0 for m in matches)


def test_explain_jsonl_shows_each_record(runner, tmp_path):
    source = write(tmp_path / "records.jsonl", jsonl(RECORDS))
    result = invoke(runner, "explain", source, "--no-color")
    assert result.exit_code == 0
    headers = [line for line in result.stdout.splitlines() if line.startswith("== ")]
    assert headers == [f"== {source}:1 (r1)", f"== {source}:2 (r2) — Budget passes", f"== {source}:3 (r3)"]


def test_explain_no_color(runner, story):
    result = invoke(runner, "explain", story, "--no-color")
    assert result.exit_code == 0
    assert "\x1b[" not in result.output
    assert len(result.stdout.splitlines()) == 1 + len(STORY)


def test_explain_color(runner, story):
    result = invoke(runner, "explain", story, "--color")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()[1:]
    assert len(lines) == len(STORY)
    assert all(ANSI.search(line) for line in lines)
    plain = invoke(runner, "explain", story, "--no-color").stdout
    assert ANSI.sub("", result.stdout) == plain


def test_explain_default_is_no_color_when_not_a_terminal(runner, story):
    assert "\x1b[" not in invoke(runner, "explain", story).output


def test_explain_missing_input_exits_1(runner, tmp_path):
    missing = tmp_path / "missing.html"
    result = invoke(runner, "explain", missing)
    assert result.exit_code == 1
    assert str(missing) in result.stderr
