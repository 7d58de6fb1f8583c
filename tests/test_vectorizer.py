"""FeatureVectorizer: DictVectorizer's matrix (dense, column-major) from feature tables, without per-row dicts."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.feature_extraction import DictVectorizer

from filterkit.features import NAMES, ParagraphFeatures, samples
from filterkit.model import FeatureVectorizer
from filterkit.readers import read_string
from filterkit.segment import segment

PAGE = """<html><head><title>Harbour bridge reopens after repairs</title></head><body>
<nav class="site-nav"><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li></ul></nav>
<article class="story"><h1>Harbour bridge reopens after repairs</h1>
<p>The harbour bridge reopened to traffic on Monday after eight months of repairs to its deck and cables,
the city's transport office said in a statement.</p>
<p>Engineers replaced more than two hundred cable anchors and resurfaced the whole deck, work that the office
said would keep the bridge in service for another forty years.</p>
<ul><li>Cyclists get a separate lane</li><li>Tolls stay the same</li></ul></article>
<footer id="footer"><p>© 2026 Harbour Daily</p></footer></body></html>"""
TEXT = ("BERLIN – A long first paragraph about the city's budget, long enough to count as the lead of the text.\n"
        "A second paragraph goes on about the same budget and the council's vote on it, with more numbers.\n"
        "Share this\n")


def documents() -> list:
    return [segment(next(iter(read_string(body, fmt)))) for body, fmt in ((PAGE, "html"), (TEXT, "text"))]


def rows_as_dicts(rows) -> list[dict[str, float]]:
    return [table.row(index) for table, index in rows]


@pytest.mark.parametrize("pick", ["all", "every-other", "none"])
def test_same_matrix_as_dict_vectorizer(pick):
    """Fitted on some paragraphs and applied to others (gaps in a document included, as training on partly
    aligned pages gives), the matrix is DictVectorizer's less the columns never given a value."""
    rows = ParagraphFeatures().transform(samples(documents()))
    training = rows[::2]
    applied = {"all": rows, "every-other": rows[1::2], "none": []}[pick]
    vectorizer = FeatureVectorizer().fit(training)
    oracle = DictVectorizer(sparse=False).fit(rows_as_dicts(training))
    valued = [name for name in oracle.feature_names_
              if any(row.get(name, 0.0) == row.get(name, 0.0) for row in rows_as_dicts(training))]
    assert vectorizer.feature_names_ == valued
    matrix = vectorizer.transform(applied)
    expected = oracle.transform(rows_as_dicts(applied)) if applied else np.zeros((0, len(oracle.feature_names_)))
    expected = expected[:, [oracle.vocabulary_[name] for name in valued]]
    assert matrix.shape == expected.shape and matrix.dtype == np.float64
    assert np.array_equal(matrix, expected, equal_nan=True)


def test_unvalued_features_are_left_out():
    """Plain text has no containers: fitted on it alone, those all-NaN columns are not learned."""
    rows = ParagraphFeatures().transform(samples(documents()[1:]))
    names = FeatureVectorizer().fit(rows).feature_names_
    assert "in_main" in NAMES and "in_main" not in names
    assert "words" in names and "tag=line" in names


def test_matrix_is_column_major():
    """The trees read a feature for every row in turn: predicting from a column-major matrix is 3x faster."""
    rows = ParagraphFeatures().transform(samples(documents()))
    assert FeatureVectorizer().fit(rows).transform(rows).flags["F_CONTIGUOUS"]


def test_feature_names_are_unique():
    """Two features under one name would share a column: the later would silently overwrite the earlier."""
    assert len(set(NAMES)) == len(NAMES)
