"""The public API: a Filter runs read → segment → classify → write with one loaded model."""

from __future__ import annotations

import gc
import zlib
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .classify import classify, favor_weight
from .document import Document, ErrorRecord, FilterkitError, one_line
from .model import load
from .readers import DEFAULT_MAX_BYTES, decode, read_string
from .segment import segment
from .write import block_text, output_blocks, render, render_text

if TYPE_CHECKING:
    from sklearn.pipeline import Pipeline

# Young objects a batch may hold before the cyclic collector walks them (Python's default is 700).
BATCH_THRESHOLD = 50_000
# A ``stable`` Filter cleans its own text output again up to this many times, until the text stays the same (on
# the noise benchmark's old dev set of 4,842 documents every output was stable after at most two more passes, and
# on its 8,190 documents now none is left that a further pass changes).
STABLE_PASSES = 4


class Filter:
    """A loaded, verified model and the options to apply it; reuse one for many documents.

    ``stable`` cleans to a fixed point: the text output, cleaned again, is the same text (``settle`` says where it
    cannot be). A pass over the plain text sees another document than the first pass did (no markup; the noise
    after a paragraph gone, so that it may end the document), and without ``stable`` it drops a paragraph the first
    pass kept in about 6% of noisy documents.
    """

    def __init__(self, model: str | Path | None = None, keep_embeds: bool = False,
                 max_bytes: int = DEFAULT_MAX_BYTES, favor: str = "balanced", stable: bool = False) -> None:
        favor_weight(favor)  # an unknown setting fails here, not document by document
        self.model, self.card = load(model)
        self.max_bytes = max_bytes
        self.path = str(model) if model is not None else None
        self.keep_embeds = keep_embeds
        self.favor = favor
        self.stable = stable
        self.name = f"{self.card.get('name', 'model')}@{self.card['sha256'][:12]}"

    @property
    def options(self) -> dict[str, Any]:
        """The settings besides the model that change what is kept, recorded beside the model in JSONL output, and
        the keyword arguments a worker process builds its own Filter with."""
        return {"favor": self.favor, "keep_embeds": self.keep_embeds, "stable": self.stable}

    def read(self, document: str | bytes, fmt: str = "auto", name: str = "<string>") -> list[Document | ErrorRecord]:
        """Parse raw input (text or bytes, gzipped or not) into documents, not yet segmented."""
        if isinstance(document, bytes):
            if document[:2] == b"\x1f\x8b":
                try:  # decompressed no further than the limit: a small bomb stays small
                    inflater = zlib.decompressobj(wbits=31)
                    document = inflater.decompress(document, self.max_bytes + 1)
                except zlib.error as error:
                    raise FilterkitError(f"{name}: damaged or truncated gzip data ({error})") from None
            if len(document) > self.max_bytes:
                raise FilterkitError(f"{name}: larger than the {self.max_bytes:,}-byte limit (raise max_bytes)")
            document = decode(document, name)
        elif len(document) > self.max_bytes:
            raise FilterkitError(f"{name}: larger than the {self.max_bytes:,}-byte limit (raise max_bytes)")
        return list(read_string(document, fmt, name))

    def classify(self, document: str | bytes | Document, fmt: str = "auto") -> Document:
        """One document, segmented and labelled."""
        if isinstance(document, Document):
            return self.classify_all([document])[0]
        return self.classify_all([_single(self.read(document, fmt))])[0]

    def classify_all(self, documents: Sequence[Document]) -> Sequence[Document]:
        """Segment and label a batch of documents with one call to the model."""
        with _collector_spared():
            for document in documents:
                segment(document)
            return classify_and_settle(documents, self.model, keep_embeds=self.keep_embeds, favor=self.favor,
                                       stable=self.stable)

    def clean(self, document: str | bytes | Document, fmt: str = "auto", output_format: str = "text") -> str:
        """The document's core text (paragraphs one blank line apart), or markdown/JSONL."""
        return render(self.classify(document, fmt), output_format, self.name, options=self.options)

    def process(self, items: Iterable[Document | ErrorRecord], batch_size: int = 64) -> Iterator[Document | ErrorRecord]:
        """Classify a stream of reader output in batches, passing error records through in order."""
        batch: list[Document | ErrorRecord] = []
        for item in items:
            batch.append(item)
            if len(batch) >= batch_size:
                yield from self._process_batch(batch)
                batch = []
        yield from self._process_batch(batch)

    def _process_batch(self, batch: list[Document | ErrorRecord]) -> list[Document | ErrorRecord]:
        documents = [item for item in batch if isinstance(item, Document)]
        try:
            self.classify_all(documents)
        except Exception:  # noqa: BLE001  # one bad document must not sink its batch: redo them one by one
            return [self._process_one(item) if isinstance(item, Document) else item for item in batch]
        return batch

    def _process_one(self, document: Document) -> Document | ErrorRecord:
        try:
            return self.classify_all([document])[0]
        except Exception as error:  # noqa: BLE001 - reported as an error record naming the document
            message = one_line(error, 300)
            return ErrorRecord(source=document.source, line=document.line, id=document.id,
                               error=f"{document.where}: cannot be cleaned ({type(error).__name__}: {message})")


def classify_and_settle(documents: Sequence[Document], model: Pipeline, keep_embeds: bool = False,
                        favor: str = "balanced", stable: bool = False) -> Sequence[Document]:
    """Label segmented documents as a Filter with these options does: the model and the context pass, then with
    ``stable`` the later passes over the text output (``settle``). The benchmarks' fold models label through it."""
    classify(documents, model, keep_embeds=keep_embeds, favor=favor)
    if stable:
        settle(documents, model, keep_embeds=keep_embeds, favor=favor)
    return documents


def settle(documents: Sequence[Document], model: Pipeline, keep_embeds: bool = False, favor: str = "balanced") -> None:
    """Clean each labelled document's text output again (read, segment and label it as ``Filter.clean`` would)
    until it stays the same, up to STABLE_PASSES times: what a pass over the output drops, the document drops,
    with that pass's label and probabilities (``Filter``'s ``stable``).

    Where no dropping can settle the output, the document is left as the passes before found it: when the output
    reads back as other paragraphs than it kept (format detection takes text quoting markup for HTML, or a JSON
    object for a JSON document) and after STABLE_PASSES passes. With ``keep_embeds`` an embed's lines stay kept, as
    the user asked, though a pass over plain text, where they are no embed, may drop them."""
    pending = [document for document in documents if document.kept]
    for _ in range(STABLE_PASSES):
        if not pending:
            return
        texts = [render_text(document) for document in pending]
        echoes = [_single_or_none(read_string(text, "auto", document.id or "<output>"))
                  for document, text in zip(pending, texts)]
        readable = [echo for echo in echoes if echo is not None]
        for echo in readable:
            segment(echo)
        classify(readable, model, keep_embeds=keep_embeds, favor=favor)
        changed = []
        for document, text, echo in zip(pending, texts, echoes):
            if echo is None or render_text(echo) == text:
                continue
            blocks = [paragraphs for paragraphs, _ in output_blocks(document)]
            if [p.text for p in echo.paragraphs] != list(map(block_text, blocks)):
                continue
            for paragraphs, again in zip(blocks, echo.paragraphs):
                if again.kept:
                    continue
                for paragraph in paragraphs:  # a table row's line drops each of its cells
                    if not (keep_embeds and paragraph.markup.embed):
                        paragraph.label, paragraph.score = again.label, again.score
                        paragraph.probabilities = again.probabilities
            if document.kept:
                changed.append(document)
        pending = changed


@contextmanager
def _collector_spared() -> Iterator[None]:
    """Keep Python's cyclic collector off the objects that outlive a batch while the batch runs.

    A batch allocates hundreds of thousands of small objects, so the collector runs full collections, and each
    walked again the ~100,000 objects of the loaded modules and the model. ``gc.freeze`` sets them aside until
    the batch is done (an HTML pass is 8% faster). The batch's own documents, paragraphs and contexts (up to
    1,300 objects a page) live as long as the batch and are freed by reference counting; at the default
    threshold of 700 the collector walked them again and again (248 collections in a pass over the 108 aeb
    pages, 0.49 ms a page), so the batch runs with a young-generation threshold of BATCH_THRESHOLD and they are
    walked about once, after it (9 collections, 0.32 ms a page).
    A process that froze objects itself (a pre-forking server) is left as it is. Both settings are
    process-wide: threads cleaning at the same time share them, and the first to finish restores them for all
    (the others only run slower).
    """
    if gc.get_freeze_count():
        yield
        return
    thresholds = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(max(thresholds[0], BATCH_THRESHOLD), *thresholds[1:])
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)
        gc.unfreeze()


def _single_or_none(items: Iterable[Document | ErrorRecord]) -> Document | None:
    """The one document that reading an output gave back, or None (an error record, or several documents)."""
    try:
        found = list(items)
    except FilterkitError:
        return None
    return found[0] if len(found) == 1 and isinstance(found[0], Document) else None


def _single(items: list[Document | ErrorRecord]) -> Document:
    if len(items) == 1 and isinstance(items[0], ErrorRecord):
        raise FilterkitError(items[0].error)
    documents = [item for item in items if isinstance(item, Document)]
    if len(items) != 1:
        raise FilterkitError(f"input holds {len(items)} documents; use Filter.process or `filterkit clean` for many")
    return documents[0]


@lru_cache(maxsize=1)
def _default_filter() -> Filter:
    return Filter()


def clean(document: str | bytes, fmt: str = "auto") -> str:
    """Clean one document with the shipped model: its core text, paragraphs one blank line apart."""
    return _default_filter().clean(document, fmt)
