"""Label paragraphs: one pass of the trained model, then a context pass over each document (jusText's idea).

The model sees each paragraph with its neighbours and its document, but decides for each one alone. The
context pass makes the decisions agree along the document. Lines that the training data showed to be a
source's fixed noise keep that label wherever they recur, and an article repeated on its page is kept once.
An unrelated story is a *trailing* run, so once one starts near the end its continuation paragraphs go with
it, and an "off_topic" paragraph that the article follows again was not a trailing story after all.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from sklearn.pipeline import Pipeline
from threadpoolctl import ThreadpoolController

from .document import BOILERPLATE, CONTENT, OFF_TOPIC, Document
from .features import fingerprint, samples

# A paragraph inside a trailing run joins it when the model gives it at least this much off-topic probability.
CONTINUATION_PROBABILITY = 0.2
# Kept paragraphs of at least this many words are kept once: shorter ones (a refrain, a repeated subheading) may repeat.
REPEAT_WORDS = 8
# Predicting a batch is too small a job for OpenMP threads: they only add start-up cost, and on a busy
# machine (or beside --jobs workers) their spin-waiting made one prediction take seconds, not milliseconds.
_THREADS = ThreadpoolController()


def classify(documents: Sequence[Document], model: Pipeline, keep_embeds: bool = False) -> Sequence[Document]:
    """Set label, score and probabilities on every paragraph; one predict_proba call for the whole batch."""
    batch = samples(documents)
    if batch:
        with _THREADS.limit(limits=1, user_api="openmp"):
            probabilities = model.predict_proba(batch)
        classes = [str(c) for c in model.classes_]
        remembered = getattr(model.named_steps["features"], "remembered_", {})
        start = 0
        for document in documents:
            rows = probabilities[start:start + len(document.paragraphs)]
            start += len(document.paragraphs)
            _label(document, rows, classes, keep_embeds, remembered)
    return documents


def _label(document: Document, rows: np.ndarray, classes: list[str], keep_embeds: bool,
           remembered: dict[str, str]) -> None:
    for paragraph, row in zip(document.paragraphs, rows):
        paragraph.probabilities = {label: round(float(p), 4) for label, p in zip(classes, row)}
        paragraph.label = classes[int(np.argmax(row))]
        if remembered:
            paragraph.label = remembered.get(fingerprint(paragraph.text), paragraph.label)
    _trailing_run(document)
    _repeated_content(document)
    for paragraph in document.paragraphs:
        if paragraph.markup.embed:
            paragraph.label = CONTENT if keep_embeds else BOILERPLATE
        paragraph.score = paragraph.probabilities.get(paragraph.label, 0.0)


def _repeated_content(document: Document) -> None:
    """A page that carries its article twice (a teaser, a print or AMP copy) is kept once."""
    seen: set[str] = set()
    for paragraph in document.paragraphs:
        if paragraph.label != CONTENT:
            continue
        key = fingerprint(paragraph.text)
        if key in seen and len(key.split()) >= REPEAT_WORDS:
            paragraph.label = BOILERPLATE
        seen.add(key)


def _trailing_run(document: Document) -> None:
    """Make off_topic mean what it says: a run of unrelated paragraphs at the end of the document."""
    paragraphs = document.paragraphs
    start = len(paragraphs)
    for i in range(len(paragraphs) - 1, -1, -1):
        paragraph = paragraphs[i]
        if paragraph.label == OFF_TOPIC:
            start = i
        elif paragraph.label == CONTENT and paragraph.probabilities.get(OFF_TOPIC, 0.0) < CONTINUATION_PROBABILITY:
            break
    for i, paragraph in enumerate(paragraphs):
        if i >= start and paragraph.label == CONTENT:
            paragraph.label = OFF_TOPIC
        elif i < start and paragraph.label == OFF_TOPIC:
            others = {k: v for k, v in paragraph.probabilities.items() if k != OFF_TOPIC}
            paragraph.label = max(others, key=others.get) if others else CONTENT
