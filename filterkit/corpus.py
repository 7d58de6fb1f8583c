"""Many documents: expand inputs, stream them through a Filter (in parallel), write outputs and error records.

Every input record yields exactly one output record or one error record. Readers stream, documents
travel in batches (to joblib workers with ``jobs`` > 1, results coming back in input order), and only a
bounded number of batches is in flight, so memory stays flat however large the corpus. A batch is one call
of the model, which costs ~10 ms whatever its size: short documents go many to a batch, while a few large
pages fill one (so that parallel workers also get enough batches to share the work evenly).

With an output directory each input gets its own output file (or JSONL shards of ``shard_size`` records).
Every output is written to a temporary name and renamed when complete, with its error records beside
it, so ``resume`` can skip whatever a killed run completed and the result equals an uninterrupted run.
"""

from __future__ import annotations

import itertools
import json
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import IO, Any

from joblib import Parallel, delayed

from .document import NOISE_LABELS, Document, ErrorRecord
from .pipeline import Filter
from .readers import DEFAULT_MAX_BYTES, read_path
from .write import atomic_output, error_line, render

DOCUMENT_SEPARATOR = "\n\f\n"  # between documents of a text or markdown stream: a form feed on its own line
SUFFIXES = {"text": ".txt", "markdown": ".md", "jsonl": ".jsonl"}
ERRORS_DIR = ".filterkit-errors"  # per-output error records inside an output directory, for --resume


@dataclass
class Outcome:
    """One input record after cleaning: its rendered output, or its error; small enough to send between processes."""

    output: str | None
    error: ErrorRecord | None = None
    kept: int = 0
    dropped: dict[str, int] = field(default_factory=dict)


@dataclass
class Summary:
    """What a run did, for the closing line and for callers."""

    documents_in: int = 0
    documents_out: int = 0
    errors: int = 0
    skipped: int = 0
    kept: int = 0
    dropped: Counter = field(default_factory=Counter)
    seconds: float = 0.0

    def add(self, outcome: Outcome) -> None:
        self.documents_in += 1
        if outcome.error is not None:
            self.errors += 1
            return
        self.documents_out += 1
        self.kept += outcome.kept
        self.dropped.update(outcome.dropped)

    def line(self) -> str:
        rate = self.documents_in / self.seconds if self.seconds else 0.0
        dropped = ", ".join(f"{label} {self.dropped.get(label, 0)}" for label in NOISE_LABELS)
        resumed = f" ({self.skipped} outputs already complete, skipped)" if self.skipped else ""
        return (f"{self.documents_in} documents in, {self.documents_out} out, {self.errors} errors{resumed}; "
                f"paragraphs kept {self.kept}, dropped: {dropped}; {rate:.1f} documents/s")


def expand_inputs(inputs: Iterable[str], glob: str = "*") -> Iterator[tuple[str, str]]:
    """(path, path relative to its input root) for every file named or found under a named directory."""
    for name in inputs:
        path = Path(name)
        if name != "-" and path.is_dir():
            for child in sorted(p for p in path.rglob(glob)  # a broken link is reported, not skipped
                                if (p.is_file() or p.is_symlink()) and not p.name.startswith(".")):
                yield str(child), str(child.relative_to(path))
        else:
            yield name, path.name if name != "-" else "stdin"


@dataclass
class Run:
    """One cleaning run's settings; ``clean`` does the work."""

    filter: Filter
    output_format: str = "text"
    input_format: str = "auto"
    text_field: str = "text"
    max_bytes: int = DEFAULT_MAX_BYTES
    jobs: int = 1
    batch_size: int = 256  # documents at most in a batch ...
    batch_chars: int = 1 << 21  # ... closed early once their bodies hold this many characters
    shard_size: int | None = None
    resume: bool = False

    def clean(self, inputs: Iterable[str], output: IO[str] | None = None, output_dir: str | Path | None = None,
              errors: IO[str] | None = None, glob: str = "*", on_error: Callable[[ErrorRecord], None] | None = None,
              on_progress: Callable[[int], None] | None = None) -> Summary:
        """Clean every input into ``output`` (one stream) or ``output_dir`` (one file or shard set per input)."""
        summary = Summary()
        started = time.perf_counter()
        sink = (_DirectorySink(Path(output_dir), self, summary) if output_dir is not None
                else _StreamSink(output, self.output_format))
        units = list(expand_inputs(inputs, glob))
        tagged = ((k, item) for k, (path, _) in enumerate(units)
                  for item in sink.items(path, units[k][1], self.read(path)))
        for k, outcome in self._outcomes(tagged):
            summary.add(outcome)
            if outcome.error is not None:
                if errors is not None:
                    errors.write(error_line(outcome.error) + "\n")
                if on_error is not None:
                    on_error(outcome.error)
            sink.write(units[k][0], units[k][1], outcome)
            if on_progress is not None:
                on_progress(1)
        sink.close()
        summary.errors += len(sink.resumed_errors)
        if errors is not None:
            for record in sink.resumed_errors:
                errors.write(error_line(record) + "\n")
        summary.seconds = time.perf_counter() - started
        return summary

    def read(self, path: str) -> Iterator[Document | ErrorRecord]:
        return read_path(path, self.input_format, self.text_field, self.max_bytes)

    def _outcomes(self, tagged: Iterator[tuple[int, Document | ErrorRecord]]) -> Iterator[tuple[int, Outcome]]:
        """Outcomes in input order: in this process, or from ``jobs`` joblib workers a batch at a time."""
        batches = _batched(tagged, self.batch_size, self.batch_chars)
        settings = (self.filter.path, self.filter.options, self.output_format, self.text_field)
        if self.jobs == 1:
            results: Iterable[list[tuple[int, Outcome]]] = (clean_batch(batch, settings, self.filter)
                                                           for batch in batches)
        else:
            results = Parallel(n_jobs=self.jobs, return_as="generator", batch_size=1, pre_dispatch="2*n_jobs")(
                delayed(clean_batch)(batch, settings) for batch in batches)
        for batch in results:
            yield from batch


def _batched(items: Iterator[tuple[int, Document | ErrorRecord]], size: int, chars: int) -> Iterator[list]:
    """Runs of at most ``size`` items, each closed early once its documents' bodies hold ``chars`` characters."""
    batch: list[tuple[int, Document | ErrorRecord]] = []
    held = 0
    for item in items:
        batch.append(item)
        held += len(item[1].body) if isinstance(item[1], Document) else 0
        if len(batch) >= size or held >= chars:
            yield batch
            batch, held = [], 0
    if batch:
        yield batch


@lru_cache(maxsize=2)
def _worker_filter(model: str | None, **options: Any) -> Filter:
    """Each worker process loads (and verifies) the model once; ``options`` are ``Filter``'s (``Filter.options``)."""
    return Filter(model, **options)


def clean_batch(batch: list[tuple[int, Document | ErrorRecord]], settings: tuple[Any, ...],
                filter_: Filter | None = None) -> list[tuple[int, Outcome]]:
    """Classify and render one batch; error records pass through in place. Runs in a worker when jobs > 1."""
    model, options, output_format, text_field = settings
    filter_ = filter_ or _worker_filter(model, **options)
    processed = filter_.process((item for _, item in batch), batch_size=len(batch) or 1)
    outcomes = []
    for (k, _), item in zip(batch, processed):
        if isinstance(item, ErrorRecord):
            outcomes.append((k, Outcome(output=None, error=item)))
        else:
            output = render(item, output_format, filter_.name, text_field, filter_.options)
            outcomes.append((k, Outcome(output=output, kept=len(item.kept), dropped=item.dropped_counts())))
    return outcomes


class _StreamSink:
    """Everything into one stream (stdout or an atomically written file)."""

    def __init__(self, stream: IO[str] | None, output_format: str) -> None:
        self.stream = stream
        self.output_format = output_format
        self.first = True
        self.resumed_errors: list[ErrorRecord] = []

    def items(self, path: str, relative: str, items: Iterator) -> Iterator:
        return items

    def write(self, path: str, relative: str, outcome: Outcome) -> None:
        if self.stream is None or outcome.output is None:
            return
        if not self.first and self.output_format != "jsonl":
            self.stream.write(DOCUMENT_SEPARATOR)
        self.stream.write(outcome.output + "\n")
        self.first = False

    def close(self) -> None:
        pass


class _DirectorySink:
    """One output file per input (or JSONL shards), each atomic, each with its error records beside it."""

    def __init__(self, directory: Path, run: Run, summary: Summary) -> None:
        self.directory = directory
        self.run = run
        self.summary = summary
        self.taken: set[Path] = set()
        self.destinations: dict[str, Path] = {}
        self.current: tuple[Path, Any, Any, list[ErrorRecord]] | None = None  # (destination, context, handle, errors)
        self.records: Counter = Counter()  # per input: records already in complete shards, then those written
        self.resumed_errors: list[ErrorRecord] = []
        if run.resume and directory.is_dir():  # a killed run's unfinished outputs
            for temporary in directory.rglob(".*.tmp"):
                temporary.unlink()

    def destination(self, path: str, relative: str) -> Path:
        if path not in self.destinations:
            self.destinations[path] = _destination(self.directory, relative, SUFFIXES[self.run.output_format],
                                                   self.taken)
        return self.destinations[path]

    def shard(self, base: Path, number: int) -> Path:
        return base.with_name(f"{base.stem}.part-{number:05d}{base.suffix}")

    def items(self, path: str, relative: str, items: Iterator) -> Iterator:
        """The input's records still to do: none if its output is complete, or those after its complete shards."""
        base = self.destination(path, relative)
        if not self.run.resume:
            return items
        if not self.run.shard_size:
            if base.exists():
                self.summary.skipped += 1
                self.resumed_errors += _read_errors(self.errors_path(base))
                return iter(())
            return items
        done = 0
        while self.shard(base, done).exists():
            self.resumed_errors += _read_errors(self.errors_path(self.shard(base, done)))
            done += 1
        self.summary.skipped += done
        self.records[path] = done * self.run.shard_size
        return itertools.islice(items, self.records[path], None)

    def errors_path(self, destination: Path) -> Path:
        return self.directory / ERRORS_DIR / destination.relative_to(self.directory).with_suffix(".errors.jsonl")

    def write(self, path: str, relative: str, outcome: Outcome) -> None:
        base = self.destination(path, relative)
        target = self.shard(base, self.records[path] // self.run.shard_size) if self.run.shard_size else base
        if self.current is None or self.current[0] != target:
            self._finish()
            context = atomic_output(target)
            self.current = (target, context, context.__enter__(), [])
        _, _, handle, errors = self.current
        self.records[path] += 1
        if outcome.error is not None:
            errors.append(outcome.error)
            return
        if handle.tell() and self.run.output_format != "jsonl":
            handle.write(DOCUMENT_SEPARATOR)
        handle.write(outcome.output + "\n")

    def _finish(self) -> None:
        """Complete the open output: its error records first, then the output's rename marks it done."""
        if self.current is None:
            return
        target, context, _, errors = self.current
        errors_path = self.errors_path(target)
        if errors:
            with atomic_output(errors_path) as handle:
                handle.writelines(error_line(e) + "\n" for e in errors)
        elif errors_path.exists():
            errors_path.unlink()
        context.__exit__(None, None, None)
        self.current = None

    def close(self) -> None:
        self._finish()


def _read_errors(path: Path) -> list[ErrorRecord]:
    if not path.exists():
        return []
    return [ErrorRecord(**json.loads(line)) for line in path.read_text(encoding="utf-8").splitlines() if line]


def _destination(output_dir: Path, relative: str, suffix: str, taken: set[Path]) -> Path:
    """The output file mirroring an input: its suffix replaced, or kept when another input took that name."""
    relative_path = Path(relative.removesuffix(".gz"))
    destination = output_dir / relative_path.with_suffix(suffix)
    if destination in taken:
        destination = output_dir / relative_path.with_name(relative_path.name + suffix)
    n = 1
    while destination in taken:
        n += 1
        destination = output_dir / relative_path.with_name(f"{relative_path.name}.{n}{suffix}")
    taken.add(destination)
    return destination
