"""Clean on a dask.distributed cluster: one task per input file, each worker reading and writing its own files.

    from filterkit.distributed import clean_on_dask
    summary = clean_on_dask(["scraped/"], "cleaned/", "tcp://scheduler:8786", output_format="jsonl")

The output tree, the error companions in ``.filterkit-errors/`` and the error records are the same as a local
``filterkit clean --output-dir`` run's. A first task on one worker loads (and so verifies) the model, expands
the inputs and names every output, as the local run does, so two inputs that would write the same name get the
same distinct names. Then every input file becomes one task: the worker loads the model once per process, cleans
the file with the local run's own code and writes its output atomically into the output directory. Only its
summary and error records go back to the client, which merges them in input order.

The workers must see the inputs and the output directory at the same paths (a shared file system); relative
paths are made absolute against the client's working directory first. An input file is never split, so a single
large JSONL file runs on one worker: split it into several files to spread it.

dask is an optional dependency (``pip install 'filterkit[dask]'``); nothing else in filterkit imports it or
this module.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import time
from collections import deque
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import IO, Any

from .corpus import SUFFIXES, Run, Summary, _destination, _DirectorySink, _worker_filter, expand_inputs
from .document import ErrorRecord, FilterkitError, one_line
from .readers import DEFAULT_MAX_BYTES
from .write import error_line

INSTALL_HINT = "pip install 'filterkit[dask]'"


def clean_on_dask(inputs: Iterable[str], output_dir: str | Path, scheduler: Any, model: str | Path | None = None,
                  keep_embeds: bool = False, output_format: str = "text", input_format: str = "auto",
                  text_field: str = "text", max_bytes: int = DEFAULT_MAX_BYTES, shard_size: int | None = None,
                  resume: bool = False, glob: str = "*", errors: IO[str] | None = None,
                  on_error: Callable[[ErrorRecord], None] | None = None,
                  on_progress: Callable[[int], None] | None = None, favor: str = "balanced",
                  stable: bool = False) -> Summary:
    """Clean every input into ``output_dir`` on the cluster at ``scheduler`` (an address or a ``Client``).

    The arguments mean what they mean for :class:`filterkit.corpus.Run` and its ``clean``; error records
    are written to ``errors`` and passed to ``on_error`` in input order, as a local run does, and
    ``on_progress`` gets each finished input's record count. Raises :class:`FilterkitError` when dask is
    not installed, the scheduler cannot be reached, an input is standard input, or the model does not load.
    """
    client_class = _client_class()
    inputs = list(inputs)
    if "-" in inputs:
        raise FilterkitError("standard input cannot be cleaned on a dask cluster: give files or directories")
    if output_format not in SUFFIXES:
        raise FilterkitError(f"unknown output format {output_format!r} (choose from {', '.join(SUFFIXES)})")
    inputs = [os.path.abspath(name) for name in inputs]
    directory = os.path.abspath(output_dir)
    model = os.path.abspath(model) if model is not None else None
    options = {"favor": favor, "keep_embeds": keep_embeds, "stable": stable}
    settings = (model, options, output_format, input_format, text_field, max_bytes, shard_size, resume)
    summary = Summary()
    started = time.perf_counter()
    resumed_errors: list[ErrorRecord] = []
    with _connect(client_class, scheduler) as client:
        plan = client.submit(_plan, inputs, glob, directory, settings, pure=False).result()
        futures = deque(client.map(_clean_partition, [path for path, _ in plan],
                                   [destination for _, destination in plan], directory=directory,
                                   settings=settings, pure=False))
        try:
            while futures:
                part, part_errors, part_resumed = futures.popleft().result()
                _merge(summary, part)
                for record in part_errors:
                    if errors is not None:
                        errors.write(error_line(record) + "\n")
                    if on_error is not None:
                        on_error(record)
                resumed_errors += part_resumed
                if on_progress is not None:
                    on_progress(part.documents_in)
        except BaseException:
            client.cancel(list(futures))
            raise
    if errors is not None:  # as a local run: the records of outputs completed before, after this run's
        for record in resumed_errors:
            errors.write(error_line(record) + "\n")
    summary.seconds = time.perf_counter() - started
    return summary


def _client_class() -> Any:
    try:
        from distributed import Client
    except ImportError as error:
        raise FilterkitError(f"cleaning on a dask cluster needs dask.distributed: {INSTALL_HINT} ({error})") from None
    return Client


def _connect(client_class: Any, scheduler: Any) -> contextlib.AbstractContextManager:
    """A client for the scheduler; a Client passed in is used as it is and left open."""
    if isinstance(scheduler, client_class):
        return contextlib.nullcontext(scheduler)
    try:
        return client_class(scheduler)
    except (OSError, TimeoutError, ValueError) as error:
        message = one_line(error, 300)
        raise FilterkitError(f"cannot connect to the dask scheduler at {scheduler} ({message})") from None


def _merge(summary: Summary, part: Summary) -> None:
    summary.documents_in += part.documents_in
    summary.documents_out += part.documents_out
    summary.errors += part.errors
    summary.skipped += part.skipped
    summary.kept += part.kept
    summary.dropped.update(part.dropped)


def _plan(inputs: list[str], glob: str, directory: str, settings: tuple[Any, ...]) -> list[tuple[str, Path]]:
    """On a worker, before any output: load the model, clear a killed run's temporaries, name every output.

    The names come from the local run's own function, in the local run's order, so inputs that would
    write the same name get the same distinct names as they do locally.
    """
    model, options, output_format, _, _, _, _, resume = settings
    _worker_filter(model, **options)  # a missing or mismatched model fails here, before anything is written
    root = Path(directory)
    if resume and root.is_dir():  # what a local run's sink does on --resume; the partitions must not
        for temporary in root.rglob(".*.tmp"):
            temporary.unlink(missing_ok=True)
    taken: set[Path] = set()
    return [(path, _destination(root, relative, SUFFIXES[output_format], taken))
            for path, relative in expand_inputs(inputs, glob)]


class _PartitionSink(_DirectorySink):
    """The local run's directory sink for one input whose output name the plan chose.

    It never clears temporaries on ``resume``: other partitions' outputs are being written beside its own.
    """

    def __init__(self, directory: Path, run: Run, summary: Summary, path: str, destination: Path) -> None:
        super().__init__(directory, dataclasses.replace(run, resume=False), summary)
        self.run = run
        self.destinations[path] = destination


def _clean_partition(path: str, destination: Path, directory: str,
                     settings: tuple[Any, ...]) -> tuple[Summary, list[ErrorRecord], list[ErrorRecord]]:
    """On a worker: clean one input file into its output, as a local run does; its summary and error records."""
    model, options, output_format, input_format, text_field, max_bytes, shard_size, resume = settings
    run = Run(_worker_filter(model, **options), output_format, input_format, text_field, max_bytes, jobs=1,
              shard_size=shard_size, resume=resume)
    summary = Summary()
    started = time.perf_counter()
    sink = _PartitionSink(Path(directory), run, summary, path, destination)
    errors: list[ErrorRecord] = []
    items = sink.items(path, "", run.read(path))  # no relative name is needed: the output is already named
    for _, outcome in run._outcomes((0, item) for item in items):
        summary.add(outcome)
        if outcome.error is not None:
            errors.append(outcome.error)
        sink.write(path, "", outcome)
    sink.close()
    summary.errors += len(sink.resumed_errors)
    summary.seconds = time.perf_counter() - started
    return summary, errors, sink.resumed_errors
