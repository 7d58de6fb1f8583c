"""Compose the labelled training documents in ``training/examples/`` from our own pool of writing.

The pool (``training/pool/``) holds short articles we wrote in seven languages, small data tables, and the noise
that surrounds articles in the wild, also written by us: site chrome, chat-assistant residue and wrappers, social
embeds, readers' comments. Some HTML articles carry a list (one of their paragraphs cut into a lead-in and items)
or a table, and some pages a thread of readers' comments under the article.
Each composed document is one pool article plus noise of zero to three kinds (boilerplate, chat_ui,
off_topic: the ledes of other pool articles), rendered as plain text, an HTML page or fragment, or a
WordPress REST post. Labels come from construction: the rendered document is segmented by filterkit and
each block is labelled by where its text came from.

Deterministic: ``python training/compose.py`` rewrites the same files from the same pool.
"""

from __future__ import annotations

import html
import json
import random
import re
import string
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from filterkit.document import BOILERPLATE, CHAT_UI, CONTENT, OFF_TOPIC, Document  # noqa: E402
from filterkit.segment import normalize_space, segment  # noqa: E402

HERE = Path(__file__).resolve().parent
POOL = HERE / "pool"
OUT = HERE / "examples"
SEED = 20261121

# Each pool article is the core of COPIES documents; (noise kinds, format) cycles through this schedule.
SCHEDULE: list[tuple[frozenset[str], str]] = [
    (frozenset(), "text"),
    (frozenset({OFF_TOPIC}), "text"),
    (frozenset({CHAT_UI}), "wordpress-json"),
    (frozenset({BOILERPLATE}), "html"),
    (frozenset(), "html"),
    (frozenset({OFF_TOPIC}), "html"),
    (frozenset({CHAT_UI}), "text"),
    (frozenset(), "wordpress-json"),
    (frozenset({BOILERPLATE, OFF_TOPIC}), "html"),
    (frozenset(), "text"),
    (frozenset({CHAT_UI, OFF_TOPIC}), "text"),
    (frozenset({BOILERPLATE}), "wordpress-json"),
    (frozenset({OFF_TOPIC}), "wordpress-json"),
    (frozenset({CHAT_UI}), "html"),
    (frozenset({BOILERPLATE, CHAT_UI}), "wordpress-json"),
    (frozenset({BOILERPLATE}), "text"),
    (frozenset({OFF_TOPIC}), "text"),
    (frozenset(), "text"),
    (frozenset({CHAT_UI, OFF_TOPIC}), "html"),
]
COPIES = 6
# Share of trailing ledes cut into paragraphs of one or two sentences (the share of articles ``restyle`` cuts so).
LEDE_SENTENCES = 0.35
# Share of trailing stories taken from the middle of their article, not its opening. A lede has a shape (a dateline,
# figures, a who-did-what sentence) that an article's closing paragraph seldom has, and a model that saw only ledes
# learnt that shape instead of how little the paragraph shares with the article: it kept 99% of the undated ledes
# the noise benchmark appends after its clean controls (``FRESH_LEDES``). A story's middle paragraphs have no such
# shape; only their relation to the article tells them.
MID_STORY = 0.4
_SENTENCE_BREAK = re.compile(r"(?:(?<=[.!?…])|(?<=[.!?…][»”\"’)]))\s+(?=[A-ZÀ-ÖØ-Þ„«“\"])")
_UNSPACED = re.compile("[\u3040-\u30ff\u3400-\u9fff]")  # Chinese and Japanese: no spaces between words

ROLES = ("page", "header", "nav", "breadcrumb", "main", "article", "title", "byline", "date", "figure", "credit",
         "body", "share", "tags", "bio", "newsletter", "related", "comments", "footer", "cookie", "ad", "paywall",
         "embed", "next")
SEMANTIC = {"page": "site-wrapper", "header": "site-header", "nav": "main-navigation menu", "breadcrumb": "breadcrumbs",
            "main": "site-content", "article": "post single-article", "title": "entry-title headline",
            "byline": "byline author-name", "date": "published-date meta", "figure": "wp-caption media",
            "credit": "caption photo-credit", "body": "entry-content article-body", "share": "social-share sharing",
            "tags": "post-tags tag-list", "bio": "author-bio about-author", "newsletter": "newsletter-signup promo",
            "related": "related-posts widget", "comments": "comments-area", "footer": "site-footer",
            "cookie": "cookie-consent banner", "ad": "ad-slot advertisement", "paywall": "paywall-prompt",
            "embed": "embed-container", "next": "next-article"}
LOCAL = {"page": "seite", "header": "kopfbereich", "nav": "hauptnavigation", "breadcrumb": "brotkrumen",
         "main": "inhalt", "article": "artikel", "title": "titre-principal", "byline": "autor", "date": "fecha",
         "figure": "bild", "credit": "bildnachweis", "body": "isi-berita", "share": "partage", "tags": "etiquetas",
         "bio": "autor-info", "newsletter": "lettre-info", "related": "berita-terkait", "comments": "kommentare",
         "footer": "pied-de-page", "cookie": "datenschutz-hinweis", "ad": "anzeige", "paywall": "abo-hinweis",
         "embed": "incrustado", "next": "artikel-berikutnya"}
INLINE_KINDS = ("share", "ad", "newsletter", "related", "credit", "tags")
# Shares of HTML articles that carry a list (a paragraph cut into a lead-in and items) or a data table.
LIST_SHARE = 0.3
TABLE_SHARE = 0.2
# Share of HTML articles with a photo between two paragraphs, its caption a sentence of the article (and often a
# photographer's credit): noise that shares the article's words, as captions in real pages do.
FIGURE_SHARE = 0.3
# ... of those photos, the share written as WordPress's [caption] shortcode renders it on themes without HTML5
# captions (<div class="wp-caption"> and <p class="wp-caption-text">), as classic-editor posts still carry it.
OLD_STYLE_CAPTION_SHARE = 0.4
# Share of the HTML pages with site chrome whose footer is one line, its copyright notice: a lone short line after
# the article, as a small site's page ends.
SHORT_FOOTER_SHARE = 0.3
# Share of the HTML pages with site chrome alone (no other noise) laid out as an old site's table: a column of links
# beside the text, paragraphs parted by <br>, no class names (the pages of CleanEval's era, and many small sites').
TABLE_LAYOUT_SHARE = 0.15
# Share of the HTML pages with site chrome that carry a thread of readers' comments (training/pool/comments.json).
THREAD_SHARE = 0.5


def load_tables() -> list[dict]:
    """Small data tables (a caption and rows, the first row the header) that articles carry in their body."""
    return json.loads((POOL / "tables.json").read_text(encoding="utf-8"))


def load_comments() -> dict:
    """Readers' comments we wrote in the pool's languages, and per language the lines around them (headers,
    authors, times, reply and like buttons, the comment form)."""
    return json.loads((POOL / "comments.json").read_text(encoding="utf-8"))


def load_pool() -> tuple[list[dict], dict]:
    articles = []
    for path in sorted(POOL.glob("*.jsonl")):
        articles += [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    noise = json.loads((POOL / "noise.json").read_text(encoding="utf-8"))
    return articles, noise


def is_subheading(text: str) -> bool:
    short = len(text) <= 16 if _UNSPACED.search(text) else len(text.split()) <= 8
    return short and not text.rstrip().endswith((".", "!", "?", "»", "”", '"', "。", "！", "？", "」", "』"))


def sentences(paragraph: str) -> list[str]:
    """The paragraph's sentences. Chinese and Japanese run on without spaces: a sentence ends at 。！？ outside
    quotes (「…。…」と述べた。 is one sentence)."""
    if not _UNSPACED.search(paragraph):
        return [s for s in _SENTENCE_BREAK.split(paragraph) if s.strip()]
    found, depth, start = [], 0, 0
    for k, char in enumerate(paragraph):
        if char in "「『“（(":
            depth += 1
        elif char in "」』”）)":
            depth = max(0, depth - 1)
        elif char in "。！？" and not depth and paragraph[k + 1:k + 2] not in "。！？":
            found.append(paragraph[start:k + 1])
            start = k + 1
    return found + [paragraph[start:]] if paragraph[start:].strip() else found


def sentence_paragraphs(paragraphs: list[str], rng: random.Random) -> list[str]:
    """The paragraphs cut into paragraphs of one or two sentences, as many sites cut them."""
    cut = []
    for paragraph in paragraphs:
        rest = sentences(paragraph)
        while rest:
            take = rng.choice([1, 1, 2])
            cut.append(joiner(paragraph).join(rest[:take]))
            rest = rest[take:]
    return cut


def joiner(text: str) -> str:
    """What goes between two of a text's sentences or paragraphs run together: nothing in Chinese or Japanese."""
    return "" if _UNSPACED.search(text) else " "


def cut_off(text: str, share: float) -> str:
    """The text cut off mid-sentence after ``share`` of its words (of its characters in Chinese or Japanese),
    at least 6 words (12 characters), as a scraper or a teaser cuts a lede."""
    if _UNSPACED.search(text):
        return text[:max(12, int(len(text) * share))].rstrip("，、；：。,;:.")
    words = text.split()
    return " ".join(words[:max(6, int(len(words) * share))]).rstrip(",;:.")


class Composer:
    """Builds one labelled document: blocks of (text, label) rendered into a format."""

    def __init__(self, articles: list[dict], noise: dict, seed: int, tables: list[dict] | None = None,
                 comments: dict | None = None) -> None:
        self.rng = random.Random(seed)
        # In-article lists and tables came later and draw from their own stream, which left every other choice
        # (and every document without them) as it was; so did comment threads, from a third one, and photos,
        # one-line footers and table layouts, from a fourth, a fifth and a sixth, and the old WordPress markup of
        # some photos from a seventh; the ledes cut into sentences draw from an eighth, and the trailing stories taken
        # from their article's middle from a ninth.
        self.extras = random.Random(seed + 1)
        self.threads = random.Random(seed + 2)
        self.figures = random.Random(seed + 3)
        self.footers = random.Random(seed + 4)
        self.layouts = random.Random(seed + 5)
        self.caption_markup = random.Random(seed + 6)
        self.lede_cuts = random.Random(seed + 7)
        self.lede_starts = random.Random(seed + 8)
        self.tables = tables or []
        self.comments = comments
        self.articles = articles
        self.noise = noise
        self.by_lang = {lang: [a for a in articles if a["lang"] == lang] for lang in {a["lang"] for a in articles}}

    # -- choosing noise -----------------------------------------------------------------------------------

    def chrome(self, kind: str, lang: str) -> list[str]:
        blocks = [b for b in self.noise["boilerplate"] if b["kind"] == kind]
        local = [b for b in blocks if b["lang"] == lang]
        pick = self.rng.choice(local if local and self.rng.random() < 0.8 else blocks)
        return list(pick["lines"])

    def ledes(self, article: dict) -> list[tuple[str, list[str]]]:
        """One to three openings of other pool articles (or, MID_STORY of them, a passage from their middle),
        sometimes on the same subject, sometimes cut off, and sometimes cut as the article may be (``restyle``): a
        wire lede is often a single sentence, and a model that only saw ledes of whole pool paragraphs kept
        one-sentence ledes after one-sentence paragraphs."""
        others = [a for a in (self.by_lang[article["lang"]] if self.rng.random() < 0.85 else self.articles)
                  if a["id"] != article["id"]]
        same = [a for a in others if a["group"] == article["group"]]
        count = self.rng.choice([1, 1, 2, 2, 3])
        chosen = []
        if same and self.rng.random() < 0.4:
            chosen.append(self.rng.choice(same))
        while len(chosen) < count:
            candidate = self.rng.choice(others)
            if candidate not in chosen:
                chosen.append(candidate)
        ledes = []
        for other in chosen:
            story = [p for p in other["paragraphs"] if not is_subheading(p)]
            size = self.rng.choice([1, 1, 2])
            start = 0
            if len(story) > size + 1 and self.lede_starts.random() < MID_STORY:
                start = self.lede_starts.randrange(1, len(story) - size + 1)
            paragraphs = story[start:start + size]
            if self.lede_cuts.random() < LEDE_SENTENCES:
                paragraphs = sentence_paragraphs(paragraphs, self.lede_cuts)[:len(paragraphs)]
            if self.rng.random() < 0.45:
                paragraphs[-1] = cut_off(paragraphs[-1], self.rng.uniform(0.4, 0.9))
            ledes.append((other["title"], paragraphs))
        return ledes

    def chat_lines(self, assistant: str, lang: str, position: str) -> list[str]:
        options = [c for c in self.noise["chat_text"] if c["assistant"] == assistant and c["position"] == position]
        local = [c for c in options if c["ui_lang"] == lang]
        options = local if local and self.rng.random() < 0.6 else [c for c in options if c["ui_lang"] == "en"] or options
        if not options:
            return []
        lines: list[str] = []
        for pick in self.rng.sample(options, k=min(len(options), self.rng.choice([1, 1, 2]))):
            lines += pick["lines"]
        return lines

    def prompt(self, article: dict) -> str:
        prompts = [p["text"] for p in self.noise["prompts"] if p["lang"] == article["lang"]]
        return self.rng.choice(prompts)

    # -- plain text ---------------------------------------------------------------------------------------

    def text(self, article: dict, kinds: frozenset[str]) -> tuple[str, dict[str, str]]:
        labels: dict[str, str] = {}
        blank = self.rng.random() < 0.4  # paragraphs separated by blank lines, or one per line like most scrapes
        top: list[str] = []
        bottom: list[str] = []
        lines = list(article["paragraphs"])
        if BOILERPLATE in kinds:
            for kind in self.rng.sample(["nav", "breadcrumb", "byline", "date", "share"], k=self.rng.randint(1, 3)):
                top += self.chrome(kind, article["lang"])
            for kind in self.rng.sample(["share", "related", "tags", "newsletter", "comments", "footer", "author_bio",
                                         "ad", "paywall"], k=self.rng.randint(1, 4)):
                bottom += self.chrome(kind, article["lang"])
            if len(lines) > 3 and self.rng.random() < 0.5:
                lines.insert(self.rng.randint(1, len(lines) - 1), self.chrome(self.rng.choice(["ad", "credit"]),
                                                                              article["lang"])[0])
            labels.update({normalize_space(line): BOILERPLATE for line in top + bottom + lines
                           if line not in article["paragraphs"]})
        if CHAT_UI in kinds:
            assistant = self.rng.choice(["chatgpt", "claude", "gemini", "perplexity", "copilot", "generic"])
            ui = article["lang"] if self.rng.random() < 0.5 else "en"
            chat_top = ([self.prompt(article)] if self.rng.random() < 0.8 else []) + self.chat_lines(
                assistant, ui, "before_answer")
            if self.rng.random() < 0.7:
                chat_top = self.chat_lines(assistant, ui, "before_answer")[:2] + chat_top
            chat_top += self.chat_lines(assistant, ui, "between")
            chat_bottom = self.chat_lines(assistant, ui, "after_answer")
            labels.update({normalize_space(line): CHAT_UI for line in chat_top + chat_bottom})
            top, bottom = chat_top + top, bottom + chat_bottom
        body = "\n\n".join(lines) if blank else "\n".join(lines)
        parts = ["\n".join(top), body] if top else [body]
        if OFF_TOPIC in kinds:
            for _, paragraphs in self.ledes(article):
                labels.update({normalize_space(p): OFF_TOPIC for p in paragraphs})
                gap = self.rng.random() < 0.7
                parts.append(("\n\n" if gap else "\n").join(paragraphs) if blank or not gap else "\n".join(paragraphs))
                if not gap:
                    parts[-2:] = ["\n".join(parts[-2:])]
        if bottom:
            parts.append("\n".join(bottom))
        separator = "\n\n" if blank or self.rng.random() < 0.5 else "\n"
        return separator.join(parts) + ("\n" if self.rng.random() < 0.7 else ""), labels

    # -- HTML ---------------------------------------------------------------------------------------------

    def classes(self) -> dict[str, str]:
        scheme = self.rng.choice(["semantic", "semantic", "local", "hashed", "bare"])
        if scheme == "semantic":
            return dict(SEMANTIC)
        if scheme == "local":
            return dict(LOCAL)
        if scheme == "hashed":
            return {role: "css-" + "".join(self.rng.choices(string.ascii_lowercase + string.digits, k=6))
                    for role in ROLES}
        return dict.fromkeys(ROLES, "")

    @staticmethod
    def attr(cls: str) -> str:
        return f' class="{cls}"' if cls else ""

    def block(self, tag: str, cls: str, lines: list[str], links: bool) -> str:
        """One chrome block: several lines as a list of (linked) items, or a single element."""
        def item(line: str) -> str:
            text = html.escape(line)
            return f'<a href="/{self.rng.randint(1, 9999)}">{text}</a>' if links else text

        if len(lines) == 1:
            return f"<{tag}{self.attr(cls)}><p>{item(lines[0])}</p></{tag}>"
        items = "".join(f"<li>{item(line)}</li>" for line in lines)
        return f"<{tag}{self.attr(cls)}><ul>{items}</ul></{tag}>"

    def in_article_list(self, paragraph: str, labels: dict[str, str]) -> str | None:
        """A paragraph as a lead-in sentence and a list of the rest, all of it content: the rest's sentences as
        items, or their clauses as short items without a full stop, as most bullet lists have them."""
        lead, *items = sentences(paragraph)
        if self.extras.random() < 0.5:
            clauses = [c.strip() for s in items for c in re.split(r"[,;:] ", s.rstrip("."))]
            if len(clauses) >= 2 and all(len(c.split()) >= 3 for c in clauses):
                items = clauses
        if len(items) < 2:
            return None
        tag = self.extras.choice(["ul", "ul", "ol"])
        if any(normalize_space(text) in labels for text in [lead, *items]):
            return None  # a caption above already took one of these texts: labels are by text, one each
        labels.update({normalize_space(text): CONTENT for text in [lead, *items]})
        return (f"<p>{html.escape(lead)}</p><{tag}>"
                + "".join(f"<li>{html.escape(item)}</li>" for item in items) + f"</{tag}>")

    def noise_lines(self, kinds: tuple[str, ...], lang: str) -> list[str]:
        """Every line of the pool's chrome blocks of these kinds in this language, in the pool's order."""
        return [line for block in self.noise["boilerplate"] if block["kind"] in kinds and block["lang"] == lang
                for line in block["lines"]]

    def in_article_figure(self, paragraphs: list[str], lang: str, labels: dict[str, str]) -> str | None:
        """A photo with its caption, boilerplate: one of the article's sentences, whole or cut short (a caption
        retells what the article says), with a photographer's credit half the time, in its text or its own element."""
        candidates = [s.strip() for p in paragraphs if not is_subheading(p) for s in sentences(p)]
        candidates = [s for s in candidates if len(s.split()) >= 6 or (_UNSPACED.search(s) and len(s) >= 12)]
        if not candidates:
            return None
        caption = self.figures.choice(candidates)
        if self.figures.random() < 0.5:
            caption = cut_off(caption, self.figures.uniform(0.5, 0.9)).rstrip(",;:")
        credits = [line for line in self.noise_lines(("credit",), lang) if len(line.split()) <= 6]
        credit = self.figures.choice(credits) if credits and self.figures.random() < 0.5 else ""
        if credit and self.figures.random() < 0.5:  # in the caption's own text, after it
            caption, credit = f"{caption}{joiner(caption)}{credit}", ""
        key = normalize_space(caption)
        if key in labels or key in {normalize_space(p) for p in paragraphs}:
            return None  # the same text as a paragraph or a list item above: labels are by text, one each
        labels[key] = BOILERPLATE
        if credit:
            labels[normalize_space(credit)] = BOILERPLATE
        credit_html = f'<div class="photo-credit">{html.escape(credit)}</div>' if credit else ""
        # drawn for either markup, so that the figures stream (and every document after) stays as it was
        figure_class = self.figures.choice(["wp-block-image", "article-image", "media"])
        number = self.figures.randint(1, 9999)
        if self.caption_markup.random() < OLD_STYLE_CAPTION_SHARE:
            align = self.caption_markup.choice(["alignnone", "aligncenter", "alignleft", "alignright"])
            width = self.caption_markup.choice([300, 610, 810, 1034])
            return (f'<div id="attachment_{number}" style="width: {width}px" class="wp-caption {align}">'
                    f'<img class="size-large wp-image-{number}" src="/img/{number}.jpg" alt="" width="{width - 10}">'
                    f'<p id="caption-attachment-{number}" class="wp-caption-text">{html.escape(caption)}</p>'
                    f"{credit_html}</div>")
        return (f'<figure class="{figure_class}"><img src="/img/{number}.jpg" alt="">'
                f"<figcaption>{html.escape(caption)}</figcaption>{credit_html}</figure>")

    def short_footer(self, lang: str, cls: str, labels: dict[str, str]) -> str | None:
        """A footer of one line, a copyright notice of the page's language, in whatever element a site puts it."""
        notices = [line for line in self.noise_lines(("footer",), lang) if "©" in line]
        if not notices:
            return None
        notice = self.footers.choice(notices)
        labels[normalize_space(notice)] = BOILERPLATE
        text = html.escape(notice)
        return self.footers.choice([f"<footer><p>{text}</p></footer>", f"<div{self.attr(cls)}>{text}</div>",
                                    f"<p><small>{text}</small></p>", f'<div id="copyright">{text}</div>'])

    def in_article_table(self, lang: str, labels: dict[str, str]) -> str:
        """A data table from the pool, every cell and its caption content, bare or in a site's wrapper."""
        table = self.extras.choice([t for t in self.tables if t["lang"] == lang] or self.tables)
        header, *rows = table["rows"]
        labels.update({normalize_space(cell): CONTENT for row in table["rows"] for cell in row})
        caption = ""
        if table["caption"]:
            labels[normalize_space(table["caption"])] = CONTENT
            caption = f"<caption>{html.escape(table['caption'])}</caption>"
        markup = (f"<table>{caption}<thead><tr>" + "".join(f"<th>{html.escape(cell)}</th>" for cell in header)
                  + "</tr></thead><tbody>" + "".join("<tr>" + "".join(f"<td>{html.escape(cell)}</td>" for cell in row)
                                                     + "</tr>" for row in rows) + "</tbody></table>")
        wrapper = self.extras.choice(["", "figure", "div"])
        if wrapper == "figure":
            return f'<figure class="wp-block-table">{markup}</figure>'
        return f'<div class="table-responsive">{markup}</div>' if wrapper else markup

    def article_html(self, article: dict, extra_inline: bool, chat: bool, labels: dict[str, str]) -> str:
        parts = []
        paragraphs = article["paragraphs"]
        middle = range(1, len(paragraphs) - 1)
        list_at = self.extras.choice(middle) if middle and self.extras.random() < LIST_SHARE else None
        table_at = (self.extras.choice(middle) if middle and self.tables and self.extras.random() < TABLE_SHARE
                    else None)
        figure_at = self.figures.choice(middle) if middle and self.figures.random() < FIGURE_SHARE else None
        offset = 0
        for n, paragraph in enumerate(paragraphs):
            text = html.escape(paragraph)
            as_list = self.in_article_list(paragraph, labels) if n == list_at and not is_subheading(paragraph) else None
            if as_list:
                parts.append(as_list)
            elif is_subheading(paragraph):
                level = self.rng.choice([2, 3])
                parts.append(f"<h{level}>{text}</h{level}>")
            elif chat:
                parts.append(f'<p data-start="{offset}" data-end="{offset + len(paragraph)}">{text}</p>')
            else:
                parts.append(f"<p>{text}</p>")
            offset += len(paragraph) + 2
            if n == table_at:
                parts.append(self.in_article_table(article["lang"], labels))
            if n == figure_at and (figure := self.in_article_figure(paragraphs, article["lang"], labels)):
                parts.append(figure)
            if extra_inline and 0 < n < len(paragraphs) - 1 and self.rng.random() < 0.25:
                kind = self.rng.choice(INLINE_KINDS)
                lines = self.chrome(kind, article["lang"])[:4]
                labels.update({normalize_space(line): BOILERPLATE for line in lines})
                parts.append(self.block("div", SEMANTIC.get(kind, kind) if self.rng.random() < 0.5 else "", lines,
                                        kind in ("related", "tags")))
            if n == len(paragraphs) // 2 and self.rng.random() < 0.25:
                embed = self.rng.choice(self.noise["embeds"])
                parts.append(embed["html"])
        return "\n".join(parts)

    def chat_wrapper(self, article: dict, answer_html: str, labels: dict[str, str]) -> str:
        template = self.rng.choice(self.noise["chat_html"])
        prompt = self.prompt(article) if self.rng.random() < 0.7 else ""
        if prompt:
            labels[normalize_space(prompt)] = CHAT_UI
        wrapper = template["html"].replace("{prompt}", html.escape(prompt)).replace("{answer}", "")
        for text in _block_texts(wrapper, "html"):
            labels.setdefault(text, CHAT_UI)
        return template["html"].replace("{prompt}", html.escape(prompt)).replace("{answer}", answer_html)

    def comment_thread(self, article: dict, role_class: str, labels: dict[str, str]) -> str:
        """Readers' comments under the article, every block of them boilerplate: a header, then three to fourteen
        comments of one to three paragraphs with their author, time and reply or like line, some with replies
        nested under them, sometimes the comment form. Real threads read like prose and often outweigh a short
        article: only where they sit and the short lines between them tell them from it."""
        rng = self.threads
        meta = self.comments["threads"][article["lang"]]

        def fill(template: str) -> str:
            return template.format(
                n=rng.randint(2, 250), day=rng.randint(1, 28), month=rng.choice(meta["months"]),
                month_number=f"{rng.randint(1, 12):02d}", year=rng.choice([2023, 2024, 2025]), hour=rng.randint(0, 23),
                hour12=rng.randint(1, 12), minute=f"{rng.randint(0, 59):02d}", title=html.escape(article["title"]))

        parts = ("item", "head", "author", "date", "text", "actions", "list")
        if role_class.startswith("css-"):  # a css-in-js site hashes every class name
            names = {part: "css-" + "".join(rng.choices(string.ascii_lowercase + string.digits, k=6)) for part in parts}
        else:
            stem = {"": "", SEMANTIC["comments"]: "comment"}.get(role_class, role_class.rstrip("e"))
            names = {part: f"{stem}-{part}" if stem else "" for part in parts}
        style = rng.choice(["wordpress", "divs", "divs", "forum"] if role_class == SEMANTIC["comments"]
                           else ["divs", "divs", "forum"])

        def one(comment: dict, number: int, replies: str) -> str:
            paragraphs = [html.escape(p) for p in comment["paragraphs"]]
            name, when, action = (html.escape(rng.choice(meta["names"])), fill(rng.choice(meta["when"])),
                                  fill(rng.choice(meta["actions"])))
            if style == "wordpress":
                return (f'<li id="comment-{number}" class="comment depth-1"><article class="comment-body">'
                        f'<footer class="comment-meta"><div class="comment-author vcard"><b class="fn">{name}</b> '
                        f'<span class="says">{rng.choice(meta["says"])}</span></div><div class="comment-metadata">'
                        f'<a href="#comment-{number}"><time>{when}</time></a></div></footer>'
                        '<div class="comment-content">' + "".join(f"<p>{p}</p>" for p in paragraphs) + '</div>'
                        f'<div class="reply"><a class="comment-reply-link" href="#">{action}</a></div></article>'
                        + (f'<ol class="children">{replies}</ol>' if replies else "") + "</li>")
            if style == "forum":
                return (f"<div{self.attr(names['item'])}><div>{name}</div><div>{when}</div><div>"
                        + "<br><br>".join(paragraphs) + f"</div><div>{action}</div>{replies}</div>")
            return (f"<div{self.attr(names['item'])}><div{self.attr(names['head'])}><span{self.attr(names['author'])}>"
                    f"{name}</span> <span{self.attr(names['date'])}>{when}</span></div><div{self.attr(names['text'])}>"
                    + "".join(f"<p>{p}</p>" for p in paragraphs) + f"</div><div{self.attr(names['actions'])}>"
                    f'<a href="#">{action}</a></div>' + (f"<div>{replies}</div>" if replies else "") + "</div>")

        pool = self.comments["comments"][article["lang"]]
        chosen = rng.sample(pool, k=rng.randint(3, 14))
        items = []
        while chosen:
            comment = chosen.pop()
            replies = [chosen.pop() for _ in range(min(len(chosen), rng.choice([0, 0, 0, 1, 2])))]
            number = rng.randint(1000, 99999)
            items.append(one(comment, number, "".join(one(r, number + k + 1, "") for k, r in enumerate(replies))))
        heading = rng.choice(["h2", "h3", "div"])
        thread = f"<{heading}>{fill(rng.choice(meta['headers']))}</{heading}>"
        thread += (f'<ol class="comment-list">{"".join(items)}</ol>' if style == "wordpress"
                   else f"<div{self.attr(names['list'])}>{''.join(items)}</div>")
        if rng.random() < 0.4:
            form = meta["form"]
            thread += f"<div><h3>{form[0]}</h3><p>{form[1]}</p><button>{form[2]}</button></div>"
        elif rng.random() < 0.3:
            thread += f'<div><a href="#">{rng.choice(meta["form"][3:])}</a></div>'
        anchor = ' id="comments"' if rng.random() < 0.5 else ""
        thread = f"<div{self.attr(role_class)}{anchor}>{thread}</div>"
        labels.update(dict.fromkeys(_block_texts(thread, "html"), BOILERPLATE))
        return thread

    def ledes_html(self, article: dict, labels: dict[str, str], cls: dict[str, str]) -> str:
        parts = []
        for title, paragraphs in self.ledes(article):
            labels.update({normalize_space(p): OFF_TOPIC for p in paragraphs})
            inner = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
            if self.rng.random() < 0.4:
                labels[normalize_space(title)] = OFF_TOPIC
                inner = f"<h2>{html.escape(title)}</h2>" + inner
            parts.append(f"<div{self.attr(cls['next'])}>{inner}</div>" if self.rng.random() < 0.5 else inner)
        return "\n".join(parts)

    def page(self, article: dict, kinds: frozenset[str], fragment: bool) -> tuple[str, dict[str, str]]:
        labels: dict[str, str] = {}
        lang = article["lang"]
        cls = self.classes()
        semantic_tags = cls["nav"] == SEMANTIC["nav"] or self.rng.random() < 0.3
        body = self.article_html(article, BOILERPLATE in kinds, CHAT_UI in kinds, labels)
        if CHAT_UI in kinds:
            body = self.chat_wrapper(article, body, labels)
        if OFF_TOPIC in kinds:
            body += "\n" + self.ledes_html(article, labels, cls)
        if fragment or BOILERPLATE not in kinds:
            document = body if fragment else (
                f"<!DOCTYPE html><html lang=\"{lang}\"><head><meta charset=\"utf-8\"><title>"
                f"{html.escape(article['title'])}</title></head><body><main>{body}</main></body></html>")
            return document, labels

        def chrome(kind: str, role: str, links: bool = False, tag: str = "div") -> str:
            lines = self.chrome(kind, lang)
            labels.update({normalize_space(line): BOILERPLATE for line in lines})
            return self.block(tag, cls[role], lines, links)

        header = chrome("nav", "nav", True, "nav" if semantic_tags else "div")
        if self.rng.random() < 0.5:
            header += chrome("breadcrumb", "breadcrumb", True)
        labels[normalize_space(article["title"])] = BOILERPLATE  # the headline is metadata, kept as the title
        head_of_article = f"<h1{self.attr(cls['title'])}>{html.escape(article['title'])}</h1>"
        for kind, role in (("byline", "byline"), ("date", "date")):
            if self.rng.random() < 0.7:
                head_of_article += chrome(kind, role)
        if self.rng.random() < 0.4:
            head_of_article += (f"<figure{self.attr(cls['figure'])}><img src=\"/img/{self.rng.randint(1, 999)}.jpg\">"
                                + chrome("credit", "credit", tag="figcaption") + "</figure>")
        after = "".join(chrome(kind, kind if kind in cls else "body", kind in ("tags", "related"))
                        for kind in self.rng.sample(["share", "tags", "newsletter", "paywall"], k=self.rng.randint(0, 2)))
        if self.rng.random() < 0.5:
            after += chrome("author_bio", "bio")
        aside = chrome("related", "related", True, "aside" if semantic_tags else "div")
        if self.rng.random() < 0.5:
            aside += chrome("ad", "ad")
        comments = chrome("comments", "comments") if self.rng.random() < 0.4 else ""
        thread = (self.comment_thread(article, cls["comments"], labels)
                  if self.comments and self.threads.random() < THREAD_SHARE else "")
        if thread and self.threads.random() < 0.4:  # in the article element, after what closes the article
            after, thread = after + thread, ""
        footer = chrome("footer", "footer", True, "footer" if semantic_tags else "div")
        if self.footers.random() < SHORT_FOOTER_SHARE:
            footer = self.short_footer(lang, cls["footer"], labels) or footer
        cookie = chrome("cookie", "cookie")
        cookie_first = self.rng.random() < 0.5
        article_tag = "article" if semantic_tags else "div"
        header_tag = "header" if semantic_tags else "div"
        page = (f"<!DOCTYPE html><html lang=\"{lang}\"><head><meta charset=\"utf-8\">"
                f"<title>{html.escape(article['title'])} | {self.rng.choice(['Daily Ledger', 'Kurier', 'Le Relais', 'El Faro', 'Warta Kita'])}</title>"
                f"<script>window.dataLayer=[];</script><style>.x{{color:red}}</style></head>"
                f"<body><div{self.attr(cls['page'])}>"
                + (cookie if cookie_first else "")
                + f"<{header_tag}{self.attr(cls['header'])}>{header}</{header_tag}>"
                f"<div{self.attr(cls['main'])}><{article_tag}{self.attr(cls['article'])}>{head_of_article}"
                f"<div{self.attr(cls['body'])}>{body}</div>{after}</{article_tag}>{aside}{thread}{comments}</div>"
                f"{footer}" + ("" if cookie_first else cookie) + "</div></body></html>")
        # (the page above is built even when a table layout replaces it: its draws keep the main stream as it was)
        if kinds == {BOILERPLATE} and self.layouts.random() < TABLE_LAYOUT_SHARE:
            return self.table_layout(article)
        return page, labels

    def table_layout(self, article: dict) -> tuple[str, dict[str, str]]:
        """An old site's page: a table whose left column holds the site's links (and a visitor counter or a
        guestbook line), the right one the headline and the article's paragraphs parted by <br><br>, subheadings in
        <b>, and a last row with the copyright line; no class or id anywhere."""
        lang = article["lang"]
        labels: dict[str, str] = {}
        links = [line for line in self.noise_lines(("nav",), lang) if "|" not in line]
        links = self.layouts.sample(links, k=min(len(links), self.layouts.randint(4, 8))) or ["Home"]
        extras = self.noise_lines(("footer", "share"), lang)
        side = links + self.layouts.sample(extras, k=min(len(extras), self.layouts.randint(0, 2)))
        footers = self.noise_lines(("footer",), lang) or ["©"]
        footer = self.layouts.choice(footers)
        labels.update({normalize_space(line): BOILERPLATE for line in [*side, footer, article["title"]]})
        column = "<br>".join(f'<a href="/{n}.html">{html.escape(line)}</a>' if n < len(links) else html.escape(line)
                             for n, line in enumerate(side))
        parts = []
        for paragraph in article["paragraphs"]:
            text = html.escape(paragraph)
            parts.append(f"<b>{text}</b><br>" if is_subheading(paragraph) else f"{text}<br><br>")
        headline = html.escape(article["title"])
        size = self.layouts.choice(["4", "5", "+2"])
        page = (f'<html><head><title>{headline}</title></head><body bgcolor="#ffffff">'
                f'<table width="100%" border="0" cellpadding="8"><tr><td width="160" valign="top">{column}</td>'
                f'<td valign="top"><font face="Arial" size="{size}"><b>{headline}</b></font><br><br>\n'
                + "\n".join(parts)
                + f'</td></tr><tr><td colspan="2"><hr><font size="1">{html.escape(footer)}</font></td></tr></table>'
                "</body></html>")
        return page, labels

    # -- WordPress ----------------------------------------------------------------------------------------

    def wordpress(self, article: dict, kinds: frozenset[str], number: int) -> tuple[str, dict[str, str]]:
        content, labels = self.page(article, kinds - {BOILERPLATE}, fragment=True)
        if BOILERPLATE in kinds:
            additions = []
            for kind in self.rng.sample(["share", "related", "newsletter", "tags", "ad"], k=self.rng.randint(1, 3)):
                lines = self.chrome(kind, article["lang"])
                labels.update({normalize_space(line): BOILERPLATE for line in lines})
                additions.append(self.block("div", {"share": "sharedaddy sd-sharing-enabled",
                                                    "related": "jp-relatedposts", "newsletter": "wp-block-group",
                                                    "tags": "post-tags", "ad": "code-block"}[kind], lines,
                                            kind in ("related", "tags")))
            content += "\n" + "\n".join(additions)
        slug = "-".join(article["title"].lower().split()[:8])
        post = {"id": 1000 + number, "date": f"2025-{1 + number % 12:02d}-{1 + number % 28:02d}T09:30:00",
                "slug": slug, "status": "publish", "type": "post", "link": f"https://example.org/{slug}/",
                "title": {"rendered": html.escape(article["title"])}, "content": {"rendered": content,
                                                                                 "protected": False},
                "excerpt": {"rendered": f"<p>{html.escape(article['paragraphs'][0][:120])} [&hellip;]</p>"},
                "author": 1 + number % 5, "categories": [1 + number % 7], "tags": []}
        return json.dumps(post, ensure_ascii=False), labels

    # -- one document ---------------------------------------------------------------------------------------

    def restyle(self, article: dict) -> dict:
        """Vary the article's cut: long merged paragraphs, one or two sentences a paragraph (as many sites do),
        or as written; sometimes with an added subheading. Paragraph length must not tell an article's end
        from a trailing lede."""
        paragraphs = list(article["paragraphs"])
        style = self.rng.random()
        if style < 0.25 and len(paragraphs) >= 3:  # long paragraphs: adjacent pairs merged, the ending too
            merged = []
            for paragraph in paragraphs:
                if merged and not is_subheading(paragraph) and not is_subheading(merged[-1]) and (
                        len(merged) % 2 == 1 or paragraph is paragraphs[-1]):
                    merged[-1] += joiner(paragraph) + paragraph
                else:
                    merged.append(paragraph)
            paragraphs = merged
        elif style < 0.6:
            paragraphs = sentence_paragraphs(article["paragraphs"], self.rng)
        # (Chinese and Japanese have no words to lift a subheading from: theirs are the pool's own)
        if len(paragraphs) >= 4 and self.rng.random() < 0.3 and not _UNSPACED.search(paragraphs[0]):
            at = self.rng.randint(2, len(paragraphs) - 1)
            paragraphs.insert(at, self.subheading(paragraphs[at]))
        return {**article, "paragraphs": paragraphs}

    def subheading(self, paragraph: str) -> str:
        """A few words lifted from the next paragraph, the way an editor titles a section."""
        words = [w.strip(",.;:!?«»„“”\"()") for w in paragraph.split()]
        start = self.rng.randint(0, max(0, len(words) - 5))
        phrase = " ".join(words[start:start + self.rng.randint(2, 5)]).strip()
        return phrase[:1].upper() + phrase[1:]

    def compose(self, article: dict, kinds: frozenset[str], fmt: str, number: int) -> dict:
        article = self.restyle(article)
        if fmt == "text":
            raw, labels = self.text(article, kinds)
        elif fmt == "html":
            raw, labels = self.page(article, kinds, fragment=not kinds and self.rng.random() < 0.5)
        else:
            raw, labels = self.wordpress(article, kinds, number)
        for paragraph in article["paragraphs"]:
            labels[normalize_space(paragraph)] = CONTENT
        texts = _block_texts(raw, fmt)
        paragraphs = [{"text": text, "label": labels.get(text, BOILERPLATE)} for text in texts]
        return {"id": f"{article['id']}-{number:03d}", "format": fmt, "group": article["id"], "lang": article["lang"],
                "noise": sorted(kinds), "input": raw, "paragraphs": paragraphs}


def _block_texts(raw: str, fmt: str) -> list[str]:
    if fmt == "wordpress-json":
        raw, fmt = json.loads(raw)["content"]["rendered"], "html"
    document = Document(id="compose", format=fmt, body=raw, body_type=fmt)
    return [p.text for p in segment(document).paragraphs]


def main(out: Path = OUT, seed: int = SEED) -> None:
    articles, noise = load_pool()
    composer = Composer(articles, noise, seed, load_tables(), load_comments())
    records = []
    for n, article in enumerate(articles):
        for copy in range(COPIES):
            kinds, fmt = SCHEDULE[(COPIES * n + copy * 7) % len(SCHEDULE)]
            records.append(composer.compose(article, kinds, fmt, COPIES * n + copy))
    out.mkdir(exist_ok=True)
    for fmt, name in (("text", "text"), ("html", "html"), ("wordpress-json", "wordpress")):
        with open(out / f"{name}.jsonl", "w", encoding="utf-8") as handle:
            for record in records:
                if record["format"] == fmt:
                    handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    summary: dict[str, int] = {}
    for record in records:
        for key in [record["format"], record["lang"], *(record["noise"] or ["clean"])]:
            summary[key] = summary.get(key, 0) + 1
    print(f"{len(records)} documents:", ", ".join(f"{k} {v}" for k, v in sorted(summary.items())))


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=OUT, help=f"where to write the examples (default: {OUT})")
    parser.add_argument("--seed", type=int, default=SEED,
                        help="another draw of the same pool, to see how much a model depends on its draw")
    arguments = parser.parse_args()
    main(arguments.out, arguments.seed)
