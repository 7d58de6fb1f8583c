"""Many documents: expand inputs, stream them through a Filter, write outputs and error records, count.

Every input record yields exactly one output record or one error record. Outputs go to a temporary
name and are renamed when complete; inputs are only ever opened for reading.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from .document import NOISE_LABELS, Document, ErrorRecord
from .pipeline import Filter
from .readers import DEFAULT_MAX_BYTES, read_path
from .write import atomic_output, error_line, render

DOCUMENT_SEPARATOR = "\n\f\n"  # between documents of a text or markdown stream: a form feed on its own line
SUFFIXES = {"text": ".txt", "markdown": ".md", "jsonl": ".jsonl"}


@dataclass
class Summary:
    """What a run did, for the closing line and for callers."""

    documents_in: int = 0
    documents_out: int = 0
    errors: int = 0
    kept: int = 0
    dropped: Counter = field(default_factory=Counter)
    seconds: float = 0.0

    def add(self, item: Document | ErrorRecord) -> None:
        self.documents_in += 1
        if isinstance(item, ErrorRecord):
            self.errors += 1
            return
        self.documents_out += 1
        self.kept += len(item.kept)
        self.dropped.update(item.dropped_counts())

    def line(self) -> str:
        rate = self.documents_in / self.seconds if self.seconds else 0.0
        dropped = ", ".join(f"{label} {self.dropped.get(label, 0)}" for label in NOISE_LABELS)
        return (f"{self.documents_in} documents in, {self.documents_out} out, {self.errors} errors; "
                f"paragraphs kept {self.kept}, dropped: {dropped}; {rate:.1f} documents/s")


def expand_inputs(inputs: Iterable[str], glob: str = "*") -> Iterator[tuple[str, str]]:
    """(path, path relative to its input root) for every file named or found under a named directory."""
    for name in inputs:
        path = Path(name)
        if name != "-" and path.is_dir():
            for child in sorted(p for p in path.rglob(glob) if p.is_file() and not p.name.startswith(".")):
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

    def items(self, path: str) -> Iterator[Document | ErrorRecord]:
        return self.filter.process(read_path(path, self.input_format, self.text_field, self.max_bytes))

    def render(self, document: Document) -> str:
        return render(document, self.output_format, self.filter.name, self.text_field)

    def clean(self, inputs: Iterable[str], output: IO[str] | None = None, output_dir: str | Path | None = None,
              errors: IO[str] | None = None, glob: str = "*",
              on_error=None) -> Summary:
        """Clean every input into ``output`` (one stream) or ``output_dir`` (one file per input)."""
        summary = Summary()
        started = time.perf_counter()
        first = True
        taken: set[Path] = set()
        for path, relative in expand_inputs(inputs, glob):
            with ExitStack() as stack:
                target = output
                if output_dir is not None:
                    destination = _destination(Path(output_dir), relative, SUFFIXES[self.output_format], taken)
                    target = stack.enter_context(atomic_output(destination))
                    first = True
                for item in self.items(path):
                    summary.add(item)
                    if isinstance(item, ErrorRecord):
                        if errors is not None:
                            errors.write(error_line(item) + "\n")
                        if on_error is not None:
                            on_error(item)
                        continue
                    if target is not None:
                        if not first and self.output_format != "jsonl":
                            target.write(DOCUMENT_SEPARATOR)
                        target.write(self.render(item) + "\n")
                        first = False
        summary.seconds = time.perf_counter() - started
        return summary


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
