"""Split a Document's body into Paragraphs, keeping the context the classifier needs.

Plain text is split by its line structure (blank-line gaps are kept, since a gap often marks where one
story ends and another begins); hard-wrapped text is re-joined into paragraphs. HTML is split into
blocks as lxml's HTML parser reports the page (the blocks BeautifulSoup's tree of it gave, without building
the tree); each block keeps its tag, its ancestors' tags and their class/id/data-*/role tokens, its link
density and heading level.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache

from lxml import etree

from .document import Document, Markup, Paragraph

BLOCK_TAGS = frozenset(
    "address article aside blockquote body caption center dd details dialog div dl dt fieldset figcaption figure "
    "footer form h1 h2 h3 h4 h5 h6 header hgroup hr html li main menu nav ol p pre section summary table tbody "
    "td tfoot th thead tr ul br option legend".split())
SKIPPED_TAGS = frozenset("script style noscript template svg math head iframe object embed canvas select textarea "
                         "input video audio picture source track map".split())
EMBED_TOKENS = frozenset("twitter-tweet twitter-timeline instagram-media tiktok-embed fb-post fb-video "
                         "wp-block-embed reddit-embed-bq bluesky-embed threads-embed".split())
_TOKEN_SPLIT = re.compile(r"[^0-9a-zA-Z\u00c0-\uffff]+")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
_TERMINAL = ("." , "!", "?", "…", ":", ";", "\"", "”", "»", "'", "’", ")", "。", "！", "？", "」", "』", "।", "॥", "؟",
             "۔", "։", "።")
# Characters a terminal shows two columns wide (Chinese, Japanese, Korean, full-width forms): a line's width, not
# its length, tells a hard-wrapped line from a paragraph on one line.
_WIDE = re.compile("[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf"
                   "\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]")
WRAP_WIDTH = 120  # hard-wrapped text's lines are at most this many columns
FILLED = 0.6  # and most of them at least this share of the widest one
_MAX_TOKENS = 64
_MAX_LEVELS = 64
_HEADINGS = frozenset("h1 h2 h3 h4 h5 h6".split())
_CELLS = frozenset(("td", "th"))
_NAMED_ATTRIBUTES = frozenset("role itemprop data-testid data-message-author-role data-turn aria-label".split())
_DIGITS = re.compile(r"[0-9]+")
_CONTAINERS = frozenset("rt rp style script template".split())  # BeautifulSoup's own string types inside these
_TITLE_TAGS = ("title", "h1")
_XML_NAMESPACE = "http://www.w3.org/XML/1998/namespace"
# A block's ancestors, tokens, heading level, embed flag, and how many of the tokens (the last ones) are its own.
Context = tuple[tuple[str, ...], tuple[str, ...], int, bool, int]
_ROOT_CONTEXT: Context = ((), (), 0, False, 0)
_INVISIBLE_CHARS = "\u200b\u200c\u200d\u2060\ufeff"  # zero-width space, non-joiner, joiner, word joiner, BOM
_INVISIBLE = dict.fromkeys(map(ord, _INVISIBLE_CHARS))
_ALWAYS_SHOWN = frozenset(("html", "body"))
# A page whose shown blocks hold less than this share of its hidden elements' text hides its own content until its
# scripts run (a wrapper <div style="display:none">): it is read with its hidden elements.
HIDDEN_PAGE = 0.1
_HIDING_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)


def segment(document: Document) -> Document:
    """Fill ``document.paragraphs`` from its body and return the document."""
    blocks = _html_blocks(document) if document.body_type == "html" else _text_blocks(document.body)
    document.paragraphs = [Paragraph(text=text, index=i, markup=markup) for i, (text, markup) in enumerate(blocks)]
    return document


def normalize_space(text: str) -> str:
    return " ".join(text.split())


def has_visible_text(text: str) -> bool:
    """Whether the text shows anything: a block of zero-width spaces and joiners (which pages use as spacers, and
    which str.split does not count as space) is no paragraph."""
    text = text.strip()
    return bool(text) and (text[0] not in _INVISIBLE_CHARS or bool(text.translate(_INVISIBLE).strip()))


# ---- plain text -------------------------------------------------------------------------------------------

def _text_blocks(body: str) -> list[tuple[str, Markup]]:
    groups: list[tuple[int, list[str]]] = []  # (blank lines before, lines) per blank-separated group
    gap = 0
    current: list[str] = []
    for line in body.splitlines():
        if has_visible_text(line):
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
        pieces = [_rejoined(lines)] if wrapped else lines
        for n, piece in enumerate(pieces):
            paragraphs.append((normalize_space(piece), gap_before if n == 0 and paragraphs else 0))
    blocks = []
    for i, (text, gap_before) in enumerate(paragraphs):
        gap_after = paragraphs[i + 1][1] if i + 1 < len(paragraphs) else 0
        blocks.append((text, Markup(tag="line", gap_before=gap_before, gap_after=gap_after)))
    return blocks


def _rejoined(lines: list[str]) -> str:
    """A hard-wrapped paragraph's lines as one: a space between them, none between Chinese or Japanese
    characters (which wrap anywhere, without one)."""
    lines = [line.strip() for line in lines]
    pieces = [lines[0]]
    for before, line in zip(lines, lines[1:]):  # (one join at the end: adding to the text would copy it each line)
        pieces += ("" if _WIDE.match(before[-1:]) and _WIDE.match(line[:1]) else " ", line)
    return "".join(pieces)


def _is_hard_wrapped(groups: list[list[str]]) -> bool:
    """Text wrapped at a fixed width: most groups span several lines that mostly stop mid-sentence, and those
    lines fill the width (a run of menu or chat lines, "Share", "Copy code", also stops mid-sentence)."""
    multi = [lines for lines in groups if len(lines) > 1]
    if not multi or len(multi) * 2 < len(groups):
        return False
    inner = [line.rstrip() for lines in multi for line in lines[:-1]]
    open_ended = sum(1 for line in inner if not line.endswith(_TERMINAL))
    if open_ended < 0.7 * len(inner):
        return False
    widths = sorted(len(line) + len(_WIDE.findall(line)) for line in inner)
    return widths[-1] <= WRAP_WIDTH and widths[len(widths) // 2] >= FILLED * widths[-1]


# ---- HTML -------------------------------------------------------------------------------------------------

def _html_blocks(document: Document) -> list[tuple[str, Markup]]:
    """The page's blocks, read from lxml's parser events: no tree is built, which was most of the time spent here.

    The events are those BeautifulSoup's lxml builder would build its tree from (the same parser, options and
    input), and the blocks and title are what walking that tree gave: ``tests/test_segment_equivalence.py``
    holds the two side by side.
    """
    body = document.body
    if body[:1] == "\ufeff":  # as BeautifulSoup does before handing a str to lxml
        body = body[1:]
    blocks, target = _parsed(body, document.title is None, hiding=True)
    if target.hidden_chars and sum(len(text) for text, _ in blocks) < HIDDEN_PAGE * target.hidden_chars:
        blocks, target = _parsed(body, document.title is None, hiding=False)  # it shows itself once scripts run
    if document.title is None:
        document.title = target.title()
    return blocks


def _parsed(body: str, title_wanted: bool, hiding: bool) -> tuple[list[tuple[str, Markup]], _BlockTarget]:
    target = _BlockTarget(title_wanted, hiding)
    parser = etree.HTMLParser(target=target, recover=True, huge_tree=False)
    parser.feed(body)
    return parser.close(), target


def _element_tokens(name: str, attributes: Mapping[str, str]) -> list[str]:
    """Class, id, role and data-* tokens of one element: the words a page's authors used to name its parts."""
    if not attributes:
        return [name] if "-" in name else []
    tokens: list[str] = []
    if "{" in "".join(attributes):  # rare: names lxml reports as namespaced
        attributes = _bs4_attribute_names(attributes)
    classes = attributes["class"].split() if "class" in attributes else ()  # BeautifulSoup's r"\S+" split, faster
    for value in [*classes, attributes.get("id") or ""]:
        tokens.extend(_value_tokens(value))
    for key, value in attributes.items():
        if key.startswith("data-"):
            tokens.append(key)
        if key in _NAMED_ATTRIBUTES and len(value) <= 40:
            tokens.append(f"{key}={_DIGITS.sub('', value).lower()}")
    if "-" in name:  # custom elements (<user-query>, <model-response>) name themselves
        tokens.append(name)
    return tokens


@lru_cache(maxsize=4096)
def _value_tokens(value: str) -> tuple[str, ...]:
    """One class or id value's tokens: the value and its words, lowercased (a page repeats its class names)."""
    value = value.strip()
    if not value or len(value) > 80:
        return ()
    return value.lower(), *(part.lower() for part in _TOKEN_SPLIT.split(_CAMEL.sub(" ", value)) if 1 < len(part) <= 30)


def _bs4_attribute_names(attributes: Mapping[str, str]) -> dict[str, str]:
    """Attribute names as BeautifulSoup keys them: lxml reports ``{x}name`` (which the HTML tokenizer allows)
    as a namespaced name, and BeautifulSoup keeps only its local part (or ``xml:`` + it, or the prefix alone).
    """
    renamed: dict[str, str] = {}
    for key, value in attributes.items():
        if key[:1] == "{" and "}" in key:
            namespace, local = key[1:].split("}", 1)
            prefix = "xml" if namespace == _XML_NAMESPACE else None
            key = (f"{prefix}:{local}" if prefix else local) if local else str(prefix)
        renamed[key] = value
    return renamed


def hidden(tag: str, attributes: Mapping[str, str]) -> bool:
    """Whether an element's own attributes hide it and all it holds from a reader, as browsers and readability
    see it: the ``hidden`` attribute (not ``hidden="until-found"``, text a reader's search reveals) or an inline
    style of ``display: none`` or ``visibility: hidden`` (a page's schema.org copy of its headline and dates, a
    menu for small screens). The segmenter skips such elements like scripts. Not <html> or <body>: pages hide
    those until their scripts have run, and the page is still the page; nor on a page that hides nearly all its
    text that way (HIDDEN_PAGE)."""
    if tag in _ALWAYS_SHOWN:
        return False
    value = attributes.get("hidden")  # (most elements have none: no string is made for them)
    if value is not None and value.lower() != "until-found":
        return True
    style = attributes.get("style")
    return style is not None and _HIDING_STYLE.search(style) is not None


class _BlockTarget:
    """An lxml parser target that cuts the page into blocks as the parser reports it.

    Text arrives in chunks; a text node is the run of chunks between two other events, as in BeautifulSoup's
    tree. The open elements are one stack (never recursion: pages nest 10,000 deep); those inside a skipped
    element (script, svg, ...) only keep it balanced. The title is the text of the first <title>, else of the
    first <h1>, without the strings BeautifulSoup keeps apart (script, style, template, rt, rp).
    """

    def __init__(self, title_wanted: bool, hiding: bool = True) -> None:
        self.blocks: list[tuple[str, Markup]] = []
        self.chunks: list[str] = []
        self.data = self.chunks.append  # the hottest event: straight into the list
        self.open: list[str] = []  # every open element
        self.path: list[str] = []  # the open elements outside skipped ones
        self.levels: list[list[str] | Mapping[str, str]] = []  # per path level: attributes, its tokens once needed
        self.contexts: list[Context | None] = []  # per path level within _MAX_LEVELS: its blocks' context, once needed
        # One context object per parent context, tag and own tokens: sibling blocks share theirs (and so their
        # ancestors and tokens tuples, by which features know a place).
        self.known: dict[tuple, Context] = {}
        self.skipped_from: int | None = None  # depth of the open skipped element
        self.link_depth = 0
        self.pieces: list[str] = []
        self.link_chars = 0
        self.context: Context | None = None
        self.tables = self.rows = self.cells = 0  # the tables, rows and cells opened so far, outside skipped elements
        self.open_tables: list[int] = []  # the numbers of the open ones
        self.open_rows: list[int] = []  # (table, tr, td and th are block tags: a block never spans one's edge)
        self.open_cells: list[int] = []
        self.title_wanted = title_wanted
        self.hiding = hiding  # skip the elements hidden from readers
        self.skipping_hidden = False  # the open skipped element is a hidden one, not a script or the like
        self.hidden_chars = 0  # the text those hold, but their scripts' and styles'
        self.containers = 0  # open elements whose strings BeautifulSoup types apart
        self.headings: dict[str, list[str]] = {}  # the first <title> and <h1>: their strings
        self.open_headings: dict[int, list[str]] = {}  # those of them open now, by the depth they opened at

    def start(self, tag: str, attributes: Mapping[str, str]) -> None:
        if self.chunks:
            self._text()
        self.open.append(tag)
        if tag in _CONTAINERS:
            self.containers += 1
        if self.title_wanted and tag in _TITLE_TAGS and tag not in self.headings:
            self.headings[tag] = self.open_headings[len(self.open)] = []
        if self.skipped_from is not None:
            return
        if tag in SKIPPED_TAGS or (self.hiding and attributes and hidden(tag, attributes)):
            self.skipped_from = len(self.open)
            self.skipping_hidden = tag not in SKIPPED_TAGS
            return
        if tag in BLOCK_TAGS and self.pieces:  # a flush with no pieces does nothing
            self._flush()
        if tag == "a":
            self.link_depth += 1
        elif tag == "tr":
            self.rows += 1
            self.open_rows.append(self.rows)
        elif tag in _CELLS:
            self.cells += 1
            self.open_cells.append(self.cells)
        elif tag == "table":
            self.tables += 1
            self.open_tables.append(self.tables)
        self.path.append(tag)
        self.levels.append(attributes)
        self.contexts.append(None)

    def end(self, tag: str) -> None:
        if self.chunks:
            self._text()
        depth = len(self.open)
        self.open.pop()
        if tag in _CONTAINERS:
            self.containers -= 1
        if self.open_headings:
            self.open_headings.pop(depth, None)
        if self.skipped_from is not None:
            if depth == self.skipped_from:
                self.skipped_from = None
            return
        if tag in BLOCK_TAGS and self.pieces:  # a flush with no pieces does nothing
            self._flush()
        if tag == "a":
            self.link_depth -= 1
        elif tag == "tr":
            self.open_rows.pop()
        elif tag in _CELLS:
            self.open_cells.pop()
        elif tag == "table":
            self.open_tables.pop()
        self.path.pop()
        self.levels.pop()
        self.contexts.pop()

    def comment(self, *_) -> None:
        """Comments, processing instructions and doctypes end a text node and add none."""
        if self.chunks:
            self._text()

    pi = doctype = comment

    def close(self) -> list[tuple[str, Markup]]:
        """The page's blocks, which the target lets go of: lxml's parser and its target hold each other, so
        whatever the target keeps lives until Python's cyclic collector runs, not until the page is done."""
        if self.chunks:
            self._text()
        self._flush()
        blocks, self.blocks, self.known = self.blocks, [], {}
        return blocks

    def title(self) -> str | None:
        for tag in _TITLE_TAGS:
            if tag in self.headings:
                return normalize_space(" ".join(self.headings[tag])) or None
        return None

    def _text(self) -> None:
        text = "".join(self.chunks)
        self.chunks.clear()
        if self.open_headings and not self.containers:
            for strings in self.open_headings.values():
                strings.append(text)
        if self.skipped_from is not None:
            if self.skipping_hidden and not self.containers:
                self.hidden_chars += len(text.strip())
            return
        if not self.pieces:
            if not text.strip():
                return
            self.context = self._context()
        self.pieces.append(text)
        if self.link_depth:
            self.link_chars += len(text.strip())

    def _context(self) -> Context:
        """Ancestors, tokens, heading level and embed flag of the block starting here: the nearest levels only.

        Within _MAX_LEVELS of the root each level's context extends its parent's, computed once for all the
        blocks under it; deeper, the window of the last _MAX_LEVELS levels is gathered afresh.
        """
        depth = len(self.path)
        if depth > _MAX_LEVELS:
            return self._window_context()
        k = depth
        while k and self.contexts[k - 1] is None:
            k -= 1
        context = self.contexts[k - 1] if k else _ROOT_CONTEXT
        for j in range(k, depth):
            tag = self.path[j]
            own = self._tokens(j)
            key = (id(context), tag, *own)  # a context is its parent's, extended by the element's tag and tokens
            if key not in self.known:
                self.known[key] = self._extended(context, tag, own)
            context = self.contexts[j] = self.known[key]
        return context

    @staticmethod
    def _extended(context: Context, tag: str, own: list[str]) -> Context:
        """The context of an element with this tag and these tokens of its own, inside ``context``."""
        ancestors, tokens, heading, embed, own_count = context
        if own:  # (without tokens of its own, the element has its parent's tokens and embed flag)
            extended = (*tokens, *own)
            if len(extended) > _MAX_TOKENS:  # the parent's flag may rest on a token now cut off
                tokens = extended[-_MAX_TOKENS:]
                embed = not EMBED_TOKENS.isdisjoint(tokens)
            else:
                tokens, embed = extended, embed or not EMBED_TOKENS.isdisjoint(own)
        heading = int(tag[1]) if tag in _HEADINGS else heading
        own_count = min(len(tokens), len(own) + (0 if tag in BLOCK_TAGS else own_count))
        return (*ancestors, tag), tokens, heading, embed, own_count

    def _window_context(self) -> Context:
        start = len(self.path) - _MAX_LEVELS
        nearest: list[list[str]] = []  # the levels that hold the last _MAX_TOKENS tokens, innermost first
        count = 0
        for k in range(len(self.path) - 1, start - 1, -1):
            nearest.append(self._tokens(k))
            count += len(nearest[-1])
            if count >= _MAX_TOKENS:
                break
        tokens = tuple(token for level in reversed(nearest) for token in level)[-_MAX_TOKENS:]
        ancestors = tuple(self.path[start:])
        heading = next((int(tag[1]) for tag in reversed(ancestors) if tag in _HEADINGS), 0)
        block = next((k for k in range(len(self.path) - 1, start - 1, -1) if self.path[k] in BLOCK_TAGS), start)
        own_count = min(len(tokens), sum(len(self._tokens(k)) for k in range(block, len(self.path))))
        return ancestors, tokens, heading, not EMBED_TOKENS.isdisjoint(tokens), own_count

    def _tokens(self, level: int) -> list[str]:
        """The element's own tokens at this path level, computed the first time a block needs them."""
        if not isinstance(self.levels[level], list):
            self.levels[level] = _element_tokens(self.path[level], self.levels[level])
        return self.levels[level]

    def _flush(self) -> None:
        if self.pieces:
            text = normalize_space("".join(self.pieces))
            if has_visible_text(text):
                ancestors, tokens, heading, embed, own_tokens = self.context
                tag = next(filter(BLOCK_TAGS.__contains__, reversed(ancestors)), "body")
                self.blocks.append((text, Markup(tag=tag, ancestors=ancestors, tokens=tokens,
                                                 link_density=min(1.0, self.link_chars / max(1, len(text))),
                                                 heading=heading, embed=embed, own_tokens=own_tokens,
                                                 row=self.open_rows[-1] if self.open_rows else 0,
                                                 cell=self.open_cells[-1] if self.open_cells else 0,
                                                 table=self.open_tables[-1] if self.open_tables else 0)))
            self.pieces = []
        self.link_chars = 0
        self.context = None
