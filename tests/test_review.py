"""`filterkit review`: a self-contained HTML page of every paragraph coloured by label, checked in a real browser."""

from __future__ import annotations

import html
import shutil
import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from filterkit.cli import main

SEED = Path(__file__).resolve().parent.parent / "seeds" / "001_4ca8bcfab87614a7.txt"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture
def report(runner, shipped_filter, tmp_path):
    output = tmp_path / "report.html"
    result = runner.invoke(main, ["review", str(SEED), "-o", str(output)])
    assert result.exit_code == 0, result.output
    return output, shipped_filter.classify(SEED.read_bytes())


def test_report_is_self_contained_and_lists_every_paragraph(report):
    output, document = report
    page = output.read_text(encoding="utf-8")
    assert "<script" not in page and "http" not in page.split("<body>")[0]  # no external resources
    soup = BeautifulSoup(page, "lxml")
    rows = soup.select("div.paragraph")
    assert [row["data-label"] for row in rows] == [p.label for p in document.paragraphs]
    for row, paragraph in zip(rows, document.paragraphs):
        assert paragraph.text in row.get_text()
        assert row["title"].startswith(max(paragraph.probabilities, key=paragraph.probabilities.get))


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (CI installs Debian's chromium)")
def test_report_renders_every_paragraph_in_a_headless_browser(report, tmp_path):
    output, document = report
    dom = subprocess.run([CHROMIUM, *CHROMIUM_FLAGS, f"--user-data-dir={tmp_path / 'profile'}", "--dump-dom",
                          output.as_uri()], capture_output=True, text=True, timeout=120, check=True).stdout
    rendered = BeautifulSoup(dom, "lxml").select("div.paragraph")
    assert len(rendered) == len(document.paragraphs)
    texts = [" ".join(row.get_text(" ").split()) for row in rendered]
    for text, paragraph in zip(texts, document.paragraphs):
        assert html.unescape(paragraph.text) in text
    screenshot = tmp_path / "report.png"
    subprocess.run([CHROMIUM, *CHROMIUM_FLAGS, f"--user-data-dir={tmp_path / 'profile2'}",
                    f"--screenshot={screenshot}", "--window-size=1000,1400", output.as_uri()],
                   capture_output=True, timeout=120, check=True)
    assert screenshot.stat().st_size > 10_000  # a real picture, not an empty page
