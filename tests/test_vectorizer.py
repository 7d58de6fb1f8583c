"""DenseDictVectorizer: DictVectorizer's matrix (dense), column-major, for any feature dicts."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.feature_extraction import DictVectorizer

from filterkit.model import DenseDictVectorizer

TRAINING = [{"a": 1, "b": 2.0, "tag": "p", "c": 1.0, "b=q": 1.0, "c=1": 5.0}, {"tag": "li", "a": 0.5}]
ROWS = [
    {"a": 1, "b": 2.5, "tag": "p", "x": float("nan")},
    {"a": True, "tag": "zz", "c": "1"},  # an unknown string value; a string under a numeric feature's name
    {},
    {"b": "q", "tag": "li"},
    {"unknown": 3.0, "b": 0, "a": -1e308},
]


@pytest.mark.parametrize("rows", [ROWS, [], [{}], TRAINING * 40])
def test_same_matrix_as_dict_vectorizer(rows):
    expected = DictVectorizer(sparse=False).fit(TRAINING).transform(rows) if rows else np.zeros((0, 7))
    matrix = DenseDictVectorizer().fit(TRAINING).transform(rows)
    assert matrix.shape == expected.shape and matrix.dtype == np.float64
    assert np.array_equal(matrix, expected, equal_nan=True)


def test_matrix_is_column_major():
    """The trees read a feature for every row in turn: predicting from a column-major matrix is 3x faster."""
    assert DenseDictVectorizer().fit(TRAINING).transform(ROWS).flags["F_CONTIGUOUS"]
