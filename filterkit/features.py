"""Per-paragraph features: shallow text, markup context, position, and the paragraph's place in its document.

A sample is a ``(document, index)`` pair so that every paragraph can be described against the rest of its
document: how much it shares with the title, the lead, the text before and after it. That relation, not
the paragraph's topic, is what tells an unrelated trailing story from the article's own closing lines.
Nothing here rests on a word list of any language; words enter only as hashed buckets the model learns
from its (multilingual) training data.

A document's features are one table, column by column (``FeatureTable``): a neighbour's features are the
same columns shifted, document-relative ones are computed over whole columns, and the vectorizer copies
blocks instead of reading a dict per paragraph. ``FeatureTable.row`` gives a paragraph's features as a dict.
"""

from __future__ import annotations

import math
import re
import unicodedata
import zlib
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain, filterfalse
from operator import itemgetter
from typing import TypeVar

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin

from .document import CHAT_UI, CONTENT, Document, Markup, Paragraph
from .segment import BLOCK_TAGS

Sample = tuple[Document, int]
T = TypeVar("T")

# Bump when the features change: a model records the version it was trained with, and loading refuses another.
FEATURES_VERSION = 11
TOKEN_BUCKETS = 128
PLACE_TOKENS = 40  # a container is named by its nearest class/id tokens (of the 64 the segmenter keeps a block)
BREAK_WORDS = 12  # paragraphs at least this long take part in finding a topic break
BREAK_WINDOW = 30
WORD_BUCKETS = 128
SHORT_WORDS = 12
# Chinese and Japanese are written without spaces: each of their characters counts as a word (else a sentence is
# one "word" and reads like a menu item). Korean (Hangul) is written with spaces and keeps its words.
_UNSPACED = "\u3040-\u30ff\u3400-\u9fff"
_CJK = _UNSPACED + "\uac00-\ud7af"


# Thai, Lao, Myanmar and Khmer write no spaces between words: joined to their vowel signs, a sentence would be one
# "word" (as Chinese was before its characters counted as words), which read like a menu item and dropped Thai
# articles. Until they are handled as unspaced scripts, with training data, their words stay cut at those signs.
_SPACELESS_ALPHABETS = ((0x0E00, 0x0EFF), (0x1000, 0x109F), (0x1780, 0x17FF))
# Marks that belong to symbols, not letters: those for symbols (⃝ around a sign) and the variation selectors that
# make ❤ an emoji (U+FE0F).
_SYMBOL_MARKS = ((0x20D0, 0x20FF), (0xFE00, 0xFE0F))


def _combining_marks() -> str:
    """The combining marks of the Basic Multilingual Plane (Unicode categories Mn, Mc, Me) as ranges for a
    character class, but those of _SPACELESS_ALPHABETS and the _SYMBOL_MARKS. Python's ``\\w`` leaves them out,
    so the vowel signs of Devanagari, Bengali or Tamil cut their words into single letters ("हिन्दी" was "ह", "न",
    "द") and counted as punctuation; they belong to their words."""
    left_out = {code for low, high in (*_SPACELESS_ALPHABETS, *_SYMBOL_MARKS) for code in range(low, high + 1)}
    ranges, start = [], None
    for code in range(0x300, 0x10000):
        if unicodedata.category(chr(code))[0] == "M" and code not in left_out:
            start = code if start is None else start
        elif start is not None:
            ranges.append(f"{chr(start)}-{chr(code - 1)}")
            start = None
    return "".join(ranges)


_MARKS = _combining_marks()
_MARK = re.compile(f"[{_MARKS}]")
_WORD = re.compile(rf"[{_UNSPACED}]|[^\W_{_UNSPACED}]+(?:[{_MARKS}]+[^\W_{_UNSPACED}]*)*")
# _WORD for text without CJK characters (_CJK_CHAR), with combining marks (_MARK) or without: they scan faster.
_MARKED_WORD = re.compile(rf"[^\W_]+(?:[{_MARKS}]+[^\W_]*)*")
_PLAIN_WORD = re.compile(r"[^\W_]+")
_ASCII_WORD = re.compile(r"[A-Za-z0-9]+")  # _WORD for ASCII text (most text): plain ranges scan faster
# Words that carry a topic in any alphabetic language: long words (a letter and three more letters or marks) and
# acronyms. In CJK scripts, the pairs of neighbouring characters (_CJK_RUN): a single character (の, 市, 的) is
# shared by unrelated stories.
_CONTENT_WORD = re.compile(rf"[^\W\d_{_CJK}](?:[^\W\d_{_CJK}]|[{_MARKS}]){{3,}}|\b[^\W\d_a-z]{{2,3}}\b")
_PLAIN_CONTENT_WORD = re.compile(rf"[^\W\d_{_CJK}]{{4,}}|\b[^\W\d_a-z]{{2,3}}\b")  # for text without marks
_CJK_RUN = re.compile(rf"[{_CJK}]+")
_CJK_CHAR = re.compile(f"[{_CJK}]")
_ASCII_CONTENT_WORD = re.compile(r"[A-Za-z]{4,}|\b[A-Z]{2,3}\b")  # _CONTENT_WORD for ASCII text
_DATELINE = re.compile(
    r"^[A-ZÀ-ÖØ-Þ][\wÀ-ÿ.'’ -]{1,40}(?:,[\w .'’-]{1,30})?(?:\s*\([^)]{1,40}\))?\s*[–—-]{1,2}\s", re.UNICODE)
_UPPER_DATELINE = re.compile(r"^[A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ .'’-]{2,}[,(\s–—-]")
# The context pass's datelines are stricter than the model's feature above, which any opening in capitals matches:
# a place (capitalised words, or short lowercase ones: "Rio de Janeiro"), a region or an agency, then a dash. An
# opening in capitals needs its dash too: "NASA is …", "A HUNTER who …", "DEAR ABBY: …" open sentences, not stories.
_PLACE_DATELINE = re.compile(
    r"^[A-ZÀ-ÖØ-Þ][\w.'’-]*(?: (?:[A-ZÀ-ÖØ-Þ][\w.'’-]*|[a-zß-ÿ]{1,3}))*(?:,[\w .'’-]{1,30})?(?:\s*\([^)]{1,40}\))?"
    r"\s*[–—-]{1,2}\s")
_UPPER_PLACE_DATELINE = re.compile(
    r"^[A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ.'’-]+(?: [A-ZÀ-ÖØ-Þ.'’-]+)*(?:,[^,(–—\n]{1,40}|\s*\([^)\n]{1,40}\)){0,3}\s*(?:[–—]|--?\s)")
# Chinese and Japanese wire copy: "【大阪】…", "【ワシントン共同】…", "新华社北京3月5日电（记者…）", "本报上海讯 …".
_CJK_DATELINE = re.compile(r"^(?:【[^】\s]{1,16}】|[^\s，。、]{2,16}(?:日电|讯)(?=[（(\s【]))")
# Sentence ends before a space: . ! ? …, and । ॥ (Hindi, Bengali), ؟ ۔ (Arabic, Urdu), ։ (Armenian), ። (Ethiopic);
# every 。！？ is counted apart (_cjk_sentence_ends), as unspaced text runs on after it.
_SENTENCE_END = re.compile(r"[.!?…।॥؟۔։።][\"'”’»)]?(?:\s|$)")
_TERMINAL = tuple(".!?…。！？\"'”’»)」』।॥؟۔։።")
_URL = re.compile(r"https?://|www\.|\.(?:com|org|net|de|fr|es|id)\b", re.I)
_LOWER_URL = re.compile(_URL.pattern)  # _URL for lowercased ASCII text, which needs no case folding
_TAGS = frozenset("p div li td th h1 h2 h3 h4 h5 h6 blockquote figcaption pre dd dt span a line body section "
                  "article header footer nav aside caption summary".split())
# (Not <main>: the main-container features below say more, and "in_main" is theirs.)
_ANCESTOR_FLAGS = ("a", "li", "table", "nav", "header", "footer", "aside", "form", "button", "figure", "figcaption",
                   "blockquote", "article", "label", "time", "address", "strong", "em", "small", "sup")
# The segmenter's block tags that can hold a block: not the empty ones, nor <center> and the form parts.
_CONTAINER_TAGS = BLOCK_TAGS - frozenset("br hr center option legend".split())
_NEIGHBOUR_KEYS = ("words", "link_density", "ends_terminal", "cover_prefix", "sim_rest_relative",
                   "sim_prefix_relative", "sim_lead", "dateline", "heading", "gap_before", "embed", "upper_ratio",
                   "in_a", "in_li", "new_words", "cover_rest_relative", "entities_seen", "under_main", "novel_rare")
TEXT_KEYS = ("chars_log", "words", "alpha_ratio", "digit_ratio", "upper_ratio", "punct_ratio", "sentences",
             "ends_terminal", "ends_colon", "starts_upper", "starts_quote", "starts_symbol", "has_url", "has_handle",
             "has_copyright", "separators", "dateline", "has_digits_time")
WORD_KEYS = ("mean_word_length", "capitalised_words", "short_words", "frequent_words")  # per word, then averaged
MARKUP_KEYS = ("heading", "link_density", "depth", "gap_before", "gap_after", "embed", "tokens",
               *(f"in_{flag}" for flag in _ANCESTOR_FLAGS))
RELATION_KEYS = ("position", "from_end", "paragraphs_log", "is_html", "share_of_chars", "words_vs_median",
                 "sim_rest", "sim_prefix", "sim_suffix", "sim_lead", "sim_title", "new_words", "in_lead",
                 "cover_rest", "cover_rest_relative", "cover_prefix", "cover_next", "entities_seen")
# The relation again with each word weighted by its rarity in the training corpus (``Rarity``): see there.
RARITY_KEYS = ("novel_rare", "cover_rest_rare", "sim_prefix_rare", "sim_rest_rare")
RELATIVE_KEYS = ("sim_rest", "sim_prefix", "sim_lead", "cover_prefix", "entities_seen", "sim_prefix_rare")
BREAK_KEYS = ("break_strength", "after_break", "break_tail", "since_break")
CONTAINER_KEYS = ("in_main", "under_main", "main_tokens", "other_tokens", "container_share", "main_share")
_OWN_KEYS = (*TEXT_KEYS, *MARKUP_KEYS, *RELATION_KEYS, *RARITY_KEYS, *WORD_KEYS,
             *(f"{key}_{kind}" for key in RELATIVE_KEYS for kind in ("relative", "rank")), *BREAK_KEYS, *CONTAINER_KEYS)
# (offset, the names a neighbour's features take here, the keys they are copied from): the nearest neighbours
# lend every key, the second nearest the first four.
_NEIGHBOURS = tuple((offset, tuple(f"{name}_{key}" for key in keys), keys)
                    for offset, name, keys in ((-1, "prev", _NEIGHBOUR_KEYS), (1, "next", _NEIGHBOUR_KEYS),
                                               (-2, "prev2", _NEIGHBOUR_KEYS[:4]), (2, "next2", _NEIGHBOUR_KEYS[:4])))
# Every dense feature's name, in the order of a FeatureTable's rows.
NAMES = (*_OWN_KEYS, *(name for _, names, _ in _NEIGHBOURS for name in names))
_ROW = {name: k for k, name in enumerate(NAMES)}
_PER_PARAGRAPH = len(TEXT_KEYS) + len(MARKUP_KEYS)  # the first rows, filled paragraph by paragraph
_TAG_FLAGS = {tag: f"tag={tag}" for tag in (*_TAGS, "other")}
_NON_WORD = re.compile(r"\W")
_DIGIT = re.compile(r"\d")


def _bucket(text: str, buckets: int) -> int:
    return zlib.crc32(text.encode("utf-8")) % buckets


@lru_cache(maxsize=1 << 16)
def _word_key(word: str) -> str:
    """A lowercase word's hashed feature name (the same few thousand words recur on every page)."""
    return f"w{_bucket(word, WORD_BUCKETS)}"


class _Memo(dict):
    """``memo[argument]`` is ``function(argument)``, computed once (until ``size`` arguments are held, when it
    starts afresh): for the arguments that recur by the thousand, where a dict lookup costs half lru_cache's."""

    def __init__(self, function: Callable[[str], T], size: int) -> None:
        super().__init__()
        self.function = function
        self.size = size

    def __missing__(self, argument: str) -> T:
        if len(self) >= self.size:
            self.clear()
        value = self[argument] = self.function(argument)
        return value


def _kind_token_key(token: str) -> str | None:
    """A class/id token's hashed feature name, or None when it holds a digit (see ``_kind_tokens``)."""
    return None if _has_digit(token) else f"t{_bucket(token, TOKEN_BUCKETS)}"


_KIND_TOKEN_KEYS = _Memo(_kind_token_key, 1 << 16)  # a page's places hold thousands of tokens, a few hundred distinct


def _words(text: str) -> list[str]:
    """The text's words (``_WORD``)."""
    return _word_pattern(text, _has_cjk(text)).findall(text)


def _has_cjk(text: str) -> bool:
    return not text.isascii() and _CJK_CHAR.search(text) is not None


def _word_pattern(text: str, cjk: bool) -> re.Pattern:
    """``_WORD``, or a plainer pattern that finds the same words faster when the text is ASCII (``str.isascii``
    reads a flag) or has no CJK character (``cjk``, from ``_has_cjk``), and then no combining mark."""
    if text.isascii():
        return _ASCII_WORD
    return _WORD if cjk else _MARKED_WORD if _MARK.search(text) else _PLAIN_WORD


def _tokens(text: str, cjk: bool) -> tuple[list[str], list[str]]:
    """The text's words and its content words (lowercase); ``cjk`` says whether it has CJK characters (``_has_cjk``),
    which only a scan of the text tells: a document's features ask once per text."""
    pattern = _word_pattern(text, cjk)
    words = pattern.findall(text)
    if pattern is _ASCII_WORD:
        return words, list(map(str.lower, _ASCII_CONTENT_WORD.findall(text)))
    plain = pattern is _PLAIN_WORD or (cjk and _MARK.search(text) is None)
    content = list(map(str.lower, (_PLAIN_CONTENT_WORD if plain else _CONTENT_WORD).findall(text)))
    if cjk:
        for run in _CJK_RUN.findall(text):
            content += [run[i:i + 2] for i in range(len(run) - 1)] or [run]
    return words, content


def word_count(text: str) -> int:
    """How many words the text has, as the features count them (a CJK character is one)."""
    return len(_words(text))


def _content_words(text: str) -> list[str]:
    return _tokens(text, _has_cjk(text))[1]


@dataclass
class _Vectors:
    """A document's paragraphs as bags of content words weighted by their rarity in the document (tf-idf),
    held as the arrays of their non-zero entries (paragraph, word, weight), sorted by word and then by
    paragraph: what a paragraph shares with those before or after it is then a running sum along each word,
    and every similarity below a few array operations over the whole document.
    """

    rows: np.ndarray
    cols: np.ndarray
    values: np.ndarray
    norms: np.ndarray
    paragraphs_of_word: np.ndarray  # in how many paragraphs each word occurs
    vocabulary: list[str]  # the words, by their column

    @classmethod
    def of(cls, words: list[list[str]]) -> _Vectors:
        """The vectors of (at least one) paragraphs given as their content words."""
        n = len(words)
        every = list(chain.from_iterable(words))
        vocabulary = list(dict.fromkeys(every))
        ids = {word: k for k, word in enumerate(vocabulary)}
        cols = np.fromiter(map(ids.__getitem__, every), dtype=np.intp, count=len(every))
        rows = np.repeat(np.arange(n), list(map(len, words)))
        keys, counts = np.unique(cols * n + rows, return_counts=True)
        cols, rows = np.divmod(keys, n)
        paragraphs_of_word = np.bincount(cols, minlength=len(ids))
        values = counts * np.log(1 + n / paragraphs_of_word[cols])
        return cls(rows, cols, values, np.sqrt(np.bincount(rows, values * values, minlength=n)), paragraphs_of_word,
                   vocabulary)

    def walk(self, keep: np.ndarray, positions: np.ndarray, size: int) -> tuple[np.ndarray, ...]:
        """Walking the kept paragraphs in order (``positions``: each kept entry's paragraph's step in the
        walk, ``size`` steps): each one's dot product with the sum of those before it, that sum's squared norm,
        and the same two with the sum of those after it; by step."""
        cols, values = self.cols[keep], self.values[keep]
        first = _word_starts(cols)
        last = np.ones(len(cols), dtype=bool)
        last[:-1] = first[1:]
        word = np.cumsum(first) - 1
        forward = np.cumsum(values) - values
        backward = np.cumsum(values[::-1])[::-1] - values
        before = forward - forward[first][word]  # the entry's word summed over the paragraphs before it
        after = backward - backward[last][word]
        growth_before = np.bincount(positions, values * (2 * before + values), minlength=size)  # |S + v|² - |S|²
        growth_after = np.bincount(positions, values * (2 * after + values), minlength=size)
        return (np.bincount(positions, values * before, minlength=size), np.cumsum(growth_before) - growth_before,
                np.bincount(positions, values * after, minlength=size),
                np.cumsum(growth_after[::-1])[::-1] - growth_after)

    def sum_of(self, keep: np.ndarray) -> np.ndarray:
        """The sum of the kept entries, a dense vector of words."""
        return np.bincount(self.cols[keep], self.values[keep], minlength=len(self.paragraphs_of_word))

    def similarities(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Each paragraph against those before it, those after it and all the others: the cosine with their sum."""
        n = len(self.norms)
        everything = np.ones(len(self.values), dtype=bool)
        dots_before, norm2s_before, dots_after, norm2s_after = self.walk(everything, self.rows, n)
        dots_rest = dots_before + dots_after
        total = self.sum_of(everything)
        return (_cosines(dots_before, self.norms, _roots(norm2s_before)),
                _cosines(dots_after, self.norms, _roots(norm2s_after)),
                _cosines(dots_rest, self.norms, _roots(float(total @ total) - 2 * dots_rest - self.norms * self.norms)))

    def reweighted(self, word_weights: np.ndarray) -> _Vectors:
        """The same vectors with each word's entries multiplied by its weight (by column)."""
        values = self.values * word_weights[self.cols]
        norms = np.sqrt(np.bincount(self.rows, values * values, minlength=len(self.norms)))
        return _Vectors(self.rows, self.cols, values, norms, self.paragraphs_of_word, self.vocabulary)


@dataclass
class Rarity:
    """How rare each content word is across the training corpus's paragraphs (log of paragraphs over paragraphs
    holding it), learnt by ``ParagraphFeatures.fit``. A document's own tf-idf cannot tell "after" or "which" from a
    name when each occurs once in it, and a short paragraph shares one or two words with anything: an unrelated
    story's opening shares the article's common words, its closing paragraph the article's names. Weighted by
    rarity squared, what a paragraph shares is what it is about: outside the model, the cosine with the text before
    ranked another story's opening below the article's last paragraph with AUC 0.93 by this weighting, 0.86 by the
    document's own (the noise benchmark's fresh ledes in plain text). Words the corpus held in one paragraph or none
    count as the rarest."""

    idf: dict[str, float]
    unseen: float

    @classmethod
    def of(cls, texts: Iterable[str], least_paragraphs: int = 2) -> Rarity:
        """The rarity of the content words of these paragraphs (each distinct text counted once), by word in
        sorted order: a set's order changes from run to run, and the same corpus must give the same model file."""
        holding: Counter = Counter()
        total = 0
        for text in set(texts):
            holding.update(set(_content_words(text)))
            total += 1
        total = max(total, 1)
        return cls({word: math.log(total / count) for word, count in sorted(holding.items())
                    if count >= least_paragraphs}, math.log(total))

    def uncommon(self, word: str, paragraphs: int) -> bool:
        """Whether the corpus holds the (lowercase content) word in fewer than one of ``paragraphs`` paragraphs."""
        return self.idf.get(word, self.unseen) > math.log(paragraphs)

    def weights(self, words: Sequence[str]) -> np.ndarray:
        """Each word's weight: its rarity squared."""
        get, unseen = self.idf.get, self.unseen
        return np.fromiter((get(word, unseen) for word in words), dtype=np.float64, count=len(words)) ** 2


def _word_starts(cols: np.ndarray) -> np.ndarray:
    """Which entries (sorted by word) are their word's first: a word's entries are one run."""
    starts = np.ones(len(cols), dtype=bool)
    starts[1:] = cols[1:] != cols[:-1]
    return starts


def _roots(squares: np.ndarray) -> np.ndarray:
    return np.sqrt(np.maximum(squares, 0.0))  # a norm² left a rounding error below 0 is 0


def _cosines(dots: np.ndarray, norms: np.ndarray, other_norms: np.ndarray | float) -> np.ndarray:
    """Cosines from dot products and the two sides' norms; 0 where either side is empty."""
    denominator = norms * other_norms
    return np.divide(dots, denominator, out=np.zeros(np.shape(denominator)), where=denominator > 0)


Place = tuple[tuple[str, ...], tuple[str, ...]]  # a block's container: block ancestors, class/id path (``container``)


@dataclass(eq=False)  # tables are compared by identity: one per document
class FeatureTable:
    """One document's features: ``values[k, i]`` is feature ``NAMES[k]`` of paragraph ``i`` (NaN where it has
    none), and ``flags[i]`` names the indicator features set to 1 on paragraph ``i``: its tag, its class/id
    tokens' buckets, a short paragraph's hashed words.

    Beside them, what the classifier's context pass reads of each paragraph, found on the way: its word count,
    its ``fingerprint`` and its ``container`` (None for every paragraph of plain text, which has no markup).
    """

    values: np.ndarray
    flags: list[tuple[str, ...]]
    word_counts: list[int]
    fingerprints: list[str]
    containers: list[Place] | None

    def row(self, index: int) -> dict[str, float]:
        """Paragraph ``index``'s features as a dict (as DictVectorizer would take them)."""
        features = dict(zip(NAMES, self.values[:, index].tolist()))
        features.update(dict.fromkeys(self.flags[index], 1.0))
        return features


Row = tuple[FeatureTable, int]  # a paragraph's features: its document's table and its index there


def document_features(document: Document, rarity: Rarity | None = None) -> FeatureTable:
    """The feature table of one document's paragraphs; the RARITY_KEYS stay NaN without a corpus's ``rarity``."""
    paragraphs = document.paragraphs
    n = len(paragraphs)
    table = np.full((len(NAMES), n), np.nan)
    if not n:
        return FeatureTable(table, [], [], [], None)
    texts = [p.text for p in paragraphs]
    # Pages repeat lines (menu items, "Share", "Reply": a fifth of the aeb pages' paragraphs repeat one on their
    # page), so what depends on the text alone is computed once per distinct text; repeats share the result.
    unique = list(dict.fromkeys(texts))
    copied = _copier(texts, unique)
    cjk = list(map(_has_cjk, unique))
    unique_tokens, unique_content = zip(*map(_tokens, unique, cjk))
    content = copied(list(unique_content))
    vectors = _Vectors.of(content)
    prefix, suffix, sim_rest = vectors.similarities()

    tokens = copied(unique_tokens)
    unique_lowered = [list(map(str.lower, line)) for line in unique_tokens]
    lowered = copied(unique_lowered)
    word_counts = [len(line) for line in tokens]
    long_paragraphs = [i for i in range(n) if word_counts[i] >= 20]
    lead = long_paragraphs[:2]
    in_lead = np.zeros(n, dtype=bool)
    in_lead[lead] = True
    lead_sum = vectors.sum_of(in_lead[vectors.rows])
    sim_lead = _cosines(np.bincount(vectors.rows, vectors.values * lead_sum[vectors.cols], minlength=n),
                        vectors.norms, math.sqrt(float(lead_sum @ lead_sum)))
    title_words = set(_content_words(document.title or ""))

    # Words that recur across this document's paragraphs are its function words, whatever the language.
    spread = Counter(chain.from_iterable(map(set, lowered)))
    # The 40 most widespread words (ties by word: deterministic) that reach the threshold: the rarer ones rank
    # after every word that reaches it, so they need no sorting.
    threshold = max(2, 0.3 * len(long_paragraphs))
    ranked = sorted(((w, c) for w, c in spread.items() if c >= threshold), key=lambda item: (-item[1], item[0]))
    frequent = {w for w, _ in ranked[:40]}
    median_words = sorted(word_counts)[n // 2]
    total_chars = sum(map(len, texts)) or 1
    entities = copied(list(map(names, unique)))
    # Per paragraph, over its distinct content words (the vectors' entries, sorted by word and then paragraph):
    # how many other paragraphs use too, how many are new (their word's first entry), how many the next
    # paragraph uses (their word's next entry is in the next paragraph), how many the title has.
    distinct = np.bincount(vectors.rows, minlength=n)
    per_word = np.where(distinct > 0, distinct, np.nan)  # NaN for a paragraph without content words
    recurring = vectors.paragraphs_of_word > 1
    cover_rest = np.bincount(vectors.rows, recurring[vectors.cols], minlength=n) / per_word
    opens = _word_starts(vectors.cols)
    new = np.bincount(vectors.rows[opens], minlength=n)
    continued = ~opens[1:] & (vectors.rows[1:] == vectors.rows[:-1] + 1)
    cover_next = np.bincount(vectors.rows[:-1][continued], minlength=n) / per_word
    cover_next[-1] = np.nan
    in_title = np.fromiter(map(title_words.__contains__, vectors.vocabulary), dtype=bool,
                           count=len(vectors.vocabulary))
    titled = np.bincount(vectors.rows, in_title[vectors.cols], minlength=n)
    typical_cover = _median(cover_rest[long_paragraphs[:8]].tolist())
    typical_cover = typical_cover if typical_cover > 0 else 0.5  # also when NaN: no long paragraphs
    nan = float("nan")
    entity_seen: set[str] = set()
    entities_seen = []
    for named, words in zip(entities, map(set, content)):
        entities_seen.append(len(named & entity_seen) / len(named) if named else nan)
        entity_seen |= named | words  # content words are lowercase already (and lower() is idempotent)

    base: list[tuple[float, ...]] = []  # per paragraph: TEXT_KEYS, MARKUP_KEYS
    text_rows = copied([_text_features(text, len(line), classes) for text, line, classes
                        in zip(unique, unique_tokens, _char_classes(unique))])
    structures = per_place(paragraphs, lambda markup: _structure_features(markup.ancestors, markup.tokens))
    flags: list[tuple[str, ...]] = []
    for i, paragraph in enumerate(paragraphs):
        markup_values, markup_flags = _markup_features(paragraph.markup, *structures[i])
        flags.append((*map(_word_key, lowered[i]), *markup_flags) if word_counts[i] <= SHORT_WORDS else markup_flags)
        base.append((*text_rows[i], *markup_values))
    table[:_PER_PARAGRAPH] = np.array(base, dtype=np.float64).T
    steps = np.arange(n)
    relations = {
        "position": steps / max(1, n - 1),
        "from_end": np.minimum(n - 1 - steps, 10),
        "paragraphs_log": math.log1p(n),
        "is_html": float(document.body_type == "html"),
        "share_of_chars": np.fromiter(map(len, texts), dtype=np.float64, count=n) / total_chars,
        "words_vs_median": np.array(word_counts, dtype=np.float64) / max(1, median_words),
        "sim_rest": sim_rest,
        "sim_prefix": prefix,
        "sim_suffix": suffix,
        "sim_lead": np.where(in_lead, nan, sim_lead),
        "sim_title": titled / max(1, len(title_words)) if title_words else nan,
        "new_words": new / per_word,
        "in_lead": in_lead,
        "cover_rest": cover_rest,
        "cover_rest_relative": cover_rest / typical_cover,
        "cover_prefix": (distinct - new) / per_word,
        "cover_next": cover_next,
        "entities_seen": entities_seen,
    }
    for key in RELATION_KEYS:
        table[_ROW[key]] = relations[key]
    if rarity is not None:
        _add_rarity(table, vectors, rarity, opens, recurring)
    first = _ROW[WORD_KEYS[0]]
    table[first:first + len(WORD_KEYS)] = _word_features(tokens, lowered, frequent)
    long_enough = [i for i in range(n) if word_counts[i] >= BREAK_WORDS]
    _add_relative(table, long_enough)
    _add_topic_break(table, vectors, long_enough)
    containers = per_place(paragraphs, container) if any(p.markup.ancestors for p in paragraphs) else None
    _add_containers(table, paragraphs, long_enough, containers)
    _add_neighbours(table)
    return FeatureTable(table, flags, word_counts, copied(list(map(" ".join, unique_lowered))), containers)


def _add_rarity(table: np.ndarray, vectors: _Vectors, rarity: Rarity, opens: np.ndarray,
                recurring: np.ndarray) -> None:
    """The RARITY_KEYS rows: per paragraph, the shares of its content words' weight (``Rarity.weights``, over its
    distinct words) that are new to the document there and that other paragraphs use, and its cosines with the
    paragraphs before it and with all the others, its tf-idf weighted by rarity too."""
    n = table.shape[1]
    word_weights = rarity.weights(vectors.vocabulary)
    weights = word_weights[vectors.cols]
    mass = np.bincount(vectors.rows, weights, minlength=n)
    mass = np.where(mass > 0, mass, np.nan)  # NaN for a paragraph without content words
    table[_ROW["novel_rare"]] = np.bincount(vectors.rows[opens], weights[opens], minlength=n) / mass
    table[_ROW["cover_rest_rare"]] = np.bincount(vectors.rows, weights * recurring[vectors.cols], minlength=n) / mass
    table[_ROW["sim_prefix_rare"]], _, table[_ROW["sim_rest_rare"]] = vectors.reweighted(word_weights).similarities()


def _copier(texts: list[str], unique: list[str]) -> Callable[[list[T]], list[T]]:
    """From values per unique text (in ``unique``'s order) to values per text."""
    if len(unique) == len(texts):
        return lambda values: values
    position = {text: k for k, text in enumerate(unique)}
    where = [position[text] for text in texts]
    return lambda values: [values[k] for k in where]


def _add_relative(table: np.ndarray, long_paragraphs: list[int]) -> None:
    """Each relation feature against its document's own typical value: writers differ in how much their
    paragraphs repeat each other, and an unrelated story is unusual for *its* document, not in absolute terms.
    The rank is the share of the document's values below the paragraph's.
    """
    for key in RELATIVE_KEYS:
        column = table[_ROW[key]]
        values = column[long_paragraphs[1:]]
        values = np.sort(values[~np.isnan(values)])
        if not values.size:
            continue  # both stay NaN
        typical = values[values.size // 2]
        if typical:
            table[_ROW[f"{key}_relative"]] = column / typical
        table[_ROW[f"{key}_rank"]] = np.where(np.isnan(column), np.nan,
                                              np.searchsorted(values, column, side="left") / values.size)


def _add_topic_break(table: np.ndarray, vectors: _Vectors, long_paragraphs: list[int]) -> None:
    """Where the document's topic breaks, if anywhere: the split of its long paragraphs that best separates
    a coherent head from a tail unlike it. Only the last BREAK_WINDOW long paragraphs are tried as the
    tail's start (trailing stories are short), which keeps this linear in the document's length.
    """
    m = len(long_paragraphs)
    if m < 3:
        return  # every BREAK_KEYS feature stays NaN
    # Walking the long paragraphs in order: each one's cosine with the head before it (its coherence).
    order = np.full(len(vectors.norms), -1)
    order[long_paragraphs] = np.arange(m)
    positions = order[vectors.rows]
    is_long = positions >= 0
    dots, norm2s, _, _ = vectors.walk(is_long, positions[is_long], m)
    head_norms = _roots(norm2s)
    norms = vectors.norms[long_paragraphs]
    coherence = _cosines(dots, norms, head_norms)  # [0] has no head: left out below
    # The heads tried are the first `size` long paragraphs for `size` in the window: a tail paragraph's dot with
    # one is its dot with the first `first` paragraphs plus its dots with the window's paragraphs up to `size`.
    first = max(2, m - BREAK_WINDOW)
    window = np.arange(first, m)
    head = vectors.sum_of(is_long & (positions < first))
    inside = positions >= first
    words, local = np.unique(vectors.cols[inside], return_inverse=True)
    dense = np.zeros((len(window), len(words)))
    dense[positions[inside] - first, local] = vectors.values[inside]
    gram = dense @ dense.T
    # to_head[j, s]: the window's paragraph j against the head of the first `first + s` long paragraphs.
    to_head = (dense @ head[words])[:, None] + np.cumsum(gram, axis=1) - gram
    tail_cosines = _cosines(to_head, norms[window][:, None], head_norms[window][None, :])
    in_tail = np.arange(len(window))[:, None] >= np.arange(len(window))[None, :]
    tail_means = (tail_cosines * in_tail).sum(axis=0) / in_tail.sum(axis=0)
    head_means = np.cumsum(coherence[1:])[window - 2] / (window - 1)
    size = int(np.argmax(head_means - tail_means))  # the first of equally good splits
    strength, start, tail_mean = head_means[size] - tail_means[size], long_paragraphs[first + size], tail_means[size]
    since_start = np.arange(table.shape[1]) - start
    table[_ROW["break_strength"]] = strength
    table[_ROW["after_break"]] = (since_start >= 0) & (strength > 0)
    table[_ROW["break_tail"]] = tail_mean
    table[_ROW["since_break"]] = np.clip(since_start, -5, 5)


def _add_containers(table: np.ndarray, paragraphs: Sequence[Paragraph], long_paragraphs: list[int],
                    places: list[Place] | None) -> None:
    """Where a paragraph sits against the page's main container (readability's idea): the place (block
    ancestors and class/id path) that holds most of the long paragraphs' text outside links (a list of teasers
    can outweigh a short article, but it is all link text). A list or a table inside the article sits under it;
    a cookie box, comments, a sidebar or a product box sit elsewhere however much they read like prose. Plain
    text has no containers (the features stay NaN).
    """
    if not long_paragraphs or places is None:
        return
    mass: Counter = Counter()
    for i in long_paragraphs:
        mass[places[i]] += len(paragraphs[i].text) * (1.0 - paragraphs[i].markup.link_density)
    total = sum(mass.values())
    if not total:
        return  # every long paragraph is a link: no container holds text of its own
    main, main_mass = max(mass.items(), key=lambda item: (item[1], item[0]))
    main_path, main_tokens = main
    main_set = set(main_tokens)
    known: dict[Place, tuple[float, ...]] = {}
    for place in places:
        if place not in known:
            path, tokens = place
            own = set(tokens)
            known[place] = (float(place == main),  # in_main
                            float(path[:len(main_path)] == main_path and own >= main_set),  # under_main
                            len(own & main_set) / len(main_set) if main_set else float("nan"),  # main_tokens
                            float(min(20, len(own - main_set))),  # other_tokens
                            mass.get(place, 0) / total,  # container_share
                            main_mass / total)  # main_share
    first = _ROW[CONTAINER_KEYS[0]]
    table[first:first + len(CONTAINER_KEYS)] = np.array([known[place] for place in places], dtype=np.float64).T


def place_key(markup: Markup) -> tuple[int, int]:
    """Which place in the page a block sits in: siblings share their ancestors and tokens tuples (the segmenter
    builds one context per distinct place), so their identity is the key, not their hash."""
    return id(markup.ancestors), id(markup.tokens)


def per_place(paragraphs: Sequence[Paragraph], compute: Callable[[Markup], T]) -> list[T]:
    """``compute(markup)`` for each paragraph, once per place in the page (``place_key``)."""
    known: dict[tuple[int, int], T] = {}
    results = []
    for paragraph in paragraphs:
        key = place_key(paragraph.markup)
        if key not in known:
            known[key] = compute(paragraph.markup)
        results.append(known[key])
    return results


def container(markup: Markup) -> Place:
    """A block's container: its block-level ancestors without itself, and their class/id path. The block's own
    tokens are not part of it: a page marks some of an article's paragraphs ``speakable``, aligns others right,
    and they are still one container's paragraphs. Only the container's nearest PLACE_TOKENS tokens count: the
    segmenter keeps a block's last 64, so on a deeply named page a block with fewer tokens of its own would show
    more of its distant ancestors' and seem to sit elsewhere."""
    blocks = tuple(filter(_CONTAINER_TAGS.__contains__, markup.ancestors))
    return blocks[:-1], _kind_tokens(markup.tokens[:len(markup.tokens) - markup.own_tokens][-PLACE_TOKENS:])


def directly_inside(inner: Place, outer: Place) -> bool:
    """Whether container ``inner`` is ``outer`` or lies in it at most one block element deeper (``container``'s
    places): its block path extends outer's by one element or none, and its tokens continue outer's. Both keep only
    their nearest PLACE_TOKENS tokens, so inner's may begin with a tail of outer's: at least half of them."""
    (inner_path, inner_tokens), (outer_path, outer_tokens) = inner, outer
    if not (len(outer_path) <= len(inner_path) <= len(outer_path) + 1 and inner_path[:len(outer_path)] == outer_path):
        return False
    shared = min(len(inner_tokens), len(outer_tokens))
    return any(inner_tokens[:m] == outer_tokens[len(outer_tokens) - m:]
               for m in range(shared, (len(outer_tokens) + 1) // 2 - 1, -1))


@lru_cache(maxsize=4096)
def _kind_tokens(tokens: tuple[str, ...]) -> tuple[str, ...]:
    """The class/id tokens that name a kind of block: not those holding a digit, which name one instance or a
    size (``pumjekgcu5eyt…`` on every paragraph of a page, ``postid-11511``, ``sc-1tike8v``, ``col-md-3``). With
    them, each paragraph of an article was a place of its own and its hashed ids random flags; the tokens' letter
    parts (``postid``, ``sc``, ``col``, ``md``) stay."""
    return tuple(filterfalse(_has_digit, tokens))


@lru_cache(maxsize=1 << 16)
def _has_digit(token: str) -> bool:
    return _DIGIT.search(token) is not None


def names(text: str) -> set[str]:
    """Capitalised words not at a sentence start: names, places, organisations, in any cased script."""
    words = text.split()
    return {(word if word.isalnum() else _NON_WORD.sub("", word)).lower() for previous, word in zip(words, words[1:])
            if word[0].isupper() and len(word) > 2 and not previous.endswith((".", "!", "?", ":"))}


def _median(values: list[float]) -> float:
    values = sorted(v for v in values if v == v)
    return values[len(values) // 2] if values else float("nan")


def _word_features(tokens: list[list[str]], lowered: list[list[str]], frequent: set[str]) -> np.ndarray:
    """The WORD_KEYS rows: each paragraph's mean word length and its shares of capitalised, short (three
    letters at most) and frequent words, counted over the document's words at once."""
    counts = np.fromiter(map(len, tokens), dtype=np.intp, count=len(tokens))
    owner = np.repeat(np.arange(len(tokens)), counts)
    words = list(chain.from_iterable(tokens))
    lengths = np.fromiter(map(len, words), dtype=np.intp, count=len(words))
    capitalised = np.fromiter(map(str.isupper, map(itemgetter(0), words)), dtype=bool, count=len(words))
    common = np.fromiter(map(frequent.__contains__, chain.from_iterable(lowered)), dtype=bool, count=len(words))
    sums = [np.bincount(owner, weights, minlength=len(tokens))
            for weights in (lengths, capitalised, lengths <= 3, common)]
    return np.array(sums) / np.maximum(counts, 1)


def _has_dash(text: str) -> bool:
    """Whether a dateline pattern that needs a dash can match: most paragraphs have none, and testing for one
    first skips the patterns' backtracking."""
    return "-" in text or "–" in text or "—" in text


def opens_like_dateline(text: str) -> bool:
    """The model's "dateline" feature: "BREMEN – ...", "LA SERENA, Chile – ...", "【大阪】…", but also any opening
    in capitals ("NASA is …"), which the model weighs with everything else."""
    return bool(_UPPER_DATELINE.match(text) or (_has_dash(text) and _DATELINE.match(text))
                or (text[:1] >= "\u3000" and _CJK_DATELINE.match(text)))


def opens_with_dateline(text: str) -> bool:
    """Whether the paragraph opens like a story, a place and a dash, then a new sentence: "BREMEN – ...",
    "LA SERENA, Chile – ...", "MONTERREY.– ...", "Hamburg (dpa) - Die ...", "【大阪】…". The context pass starts a
    story there; a sentence that goes on in lowercase after its dash ("This -- right here -- is why …") is none."""
    if text[:1] >= "\u3000":
        return bool(_CJK_DATELINE.match(text))
    if not _has_dash(text):
        return False
    match = _UPPER_PLACE_DATELINE.match(text) or _PLACE_DATELINE.match(text)
    return bool(match) and not text[match.end():match.end() + 1].islower()


def _cjk_sentence_ends(text: str) -> int:
    return text.count("。") + text.count("！") + text.count("？")


def _text_features(text: str, n_words: int, char_classes: tuple[int, int, int, int]) -> tuple[float, ...]:
    """Shallow features of the text, in TEXT_KEYS order; ``n_words`` is its number of words (``_WORD``), and
    ``char_classes`` its ``_char_classes``."""
    n_letters, n_digits, n_upper, n_symbols = char_classes
    stripped = text.rstrip()
    lowered = text.lower()
    has_url = (_LOWER_URL.search(lowered) if text.isascii() else _URL.search(text)) is not None
    return (
        math.log1p(len(text)),  # chars_log
        math.log1p(n_words),  # words
        n_letters / max(1, len(text)),  # alpha_ratio
        n_digits / max(1, len(text)),  # digit_ratio
        n_upper / (n_letters or 1),  # upper_ratio
        n_symbols / max(1, len(text)),  # punct_ratio
        min(20, len(_SENTENCE_END.findall(text)) + (0 if text.isascii() else _cjk_sentence_ends(text))),  # sentences
        float(stripped.endswith(_TERMINAL)),  # ends_terminal
        float(stripped.endswith(":")),  # ends_colon
        float(text[:1].isupper()),  # starts_upper
        float(text[:1] in "\"'“„«‘‚»"),  # starts_quote
        float(bool(text) and not text[0].isalnum() and text[0] not in "\"'“„«‘‚»¿¡("),  # starts_symbol
        float(has_url),  # has_url
        float("@" in text),  # has_handle
        float("©" in text or "(c)" in lowered),  # has_copyright
        min(10, text.count("|") + text.count("•") + text.count("·") + text.count("›")),  # separators
        float(opens_like_dateline(text)),  # dateline
        float(n_words <= 6 and bool(_DIGIT.search(text))),  # has_digits_time
    )


# Per code point, the classes _char_classes counts (bits), as the str methods define them: filled in as a page
# brings characters not seen before (the ASCII ones at once), so each distinct character is tested once a process.
_ALPHA, _DIGIT_CHAR, _UPPER, _ALNUM_OR_SPACE, _CLASSED = 1, 2, 4, 8, 16
_CHAR_CLASSES = np.zeros(0x110000, dtype=np.uint8)


def _class_characters(codes: Iterable[int]) -> None:
    """Enter these code points' classes in the table."""
    for code in codes:
        char = chr(code)
        mark = _MARK.match(char) is not None  # a vowel sign is part of its letter, not punctuation
        _CHAR_CLASSES[code] = (_CLASSED | _ALPHA * (char.isalpha() or mark) | _DIGIT_CHAR * char.isdigit()
                               | _UPPER * (char.isalpha() and char.isupper())
                               | _ALNUM_OR_SPACE * (char.isalnum() or char.isspace() or mark))


_class_characters(range(128))


def _char_classes(texts: list[str]) -> list[tuple[int, int, int, int]]:
    """Per text: its letters, digits, upper-case letters, and characters neither alphanumeric nor space, as
    str.isalpha() and the others class them (a combining mark counts as a letter), counted over the document's
    code points at once."""
    lengths = np.fromiter(map(len, texts), dtype=np.intp, count=len(texts))
    codes = np.frombuffer("".join(texts).encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    classes = _CHAR_CLASSES[codes]
    unclassed = classes < _CLASSED
    if unclassed.any():
        _class_characters(np.unique(codes[unclassed]).tolist())
        classes = _CHAR_CLASSES[codes]
    owner = np.repeat(np.arange(len(texts)), lengths)
    letters, digits, upper, plain = (np.bincount(owner, (classes & bit) > 0, minlength=len(texts)).astype(np.intp)
                                     for bit in (_ALPHA, _DIGIT_CHAR, _UPPER, _ALNUM_OR_SPACE))
    return list(zip(letters.tolist(), digits.tolist(), upper.tolist(), (lengths - plain).tolist()))


def _markup_features(markup: Markup, place_values: tuple[float, ...],
                     token_flags: tuple[str, ...]) -> tuple[tuple[float, ...], tuple[str, ...]]:
    """The MARKUP_KEYS values, and the flags: the tag and the class/id tokens' buckets."""
    values = (float(markup.heading), markup.link_density, float(min(len(markup.ancestors), 60)),
              float(min(markup.gap_before, 3)), float(min(markup.gap_after, 3)), float(markup.embed), *place_values)
    return values, (_TAG_FLAGS.get(markup.tag, "tag=other"), *token_flags)


@lru_cache(maxsize=4096)
def _structure_features(ancestors: tuple[str, ...],
                        tokens: tuple[str, ...]) -> tuple[tuple[float, ...], tuple[str, ...]]:
    """Once per distinct place in a page (siblings share theirs): the MARKUP_KEYS values it fixes (the number of
    kind tokens, then the ancestor flags), and the kind tokens' buckets."""
    present = set(ancestors)
    keys = list(filter(None, map(_KIND_TOKEN_KEYS.__getitem__, tokens)))
    return ((float(len(keys)), *map(float, map(present.__contains__, _ANCESTOR_FLAGS))), tuple(dict.fromkeys(keys)))


def _add_neighbours(table: np.ndarray) -> None:
    """Copy a few features of each paragraph's neighbours onto it: context is what boilerplate gives away."""
    for offset, names, keys in _NEIGHBOURS:
        targets, sources = [_ROW[name] for name in names], [_ROW[key] for key in keys]
        if offset < 0:
            table[targets, -offset:] = table[sources, :offset]
        else:
            table[targets, :-offset] = table[sources, offset:]


def fingerprint(text: str) -> str:
    """A paragraph's text with case, spacing and punctuation folded away, for recognising repeated lines: its
    words, lowercased (as ``document_features`` finds them for ``FeatureTable.fingerprints``)."""
    return " ".join(map(str.lower, _words(text)))


class ParagraphFeatures(BaseEstimator, TransformerMixin):
    """scikit-learn transformer from ``(document, index)`` samples to feature rows (for ``FeatureVectorizer``).

    Fitting learns ``rarity_``, the training corpus's ``Rarity`` of words. With labels it also learns
    ``remembered_``: noise paragraphs of at least ``remember_words`` words that recur in at least
    ``remember_documents`` training documents and are never content there (a
    source's footer, a site's newsletter box). The classifier's context pass gives them their label
    wherever they recur, unless the model is all but sure one is content there (``REMEMBERED_YIELDS``): a few
    labelled documents from a new source are enough to drop its fixed lines.
    Chat-assistant lines count from ``remember_chat_words`` words ("ChatGPT said:", "Copy code") when they
    were never anything but chat_ui: an assistant's interface strings are short and fixed, while a site's
    short lines (a breadcrumb's place names, a section's name) are words its articles use too.
    """

    def __init__(self, remember_words: int = 5, remember_documents: int = 2, remember_chat_words: int = 2) -> None:
        self.remember_words = remember_words
        self.remember_documents = remember_documents
        self.remember_chat_words = remember_chat_words

    def fit(self, X: Sequence[Sample], y: Sequence[str] | None = None) -> ParagraphFeatures:  # noqa: N803
        self.rarity_ = Rarity.of(document.paragraphs[index].text for document, index in X)
        self.remembered_: dict[str, str] = {}
        if y is None:
            return self
        seen: dict[str, tuple[str, set[str], set[str]]] = {}  # per noise line: its first label, all, documents
        content: set[str] = set()
        for (document, index), label in zip(X, y):
            key = fingerprint(document.paragraphs[index].text)
            if label == CONTENT:
                content.add(key)
                continue
            _, labels, documents = seen.setdefault(key, (label, set(), set()))
            labels.add(label)
            documents.add(document.id)
        self.remembered_ = {key: label for key, (label, labels, documents) in seen.items()
                            if len(documents) >= self.remember_documents and key not in content
                            and self._long_enough(len(key.split()), labels)}
        return self

    def _long_enough(self, words: int, labels: set[str]) -> bool:
        return words >= self.remember_words or (labels == {CHAT_UI} and words >= self.remember_chat_words)

    def transform(self, X: Sequence[Sample]) -> list[Row]:  # noqa: N803
        """Each sample's row: its document's table (computed once per document) and its index there. Unfitted,
        the step knows no corpus and leaves the RARITY_KEYS features NaN."""
        rarity = getattr(self, "rarity_", None)
        rows: list[Row] = []
        cached: tuple[int, FeatureTable] | None = None
        for document, index in X:
            if cached is None or cached[0] != id(document):
                cached = (id(document), document_features(document, rarity))
            rows.append((cached[1], index))
        return rows


def samples(documents: Sequence[Document]) -> list[Sample]:
    return [(document, i) for document in documents for i in range(len(document.paragraphs))]
