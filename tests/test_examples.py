"""Reading labelled examples: a page directory (pages with their true bodies) becomes aligned training examples."""

from __future__ import annotations

import gzip
import importlib.util
import json
import re
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


def load_compose():
    spec = importlib.util.spec_from_file_location("filterkit_compose", ROOT / "training" / "compose.py")
    compose = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(compose)
    return compose


def test_training_examples_are_what_compose_writes_from_the_pool(tmp_path):
    """training/examples is rebuilt by one command: the committed files must be what it writes today."""
    compose = load_compose()
    compose.main(tmp_path)
    for name in ("text", "html", "wordpress"):
        written = (tmp_path / f"{name}.jsonl").read_text(encoding="utf-8")
        committed = (ROOT / "training" / "examples" / f"{name}.jsonl").read_text(encoding="utf-8")
        assert written == committed, f"training/examples/{name}.jsonl is stale: run python training/compose.py"


def test_compose_cuts_chinese_and_japanese_text_by_characters_and_sentences():
    """Chinese and Japanese run on without spaces: their sentences end at 。！？ outside quotes, a cut-off lede
    keeps a share of the characters, a subheading is short in characters, and nothing joins them with a space."""
    compose = load_compose()
    quoted = "监督赛后说：“今天打得很好。还要继续努力。”他随后离开了球场。下一场在周六！"
    assert compose.sentences(quoted) == ["监督赛后说：“今天打得很好。还要继续努力。”他随后离开了球场。", "下一场在周六！"]
    assert compose.sentences("It rained. Then it stopped.") == ["It rained.", "Then it stopped."]
    assert compose.cut_off(quoted, 0.5) == quoted[:19]
    assert compose.cut_off(quoted, 0.2) == "监督赛后说：“今天打得很"  # 12 characters at least
    assert compose.cut_off(quoted, 0.37) == "监督赛后说：“今天打得很好"  # 14, and the "。" it ended on goes
    assert compose.cut_off("One two three four five six seven eight nine ten", 0.5) == "One two three four five six"
    assert compose.is_subheading("沿线住民は期待と不安") and not compose.is_subheading("下一场在周六！")
    assert compose.is_subheading("The new route") and not compose.is_subheading("It rained.")
    assert compose.joiner("東京") == "" and compose.joiner("Tokyo") == " "


def test_composed_chinese_and_japanese_documents_keep_their_sentences_whole():
    """Every Chinese or Japanese training paragraph is the pool's text, re-cut at sentence ends: no space was
    put between two characters, no sentence was split inside a quote, and the article is in each document."""
    pool = {json.loads(line)["id"]: json.loads(line) for name in ("zh", "ja")
            for line in (ROOT / "training" / "pool" / f"{name}.jsonl").read_text(encoding="utf-8").splitlines()}
    documents = [json.loads(line) for name in ("text", "html", "wordpress")
                 for line in (ROOT / "training" / "examples" / f"{name}.jsonl").read_text(encoding="utf-8").splitlines()]
    tables = json.loads((ROOT / "training" / "pool" / "tables.json").read_text(encoding="utf-8"))
    cells = {cell for table in tables for row in table["rows"] for cell in row} | {t["caption"] for t in tables}
    unspaced = [d for d in documents if d["lang"] in ("zh", "ja")]
    assert len(unspaced) == 6 * len(pool)
    for document in unspaced:
        article = "".join(pool[document["group"]]["paragraphs"])
        content = [p["text"] for p in document["paragraphs"] if p["label"] == "content"]
        assert content and all(text in article or text in cells for text in content), document["id"]
        for text in content:
            assert not re.search(r"[\u3040-\u9fff] [\u3040-\u9fff]", text), (document["id"], text)
            assert text.count("「") == text.count("」") and text.count("“") == text.count("”"), (document["id"], text)


def test_composed_photo_captions_are_boilerplate_that_shares_the_articles_words():
    """A caption retells the article beside it: the composed pages' captions are article sentences (whole or cut
    short, a credit after some) labelled boilerplate, and the sentence itself stays content where it sits."""
    examples = ROOT / "training" / "examples"
    documents = [json.loads(line) for name in ("html", "wordpress")
                 for line in (examples / f"{name}.jsonl").read_text(encoding="utf-8").splitlines()]
    records = [json.loads(line) for path in (ROOT / "training" / "pool").glob("*.jsonl")
               for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    pool = {record["id"]: record for record in records}
    captions = 0
    for document in documents:
        for caption in re.findall(r"<figcaption>([^<]+)", document["input"].replace('\\"', '"')):
            caption = " ".join(caption.replace("&quot;", '"').replace("&#x27;", "'").replace("&amp;", "&").split())
            article = " ".join(" ".join(pool[document["group"]]["paragraphs"]).split())
            if caption[:40] not in article:
                continue  # a credit alone, from the noise pool
            captions += 1
            labels = {p["text"]: p["label"] for p in document["paragraphs"]}
            assert labels.get(caption) == "boilerplate", (document["id"], caption)
            # where it sits, the sentence may be cut into a list's items: its opening letters run on through them
            content = "".join(p["text"] for p in document["paragraphs"] if p["label"] == "content")
            assert re.sub(r"\W+", "", caption)[:20] in re.sub(r"\W+", "", content), caption
    assert captions >= 50
