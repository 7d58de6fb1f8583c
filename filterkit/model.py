"""The trained classifier: a scikit-learn Pipeline, persisted with joblib beside a model card.

A model file is a pickle, and unpickling runs code. So a model is only loaded after its sha256 matches
the one in its card and its card's scikit-learn version matches the installed one; the card lives next
to the model (``name.joblib`` → ``name.card.json``). Models meant for exchange can be written in the
skops format instead, which loads only filterkit's and scikit-learn's own types.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import itertools
import json
import platform
import tempfile
import warnings
from collections.abc import Iterator, Sequence
from importlib import resources
from operator import itemgetter
from pathlib import Path
from typing import Any

import joblib
import numpy as np
import sklearn
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.metrics import confusion_matrix, precision_recall_fscore_support
from sklearn.model_selection import GroupKFold, cross_val_predict
from sklearn.pipeline import Pipeline
from threadpoolctl import ThreadpoolController

from . import __version__
from .document import LABELS, FilterkitError
from .features import FEATURES_VERSION, NAMES, FeatureTable, ParagraphFeatures, Row, Sample
from .write import atomic_output, publish

MODEL_NAME = "filterkit.joblib"
_SKOPS_SUFFIX = ".skops"


class FeatureVectorizer(BaseEstimator, TransformerMixin):
    """Feature rows to a dense matrix with DictVectorizer's columns: every feature name given a value in
    fitting, sorted (an all-NaN column is left out: the trees cannot bin it).

    Rows come as their document's ``FeatureTable`` and an index, so each document's dense features are copied
    as one block; the old per-paragraph dicts took longer to vectorize than to predict from. The matrix is
    column-major: the trees read one feature for every row in turn, and predicting from it takes a third of
    the time it takes from a row-major one (same values, so the same probabilities).
    """

    def fit(self, X: Sequence[Row], y=None) -> FeatureVectorizer:  # noqa: N803
        """Learn the columns: the dense features with a value in some row, and the flags set in some row."""
        valued: set[str] = set()
        for table, indexes, selector in _documents(X):
            block = table.values[:, selector]
            valued.update(name for name, known in zip(NAMES, (~np.isnan(block)).any(axis=1).tolist()) if known)
            valued.update(itertools.chain.from_iterable(table.flags[i] for i in indexes))
        self.feature_names_ = sorted(valued)
        self.vocabulary_ = {name: k for k, name in enumerate(self.feature_names_)}
        return self

    def transform(self, X: Sequence[Row]) -> np.ndarray:  # noqa: N803
        """The rows' matrix; features not learnt in fitting are left out, as DictVectorizer leaves them."""
        learnt = [(self.vocabulary_[name], k) for k, name in enumerate(NAMES) if name in self.vocabulary_]
        columns = np.array([column for column, _ in learnt], dtype=np.intp)  # where each learnt feature goes
        sources = np.array([k for _, k in learnt], dtype=np.intp)  # and its row in a FeatureTable
        out = np.zeros((len(self.vocabulary_), len(X)))  # row-major here: its transpose is the column-major matrix
        flag_names: list[str] = []
        flag_counts: list[int] = []
        start = 0
        for table, indexes, selector in _documents(X):
            out[columns, start:start + len(indexes)] = table.values[:, selector][sources]
            for i in indexes:
                flag_names.extend(table.flags[i])
                flag_counts.append(len(table.flags[i]))
            start += len(indexes)
        flag_rows = np.repeat(np.arange(len(X)), flag_counts)
        flag_columns = np.fromiter(map(self.vocabulary_.get, flag_names, itertools.repeat(-1)), dtype=np.intp,
                                   count=len(flag_names))
        known = flag_columns >= 0
        out[flag_columns[known], flag_rows[known]] = 1.0
        return out.T

    def get_feature_names_out(self, input_features=None) -> np.ndarray:
        return np.asarray(self.feature_names_, dtype=object)


def _documents(rows: Sequence[Row]) -> Iterator[tuple[FeatureTable, list[int], slice | list[int]]]:
    """Consecutive rows grouped by their table: their indexes there, and a selector of those columns of the
    table (a slice, so a view, when the indexes are contiguous, as they are except in training on pages whose
    labels only partly aligned)."""
    for table, group in itertools.groupby(rows, key=itemgetter(0)):
        indexes = [index for _, index in group]
        first = indexes[0]
        contiguous = indexes == list(range(first, first + len(indexes)))
        yield table, indexes, slice(first, first + len(indexes)) if contiguous else indexes


def build_pipeline() -> Pipeline:
    """Features → vectorizer → gradient-boosted trees (NaN-aware, so missing context needs no imputation).

    150 rounds of trees with 15 leaves do about as well as 200 rounds of 31 (extraction F1 0.940 against 0.942;
    on the noise dev set noise kept 2.65% against 2.64%, core lost 0.70% against 0.94%, controls changed 5.0%
    against 4.8%; cross-validated paragraph F1 equal or higher for every label), and predicting with them takes
    60% of the time, which was a fifth of cleaning a page.
    """
    return Pipeline([
        ("features", ParagraphFeatures()),
        ("vectorize", FeatureVectorizer()),
        ("classify", HistGradientBoostingClassifier(max_iter=150, learning_rate=0.133, max_leaf_nodes=15,
                                                    l2_regularization=1.0, early_stopping=False, random_state=0)),
    ])


def fit(X: Sequence[Sample], y: Sequence[str], groups: Sequence[str] | None = None, folds: int = 0,
        n_jobs: int | None = None) -> tuple[Pipeline, dict[str, Any] | None]:
    """Fit the pipeline; with ``folds``, first cross-validate it with no group on both sides of a split.

    Features are computed once and shared by every fold and the final fit: the fitted pipeline is the
    feature step (fitted to learn the words' rarity and to remember recurring noise lines) followed by the fitted
    vectorizer and classifier. The folds share the rarity, learnt from every document's text without labels. The
    trees train on one OpenMP thread: on a busy machine, spinning threads made a fit 10× slower; parallel
    cross-validation folds (``n_jobs``) are processes instead.
    """
    with ThreadpoolController().limit(limits=1, user_api="openmp"):
        return _fit(X, y, groups, folds, n_jobs)


def _fit(X, y, groups, folds, n_jobs):  # noqa: N803
    feature_step = ParagraphFeatures().fit(X, y)
    features = feature_step.transform(X)
    tail = Pipeline(build_pipeline().steps[1:])
    report = None
    if folds:
        folds = min(folds, len(set(groups or [])))
        if folds < 2:
            raise FilterkitError("cross-validation needs labelled paragraphs from at least two documents")
        predicted = cross_val_predict(tail, features, y, groups=groups, cv=GroupKFold(n_splits=folds), n_jobs=n_jobs)
        report = metrics(y, predicted) | {"folds": folds}
    tail.fit(features, y)
    return Pipeline([("features", feature_step), *tail.steps]), report


def metrics(y_true: Sequence[str], y_predicted: Sequence[str]) -> dict[str, Any]:
    labels = [label for label in LABELS if label in set(y_true) | set(y_predicted)]
    precision, recall, f1, support = precision_recall_fscore_support(y_true, y_predicted, labels=labels,
                                                                     zero_division=0)
    return {
        "per_label": {label: {"precision": round(float(p), 4), "recall": round(float(r), 4), "f1": round(float(f), 4),
                              "support": int(s)} for label, p, r, f, s in zip(labels, precision, recall, f1, support)},
        "labels": labels,
        "confusion": _confusion(y_true, y_predicted, labels),
    }


def _confusion(y_true: Sequence[str], y_predicted: Sequence[str], labels: list[str]) -> list[list[int]]:
    """The confusion matrix over ``labels``; sklearn warns when only one label occurs, though ``labels`` fixes the
    shape it warns about, and the library never prints."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="A single label was found", category=UserWarning)
        return confusion_matrix(y_true, y_predicted, labels=labels).tolist()


def sha256_of(path: str | Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def card_path(model_path: str | Path) -> Path:
    path = Path(model_path)
    return path.with_name(path.name.rsplit(".", 1)[0] + ".card.json")


def save(model: Pipeline, path: str | Path, training: dict[str, Any], metrics_: dict[str, Any] | None = None) -> dict:
    """Write the model and its card atomically; returns the card."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=path.parent, prefix=f".{path.name}.", delete=False) as handle:
        temporary = Path(handle.name)
    try:
        if path.suffix == _SKOPS_SUFFIX:
            skops_io = _skops()
            skops_io.dump(model, temporary)
        else:
            joblib.dump(model, temporary, compress=3)
        card = {
            "name": path.stem,
            "file": path.name,
            "format": "skops" if path.suffix == _SKOPS_SUFFIX else "joblib",
            "sha256": sha256_of(temporary),
            "labels": [str(c) for c in model.classes_],
            "features_version": FEATURES_VERSION,
            "filterkit_version": __version__,
            "sklearn_version": sklearn.__version__,
            "python_version": platform.python_version(),
            "created": _dt.datetime.now(_dt.timezone.utc).replace(microsecond=0).isoformat(),
            "training": training,
            "cross_validation": metrics_,
        }
        with atomic_output(card_path(path)) as handle:
            handle.write(json.dumps(card, indent=2, ensure_ascii=False) + "\n")
        publish(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
    return card


def shipped_model_path() -> Path:
    """The model that ships with filterkit (``models/`` in the repository, ``filterkit.models`` when installed)."""
    return Path(str(resources.files("filterkit.models").joinpath(MODEL_NAME)))


def load(path: str | Path | None = None) -> tuple[Pipeline, dict[str, Any]]:
    """Load a model after verifying it against its card; refuse anything that does not match."""
    path = Path(path) if path is not None else shipped_model_path()
    rebuild = "rebuild it with `filterkit train` (see README) or pass the model it was made with"
    if not path.is_file():
        raise FilterkitError(f"{path}: no such model file")
    card_file = card_path(path)
    try:
        card = json.loads(card_file.read_text(encoding="utf-8"))
        expected = card["sha256"]
    except (OSError, ValueError, KeyError, TypeError):
        raise FilterkitError(f"{path}: missing or unreadable model card {card_file.name}; {rebuild}") from None
    if sha256_of(path) != expected:
        raise FilterkitError(f"{path}: sha256 does not match its card (tampered, truncated or replaced); {rebuild}")
    built_with = str(card.get("sklearn_version", "?"))
    if built_with.split(".")[:2] != sklearn.__version__.split(".")[:2]:
        raise FilterkitError(f"{path}: built with scikit-learn {built_with}, this is {sklearn.__version__}; "
                             f"install scikit-learn=={built_with} or {rebuild}")
    if card.get("features_version") != FEATURES_VERSION:
        raise FilterkitError(f"{path}: trained on features version {card.get('features_version')}, this filterkit "
                             f"computes version {FEATURES_VERSION}; {rebuild}")
    try:
        if path.suffix == _SKOPS_SUFFIX:
            skops_io = _skops()
            model = skops_io.load(path, trusted=_trusted_skops_types(skops_io, path))
        else:
            model = joblib.load(path)
    except FilterkitError:
        raise
    except Exception as error:  # a verified file that still fails to load is an environment problem
        raise FilterkitError(f"{path}: cannot load model ({type(error).__name__}: {error}); {rebuild}") from None
    if not isinstance(model, Pipeline) or list(getattr(model, "classes_", [])) != sorted(card["labels"]):
        raise FilterkitError(f"{path}: not a filterkit model; {rebuild}")
    return model, card


def _skops():
    try:
        import skops.io as skops_io
    except ImportError:
        raise FilterkitError("the .skops format needs the optional skops package: pip install 'filterkit[skops]'") \
            from None
    return skops_io


def _trusted_skops_types(skops_io, path: Path) -> list[str]:
    """Only filterkit's, scikit-learn's and numpy's own types may be built from an exchanged file."""
    untrusted = skops_io.get_untrusted_types(file=path)
    allowed_prefixes = ("filterkit.", "sklearn.", "numpy.", "builtins.", "collections.", "scipy.sparse.")
    refused = [name for name in untrusted if not name.startswith(allowed_prefixes)]
    if refused:
        raise FilterkitError(f"{path}: refuses to load types outside filterkit and scikit-learn: {', '.join(refused)}")
    return untrusted
