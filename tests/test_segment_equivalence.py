"""The HTML segmenter reads lxml's parser events; it must give exactly what walking BeautifulSoup's tree gave.

The shipped model was trained on the blocks of BeautifulSoup's tree (lxml parser), so that walk is kept here
as the oracle: the paragraphs (text, index, every Markup field) and the title must be equal on every HTML
string of the tests, the seeds, and hypothesis soups (``test_properties``' soups and odder markup: attribute
names lxml reports as namespaced, ruby and template strings, titles inside svg, doctypes and processing
instructions mid-page, byte-order marks).
"""

from __future__ import annotations

import ast
import importlib
import re
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Comment, Declaration, Doctype, NavigableString, ProcessingInstruction, Tag
from hypothesis import given
from hypothesis import strategies as st

from filterkit.document import Document, Markup, valid_text
from filterkit.readers import read_string
from filterkit.segment import (BLOCK_TAGS, EMBED_TOKENS, HIDDEN_PAGE, SKIPPED_TAGS, has_visible_text, hidden,
                              normalize_space, segment)
from test_properties import ATTRIBUTES, TAGS, _element, html_soup, inline_text, scaled

HERE = Path(__file__).resolve().parent
MODULES = ("test_segment", "test_html_pages", "test_noise_cases", "test_battery", "test_properties", "test_readers")


# ---- the oracle: BeautifulSoup's tree, walked as filterkit 0.1 did ----------------------------------------

def reference(body: str, title: str | None) -> tuple[list[tuple[str, Markup]], str | None]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        soup = BeautifulSoup(body, "lxml")
    if title is None:
        heading = soup.title or soup.find("h1")
        title = normalize_space(heading.get_text(" ")) or None if heading is not None else None
    blocks = list(_walk(soup, hiding=True))
    shown, hidden_chars = sum(len(text) for text, _ in blocks), _hidden_chars(soup)
    if hidden_chars and shown < HIDDEN_PAGE * hidden_chars:
        blocks = list(_walk(soup, hiding=False))
    return blocks, title


def _hidden_chars(soup: BeautifulSoup) -> int:
    """The text of the outermost hidden elements outside skipped ones, without their scripts', styles', templates'
    and ruby annotations' strings."""
    total = 0
    for string in soup.find_all(string=True):
        if isinstance(string, (Comment, Declaration, Doctype, ProcessingInstruction)):
            continue
        parents = list(string.parents)
        if any(parent.name in ("rt", "rp", "style", "script", "template") for parent in parents):
            continue
        outermost = next((k for k in range(len(parents) - 1, -1, -1) if parents[k].name in SKIPPED_TAGS
                          or hidden(parents[k].name, parents[k].attrs)), None)
        if outermost is not None and parents[outermost].name not in SKIPPED_TAGS:
            total += len(str(string).strip())
    return total


def _element_tokens(element: Tag) -> list[str]:
    tokens: list[str] = []
    attrs = element.attrs
    classes = attrs.get("class") or []
    for value in [*(classes if isinstance(classes, list) else [classes]), attrs.get("id") or ""]:
        value = str(value).strip()
        if not value or len(value) > 80:
            continue
        tokens.append(value.lower())
        tokens.extend(part.lower() for part in re.split(r"[^0-9a-zA-Z\u00c0-\uffff]+", re.sub(
            r"(?<=[a-z])(?=[A-Z])", " ", value)) if 1 < len(part) <= 30)
    for name, value in attrs.items():
        if name.startswith("data-"):
            tokens.append(name)
        if name in ("role", "itemprop", "data-testid", "data-message-author-role", "data-turn", "aria-label") \
                and isinstance(value, str) and len(value) <= 40:
            tokens.append(f"{name}={re.sub(r'[0-9]+', '', value).lower()}")
    if element.name and "-" in element.name:
        tokens.append(element.name)
    return tokens


def _walk(root: BeautifulSoup, hiding: bool) -> Iterator[tuple[str, Markup]]:
    pieces: list[str] = []
    link_chars = 0
    block_context = None
    path: list[str] = []
    token_path: list[list[str]] = []
    link_depth = 0
    counted = {"table": 0, "tr": 0, "cell": 0}  # tables, rows and cells in document order, outside skipped elements
    open_tables: list[int] = []
    open_rows: list[int] = []
    open_cells: list[int] = []
    stack: list = [(root, iter(root.children))]

    def flush() -> Iterator[tuple[str, Markup]]:
        nonlocal pieces, link_chars, block_context
        text = normalize_space("".join(pieces))
        if has_visible_text(text) and block_context is not None:
            ancestors, tokens, heading, embed, own, row, cell, table = block_context
            block_tags = [tag for tag in ancestors if tag in BLOCK_TAGS]
            yield text, Markup(tag=block_tags[-1] if block_tags else "body", ancestors=ancestors, tokens=tokens,
                               link_density=min(1.0, link_chars / max(1, len(text))), heading=heading, embed=embed,
                               own_tokens=own, row=row, cell=cell, table=table)
        pieces, link_chars, block_context = [], 0, None

    while stack:
        element, children = stack[-1]
        if element is None:
            stack.pop()
            if children.name in BLOCK_TAGS:
                yield from flush()
            if children.name == "a":
                link_depth -= 1
            elif children.name == "tr":
                open_rows.pop()
            elif children.name in ("td", "th"):
                open_cells.pop()
            elif children.name == "table":
                open_tables.pop()
            path.pop()
            token_path.pop()
            continue
        child = next(children, None)
        if child is None:
            stack.pop()
            continue
        if isinstance(child, NavigableString):
            if isinstance(child, (Comment, Declaration, Doctype, ProcessingInstruction)):
                continue
            text = str(child)
            if not text.strip() and not pieces:
                continue
            if block_context is None:
                tokens = tuple(token for level in token_path[-64:] for token in level)[-64:]
                heading = next((int(tag[1]) for tag in reversed(path[-64:]) if tag in ("h1", "h2", "h3", "h4", "h5",
                                                                                      "h6")), 0)
                window = path[-64:]
                block = next((k for k in range(len(window) - 1, -1, -1) if window[k] in BLOCK_TAGS), 0)
                own = min(len(tokens), sum(map(len, token_path[-64:][block:])))
                block_context = (tuple(window), tokens, heading, bool(EMBED_TOKENS.intersection(tokens)), own,
                                 open_rows[-1] if open_rows else 0, open_cells[-1] if open_cells else 0,
                                 open_tables[-1] if open_tables else 0)
            pieces.append(text)
            if link_depth:
                link_chars += len(text.strip())
            continue
        if not isinstance(child, Tag) or child.name in SKIPPED_TAGS or (hiding and hidden(child.name, child.attrs)):
            continue
        if child.name in BLOCK_TAGS:
            yield from flush()
        if child.name == "a":
            link_depth += 1
        elif child.name == "tr":
            counted["tr"] += 1
            open_rows.append(counted["tr"])
        elif child.name in ("td", "th"):
            counted["cell"] += 1
            open_cells.append(counted["cell"])
        elif child.name == "table":
            counted["table"] += 1
            open_tables.append(counted["table"])
        path.append(child.name)
        token_path.append(_element_tokens(child))
        stack.append((None, child))
        stack.append((child, iter(child.children)))
    yield from flush()


# ---- the comparison ---------------------------------------------------------------------------------------

def assert_same(body: str, title: str | None = None) -> None:
    document = segment(Document(id="doc", format="html", body=body, body_type="html", title=title))
    blocks, expected_title = reference(body, title)
    assert [(p.text, p.index, p.markup) for p in document.paragraphs] == [
        (text, index, markup) for index, (text, markup) in enumerate(blocks)]
    assert document.title == expected_title


def markup_of_the_tests() -> list[str]:
    """Every string of the test modules that holds markup: literals (templates too) and computed pages."""
    found: set[str] = set()
    for name in MODULES:
        tree = ast.parse((HERE / f"{name}.py").read_text(encoding="utf-8"))
        found |= {node.value for node in ast.walk(tree) if isinstance(node, ast.Constant)
                  and isinstance(node.value, str) and "<" in node.value}
        found |= {value for value in vars(importlib.import_module(name)).values()
                  if isinstance(value, str) and "<" in value}
    seeds = (HERE.parent / "seeds").glob("*.txt")
    found |= {d.body for path in seeds for d in read_string(path.read_text(encoding="utf-8"))
              if isinstance(d, Document) and d.body_type == "html"}
    return sorted(found)


def test_the_tests_markup_is_enough():
    assert len(markup_of_the_tests()) > 200


@pytest.mark.parametrize("title", [None, "Given title"])
def test_same_blocks_and_title_on_the_tests_markup(title):
    for body in markup_of_the_tests():
        assert_same(valid_text(body), title)  # as every reader gives it


ODD_PAGES = [
    "", " \n\t ", "\x00<p>\x00a\x00</p>", "\ufeff\ufeff<p>x</p>", "<svg><title>Icon</title></svg><h1>H</h1>",
    "<template><title>T</title></template><h1>H <rt>r</rt> <script>s</script></h1>", "<title> </title><h1>H</h1>",
    "<?xml version='1.0' encoding='iso-8859-1'?><p>é</p>", "<p>Read <a> more\n</a> of <a>\u00a0it </a></p>",
    "<p>a<!--c-->b<?pi x?>c<!DOCTYPE html>d</p>",
    "<div {x}data-y=1 {}class='q r' {z}=3 class=s {http://www.w3.org/XML/1998/namespace}lang=en>t</div>",
    "<div class='x'>" * 10_000 + "deep text" + "</div>" * 10_000 + "<p>after</p>",
    "<a href=x class=c>" * 3000 + "link text <h2>head</h2>",
    "".join(f"<{tag} id=i{k}>w{k} " for k, tag in enumerate(["div", "span", "p", "li", "h3"] * 500)),
]


@pytest.mark.parametrize("body", ODD_PAGES, ids=range(len(ODD_PAGES)))
def test_same_on_deep_and_odd_pages(body):
    assert_same(body)


ODD_ATTRIBUTES = ATTRIBUTES + [" {x}data-y='1'", " {}class='q r'", " {}id=zz", " {z}='3'", " {q}role=main",
                               " class='\u3000a\x1cb\x85c'", " data-turn=assistant3", " id='" + "x" * 81 + "'"]
ODD_TEXT = st.one_of(inline_text, st.sampled_from(["", " ", "\n", "\ufeff", "<?pi x?>", "<!DOCTYPE html>", "<!---->",
                                                   "<br/>", "</p>", "<p>", "<?xml version='1.0' encoding='latin-1'?>"]))
odd_soup = st.recursive(ODD_TEXT, lambda children: st.one_of(
    st.builds(_element, st.sampled_from(TAGS + ["rp", "rt", "title", "h1", "template", "pre"]),
              st.sampled_from(ODD_ATTRIBUTES), st.lists(children, max_size=5), st.sampled_from([0, 0, 0, 1, 2, 3])),
    st.builds(lambda c: f"<!--{c}-->", children),
    st.lists(children, max_size=4).map("".join)), max_leaves=40)


@scaled(150)
@given(body=st.one_of(html_soup(), st.builds(str.__add__, st.sampled_from(["", "\ufeff", "<!DOCTYPE html>"]),
                                              odd_soup)), title=st.sampled_from([None, "Given title"]))
def test_same_on_any_soup(body, title):
    assert_same(valid_text(body), title)
