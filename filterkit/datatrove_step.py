"""filterkit as a datatrove pipeline step, for the corpus pipelines that already run on datatrove's executors.

    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.readers import JsonlReader
    from datatrove.pipeline.writers import JsonlWriter
    from filterkit.datatrove_step import FilterkitStep

    LocalPipelineExecutor([JsonlReader("raw/"), FilterkitStep(), JsonlWriter("clean/")], tasks=8).run()

Each document's ``text`` is read as filterkit reads a file's content (plain text, HTML or a WordPress post,
detected unless ``input_format`` says), cleaned, and replaced by the kept paragraphs one blank line apart, the
text output of ``filterkit clean``. ``metadata["filterkit"]`` records what happened, as in filterkit's JSONL
output: ``{"kept": 18, "dropped": {"boilerplate": 3, "chat_ui": 2, "off_topic": 0}, "model": "filterkit@…"}``.
A document left with no text is dropped (``drop_empty=False`` keeps it), and a document filterkit cannot read
or clean is dropped with a warning naming it; the step's stats count both.

The model is loaded once per worker process, when the step first runs there, never pickled with the step.
datatrove is an optional dependency (``pip install 'filterkit[datatrove]'``): this module imports without it,
and ``FilterkitStep()`` then raises an ImportError that names the extra. Nothing else in filterkit imports it.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .classify import favor_weight
from .corpus import _worker_filter
from .document import Document, ErrorRecord, FilterkitError
from .pipeline import _single
from .readers import detect_format, looks_like_html, read_string
from .write import cleaning_summary, render_text

INSTALL_HINT = "pip install 'filterkit[datatrove]'"

try:
    from datatrove.pipeline.base import PipelineStep
    from loguru import logger  # what datatrove logs with (its dependency)
except ImportError as _missing:  # the optional extra: the module still imports, the step says what to install
    _MISSING = f"{type(_missing).__name__}: {_missing}"

    class PipelineStep:  # type: ignore[no-redef]
        """Stands in for datatrove's base class when datatrove is not installed."""

        def __init__(self) -> None:
            raise ImportError(f"FilterkitStep needs datatrove: {INSTALL_HINT} ({_MISSING})")


class FilterkitStep(PipelineStep):
    """Clean ``doc.text`` with filterkit; drop documents left empty (``drop_empty``) and those it cannot clean.

    ``model``, ``keep_embeds``, ``favor`` and ``stable`` are :class:`filterkit.Filter`'s; ``input_format`` is one of
    ``auto``, ``text``, ``html`` or ``wordpress-json``; ``batch_size`` documents go to the classifier at once.
    """

    name = "🧹 filterkit"
    type = "✂️ - FORMAT"

    def __init__(self, model: str | Path | None = None, keep_embeds: bool = False, input_format: str = "auto",
                 drop_empty: bool = True, batch_size: int = 64, favor: str = "balanced", stable: bool = False) -> None:
        super().__init__()
        if input_format not in ("auto", "text", "html", "wordpress-json"):
            raise ValueError(f"input_format must be auto, text, html or wordpress-json, not {input_format!r}")
        if batch_size < 1:
            raise ValueError("batch_size must be at least 1")
        try:
            favor_weight(favor)
        except FilterkitError as error:
            raise ValueError(str(error)) from None
        self.model = str(model) if model is not None else None
        self.keep_embeds = keep_embeds
        self.favor = favor
        self.stable = stable
        self.input_format = input_format
        self.drop_empty = drop_empty
        self.batch_size = batch_size

    def run(self, data: Any, rank: int = 0, world_size: int = 1) -> Iterator[Any]:
        if data is None:
            return
        filter_ = _worker_filter(self.model, favor=self.favor, keep_embeds=self.keep_embeds,
                                 stable=self.stable)  # once per process, on first use
        iterator = iter(data)
        while batch := list(itertools.islice(iterator, self.batch_size)):
            with self.track_time("batch"):
                parsed = [self._parse(doc) for doc in batch]
                cleaned = list(filter_.process(parsed, batch_size=len(parsed)))
            for doc, item in zip(batch, cleaned):
                self.stat_update("total")
                if isinstance(item, ErrorRecord):
                    logger.warning(f"filterkit: {item.error}")
                    self.stat_update("dropped", "dropped_error")
                    continue
                doc.text = render_text(item)
                summary = doc.metadata["filterkit"] = cleaning_summary(item, filter_.name, filter_.options)
                self.stat_update("paragraphs_kept", value=summary["kept"])
                for label, count in summary["dropped"].items():
                    self.stat_update(f"paragraphs_{label}", value=count)
                if not doc.text and self.drop_empty:
                    self.stat_update("dropped", "dropped_empty")
                    continue
                self.stat_update("forwarded")
                self.update_doc_stats(doc)
                yield doc

    def _parse(self, doc: Any) -> Document | ErrorRecord:
        """The datatrove document's text as one filterkit Document, or the error that names it."""
        name = str(doc.id)
        text = doc.text if isinstance(doc.text, str) else ""
        fmt = self.input_format
        if fmt == "auto":  # a document's text is never a JSONL corpus: a JSON object in it is plain text
            fmt = detect_format(text)
            fmt = ("html" if looks_like_html(text) else "text") if fmt == "jsonl" else fmt
        try:
            return _single(list(read_string(text, fmt, name)))
        except FilterkitError as error:
            message = str(error) if str(error).startswith(name) else f"{name}: {error}"
            return ErrorRecord(source=name, id=name, error=message)
