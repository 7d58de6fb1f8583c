"""Train a model from labelled examples and report how well it does on documents it did not see."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from importlib import resources
from pathlib import Path
from typing import Any

from sklearn.pipeline import Pipeline

from .classify import classify
from .document import LABELS, FilterkitError
from .examples import Example, load_examples, shingle_scores
from .model import fit, metrics, save
from .write import render_text


def shipped_examples_path() -> Path:
    """The project's own labelled examples (``training/examples``), installed as ``filterkit.trainingdata``."""
    return Path(str(resources.files("filterkit.trainingdata")))


def data_sha256(paths: Sequence[Path]) -> str:
    digest = hashlib.sha256()
    for path in paths:
        files = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix != ".py") if path.is_dir() else [path]
        for file in files:
            digest.update(file.name.encode())
            digest.update(hashlib.sha256(file.read_bytes()).digest())
    return digest.hexdigest()


def flatten(examples: Sequence[Example]) -> tuple[list, list[str], list[str]]:
    """Paragraph samples, labels and groups, leaving out paragraphs whose label did not align."""
    X, y, groups = [], [], []
    for example in examples:
        for index, label in enumerate(example.labels):
            if label is not None:
                X.append((example.document, index))
                y.append(label)
                groups.append(example.group)
    return X, y, groups


def format_metrics(metrics: dict[str, Any]) -> list[str]:
    lines = [f"{'label':<12}{'precision':>10}{'recall':>10}{'f1':>10}{'support':>10}"]
    for label, row in metrics["per_label"].items():
        lines.append(f"{label:<12}{row['precision']:>10.3f}{row['recall']:>10.3f}{row['f1']:>10.3f}"
                     f"{row['support']:>10}")
    return lines


def train_model(data: Sequence[str | Path], output: str | Path, base: str = "shipped", folds: int = 5,
                n_jobs: int | None = None) -> tuple[dict[str, Any], list[str]]:
    """Load, align, cross-validate (grouped by document), fit and save; returns the card and a report."""
    paths = [Path(p) for p in data]
    examples = list(load_examples(paths))
    if not examples:
        raise FilterkitError("no labelled examples found in " + ", ".join(map(str, paths)))
    unaligned = [(e.document.id, text) for e in examples for text in e.unaligned]
    report = []
    if base == "shipped":
        base_examples = list(load_examples([shipped_examples_path()]))
        paths.append(shipped_examples_path())
        report.append(f"your {len(examples)} documents added to {len(base_examples)} shipped ones")
        examples = base_examples + examples
    X, y, groups = flatten(examples)
    counts = {label: y.count(label) for label in LABELS}
    report.append(f"{len(examples)} documents, {len(X)} labelled paragraphs: "
                  + ", ".join(f"{label} {n}" for label, n in counts.items()))
    if unaligned:
        report.append(f"{len(unaligned)} paragraphs did not align with their labels and were left out, e.g.:")
        report += [f"  {doc}: {text[:80]}" for doc, text in unaligned[:5]]
    model, metrics = fit(X, y, groups, folds, n_jobs)
    if metrics:
        report.append(f"cross-validation, {metrics['folds']} folds grouped by document:")
        report += format_metrics(metrics)
    training = {"data": [str(p) for p in paths], "data_sha256": data_sha256(paths), "documents": len(examples),
                "groups": len(set(groups)), "paragraphs_per_label": counts, "base": base}
    return save(model, output, training, metrics), report


def evaluate(examples: Sequence[Example], model: Pipeline) -> dict[str, Any]:
    """How a model does on labelled examples: per-label figures, the confusion matrix, and shingle F1 per document."""
    documents = classify([example.document for example in examples], model)
    y_true, y_predicted = [], []
    precision, recall, f1 = [], [], []
    for example, document in zip(examples, documents):
        for paragraph, label in zip(document.paragraphs, example.labels):
            if label is not None:
                y_true.append(label)
                y_predicted.append(paragraph.label)
        p, r, f = shingle_scores(render_text(document), example.expected_text)
        precision.append(p)
        recall.append(r)
        f1.append(f)
    if not y_true:
        raise FilterkitError("no labelled paragraphs to evaluate")
    n = len(examples)
    mean_p, mean_r = sum(precision) / n, sum(recall) / n
    return metrics(y_true, y_predicted) | {"documents": n, "shingle": {
        "precision": round(mean_p, 4), "recall": round(mean_r, 4),
        "f1": round(2 * mean_p * mean_r / (mean_p + mean_r), 4) if mean_p + mean_r else 0.0,
        "mean_document_f1": round(sum(f1) / n, 4)}}


def format_confusion(report: dict[str, Any]) -> list[str]:
    labels = report["labels"]
    lines = ["confusion (rows: true, columns: predicted)", " " * 12 + "".join(f"{label:>12}" for label in labels)]
    for label, row in zip(labels, report["confusion"]):
        lines.append(f"{label:<12}" + "".join(f"{count:>12}" for count in row))
    return lines
