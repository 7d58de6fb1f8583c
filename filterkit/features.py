"""Per-paragraph features: shallow text, markup context, position, and the paragraph's place in its document.

A sample is a ``(document, index)`` pair so that every paragraph can be described against the rest of its
document: how much it shares with the title, the lead, the text before and after it. That relation, not
the paragraph's topic, is what tells an unrelated trailing story from the article's own closing lines.
Nothing here rests on a word list of any language; words enter only as hashed buckets the model learns
from its (multilingual) training data.
"""

from __future__ import annotations

import math
import re
import zlib
from bisect import bisect_left
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache
from itertools import repeat
from operator import itemgetter, mul

from sklearn.base import BaseEstimator, TransformerMixin

from .document import Document, Markup, Paragraph
from .segment import BLOCK_TAGS

Sample = tuple[Document, int]
Features = dict[str, float | str]

# Bump when the features change: a model records the version it was trained with, and loading refuses another.
FEATURES_VERSION = 4
TOKEN_BUCKETS = 128
BREAK_WORDS = 12  # paragraphs at least this long take part in finding a topic break
BREAK_WINDOW = 30
WORD_BUCKETS = 128
SHORT_WORDS = 12
_WORD = re.compile(r"[^\W_]+")
# Words that carry a topic in any alphabetic language: long words, acronyms, and single CJK characters.
_CONTENT_WORD = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]|[^\W\d_\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]{4,}"
                           r"|\b[^\W\d_a-z]{2,3}\b")
_DATELINE = re.compile(
    r"^[A-ZÀ-ÖØ-Þ][\wÀ-ÿ.'’ -]{1,40}(?:,[\w .'’-]{1,30})?(?:\s*\([^)]{1,40}\))?\s*[–—-]{1,2}\s", re.UNICODE)
_UPPER_DATELINE = re.compile(r"^[A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ .'’-]{2,}[,(\s–—-]")
_SENTENCE_END = re.compile(r"[.!?…。！？][\"'”’»)]?(?:\s|$)")
_TERMINAL = tuple(".!?…。！？\"'”’»)")
_URL = re.compile(r"https?://|www\.|\.(?:com|org|net|de|fr|es|id)\b", re.I)
_TAGS = frozenset("p div li td th h1 h2 h3 h4 h5 h6 blockquote figcaption pre dd dt span a line body section "
                  "article header footer nav aside caption summary".split())
_ANCESTOR_FLAGS = ("a", "li", "table", "nav", "header", "footer", "aside", "form", "button", "figure", "figcaption",
                   "blockquote", "article", "main", "label", "time", "address", "strong", "em", "small", "sup")
# The segmenter's block tags that can hold a block: not the empty ones, nor <center> and the form parts.
_CONTAINER_TAGS = BLOCK_TAGS - frozenset("br hr center option legend".split())
_NEIGHBOUR_KEYS = ("words", "link_density", "ends_terminal", "cover_prefix", "sim_rest_relative",
                   "sim_prefix_relative", "sim_lead", "dateline", "heading", "gap_before", "embed", "upper_ratio",
                   "in_a", "in_li", "new_words", "cover_rest_relative", "entities_seen", "under_main")
# (offset, the names the neighbour's features take here, a getter of those features): the nearest neighbours
# lend every key, the second nearest the first four.
_NEIGHBOURS = tuple((offset, tuple(f"{name}_{key}" for key in keys), itemgetter(*keys))
                    for offset, name, keys in ((-1, "prev", _NEIGHBOUR_KEYS), (1, "next", _NEIGHBOUR_KEYS),
                                               (-2, "prev2", _NEIGHBOUR_KEYS[:4]), (2, "next2", _NEIGHBOUR_KEYS[:4])))
_ANCESTOR_KEYS = tuple((flag, f"in_{flag}") for flag in _ANCESTOR_FLAGS)
_NON_WORD = re.compile(r"\W")
_DIGIT = re.compile(r"\d")


def _bucket(text: str, buckets: int) -> int:
    return zlib.crc32(text.encode("utf-8")) % buckets


@lru_cache(maxsize=1 << 16)
def _word_key(word: str) -> str:
    """A lowercase word's hashed feature name (the same few thousand words recur on every page)."""
    return f"w{_bucket(word, WORD_BUCKETS)}"


@lru_cache(maxsize=1 << 16)
def _token_key(token: str) -> str:
    return f"t{_bucket(token, TOKEN_BUCKETS)}"


def _content_words(text: str) -> list[str]:
    return [word.lower() for word in _CONTENT_WORD.findall(text)]


class _Vectors:
    """Per-document weighted bags of words, with cosine against sums of other paragraphs."""

    def __init__(self, bags: list[Counter]) -> None:
        document_frequency: Counter = Counter()
        for bag in bags:
            document_frequency.update(bag.keys())
        n = len(bags)
        weight = {w: math.log(1 + n / count) for w, count in document_frequency.items()}
        self.vectors = [{w: c * weight[w] for w, c in bag.items()} for bag in bags]
        self.norms = [math.sqrt(_sum_of_squares(vec.values())) for vec in self.vectors]

    @staticmethod
    def cosine(vector: dict, norm: float, other: dict, other_norm: float) -> float:
        if not norm or not other_norm:
            return 0.0
        if len(vector) > len(other):
            vector, other = other, vector
        return _dot(vector, other) / (norm * other_norm)

    def running_similarities(self, order: range) -> list[float]:
        """Cosine of each paragraph with the sum of all paragraphs met before it in ``order``."""
        total: dict[str, float] = {}
        norm2 = 0.0
        out = [0.0] * len(self.vectors)
        for i in order:
            vector = self.vectors[i]
            out[i] = self.cosine(vector, self.norms[i], total, math.sqrt(norm2))
            for w, v in vector.items():
                old = total.get(w, 0.0)
                total[w] = new = old + v
                norm2 += new ** 2 - old * old
        return out


def _sum_of_squares(values) -> float:
    """``sum(v * v for v in values)``, term for term (so to the last bit), at C speed."""
    values = list(values)
    return sum(map(mul, values, values))


def _dot(vector: dict[str, float], other: dict[str, float]) -> float:
    """``sum(v * other.get(w, 0.0) for w, v in vector.items())``, term for term, at C speed."""
    return sum(map(mul, vector.values(), map(other.get, vector, repeat(0.0))))


def document_features(document: Document) -> list[Features]:
    """The feature dicts of every paragraph of one document."""
    paragraphs = document.paragraphs
    n = len(paragraphs)
    if not n:
        return []
    texts = [p.text for p in paragraphs]
    bags = [Counter(_content_words(t)) for t in texts]
    vectors = _Vectors(bags)
    prefix = vectors.running_similarities(range(n))
    suffix = vectors.running_similarities(range(n - 1, -1, -1))

    total: dict[str, float] = {}
    for vector in vectors.vectors:
        for w, v in vector.items():
            total[w] = total.get(w, 0.0) + v
    total_norm2 = _sum_of_squares(total.values())

    tokens = [_WORD.findall(t) for t in texts]
    lowered = [[token.lower() for token in line] for line in tokens]
    word_counts = [len(line) for line in tokens]
    long_paragraphs = [i for i in range(n) if word_counts[i] >= 20]
    lead = long_paragraphs[:2]
    lead_bag: dict[str, float] = {}
    for i in lead:
        for w, v in vectors.vectors[i].items():
            lead_bag[w] = lead_bag.get(w, 0.0) + v
    lead_norm = math.sqrt(_sum_of_squares(lead_bag.values()))
    title_words = set(_content_words(document.title or ""))

    # Words that recur across this document's paragraphs are its function words, whatever the language.
    spread: Counter = Counter()
    for line in lowered:
        spread.update(set(line))
    # The 40 most widespread words (ties by word: deterministic) that reach the threshold: the rarer ones rank
    # after every word that reaches it, so they need no sorting.
    threshold = max(2, 0.3 * len(long_paragraphs))
    ranked = sorted(((w, c) for w, c in spread.items() if c >= threshold), key=lambda item: (-item[1], item[0]))
    frequent = {w for w, _ in ranked[:40]}
    median_words = sorted(word_counts)[n // 2]
    total_chars = sum(map(len, texts)) or 1
    seen: set[str] = set()
    entity_seen: set[str] = set()
    occurrences: Counter = Counter()
    for bag in bags:
        occurrences.update(bag.keys())
    entities = [_entities(t) for t in texts]
    cover_rest = [sum(1 for w in bag if occurrences[w] > 1) / len(bag) if bag else float("nan") for bag in bags]
    word_sets = [set(bag) for bag in bags]
    typical_cover = _median([cover_rest[i] for i in long_paragraphs[:8]])
    typical_cover = typical_cover if typical_cover > 0 else 0.5  # also when NaN: no long paragraphs

    rows: list[Features] = []
    for i, paragraph in enumerate(paragraphs):
        text = paragraph.text
        vector, norm = vectors.vectors[i], vectors.norms[i]
        dot_total = _dot(vector, total)
        rest_norm = math.sqrt(max(0.0, total_norm2 - 2 * dot_total + norm * norm))
        dot_rest = dot_total - norm * norm
        words = word_sets[i]
        row = _text_features(text, tokens[i], lowered[i], frequent)
        row.update(_markup_features(paragraph.markup))
        row.update({
            "position": i / max(1, n - 1),
            "from_end": min(n - 1 - i, 10),
            "paragraphs_log": math.log1p(n),
            "is_html": float(document.body_type == "html"),
            "share_of_chars": len(text) / total_chars,
            "words_vs_median": word_counts[i] / max(1, median_words),
            "sim_rest": dot_rest / (norm * rest_norm) if norm and rest_norm else 0.0,
            "sim_prefix": prefix[i],
            "sim_suffix": suffix[i],
            "sim_lead": vectors.cosine(vector, norm, lead_bag, lead_norm) if i not in lead else float("nan"),
            "sim_title": len(words & title_words) / max(1, len(title_words)) if title_words else float("nan"),
            "new_words": len(words - seen) / len(words) if words else float("nan"),
            "in_lead": float(i in lead),
        })
        row.update({
            "cover_rest": cover_rest[i],
            "cover_rest_relative": cover_rest[i] / typical_cover,
            "cover_prefix": len(words & seen) / len(words) if words else float("nan"),
            "cover_next": len(words & word_sets[i + 1]) / len(words) if words and i + 1 < n else float("nan"),
            "entities_seen": (len(entities[i] & entity_seen) / len(entities[i])) if entities[i] else float("nan"),
        })
        seen |= words
        entity_seen |= entities[i] | words  # bags hold lowercase words already (and lower() is idempotent)
        rows.append(row)
    long_enough = [i for i in range(n) if word_counts[i] >= BREAK_WORDS]
    _add_relative(rows, long_enough)
    _add_topic_break(rows, vectors, long_enough)
    _add_containers(rows, paragraphs, long_enough)
    _add_neighbours(rows)
    return rows


RELATIVE_KEYS = ("sim_rest", "sim_prefix", "sim_lead", "cover_prefix", "entities_seen")


def _add_relative(rows: list[Features], long_paragraphs: list[int]) -> None:
    """Each relation feature against its document's own typical value: writers differ in how much their
    paragraphs repeat each other, and an unrelated story is unusual for *its* document, not in absolute terms.
    """
    for key in RELATIVE_KEYS:
        values = sorted(v for v in (rows[i][key] for i in long_paragraphs[1:]) if v == v)
        typical = values[len(values) // 2] if values else float("nan")
        relative, rank = f"{key}_relative", f"{key}_rank"
        for row in rows:
            value = row[key]
            row[relative] = value / typical if typical and typical == typical and value == value else float("nan")
            row[rank] = bisect_left(values, value) / len(values) if values and value == value \
                else float("nan")  # the share of the document's values below it (a count: linear, not quadratic)


def _add_topic_break(rows: list[Features], vectors: _Vectors, long_paragraphs: list[int]) -> None:
    """Where the document's topic breaks, if anywhere: the split of its long paragraphs that best separates
    a coherent head from a tail unlike it. Only the last BREAK_WINDOW long paragraphs are tried as the
    tail's start (trailing stories are short), which keeps this linear in the document's length.
    """
    head_sizes = range(max(2, len(long_paragraphs) - BREAK_WINDOW), len(long_paragraphs))
    best: tuple[float, int, float, float] | None = None
    if len(long_paragraphs) >= 3:
        head: dict[str, float] = {}
        head_norm2 = 0.0
        coherence: list[float] = []
        for size in range(len(long_paragraphs)):  # head = the first `size` long paragraphs
            index = long_paragraphs[size]
            vector, norm = vectors.vectors[index], vectors.norms[index]
            head_norm = math.sqrt(head_norm2)
            if size in head_sizes and coherence:
                tail = [vectors.cosine(vectors.vectors[j], vectors.norms[j], head, head_norm)
                        for j in long_paragraphs[size:]]
                head_mean, tail_mean = sum(coherence) / len(coherence), sum(tail) / len(tail)
                if best is None or head_mean - tail_mean > best[0]:
                    best = (head_mean - tail_mean, index, head_mean, tail_mean)
            if size:
                coherence.append(vectors.cosine(vector, norm, head, head_norm))
            for w, v in vector.items():
                old = head.get(w, 0.0)
                head[w] = old + v
                head_norm2 += (old + v) ** 2 - old * old
    for i, row in enumerate(rows):
        if best is None:
            row.update(dict.fromkeys(("break_strength", "after_break", "break_tail", "since_break"), float("nan")))
        else:
            strength, start, _, tail_mean = best
            row.update({"break_strength": strength, "after_break": float(i >= start and strength > 0),
                        "break_tail": tail_mean,
                        "since_break": float(max(-5, min(5, i - start)))})


def _add_containers(rows: list[Features], paragraphs: Sequence[Paragraph], long_paragraphs: list[int]) -> None:
    """Where a paragraph sits against the page's main container (readability's idea): the place (block
    ancestors and class/id path) that holds most of the long paragraphs' text. A list or a table inside the
    article sits under it; a cookie box, comments, a sidebar or a product box sit elsewhere however much they
    read like prose. Plain text has no containers.
    """
    if not long_paragraphs or not any(p.markup.ancestors for p in paragraphs):
        for row in rows:
            row.update(dict.fromkeys(CONTAINER_KEYS, float("nan")))
        return
    places = [_place(p.markup) for p in paragraphs]
    mass: Counter = Counter()
    for i in long_paragraphs:
        mass[places[i]] += len(paragraphs[i].text)
    main, main_mass = max(mass.items(), key=lambda item: (item[1], item[0]))
    main_path, main_tokens = main
    main_set = set(main_tokens)
    total = sum(mass.values())
    for row, (path, tokens) in zip(rows, places):
        own = set(tokens)
        row.update({"in_main": float((path, tokens) == main),
                    "under_main": float(path[:len(main_path)] == main_path and own >= main_set),
                    "main_tokens": len(own & main_set) / len(main_set) if main_set else float("nan"),
                    "other_tokens": float(min(20, len(own - main_set))),
                    "container_share": mass.get((path, tokens), 0) / total,
                    "main_share": main_mass / total})


CONTAINER_KEYS = ("in_main", "under_main", "main_tokens", "other_tokens", "container_share", "main_share")


def _place(markup: Markup) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """A block's container: its block-level ancestors without itself, and its class/id path."""
    blocks = tuple(tag for tag in markup.ancestors if tag in _CONTAINER_TAGS)
    return blocks[:-1], markup.tokens


def _entities(text: str) -> set[str]:
    """Capitalised words not at a sentence start: names, places, organisations, in any cased script."""
    words = text.split()
    return {_NON_WORD.sub("", word).lower() for previous, word in zip(words, words[1:])
            if word[:1].isupper() and not previous.endswith((".", "!", "?", ":")) and len(word) > 2}


def _median(values: list[float]) -> float:
    values = sorted(v for v in values if v == v)
    return values[len(values) // 2] if values else float("nan")


def _text_features(text: str, tokens: list[str], lowered: list[str], frequent: set[str]) -> Features:
    """Shallow features of the text; ``tokens`` are its words (``_WORD``), ``lowered`` the same in lowercase."""
    n_words = len(tokens)
    n_letters, n_digits, n_upper, n_symbols = _char_classes(text)
    stripped = text.rstrip()
    row: Features = {
        "chars_log": math.log1p(len(text)),
        "words": math.log1p(n_words),
        "mean_word_length": sum(map(len, tokens)) / max(1, len(tokens)),
        "alpha_ratio": n_letters / max(1, len(text)),
        "digit_ratio": n_digits / max(1, len(text)),
        "upper_ratio": n_upper / (n_letters or 1),
        "punct_ratio": n_symbols / max(1, len(text)),
        "capitalised_words": sum(1 for t in tokens if t[0].isupper()) / max(1, len(tokens)),  # never empty
        "short_words": sum(1 for length in map(len, tokens) if length <= 3) / max(1, len(tokens)),
        "frequent_words": sum(map(frequent.__contains__, lowered)) / max(1, len(tokens)),
        "sentences": min(20, len(_SENTENCE_END.findall(text))),
        "ends_terminal": float(stripped.endswith(_TERMINAL)),
        "ends_colon": float(stripped.endswith(":")),
        "starts_upper": float(text[:1].isupper()),
        "starts_quote": float(text[:1] in "\"'“„«‘‚»"),
        "starts_symbol": float(bool(text) and not text[0].isalnum() and text[0] not in "\"'“„«‘‚»¿¡("),
        "has_url": float(bool(_URL.search(text))),
        "has_handle": float("@" in text),
        "has_copyright": float("©" in text or "(c)" in text.lower()),
        "separators": min(10, text.count("|") + text.count("•") + text.count("·") + text.count("›")),
        "dateline": float(bool(_DATELINE.match(text) or _UPPER_DATELINE.match(text))),
        "has_digits_time": float(n_words <= 6 and bool(_DIGIT.search(text))),
    }
    if n_words <= SHORT_WORDS:
        row.update(dict.fromkeys(map(_word_key, lowered), 1.0))
    return row


# The ASCII characters of each class _char_classes counts, picked by the str methods that define the class.
_ASCII_CLASSES = tuple(bytes(c for c in range(128) if test(chr(c))) for test in (
    str.isalpha, str.isdigit, lambda c: c.isalpha() and c.isupper(), lambda c: c.isalnum() or c.isspace()))


def _char_classes(text: str) -> tuple[int, int, int, int]:
    """Letters, digits, upper-case letters, and characters neither alphanumeric nor space, as str.isalpha()
    and the others class them; in ASCII text (most HTML paragraphs) bytes.translate counts them at C speed.
    """
    if text.isascii():
        data = text.encode("ascii")
        letters, digits, upper, plain = (len(data) - len(data.translate(None, chars)) for chars in _ASCII_CLASSES)
        return letters, digits, upper, len(data) - plain
    letters = digits = upper = plain = 0  # otherwise per distinct character: the predicates hold per character
    for char, count in Counter(text).items():
        if char.isalpha():
            letters += count
            upper += count if char.isupper() else 0
        digits += count if char.isdigit() else 0
        plain += count if char.isalnum() or char.isspace() else 0
    return letters, digits, upper, len(text) - plain


def _markup_features(markup) -> Features:
    row: Features = {
        "tag": markup.tag if markup.tag in _TAGS else "other",
        "heading": float(markup.heading),
        "link_density": markup.link_density,
        "depth": float(min(len(markup.ancestors), 60)),
        "gap_before": float(min(markup.gap_before, 3)),
        "gap_after": float(min(markup.gap_after, 3)),
        "embed": float(markup.embed),
        "tokens": float(len(markup.tokens)),
    }
    row.update(_structure_features(markup.ancestors, markup.tokens))
    return row


@lru_cache(maxsize=4096)
def _structure_features(ancestors: tuple[str, ...], tokens: tuple[str, ...]) -> Features:
    """The ancestor flags and token buckets, once per distinct place in a page (siblings share theirs).

    Callers only read the dict: it is shared.
    """
    present = set(ancestors)
    row: Features = {key: float(flag in present) for flag, key in _ANCESTOR_KEYS}
    row.update(dict.fromkeys(map(_token_key, tokens), 1.0))
    return row


def _add_neighbours(rows: list[Features]) -> None:
    """Copy a few features of each paragraph's neighbours onto it: context is what boilerplate gives away."""
    n = len(rows)
    for i, row in enumerate(rows):
        for offset, names, features in _NEIGHBOURS:
            j = i + offset
            row.update(zip(names, features(rows[j])) if 0 <= j < n else dict.fromkeys(names, float("nan")))


def fingerprint(text: str) -> str:
    """A paragraph's text with case, spacing and punctuation folded away, for recognising repeated lines."""
    return " ".join(_WORD.findall(text.lower()))


class ParagraphFeatures(BaseEstimator, TransformerMixin):
    """scikit-learn transformer from ``(document, index)`` samples to feature dicts (for a DictVectorizer).

    Fitting with labels also learns ``remembered_``: noise paragraphs of at least ``remember_words`` words
    that recur in at least ``remember_documents`` training documents and are never content there (a
    source's footer, a site's newsletter box). The classifier's context pass gives them their label
    wherever they recur: a few labelled documents from a new source are enough to drop its fixed lines.
    """

    def __init__(self, remember_words: int = 5, remember_documents: int = 2) -> None:
        self.remember_words = remember_words
        self.remember_documents = remember_documents

    def fit(self, X: Sequence[Sample], y: Sequence[str] | None = None) -> ParagraphFeatures:  # noqa: N803
        self.remembered_: dict[str, str] = {}
        if y is None:
            return self
        seen: dict[str, tuple[str, set[str]]] = {}
        content: set[str] = set()
        for (document, index), label in zip(X, y):
            key = fingerprint(document.paragraphs[index].text)
            if label == "content":
                content.add(key)
            elif len(key.split()) >= self.remember_words:
                seen.setdefault(key, (label, set()))[1].add(document.id)
        self.remembered_ = {key: label for key, (label, documents) in seen.items()
                            if len(documents) >= self.remember_documents and key not in content}
        return self

    def transform(self, X: Sequence[Sample]) -> list[Features]:  # noqa: N803
        rows: list[Features] = []
        cached: tuple[int, list[Features]] | None = None
        for document, index in X:
            if cached is None or cached[0] != id(document):
                cached = (id(document), document_features(document))
            rows.append(cached[1][index])
        return rows


def samples(documents: Sequence[Document]) -> list[Sample]:
    return [(document, i) for document in documents for i in range(len(document.paragraphs))]
