"""Reading labelled examples: a page directory (pages with their true bodies) becomes aligned training examples."""

from __future__ import annotations

import gzip
import importlib.util
import json
from pathlib import Path

from filterkit.examples import load_examples

ROOT = Path(__file__).resolve().parent.parent

ARTICLE = [
    "The river ferry between Altwick and Stennis Point will run every twenty minutes from Monday, the county said.",
    "Commuters had asked for more crossings since the bridge closed for repairs in spring, and the county added two "
    "boats it leased from a neighbouring port.",
    "Tickets stay at their current price until the end of the year, when the county will review the service.",
]
PAGE = f"""<html><head><title>Ferry runs more often</title></head><body>
<nav class="menu"><a href="/">Home</a> <a href="/local">Local</a> <a href="/sport">Sport</a></nav>
<article><h1>Ferry runs more often</h1>{"".join(f"<p>{p}</p>" for p in ARTICLE)}</article>
<div class="newsletter"><p>Sign up for our newsletter</p></div>
<footer><p>© 2026 The Altwick Courier. All rights reserved.</p></footer></body></html>"""


def page_directory(path, pages: dict[str, tuple[str, str, str]]):
    """Write ``ground-truth.json`` and ``html/<key>.html.gz`` as the article-extraction benchmark lays them out."""
    (path / "html").mkdir(parents=True)
    truth = {}
    for key, (url, html, body) in pages.items():
        (path / "html" / f"{key}.html.gz").write_bytes(gzip.compress(html.encode("utf-8")))
        truth[key] = {"url": url, "articleBody": body}
    (path / "ground-truth.json").write_text(json.dumps(truth), encoding="utf-8")
    return path


def test_a_page_directory_gives_each_page_labelled_by_its_body(tmp_path):
    body = "\n\n".join(ARTICLE)
    directory = page_directory(tmp_path / "pages", {
        "p1": ("https://www.Courier.example/local/ferry", PAGE, body),
        "p2": ("https://other.example/a", PAGE.replace("Altwick Courier", "Other Times"), body),
    })
    examples = list(load_examples([directory]))
    assert [e.document.id for e in examples] == ["p1", "p2"]
    page = examples[0]
    labelled = dict(zip((p.text for p in page.document.paragraphs), page.labels))
    assert [labelled[paragraph] for paragraph in ARTICLE] == ["content"] * 3
    assert labelled["Sign up for our newsletter"] == "boilerplate"
    assert labelled["© 2026 The Altwick Courier. All rights reserved."] == "boilerplate"
    # Grouped by site (the host, lowercased, without "www."): a site's pages stay on one side of a split.
    assert [e.group for e in examples] == ["courier.example", "other.example"]


def test_a_page_without_its_html_file_is_skipped(tmp_path):
    directory = page_directory(tmp_path / "pages", {"p1": ("https://a.example/x", PAGE, "\n\n".join(ARTICLE))})
    truth = json.loads((directory / "ground-truth.json").read_text(encoding="utf-8"))
    truth["missing"] = {"url": "https://a.example/y", "articleBody": "Nothing here."}
    (directory / "ground-truth.json").write_text(json.dumps(truth), encoding="utf-8")
    assert [e.document.id for e in load_examples([directory])] == ["p1"]


def test_training_examples_are_what_compose_writes_from_the_pool(tmp_path):
    """training/examples is rebuilt by one command: the committed files must be what it writes today."""
    spec = importlib.util.spec_from_file_location("filterkit_compose", ROOT / "training" / "compose.py")
    compose = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(compose)
    compose.main(tmp_path)
    for name in ("text", "html", "wordpress"):
        written = (tmp_path / f"{name}.jsonl").read_text(encoding="utf-8")
        committed = (ROOT / "training" / "examples" / f"{name}.jsonl").read_text(encoding="utf-8")
        assert written == committed, f"training/examples/{name}.jsonl is stale: run python training/compose.py"
