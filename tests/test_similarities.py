"""The document-relative similarity features against their definitions, computed the slow, obvious way.

``features._Vectors`` computes them as running sums over arrays of a document's word weights; here each one
is computed directly from dicts, pair by pair, on real and awkward documents.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from pathlib import Path

import numpy as np
import pytest

from filterkit.features import BREAK_WINDOW, BREAK_WORDS, _content_words, document_features
from filterkit.readers import read_string
from filterkit.segment import segment

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
WORD = re.compile(r"[^\W_]+")  # a word, as the features count them


def words(text: str) -> int:
    return len(WORD.findall(text))


def vectors(texts: list[str]) -> list[dict[str, float]]:
    bags = [Counter(_content_words(text)) for text in texts]
    spread = Counter(word for bag in bags for word in bag)
    return [{w: c * math.log(1 + len(bags) / spread[w]) for w, c in bag.items()} for bag in bags]


def plus(*vs: dict[str, float]) -> dict[str, float]:
    total: dict[str, float] = {}
    for v in vs:
        for w, x in v.items():
            total[w] = total.get(w, 0.0) + x
    return total


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    norms = math.sqrt(sum(x * x for x in a.values())) * math.sqrt(sum(x * x for x in b.values()))
    return sum(x * b.get(w, 0.0) for w, x in a.items()) / norms if norms else 0.0


def expected(texts: list[str]) -> dict[str, list[float]]:
    vs = vectors(texts)
    n = len(vs)
    lead = [i for i in range(n) if words(texts[i]) >= 20][:2]
    lead_sum = plus(*(vs[i] for i in lead))
    return {
        "sim_prefix": [cosine(vs[i], plus(*vs[:i])) for i in range(n)],
        "sim_suffix": [cosine(vs[i], plus(*vs[i + 1:])) for i in range(n)],
        "sim_rest": [cosine(vs[i], plus(*vs[:i], *vs[i + 1:])) for i in range(n)],
        "sim_lead": [math.nan if i in lead else cosine(vs[i], lead_sum) for i in range(n)],
    }


def topic_break(texts: list[str]) -> tuple[float, int]:
    """The best split of the long paragraphs into a coherent head and a tail unlike it: (strength, start)."""
    vs = vectors(texts)
    long = [i for i, text in enumerate(texts) if words(text) >= BREAK_WORDS]
    best = None
    for size in range(max(2, len(long) - BREAK_WINDOW), len(long)):
        head = plus(*(vs[i] for i in long[:size]))
        coherence = [cosine(vs[long[k]], plus(*(vs[i] for i in long[:k]))) for k in range(1, size)]
        tail = [cosine(vs[j], head) for j in long[size:]]
        strength = sum(coherence) / len(coherence) - sum(tail) / len(tail)
        if best is None or strength > best[0] + 1e-12:
            best = (strength, long[size])
    return best


def documents() -> list[list[str]]:
    seeds = []
    for path in sorted(SEEDS.glob("00[023]_*.txt")):
        (document,) = read_string(path.read_text(encoding="utf-8"), "text", name=path.name)
        seeds.append([p.text for p in segment(document).paragraphs])
    awkward = ["Der Stadtrat hat am Dienstag beschlossen, die Fähre zwischen den Altstadtvierteln wieder fahren zu "
               "lassen, sobald der neue Rumpf geliefert ist und die zweite Mannschaft eingestellt wurde.",
               "— 12 / 34 —",  # no content words at all
               "Der Stadtrat hat am Dienstag beschlossen, die Fähre zwischen den Altstadtvierteln wieder fahren zu "
               "lassen, sobald der neue Rumpf geliefert ist und die zweite Mannschaft eingestellt wurde.",  # a copy
               "Fähre Fähre Fähre",
               "Die Stadtwerke rechnen mit Kosten von rund zwei Millionen Euro für den Rumpf und die Ausbildung der "
               "neuen Mannschaft, teilte ein Sprecher der Verwaltung am Mittwoch auf Anfrage mit."]
    return [*seeds, awkward, awkward[:1], ["12 34"]]


@pytest.mark.parametrize("texts", documents(), ids=lambda texts: f"{len(texts)}-paragraphs")
def test_similarity_features_match_their_definitions(texts):
    (document,) = read_string("\n\n".join(texts), "text")
    document = segment(document)
    assert [p.text for p in document.paragraphs] == texts
    table = document_features(document)
    for name, values in expected(texts).items():
        np.testing.assert_allclose(table.values[list(table.row(0)).index(name)], values, rtol=1e-9, atol=1e-12,
                                   err_msg=name)


@pytest.mark.parametrize("texts", [t for t in documents() if sum(words(p) >= BREAK_WORDS for p in t) >= 3],
                         ids=lambda texts: f"{len(texts)}-paragraphs")
def test_topic_break_matches_its_definition(texts):
    (document,) = read_string("\n\n".join(texts), "text")
    table = document_features(segment(document))
    names = list(table.row(0))
    strength, start = topic_break(texts)
    assert table.values[names.index("break_strength"), 0] == pytest.approx(strength, rel=1e-9, abs=1e-12)
    since_break = np.clip(np.arange(len(texts)) - start, -5, 5)
    np.testing.assert_array_equal(table.values[names.index("since_break")], since_break)
