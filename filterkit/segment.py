"""Split a Document's body into Paragraphs, keeping the context the classifier needs.

Plain text is split by its line structure (blank-line gaps are kept, since a gap often marks where one
story ends and another begins); hard-wrapped text is re-joined into paragraphs. HTML is split into
blocks with BeautifulSoup (lxml parser); each block keeps its tag, its ancestors' tags and their
class/id/data-*/role tokens, its link density and heading level.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterator

from bs4 import BeautifulSoup, Comment, Declaration, Doctype, NavigableString, ProcessingInstruction, Tag

from .document import Document, Markup, Paragraph

BLOCK_TAGS = frozenset(
    "address article aside blockquote body caption center dd details dialog div dl dt fieldset figcaption figure "
    "footer form h1 h2 h3 h4 h5 h6 header hgroup hr html li main menu nav ol p pre section summary table tbody "
    "td tfoot th thead tr ul br option legend".split())
SKIPPED_TAGS = frozenset("script style noscript template svg math head iframe object embed canvas select textarea "
                         "input video audio picture source track map".split())
EMBED_TOKENS = frozenset("twitter-tweet twitter-timeline instagram-media tiktok-embed fb-post fb-video "
                         "wp-block-embed reddit-embed-bq bluesky-embed threads-embed".split())
_NON_TEXT = (Comment, Declaration, Doctype, ProcessingInstruction)
_TOKEN_SPLIT = re.compile(r"[^0-9a-zA-Z\u00c0-\uffff]+")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
_TERMINAL = ("." , "!", "?", "…", ":", ";", "\"", "”", "»", "'", "’", ")", "。", "！", "？")
_MAX_TOKENS = 64
_MAX_LEVELS = 64
_HEADINGS = frozenset("h1 h2 h3 h4 h5 h6".split())


def segment(document: Document) -> Document:
    """Fill ``document.paragraphs`` from its body and return the document."""
    blocks = _html_blocks(document) if document.body_type == "html" else _text_blocks(document.body)
    document.paragraphs = [Paragraph(text=text, index=i, markup=markup) for i, (text, markup) in enumerate(blocks)]
    return document


def normalize_space(text: str) -> str:
    return " ".join(text.split())


# ---- plain text -------------------------------------------------------------------------------------------

def _text_blocks(body: str) -> list[tuple[str, Markup]]:
    groups: list[tuple[int, list[str]]] = []  # (blank lines before, lines) per blank-separated group
    gap = 0
    current: list[str] = []
    for line in body.splitlines():
        if line.strip():
            current.append(line)
            continue
        if current:
            groups.append((gap, current))
            current, gap = [], 0
        gap += 1
    if current:
        groups.append((gap, current))
    wrapped = _is_hard_wrapped([lines for _, lines in groups])
    paragraphs: list[tuple[str, int]] = []
    for gap_before, lines in groups:
        pieces = [" ".join(lines)] if wrapped else lines
        for n, piece in enumerate(pieces):
            paragraphs.append((normalize_space(piece), gap_before if n == 0 and paragraphs else 0))
    blocks = []
    for i, (text, gap_before) in enumerate(paragraphs):
        gap_after = paragraphs[i + 1][1] if i + 1 < len(paragraphs) else 0
        blocks.append((text, Markup(tag="line", gap_before=gap_before, gap_after=gap_after)))
    return blocks


def _is_hard_wrapped(groups: list[list[str]]) -> bool:
    """Text wrapped at a fixed width: most groups span several lines that mostly stop mid-sentence."""
    multi = [lines for lines in groups if len(lines) > 1]
    if not multi or len(multi) * 2 < len(groups):
        return False
    inner = [line.rstrip() for lines in multi for line in lines[:-1]]
    open_ended = sum(1 for line in inner if not line.endswith(_TERMINAL))
    return open_ended >= 0.7 * len(inner) and max(len(line) for line in inner) <= 120


# ---- HTML -------------------------------------------------------------------------------------------------

def _html_blocks(document: Document) -> list[tuple[str, Markup]]:
    with warnings.catch_warnings():  # bs4 warns about markup that looks like XML or a URL; the library never prints
        warnings.simplefilter("ignore")
        soup = BeautifulSoup(document.body, "lxml")
    if document.title is None:
        heading = soup.title or soup.find("h1")
        document.title = normalize_space(heading.get_text(" ")) or None if heading is not None else None
    return list(_walk(soup))


def _element_tokens(element: Tag) -> list[str]:
    """Class, id, role and data-* tokens of one element: the words a page's authors used to name its parts."""
    tokens: list[str] = []
    attrs = element.attrs
    classes = attrs.get("class") or []
    for value in [*(classes if isinstance(classes, list) else [classes]), attrs.get("id") or ""]:
        value = str(value).strip()
        if not value or len(value) > 80:
            continue
        tokens.append(value.lower())
        tokens.extend(part.lower() for part in _TOKEN_SPLIT.split(_CAMEL.sub(" ", value)) if 1 < len(part) <= 30)
    for name, value in attrs.items():
        if name.startswith("data-"):
            tokens.append(name)
        if name in ("role", "itemprop", "data-testid", "data-message-author-role", "data-turn", "aria-label") \
                and isinstance(value, str) and len(value) <= 40:
            tokens.append(f"{name}={re.sub(r'[0-9]+', '', value).lower()}")
    if element.name and "-" in element.name:  # custom elements (<user-query>, <model-response>) name themselves
        tokens.append(element.name)
    return tokens


def _walk(root: BeautifulSoup) -> Iterator[tuple[str, Markup]]:
    """Depth-first over the tree without recursion (pages nest deeply), flushing a block at each block tag."""
    pieces: list[str] = []
    link_chars = 0
    block_context: tuple[tuple[str, ...], tuple[str, ...], int, bool] | None = None
    path: list[str] = []
    token_path: list[list[str]] = []
    link_depth = 0
    stack: list[tuple[Tag, Iterator] | tuple[None, Tag]] = [(root, iter(root.children))]

    def flush() -> Iterator[tuple[str, Markup]]:
        nonlocal pieces, link_chars, block_context
        text = normalize_space("".join(pieces))
        if text and block_context is not None:
            ancestors, tokens, heading, embed = block_context
            block_tags = [tag for tag in ancestors if tag in BLOCK_TAGS]
            yield text, Markup(tag=block_tags[-1] if block_tags else "body", ancestors=ancestors, tokens=tokens,
                               link_density=min(1.0, link_chars / max(1, len(text))), heading=heading, embed=embed)
        pieces, link_chars, block_context = [], 0, None

    while stack:
        element, children = stack[-1]
        if element is None:  # closing marker for a tag
            stack.pop()
            closed = children
            if closed.name in BLOCK_TAGS:
                yield from flush()
            if closed.name == "a":
                link_depth -= 1
            path.pop()
            token_path.pop()
            continue
        child = next(children, None)
        if child is None:
            stack.pop()
            continue
        if isinstance(child, NavigableString):
            if isinstance(child, _NON_TEXT):
                continue
            text = str(child)
            if not text.strip() and not pieces:
                continue
            if block_context is None:  # only the nearest levels: a page nested 10,000 deep stays linear
                tokens = tuple(token for level in token_path[-_MAX_LEVELS:] for token in level)[-_MAX_TOKENS:]
                heading = next((int(tag[1]) for tag in reversed(path[-_MAX_LEVELS:]) if tag in _HEADINGS), 0)
                block_context = (tuple(path[-_MAX_LEVELS:]), tokens, heading, bool(EMBED_TOKENS.intersection(tokens)))
            pieces.append(text)
            if link_depth:
                link_chars += len(text.strip())
            continue
        if not isinstance(child, Tag) or child.name in SKIPPED_TAGS:
            continue
        if child.name in BLOCK_TAGS:
            yield from flush()
        if child.name == "a":
            link_depth += 1
        path.append(child.name)
        token_path.append(_element_tokens(child))
        stack.append((None, child))
        stack.append((child, iter(child.children)))
    yield from flush()
