"""Train a model from labelled examples and report how well it does on documents it did not see."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from importlib import resources
from pathlib import Path
from typing import Any

from .document import LABELS, FilterkitError
from .examples import Example, load_examples
from .model import fit, save


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
    if base == "shipped":
        paths.append(shipped_examples_path())
    examples = list(load_examples(paths))
    if not examples:
        raise FilterkitError("no labelled examples found in " + ", ".join(map(str, paths)))
    X, y, groups = flatten(examples)
    counts = {label: y.count(label) for label in LABELS}
    unaligned = [(e.document.id, text) for e in examples for text in e.unaligned]
    report = [f"{len(examples)} documents, {len(X)} labelled paragraphs: "
              + ", ".join(f"{label} {n}" for label, n in counts.items())]
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
