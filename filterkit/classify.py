"""Label paragraphs: one pass of the trained model, then a context pass over each document (jusText's idea).

The model sees each paragraph with its neighbours and its document, but decides for each one alone: a paragraph is
content when the model finds that likelier than all the kinds of noise together. The context pass makes the decisions
agree along the document. Lines that the training data showed to be a source's fixed noise keep that label wherever they
recur, whatever sits in a <nav> element or a comment thread's markup is boilerplate, and an article repeated on its page
is kept once. An unrelated story is a *trailing* run: the tail likeliest off-topic as a whole, if the evidence is strong
(an article's closing paragraphs lean off-topic too), so its continuation paragraphs go with it, as do the paragraphs
just before it that share its words rather than the article's (its headline), and an "off_topic" paragraph that the
article follows again was not a trailing story after all. The last kept paragraph before a trailing run is looked at
again as the end of the kept text without the run, the place a second pass over the output would see it in: a story's
first paragraph reads like an article's until its continuation is gone. A document holding chat residue is labelled
again without it and the other lines it dropped, and what that copy puts in its trailing run after the conversation's
last line goes too: the buttons and the disclaimer of a pasted chat page hide where the topic breaks to the stories a
scraper appended; what the model kept between those buttons and the stories (the disclaimer, a story's opening) goes
with them. A page's first or last block, in the element of the kept block beside it and without links, is the article's
own edge unless the model is all but sure it is noise; a page's or a plain text's first or last line that the model took
for boilerplate is the article's when it is in the article's long words or in brackets as a kept line is (once the
doubtful lines between kept ones are kept: a citation kept so vouches for a last line in its brackets). A doubtful
paragraph between kept ones (a subheading, a list item; not a line of links or a photo's caption) is kept, as are a
subheading that opens a section of the article and the doubtful items of a mostly kept list; a kept block that merely
repeats the kept paragraphs (the article copied again into one element) is dropped, as are kept paragraphs far from the
page's main stretch of kept text (a teaser below the footer, a comment thread); then an element most of whose sentences
are kept keeps those the model doubted, in it and in the elements directly inside it, and a page where nothing was kept
keeps its long paragraph with the most text by content probability. A plain text's lone chat-like lines inside the
article are the article's when nothing in the text frames a conversation. A user's ``favor`` (FAVOR) shifts the model's
probabilities towards dropping or keeping before any of this.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from itertools import chain, groupby, takewhile
from operator import attrgetter

import numpy as np
from sklearn.pipeline import Pipeline
from threadpoolctl import ThreadpoolController

from .document import BOILERPLATE, CHAT_UI, CONTENT, OFF_TOPIC, Document, FilterkitError, Markup, Paragraph
from .features import (FeatureTable, Rarity, container, directly_inside, document_features, names, opens_with_dateline,
                       place_key, samples)

# The trailing run weighs each paragraph's off-topic probability held within [OFF_TOPIC_FLOOR, 1 - OFF_TOPIC_FLOOR]:
# no single paragraph is certain enough to outweigh any number of others.
OFF_TOPIC_FLOOR = 1e-4
# A trailing run needs more than this evidence: the sum of its paragraphs' off-topic log-odds (one paragraph needs
# 0.989, two 0.905 each, three 0.82 each). An article's closing paragraphs often lean off-topic, turning to what comes
# next or bringing in a new person (0.6-0.9 each, a court report's last paragraph 0.983); other stories' ledes score
# higher or run longer, and one that opens with a dateline starts a run on far less (DATED_STORY). On the noise
# benchmark's dev set, 4.0 changed 24 of 1,362 clean controls and 4.5 changes 18, for 1.94% noise kept, not 1.87%.
RUN_EVIDENCE = 4.5
# A paragraph near the end (at most DATED_TAIL content or off-topic paragraphs after it) that opens with a dateline
# and has at least this off-topic probability starts a trailing run, whatever its continuation scores: the dateline
# is the evidence, and the model need only not rule another story out (an article's own dated item scores lower).
DATED_STORY = 0.2
DATED_TAIL = 3
# ... and it opens a story only as a sentence: a paragraph of at least DATED_WORDS words that is no heading. A
# section's heading reads like a dateline ("PEPA – Universitätsklinikum Heidelberg") and opens no story.
DATED_WORDS = 8
# So does such a paragraph (near the end, a sentence) that shares none of its words with the article before it, when
# neither does any paragraph after it and the model gives it UNRELATED_STORY off-topic probability or more: a story of
# its own is the evidence. Its words are those of 4 letters or more and the article's names ("Webb", "Kim") that the
# model's training corpus holds in fewer than one paragraph of UNCOMMON_PARAGRAPHS (not "after", "which", "Tuesday",
# which a lede shares with any article), at least UNRELATED_WORDS of them. An article's aside that brings in new names
# ("Consider this 2014 campaign …") is followed by the article again; its closing paragraph shares a word with what
# came before. Undated ledes written outside the training pool, after the noise benchmark's clean controls: with
# words of 5 letters or more and 0.3, 95.5% kept → 88.2%, no control changed (benchmarks/HISTORY.md, 2026-12-07,
# night). With the words' rarity (in the model's features too), on the draw of --fold-seed 3: 92.6% kept without
# the rule, 78.5% at 0.3 and 81.0% at 0.4, where 0.3 also took an article's closing quote (off-topic 0.31) that
# shares only "three" with it; one paragraph in 500 changed 3 more controls on the benchmark's draw (2026-12-08).
UNRELATED_STORY = 0.4
UNRELATED_WORDS = 3
UNCOMMON_PARAGRAPHS = 250
# Kept paragraphs of at least this many words are kept once: shorter ones (a refrain, a repeated subheading) may repeat.
REPEAT_WORDS = 8
# ... and only when at least REPEAT_RUN of them repeat in a row: a second copy of an article, not a refrain;
# a block of REPEAT_BLOCK_WORDS words or more goes alone (the whole article again in one element).
REPEAT_RUN = 3
REPEAT_BLOCK_WORDS = 30
# A kept block of MERGED_WORDS words or more is a copy when shorter kept paragraphs hold MERGED_SHARE of its 4-grams.
MERGED_WORDS = 30
MERGED_SHARE = 0.8
# A trailing run takes back up to RUN_HEAD paragraphs sharing at least this share of their words with it.
RUN_HEAD = 2
RUN_HEAD_SHARED = 0.2
# A pasted chat page's footer (at least FOOTER_LINES dropped lines after the answer) ends it: up to FOOTER_TAIL kept
# paragraphs between the footer and a trailing run go (``_past_the_footer``).
FOOTER_LINES = 3
FOOTER_TAIL = 3
# ... and no look takes a paragraph into the trailing run from above the answer's end: its last chat line or
# ANSWER_END_LINES dropped lines in a row (``_answer_end``). A footer the fresh chat pages write in two lines
# ("Share / Export / Rewrite" as one line, then "Ask a follow-up") hid where the answer ends; a stop, unlike the
# footer rule, may err towards keeping.
ANSWER_END_LINES = 2
# A paragraph between kept ones is kept unless the model is all but sure it is noise (content probability below
# this): a subheading, a caption or a question in an interview scores far above, an "Advertisement" line below.
NEAR_CONTENT = 0.003
# ... or at least NEAR_CONTENT_MARKED on a page, but for a heading: there the markup has told the model more, and a
# block it gives under this between two paragraphs is the page's (an ad's label, a photo credit, a "Most read" rail).
NEAR_CONTENT_MARKED = 0.03
# ... but never a line that is mostly link text (this share of its characters or more): a "Related: …" line or a
# teaser list between two paragraphs of an article is the page's, as jusText never rescues its link-dense blocks.
LINK_LINE = 0.5
# ... nor a chat page's footer: at least this many lines in a row that the model took for chat residue ("Good
# response", "Bad response", "Copy response") with at most FOOTER_TAIL kept paragraphs after them (a disclaimer the
# model kept, a story's opening). An interview's "Q: Favorite athlete?" lines read as chat residue too, but the
# interview goes on after them. Three is more than an article's lone chat-like lines (LONE_CHAT_RUN); two gave
# 1.19% noise kept, not 1.20%, on the noise benchmark's draw, for the risk of an article's pair of subheadings.
CHAT_STRETCH = 3
# ... nor, on a page, BOX_LINES or more lines that fill an element of their own, one of BOX_TAGS, that neither kept
# paragraph beside them is in: a box set into the article (a newsletter sign-up, an advertisement, related links).
# A subheading sits beside the paragraphs, and a list, a table or a quote in elements of their own kinds.
BOX_LINES = 2
BOX_TAGS = frozenset({"div", "section", "aside", "form"})
# ... nor a photo's caption: inside a <figure>, or WordPress's <div class="wp-caption"> where a theme has no HTML5
# captions.
WORDPRESS_FIGURE = "wp-caption"
# A comment thread's list and each comment's text carry these class names: WordPress's own (comment-body, and
# comment-content in its HTML5 markup, in every language) and the themes' list (comment-list, or the older
# commentlist). A reader's comment is not the article, however long and on topic: on a short post the comments
# outweigh the article and the model took the thread for the page's main text. Whole class names, not the word
# "comment" in one: an opinion section's "tone-comment" or "section-comment" holds articles.
COMMENT_THREAD = frozenset({"comment-list", "commentlist", "comment-body", "comment-content"})
# A page's first or last block, beside a kept one in its element and without links, is kept from this content
# probability (``_edges``) ...
EDGE_CONTENT = 0.05
# ... or, on a page as in plain text, when it speaks of the article: at least TOPICAL_WORDS of its long words
# (TOPICAL_LETTERS letters or more), and TOPICAL_SHARE of them, are the kept paragraphs' too. A festival's closing
# line of its name and dates does; "Share this story" does not, though an article may say "share", "this" and "story":
# short words are every article's. Of 8,990 pairs of a line of chrome (the noise benchmark's 40 and the tests' 16) and
# an article (the benchmark's 455), 0.91% pass with four letters ("Share this story" after 17 articles), 0.03% with
# six.
TOPICAL_LETTERS = 6
TOPICAL_WORDS = 2
TOPICAL_SHARE = 0.5
# ... or when it is set in a pair of these, as another kept line of the document is: the article's own form for its
# citations or source labels (a sermon closing on a book's page in brackets, as it cited a hadith above).
BRACKETS = (("[", "]"), ("(", ")"))
# Han and katakana characters: their neighbouring pairs are a Chinese or Japanese paragraph's topic words
# (``_kanji_pairs``).
_HAN_OR_KATAKANA = re.compile("[\u30a0-\u30ff\u3400-\u9fff]+")
# Topic words, for telling which paragraphs share a subject (a trailing run's headline, a closing line's name):
# words of at least TOPIC_LETTERS letters.
TOPIC_LETTERS = 4
# A plain text holds no conversation when its chat-like lines are lone short lines inside the article
# (``_no_conversation``): runs of at most LONE_CHAT_RUN lines of at most LONE_CHAT_WORDS words, each after at least
# LONE_CHAT_AFTER kept paragraphs.
LONE_CHAT_RUN = 2
LONE_CHAT_WORDS = 8
LONE_CHAT_AFTER = 2
# A line the training data remembered as noise keeps that label unless the model is this sure it is content: a
# campaign's slogan that other sites list as a related story is the quoted subject of an article about it. Under the
# shipped model, none of the 12,025 occurrences of its 1,473 remembered lines in its training data scores this high.
REMEMBERED_YIELDS = 0.99
# A subheading the model dropped is kept when the paragraph after it is kept and one of the HEADING_REACH before it is.
HEADING_REACH = 3
# A list with at least this share of its items kept keeps its doubtful items too (the last items of a list that ends
# an article have no kept paragraph after them to be rescued by).
LIST_KEPT = 0.5
# ... and a list that a kept heading opens (the heading's section is the list) keeps its items from this content
# probability, when they are not link lines: the model reads each short item alone and may doubt every one.
OPENED_LIST_CONTENT = 0.1
# A page's container (an element holding paragraphs, ``features.container``) with at least CONTAINER_PARAGRAPHS
# paragraphs of CONTAINER_WORDS words or more, at least CONTAINER_KEPT of them kept, keeps those of them the model
# gave at least CONTAINER_CONTENT content probability, or CONTAINER_END_CONTENT after the last kept one.
CONTAINER_PARAGRAPHS = 3
CONTAINER_WORDS = 8
CONTAINER_KEPT = 0.5
CONTAINER_CONTENT = 0.1
CONTAINER_END_CONTENT = 0.4
# Kept paragraphs that ISLAND_GAP or more dropped ones cut off from the page's main stretch of kept text, with less
# than ISLAND_SHARE of its weight (text by content probability, times the share of its span kept), go unless the
# model gave them ISLAND_CONTENT or more; a stretch less than ISLAND_DENSE of whose span is kept (a comment thread)
# goes whole.
ISLAND_GAP = 10
ISLAND_SHARE = 0.5
ISLAND_CONTENT = 0.9
ISLAND_DENSE = 0.6
# With nothing kept, one paragraph of at least FALLBACK_WORDS words and this content probability is kept.
FALLBACK_WORDS = 15
FALLBACK_CONTENT = 0.03
# Probabilities are kept (and written) to this many decimals; the rules above compare the rounded values.
PROBABILITY_DIGITS = 4
# --favor: the factor on the model's odds of content against every other label (its content probability is
# multiplied by it and each row renormalised), for users to whom a kept stray line or a lost paragraph costs more.
FAVOR = {"precision": 0.5, "balanced": 1.0, "recall": 2.0}
# Predicting a batch is too small a job for OpenMP threads: they only add start-up cost, and on a busy
# machine (or beside --jobs workers) their spin-waiting made one prediction take seconds, not milliseconds.
_THREADS = ThreadpoolController()


def classify(documents: Sequence[Document], model: Pipeline, keep_embeds: bool = False,
             favor: str = "balanced") -> Sequence[Document]:
    """Set label, score and probabilities on every paragraph: one predict_proba call for the whole batch, one for
    the documents holding chat residue, labelled again without it, and one for the second look at the documents
    with a trailing run.

    ``favor`` ("precision", "balanced" or "recall", see FAVOR) shifts every decision towards dropping or keeping.
    """
    weight = favor_weight(favor)
    classes = [str(c) for c in model.classes_]
    remembered = getattr(model.named_steps["features"], "remembered_", {})
    rarity = getattr(model.named_steps["features"], "rarity_", None)

    def label(batch: Sequence[Document]) -> None:
        for document, (table, rows) in zip(batch, _predicted(batch, model, classes, weight)):
            label_document(document, rows, classes, keep_embeds, remembered, table, rarity)

    label(documents)
    chats = [(document, *conversation) for document in documents
             if (conversation := _without_residue(document)) is not None]
    label([without for _, without, _ in chats])
    for document, without, positions in chats:
        _look_past_conversation(document, without, positions)
        _past_the_footer(document)
    looks = [(document, *shortened) for document in documents
             if (shortened := _before_trailing_run(document)) is not None]
    label([shortened for _, shortened, _ in looks])
    for document, shortened, positions in looks:
        _second_look(document, shortened, positions)
    return documents


def _without_residue(document: Document) -> tuple[Document, list[int]] | None:
    """A copy of a document holding chat residue with only its kept paragraphs and its trailing run, as a second
    pass over the output would read them with the stories still after them (the prompt, the buttons and every
    other dropped line gone), and where each sits in the document; None without chat_ui lines or kept ones."""
    if not any(paragraph.label == CHAT_UI for paragraph in document.paragraphs):
        return None
    return _copy(document, [i for i, paragraph in enumerate(document.paragraphs)
                            if paragraph.label in (CONTENT, OFF_TOPIC)])


def _copy(document: Document, positions: list[int]) -> tuple[Document, list[int]] | None:
    """A copy of the document holding only its paragraphs at ``positions`` (copies too, so that labelling it leaves
    the document as it is), and those positions; None when there are none."""
    if not positions:
        return None
    return replace(document, paragraphs=[replace(document.paragraphs[i]) for i in positions]), positions


def _look_past_conversation(document: Document, without: Document, positions: list[int]) -> None:
    """Stories a scraper appended after a pasted chat page follow its last lines (the buttons, the disclaimer,
    the composer), and those lines between the answer and the stories hide where the topic breaks. So the document
    is also labelled without them and the other lines it dropped (``without``, whose paragraphs sit at
    ``positions``), and the paragraphs that copy puts in its trailing run go with it, but only those after the
    conversation's last line (its last chat line, or where the answer ends before the run, ``_answer_end``) and
    after every paragraph the document keeps that the copy does not put there: the answer comes before them."""
    paragraphs = document.paragraphs
    start = _trailing_start(document)
    last_line = max(max(i for i, paragraph in enumerate(paragraphs) if paragraph.label == CHAT_UI),
                    _answer_end(document, len(paragraphs) if start is None else start))
    for seen, i in zip(reversed(without.paragraphs), reversed(positions)):
        if seen.label == CONTENT or i < last_line:
            break
        if seen.label == OFF_TOPIC:
            _into_trailing_run(paragraphs[i])
        elif paragraphs[i].label == CONTENT:
            break


def _past_the_footer(document: Document) -> None:
    """What a pasted chat page holds between its last lines (the buttons under the answer) and the stories a
    scraper appended is neither the answer nor the article: the page's disclaimer, the follow-up questions it
    suggests, or a story's opening the model kept. So up to FOOTER_TAIL kept paragraphs just before the trailing
    run go too when at least FOOTER_LINES dropped lines stand before them and kept text before those (the answer,
    above its footer), each as chat residue or another story, whichever the model finds likelier."""
    paragraphs = document.paragraphs
    start = _trailing_start(document)
    if start is None:
        return
    tail = start
    while tail > 0 and paragraphs[tail - 1].label == CONTENT:
        tail -= 1
    footer = tail
    while footer > 0 and paragraphs[footer - 1].label != CONTENT:
        footer -= 1
    if not 0 < start - tail <= FOOTER_TAIL or tail - footer < FOOTER_LINES or footer == 0:
        return
    for paragraph in paragraphs[tail:start]:
        chat, story = paragraph.probabilities.get(CHAT_UI, 0.0), paragraph.probabilities.get(OFF_TOPIC, 0.0)
        paragraph.label = CHAT_UI if chat > story else OFF_TOPIC
        paragraph.score = max(chat, story)


def _second_look(document: Document, shortened: Document, positions: list[int]) -> None:
    """The trailing run takes in the run that the kept text before it ends in (``shortened``, labelled, whose
    paragraphs sit at ``positions``), as a second pass over the output would find it: the first paragraph of another
    story reads like the article's own until what follows it is gone, and a story of two paragraphs before the run
    reads as the article's, each paragraph backed by the other, until the stories after it are gone. That run
    needs RUN_EVIDENCE of its own, not its last paragraph's lean: a story's opening that leans content at the end
    goes with the continuation the model is sure of. Not past where a pasted chat page's answer ends
    (``_answer_end``): the answer ends above its footer.
    """
    answer_end = _answer_end(document, _trailing_start(document))
    for seen, i in zip(reversed(shortened.paragraphs), reversed(positions)):
        if seen.label != OFF_TOPIC or i < answer_end:
            break
        _into_trailing_run(document.paragraphs[i])


def _answer_end(document: Document, start: int) -> int:
    """Where a pasted chat page's answer ends before ``start``, so that no look takes the answer's paragraphs for the
    stories after it: the last chat line there, or the last of ANSWER_END_LINES dropped lines in a row (its
    buttons, whatever the model called them); -1 in a document without chat residue."""
    paragraphs = document.paragraphs
    if not any(paragraph.label == CHAT_UI for paragraph in paragraphs):
        return -1
    end, dropped = -1, 0
    for i, paragraph in enumerate(paragraphs[:start]):
        dropped = 0 if paragraph.label in (CONTENT, OFF_TOPIC) else dropped + 1
        if paragraph.label == CHAT_UI or dropped >= ANSWER_END_LINES:
            end = i
    return end


def _into_trailing_run(paragraph: Paragraph) -> None:
    """A kept paragraph that a later look found in a trailing run joins it (after label_document scored it)."""
    if paragraph.label == CONTENT:
        paragraph.label = OFF_TOPIC
        paragraph.score = paragraph.probabilities.get(OFF_TOPIC, 0.0)


def _predicted(documents: Sequence[Document], model: Pipeline, classes: list[str],
               weight: float) -> list[tuple[FeatureTable | None, np.ndarray]]:
    """Each document's feature table (None without paragraphs) and the model's probability rows of its paragraphs:
    the pipeline's steps one by one, so that the context pass reads the tables the model read (word counts,
    fingerprints, containers) instead of finding them again; one predict_proba call for the whole batch."""
    rows = model.named_steps["features"].transform(samples(documents))
    if not rows:
        return [(None, np.empty((0, len(classes)))) for _ in documents]
    with _THREADS.limit(limits=1, user_api="openmp"):
        probabilities = model[1:].predict_proba(rows)
    if weight != 1.0 and CONTENT in classes:
        probabilities = _favoring(probabilities, classes.index(CONTENT), weight)
    sizes = [len(document.paragraphs) for document in documents]
    starts = np.cumsum([0, *sizes[:-1]])
    tables = [rows[start][0] if size else None for start, size in zip(starts, sizes)]
    return list(zip(tables, np.split(probabilities, starts[1:])))


def _before_trailing_run(document: Document) -> tuple[Document, list[int]] | None:
    """A copy of the kept paragraphs before the document's trailing run, for a second look at the last of them,
    and where each sits in the document (None without a run or a kept paragraph before it). Only the kept ones:
    a second pass over the output reads them so, and a story's headline the model dropped between its first
    paragraph and the run ("What does it offer?") must not hide that paragraph from the look."""
    start = _trailing_start(document)
    if start is None:
        return None
    return _copy(document, [i for i in range(start) if document.paragraphs[i].label == CONTENT])


def _trailing_start(document: Document) -> int | None:
    """Where the document's trailing run starts: its first off-topic paragraph with none kept after it (None
    without one)."""
    start = None
    for i in range(len(document.paragraphs) - 1, -1, -1):
        label = document.paragraphs[i].label
        if label == CONTENT:
            break
        if label == OFF_TOPIC:
            start = i
    return start


def label_document(document: Document, rows: np.ndarray, classes: Sequence[str], keep_embeds: bool = False,
                   remembered: dict[str, str] | None = None, table: FeatureTable | None = None,
                   rarity: Rarity | None = None) -> None:
    """Label one document's paragraphs from the model's probability rows, then run the context pass, which reads
    the paragraphs' word counts, fingerprints and containers from the document's feature ``table`` (computed here
    when not given) and which words are common from the training corpus's ``rarity``."""
    if table is None:
        table = document_features(document)
    keys = table.fingerprints  # every rule below compares these
    known = _remembered_labels(keys, rows, classes, remembered)  # see _remembered_chrome
    best = _decided(rows, classes)
    for paragraph, row, label, known_label in zip(document.paragraphs, _rounded(rows), best, known):
        paragraph.probabilities = dict(zip(classes, row))
        paragraph.label = known_label or classes[label]
        if _never_article(paragraph.markup):
            paragraph.label = BOILERPLATE
    _trailing_run(document, keys, table.word_counts, rarity)
    _surrounded(document, known)
    _edges(document, keys, known)
    _repeated_content(document, keys, table.word_counts)
    _subheadings(document)
    _whole_lists(document)
    _merged_copies(document, keys)
    _islands(document)
    _whole_containers(document, table)
    _no_conversation(document, keys, known, table.word_counts)
    _remembered_chrome(document, known)
    _nothing_kept(document, table.word_counts, known)
    for paragraph in document.paragraphs:
        if paragraph.markup.embed:
            paragraph.label = CONTENT if keep_embeds else BOILERPLATE
        paragraph.score = paragraph.probabilities.get(paragraph.label, 0.0)


def _remembered_labels(keys: list[str], rows: np.ndarray, classes: Sequence[str],
                       remembered: dict[str, str] | None) -> list[str | None]:
    """Each paragraph's label from the model's ``remembered_`` lines (by its fingerprint in ``keys``), or None; also
    None where the model gives it REMEMBERED_YIELDS content probability or more: one site's related-story headline,
    remembered as chrome, can be another article's own quoted line."""
    if not remembered:
        return [None] * len(keys)
    if CONTENT not in classes:
        return [remembered.get(key) for key in keys]
    sure = (rows[:, list(classes).index(CONTENT)] >= REMEMBERED_YIELDS).tolist()
    return [None if content else remembered.get(key) for key, content in zip(keys, sure)]


def _decided(rows: np.ndarray, classes: Sequence[str]) -> list[int]:
    """Each row's label: content when the model finds it likelier than every kind of noise together, else the
    likeliest kind of noise. A plain argmax kept a line that the noise kinds split between them (a chat
    assistant's disclaimer at content 0.39, boilerplate 0.32, chat_ui 0.29)."""
    if CONTENT not in classes or not len(rows):
        return np.argmax(rows, axis=1).tolist()
    content = list(classes).index(CONTENT)
    noise = rows.copy()
    noise[:, content] = -1.0
    return np.where(rows[:, content] >= 0.5, content, np.argmax(noise, axis=1)).tolist()


def favor_weight(favor: str) -> float:
    """The FAVOR factor of a setting; an unknown one is a FilterkitError naming the choices."""
    if favor not in FAVOR:
        raise FilterkitError(f"favor must be one of {', '.join(FAVOR)}, not {favor!r}")
    return FAVOR[favor]


def _favoring(probabilities: np.ndarray, content: int, weight: float) -> np.ndarray:
    """The probabilities with content's multiplied by ``weight`` and each row summing to one again: a prior on
    content, so that the keep-or-drop decision, the context pass's thresholds and the trailing run's odds all move
    together."""
    weighted = probabilities.copy()
    weighted[:, content] *= weight
    return weighted / weighted.sum(axis=1, keepdims=True)


def _rounded(rows: np.ndarray, digits: int = PROBABILITY_DIGITS) -> list[list[float]]:
    """The probabilities as ``round(p, digits)`` gives them, for a whole document at once (a call per value was a
    third of the context pass): rint of the scaled values, and ``round`` itself wherever a scaled value sits
    within float error of a half, the only places where the two could differ."""
    scale = 10.0 ** digits
    scaled = rows * scale
    result = (np.rint(scaled) / scale).tolist()
    for i, j in zip(*np.nonzero(np.abs(scaled - np.floor(scaled) - 0.5) < 1e-6)):
        result[i][j] = round(float(rows[i, j]), digits)
    return result


def _run_head(keys: list[str], start: int) -> int:
    """Move a trailing run's start back over the paragraphs that open it (a headline, a first sentence the
    model kept): those that share more of their topic words (``_topic_words``, and ``_kanji_pairs`` in Chinese and
    Japanese) with the run than with everything before them. ``keys`` are the paragraphs' fingerprints.
    """
    if start >= len(keys):
        return start
    words = [_topic_words(key) | _kanji_pairs(key) for key in keys[:start + 2]]
    tail = set().union(*words[start:start + 2])
    for _ in range(RUN_HEAD):
        if start < 2:
            break
        opening = words[start - 1]
        shared = len(opening & tail)
        if not opening or shared <= len(opening & set().union(*words[:start - 1])) \
                or shared < RUN_HEAD_SHARED * len(opening):
            break
        start -= 1
        tail |= opening
    return start


def _repeated_content(document: Document, keys: list[str], word_counts: list[int]) -> None:
    """A page that carries its article twice (a teaser, a print or AMP copy) is kept once.

    Only runs of REPEAT_RUN repeated paragraphs go, or a long block repeated alone: an interview asks each guest
    the same question.
    """
    seen: set[str] = set()
    run: list[tuple[Paragraph, int]] = []
    for paragraph, key, words in zip(document.paragraphs, keys, word_counts):
        if paragraph.label != CONTENT:
            continue
        if key in seen and words >= REPEAT_WORDS:
            run.append((paragraph, words))
            continue
        _drop_repeats(run)
        run = []
        seen.add(key)
    _drop_repeats(run)


def _merged_copies(document: Document, keys: list[str]) -> None:
    """A kept block that repeats other, shorter kept paragraphs (a second copy of the article in one element, a
    summary box quoting several) is dropped: its text is kept already. It is such a copy when it has at least
    MERGED_WORDS words and twice the median kept paragraph's, and the shorter kept paragraphs hold at least
    MERGED_SHARE of its word 4-grams; two copies of the same block both go.
    """
    kept = [i for i, paragraph in enumerate(document.paragraphs) if paragraph.label == CONTENT]
    if len(kept) < 3:
        return
    words = {i: keys[i].split() for i in kept}
    lengths = sorted(map(len, words.values()))
    floor = max(MERGED_WORDS, 2 * lengths[len(lengths) // 2])  # a copy of several paragraphs outgrows them
    candidates = sorted((i for i in kept if len(words[i]) >= floor), key=lambda i: -len(words[i]))
    if not candidates:
        return
    spread: Counter = Counter()  # in how many kept paragraphs each word occurs
    for i in kept:
        spread.update(set(words[i]))
    shared = {word for word, count in spread.items() if count > 1}
    shortest: dict[tuple[str, ...], int] = {}  # each 4-gram of a kept paragraph: the fewest words of one holding it
    for i in candidates:
        own = set(words[i])
        if len(own & shared) < MERGED_SHARE * len(own):
            continue  # the cheap test first: most of its words must occur in other kept paragraphs
        if not shortest:
            for j in sorted(kept, key=lambda j: -len(words[j])):  # the shorter paragraphs' lengths overwrite
                shortest.update(dict.fromkeys(_grams(words[j]), len(words[j])))
        grams = _grams(words[i])
        in_shorter = sum(map(len(words[i]).__gt__, map(shortest.__getitem__, grams)))
        if in_shorter >= MERGED_SHARE * len(grams):
            document.paragraphs[i].label = BOILERPLATE


def _grams(words: list[str]) -> set[tuple[str, ...]]:
    return set(zip(words, words[1:], words[2:], words[3:]))


def _drop_repeats(run: list[tuple[Paragraph, int]]) -> None:
    """Drop a run of repeated paragraphs (each with its word count), or those of its blocks long enough alone."""
    for paragraph, words in run:
        if len(run) >= REPEAT_RUN or words >= REPEAT_BLOCK_WORDS:
            paragraph.label = BOILERPLATE


def _surrounded(document: Document, known: list[str | None]) -> None:
    """jusText's rule for short blocks: a doubtful paragraph between kept ones belongs to the article.

    A subheading, a list item or a table row that the model gave at least NEAR_CONTENT probability (in plain text
    and for a page's headings; NEAR_CONTENT_MARKED for a page's other blocks) is kept when the nearest decided
    paragraphs on both sides (doubtful ones are skipped) are kept. A link line (LINK_LINE) is not doubtful, nor is
    a figure's caption or credit: a caption retells the article beside it, and a photo sits between two of its
    paragraphs, but the article's text does not run through it. Nor is a chat page's footer (``_chat_footer``): its
    buttons between the answer and a disclaimer the model kept. Nor a stretch holding a line the training data
    showed to be a chat assistant's (``known``, see ``_remembered_chrome``): between two answers of a conversation,
    "You said:", the user's next prompt and "ChatGPT said:" are one turn, not the article's subheadings. Nor, on a
    page, the lines of a box set into the article (``_inserted_box``): a newsletter sign-up's heading, pitch and
    button between two paragraphs.
    """
    paragraphs = document.paragraphs
    doubtful = [p.label not in (CONTENT, OFF_TOPIC) and p.probabilities.get(CONTENT, 0.0) >= _near_content(p.markup)
                and _may_be_text(p.markup) for p in paragraphs]
    i = 0
    while i < len(paragraphs):
        if not doubtful[i]:
            i += 1
            continue
        j = i
        while j < len(paragraphs) and doubtful[j]:
            j += 1
        if (i > 0 and j < len(paragraphs) and paragraphs[i - 1].label == CONTENT and paragraphs[j].label == CONTENT
                and not _chat_footer(paragraphs, i, j) and CHAT_UI not in known[i:j]
                and not _inserted_box(paragraphs, i, j)):
            for paragraph in paragraphs[i:j]:
                paragraph.label = CONTENT
        i = j


def _inserted_box(paragraphs: Sequence[Paragraph], start: int, end: int) -> bool:
    """Whether the doubtful lines ``paragraphs[start:end]`` of a page fill a box set into the article: at least
    BOX_LINES of them, and the deepest element holding them all is one of BOX_TAGS that neither kept paragraph beside
    them is in (elements compared by their tag paths)."""
    if end - start < BOX_LINES or not paragraphs[start].markup.ancestors:
        return False
    box = tuple(tags[0] for tags in takewhile(lambda tags: len(set(tags)) == 1,
                                               zip(*(p.markup.ancestors for p in paragraphs[start:end]))))
    return (bool(box) and box[-1] in BOX_TAGS
            and all(paragraphs[i].markup.ancestors[:len(box)] != box for i in (start - 1, end)))


def _chat_footer(paragraphs: Sequence[Paragraph], start: int, end: int) -> bool:
    """Whether the doubtful lines ``paragraphs[start:end]`` hold a chat page's footer: CHAT_STRETCH lines in a row
    that the model took for chat residue, with at most FOOTER_TAIL kept paragraphs after them."""
    labels = "".join("c" if paragraph.label == CHAT_UI else "-" for paragraph in paragraphs[start:end])
    return "c" * CHAT_STRETCH in labels and sum(p.label == CONTENT for p in paragraphs[end:]) <= FOOTER_TAIL


def _edges(document: Document, keys: list[str], known: list[str | None]) -> None:
    """A page's first or last paragraph next to a kept one in the same element is the article's own edge (a
    kicker or a product box's line above it, a closing "Thanks!" or a review's "Version tested" below it) when the
    model gave it at least EDGE_CONTENT and it holds no link: an article posted alone (a WordPress post, a page's
    article element) often opens or ends on such a short line, which read alone looks like chrome. A page's own
    chrome at its edges sits in other elements (a header, a footer) or links away ("Send comments to …", "Read
    more"), and a line the training data showed to be a source's fixed noise (``known``, see
    ``_remembered_chrome``) stays noise.

    Plain text has no elements to tell them apart, but an edge line may speak of the article: one the model took
    for boilerplate is kept, in a text as on a page, when it is ``_topical`` (a festival's closing line of its
    name and dates) or set in brackets as a kept line is (``_bracketed_as_kept``). A site's chrome is the same on
    every article. Not a chat-like line: a chat's prompt speaks of the article too.

    It comes after ``_surrounded``, so that a doubtful line that rule kept (a citation in brackets between two
    paragraphs, which the model gave less than content) vouches for the edge line set in the same brackets, and a
    neighbour it kept is a kept one; and before ``_repeated_content``, whose dropped copy of the article at the end
    is no edge line to take back."""
    paragraphs = document.paragraphs
    if len(paragraphs) < 3:
        return
    page = bool(paragraphs[0].markup.ancestors)
    vocabulary: set[str] | None = None  # found once, and only for a line that needs it
    for edge, neighbour, key, known_label in ((paragraphs[0], paragraphs[1], keys[0], known[0]),
                                              (paragraphs[-1], paragraphs[-2], keys[-1], known[-1])):
        if known_label or edge.label in (CONTENT, OFF_TOPIC) or neighbour.label != CONTENT:
            continue
        if page and (edge.markup.link_density or not _may_be_text(edge.markup)
                     or container(edge.markup) != container(neighbour.markup)):
            continue
        if page and edge.probabilities.get(CONTENT, 0.0) >= EDGE_CONTENT:
            edge.label = CONTENT
        elif edge.label == BOILERPLATE:
            vocabulary = _kept_vocabulary(paragraphs, keys) if vocabulary is None else vocabulary
            if _topical(key, vocabulary) or _bracketed_as_kept(edge, paragraphs):
                edge.label = CONTENT


def _topic_words(key: str, letters: int = TOPIC_LETTERS) -> set[str]:
    """A paragraph's words of at least ``letters`` letters (from its fingerprint ``key``): what it is about,
    without the short words every paragraph shares."""
    return {word for word in key.split() if len(word) >= letters}


def _kanji_pairs(key: str) -> set[str]:
    """A Chinese or Japanese paragraph's topic words (from its fingerprint ``key``, a character a word): its pairs of
    neighbouring Han or katakana characters, as the features pair a CJK text's characters, but for hiragana: a pair
    holding a particle (の, で, は) is every paragraph's. ``_topic_words`` finds none in those scripts."""
    pairs = set()
    for run in _HAN_OR_KATAKANA.findall(key.replace(" ", "")):
        pairs.update(run[i:i + 2] for i in range(len(run) - 1))
    return pairs


def _kept_vocabulary(paragraphs: Sequence[Paragraph], keys: list[str], letters: int = TOPICAL_LETTERS) -> set[str]:
    """The words of at least ``letters`` letters of the kept paragraphs (their fingerprints in ``keys``)."""
    return set().union(*(_topic_words(key, letters)
                         for paragraph, key in zip(paragraphs, keys) if paragraph.label == CONTENT))


def _topical(key: str, vocabulary: set[str]) -> bool:
    """Whether a line (its fingerprint ``key``) speaks of the article whose kept paragraphs' long words are
    ``vocabulary``: at least TOPICAL_WORDS of its own long words, and TOPICAL_SHARE of them, are there."""
    own = _topic_words(key, TOPICAL_LETTERS)
    shared = len(own & vocabulary)
    return shared >= TOPICAL_WORDS and shared >= TOPICAL_SHARE * len(own)


def _bracketed_as_kept(line: Paragraph, paragraphs: Sequence[Paragraph]) -> bool:
    """Whether the line is set in a pair of BRACKETS in which a kept paragraph of the document is set too: the
    article's own form for a citation or a source's label, which read alone looks like chrome."""
    pair = _outer_characters(line.text)
    return len(line.text.strip()) > 2 and pair in BRACKETS and any(
        other is not line and other.label == CONTENT and _outer_characters(other.text) == pair for other in paragraphs)


def _outer_characters(text: str) -> tuple[str, str]:
    """The first and last characters of the stripped text (empty strings for an empty one)."""
    text = text.strip()
    return text[:1], text[-1:]


def _near_content(markup: Markup) -> float:
    """The content probability from which a block between kept ones is doubtful rather than noise."""
    return NEAR_CONTENT if markup.heading or not markup.ancestors else NEAR_CONTENT_MARKED


def _may_be_text(markup: Markup) -> bool:
    """Whether a rule may take a block back as the article's: not a link line (LINK_LINE), a figure's caption or
    what sits in a <nav> or a comment thread (``_never_article``)."""
    return markup.link_density < LINK_LINE and not _in_figure(markup) and not _never_article(markup)


def _never_article(markup: Markup) -> bool:
    """Inside a <nav> element or a comment thread's markup (COMMENT_THREAD): the page's navigation or its readers'
    comments, by definition, whatever the model thought of them. Such a block is boilerplate from the first labels
    on, and no rule takes it back."""
    return "nav" in markup.ancestors or not COMMENT_THREAD.isdisjoint(markup.tokens)


def _in_figure(markup: Markup) -> bool:
    """A figure's caption or credit line: inside a <figure> but not a table there (WordPress wraps tables in one).
    WordPress's [caption] shortcode, on themes without HTML5 captions, writes the figure as <div class="wp-caption">
    (WORDPRESS_FIGURE: a class name WordPress writes in every language, not a word of one)."""
    return ("figure" in markup.ancestors or WORDPRESS_FIGURE in markup.tokens) and "table" not in markup.ancestors


def _subheadings(document: Document) -> None:
    """A subheading belongs to the article it opens a section of: a heading the model dropped as boilerplate is kept
    when the paragraph after it is kept and one of the HEADING_REACH paragraphs before it is (jusText's heading
    rule, with the article's own paragraphs where jusText measures a distance in characters)."""
    paragraphs = document.paragraphs
    for i, paragraph in enumerate(paragraphs[1:-1], 1):
        if (paragraph.markup.heading and paragraph.label == BOILERPLATE and _may_be_text(paragraph.markup)
                and paragraph.probabilities.get(CONTENT, 0.0) >= NEAR_CONTENT
                and paragraphs[i + 1].label == CONTENT
                and any(p.label == CONTENT for p in paragraphs[max(0, i - HEADING_REACH):i])):
            paragraph.label = CONTENT


def _whole_lists(document: Document) -> None:
    """A list belongs to the article as a whole: when at least LIST_KEPT of a list's items are kept, its doubtful
    items (content probability at least NEAR_CONTENT) are kept too. A list is a run of <li> blocks in one place
    (the segmenter gives sibling items one markup context); the first and last items, next to a heading or a
    product box, are the ones the model most often doubts. A list right after a kept heading is that heading's
    section, the article's ("Qualified teams" and the teams), though the model doubted every short item: its items
    that are not link lines are kept from OPENED_LIST_CONTENT."""
    paragraphs = document.paragraphs
    i = 0
    while i < len(paragraphs):
        markup = paragraphs[i].markup
        if markup.tag != "li":
            i += 1
            continue
        place, j = place_key(markup), i + 1
        while j < len(paragraphs) and place_key(paragraphs[j].markup) == place:
            j += 1
        items, before = paragraphs[i:j], (paragraphs[i - 1] if i else None)
        i = j
        if len(items) < 3:
            continue
        if sum(p.label == CONTENT for p in items) >= LIST_KEPT * len(items):
            floor, any_block = NEAR_CONTENT, True
        elif before is not None and before.markup.heading and before.label == CONTENT:
            floor, any_block = OPENED_LIST_CONTENT, False  # its link lines stay out (a box of "Related" links)
        else:
            continue
        for paragraph in items:
            if (paragraph.label == BOILERPLATE and paragraph.probabilities.get(CONTENT, 0.0) >= floor
                    and (any_block or _may_be_text(paragraph.markup))):
                paragraph.label = CONTENT


def _whole_containers(document: Document, table: FeatureTable) -> None:
    """An article's paragraphs sit in one element: when most of a container's sentences (CONTAINER_KEPT of those of
    CONTAINER_WORDS words or more) are kept, so are the others the model doubted but did not rule out, as readability
    scores a container rather than its blocks one by one. A paragraph between two kept ones needs no such rule
    (``_surrounded``), but an advertisement's label or a "Read more" button between them breaks the run, and an
    article's first paragraph has no kept paragraph before it. An element directly inside the container
    (``features.directly_inside``: the rest of a story folded behind a "Read more" button) shares its rule, though most
    of its own sentences were doubted; a comment thread, a few elements deeper, does not. Up to the last kept sentence
    CONTAINER_CONTENT is enough; after it a sentence needs CONTAINER_END_CONTENT, for that is where a container holds
    the article's own chrome ("Follow us on …", "Last updated …", a reader's comment in an unnamed element). Never a
    heading (``_subheadings`` decides those), a link line, a caption or what sits in a <nav> or a comment thread; plain
    text has no containers. It comes after ``_islands``: a comment thread's element, half of whose comments the model
    kept, would otherwise take all of them back and outweigh the article beside it.
    """
    if table.containers is None:
        return
    sentences: dict[tuple, list[Paragraph]] = {}
    for paragraph, place, words in zip(document.paragraphs, table.containers, table.word_counts):
        if paragraph.markup.ancestors and words >= CONTAINER_WORDS:
            sentences.setdefault(place, []).append(paragraph)
    for place, own in sentences.items():
        if len(own) < CONTAINER_PARAGRAPHS or sum(p.label == CONTENT for p in own) < CONTAINER_KEPT * len(own):
            continue
        members = sorted(chain.from_iterable(others for inner, others in sentences.items()
                                             if directly_inside(inner, place)), key=attrgetter("index"))
        kept = [i for i, paragraph in enumerate(members) if paragraph.label == CONTENT]
        for i, paragraph in enumerate(members):
            markup = paragraph.markup
            floor = CONTAINER_CONTENT if i < kept[-1] else CONTAINER_END_CONTENT
            if (paragraph.label == BOILERPLATE and paragraph.probabilities.get(CONTENT, 0.0) >= floor
                    and not markup.heading and _may_be_text(markup)):
                paragraph.label = CONTENT


def _islands(document: Document) -> None:
    """An article is one stretch of a page: kept paragraphs far from the main stretch of kept text (ISLAND_GAP
    dropped paragraphs or more between them) are a teaser, a related story's lede, a caption or a comment thread
    elsewhere on the page.

    A stretch's weight is its text, each paragraph's counted by the model's content probability, times its
    density (the share of the paragraphs in its span that are kept): an article's paragraphs follow one another,
    a thread's comments and a teaser list's ledes sit between names, dates and votes, and the model doubts a long
    comment more than the article's paragraphs. A stretch with less than ISLAND_SHARE of the heaviest one's
    weight goes, but for the paragraphs the model is sure of (ISLAND_CONTENT); a sparse stretch (density under
    ISLAND_DENSE) that is not the heaviest goes whole, however long its comments.
    """
    paragraphs = document.paragraphs
    kept = [i for i, paragraph in enumerate(paragraphs) if paragraph.label == CONTENT]
    stretches = [[kept[0]]] if kept else []
    for before, i in zip(kept, kept[1:]):
        if i - before > ISLAND_GAP:
            stretches.append([])
        stretches[-1].append(i)
    if len(stretches) < 2:
        return
    densities = [len(stretch) / (stretch[-1] - stretch[0] + 1) for stretch in stretches]
    weights = [density * sum(len(paragraphs[i].text) * paragraphs[i].probabilities.get(CONTENT, 0.0)
                             for i in stretch)
               for stretch, density in zip(stretches, densities)]
    heaviest = max(weights)
    for stretch, density, weight in zip(stretches, densities, weights):
        sparse = density < ISLAND_DENSE
        if weight < ISLAND_SHARE * heaviest or (sparse and weight < heaviest):
            for i in stretch:
                if sparse or paragraphs[i].probabilities.get(CONTENT, 0.0) < ISLAND_CONTENT:
                    paragraphs[i].label = BOILERPLATE


def _no_conversation(document: Document, keys: list[str], known: list[str | None], word_counts: list[int]) -> None:
    """Chat residue frames a conversation: the prompt and the assistant's name above its answer, its buttons and
    disclaimer below, and in a plain text the model knows it only by such short lines. A text whose every chat-like
    line sits alone inside the article holds no conversation, and those lines are the article's: a subheading, a
    source's label, a newsletter's closing thanks to a colleague. Alone means in runs of at most LONE_CHAT_RUN lines
    of at most LONE_CHAT_WORDS words, after at least LONE_CHAT_AFTER kept paragraphs (a prompt kept above an answer
    makes one), with a kept paragraph after the run or, for one line closing the text, a topic word
    (``_topic_words``) shared with the kept text (``keys`` are the fingerprints). A text holding a line the training
    data showed to be a chat assistant's (``known`` as chat_ui, see ``_remembered_chrome``) is a conversation,
    wherever its other lines sit; pages have markup to tell.
    """
    paragraphs = document.paragraphs
    if not paragraphs or paragraphs[0].markup.ancestors or CHAT_UI in known:
        return
    runs = [list(run) for chat, run in groupby(range(len(paragraphs)), lambda i: paragraphs[i].label == CHAT_UI)
            if chat]
    for run in runs:
        after = run[-1] + 1
        if (len(run) > LONE_CHAT_RUN or any(word_counts[i] > LONE_CHAT_WORDS for i in run)
                or sum(p.label == CONTENT for p in paragraphs[:run[0]]) < LONE_CHAT_AFTER):
            return
        if after < len(paragraphs):
            if paragraphs[after].label != CONTENT:
                return
        elif len(run) > 1 or not _topic_words(keys[run[0]]) & _kept_vocabulary(paragraphs, keys, TOPIC_LETTERS):
            return  # the text's closing line: every kept paragraph is before it
    for run in runs:
        for i in run:
            paragraphs[i].label = CONTENT


def _remembered_chrome(document: Document, known: list[str | None]) -> None:
    """A line the training data showed to be a source's fixed chrome or a chat assistant's interface string stays
    noise, whatever the rules before took back: "Copy code" between two paragraphs of an answer is not the answer's.
    ``known`` holds, for each paragraph, the label the model's ``remembered_`` lines give its fingerprint, or None
    (also where the model is sure the line is content, see ``_remembered_labels``): the first labels take it, and
    this undoes what the rules in between took back. (A remembered lede's line may still be taken back: an article
    the text follows again was no trailing story.)"""
    for paragraph, label in zip(document.paragraphs, known):
        if paragraph.label == CONTENT and label is not None and label != OFF_TOPIC:
            paragraph.label = label


def _nothing_kept(document: Document, word_counts: list[int], known: list[str | None]) -> None:
    """A page is rarely all noise: when nothing was kept, keep the long paragraph with the most text by content
    probability (as ``_islands`` weighs a stretch: a short post's paragraph before a "Stay updated" box the model
    found a little likelier), of those at FALLBACK_CONTENT or more (a page of chrome alone stays empty) and not
    ``known`` from the training data as noise (``_remembered_chrome``)."""
    if any(p.label == CONTENT for p in document.paragraphs):
        return
    paragraphs = [p for p, words, known_label in zip(document.paragraphs, word_counts, known)
                  if words >= FALLBACK_WORDS and p.probabilities.get(CONTENT, 0.0) >= FALLBACK_CONTENT
                  and known_label is None and not _never_article(p.markup)]
    if paragraphs:
        max(paragraphs, key=lambda p: len(p.text) * p.probabilities.get(CONTENT, 0.0)).label = CONTENT


def _story_start(paragraphs: list[Paragraph], keys: list[str], word_counts: list[int], rarity: Rarity | None) -> int:
    """Where another story starts near the end: the first content or off-topic paragraph but the first that has at
    most DATED_TAIL such paragraphs after it, is a sentence (DATED_WORDS, no heading) and either opens with a dateline
    ("BREMEN – …") and may be off-topic (DATED_STORY), or may be off-topic (UNRELATED_STORY) and shares no word with
    the article before it, nor does any paragraph after it; len(paragraphs) without one. Its continuation may read
    like the article's, but a dateline, or a story of its own, says a story starts there."""
    members = [i for i, paragraph in enumerate(paragraphs) if paragraph.label in (CONTENT, OFF_TOPIC)]
    words: dict[int, set[str]] = {}  # found when a paragraph first needs them
    for k in range(max(1, len(members) - 1 - DATED_TAIL), len(members)):
        i = members[k]
        paragraph = paragraphs[i]
        if word_counts[i] < DATED_WORDS or paragraph.markup.heading:
            continue
        off_topic = paragraph.probabilities.get(OFF_TOPIC, 0.0)
        if off_topic >= DATED_STORY and opens_with_dateline(paragraph.text):
            return i
        if off_topic >= UNRELATED_STORY:
            words = words or _story_words(paragraphs, keys, members, rarity)
            before = set().union(*(words[j] for j in members[:k]))
            if len(words[i]) >= UNRELATED_WORDS and not any(words[j] & before for j in members[k:]):
                return i
    return len(paragraphs)


def _story_words(paragraphs: list[Paragraph], keys: list[str], members: list[int],
                 rarity: Rarity | None) -> dict[int, set[str]]:
    """The words that tell whether a paragraph (of ``members``) is a story of its own: its words of 4 letters or more
    and the article's names, however short (a closing paragraph may name the article's man by his surname alone:
    "Webb still faces nine state charges …"), but those the training corpus's ``rarity`` finds common
    (UNCOMMON_PARAGRAPHS). Without a corpus (an unfitted feature step) none is common."""
    named = set().union(*(names(paragraphs[i].text) for i in members))

    def telling(word: str) -> bool:
        return ((word in named or (len(word) >= 4 and word.isalpha()))
                and (rarity is None or rarity.uncommon(word, UNCOMMON_PARAGRAPHS)))

    return {i: set(filter(telling, keys[i].split())) for i in members}


def _trailing_run(document: Document, keys: list[str], word_counts: list[int], rarity: Rarity | None) -> None:
    """Make off_topic mean what it says: a run of unrelated paragraphs at the end of the document.

    The run is the document's tail that is likeliest off-topic as a whole: the one whose content and off-topic
    paragraphs have the highest sum of off-topic log-odds, if above RUN_EVIDENCE (noise of other kinds takes no
    part), or from where another story starts near the end (_story_start). A paragraph the model leaned to keep goes
    with the run when the stories around it outweigh it, and an off-topic paragraph that the article follows again
    was no trailing story.
    """
    paragraphs = document.paragraphs
    start = len(paragraphs)
    odds, best = 0.0, RUN_EVIDENCE
    for i in range(len(paragraphs) - 1, -1, -1):
        paragraph = paragraphs[i]
        if paragraph.label not in (CONTENT, OFF_TOPIC):
            continue
        off_topic = min(1 - OFF_TOPIC_FLOOR, max(OFF_TOPIC_FLOOR, paragraph.probabilities.get(OFF_TOPIC, 0.0)))
        odds += math.log(off_topic / (1 - off_topic))
        if odds > best:
            best, start = odds, i
    start = _run_head(keys, min(start, _story_start(paragraphs, keys, word_counts, rarity)))
    for i, paragraph in enumerate(paragraphs):
        if i >= start and paragraph.label == CONTENT:
            paragraph.label = OFF_TOPIC
        elif i < start and paragraph.label == OFF_TOPIC:
            others = {k: v for k, v in paragraph.probabilities.items() if k != OFF_TOPIC}
            paragraph.label = max(others, key=others.get) if others else CONTENT
