"""The ``filterkit`` command: a thin click layer over the library.

Exit codes: 0 every document cleaned; 1 some documents failed (each reported, the rest written);
2 a usage or setup error (bad option, unreadable model) before any work was done.
"""

from __future__ import annotations

import itertools
import json
import logging
import sys
import time
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import click

from . import __version__
from .classify import FAVOR
from .corpus import Run, expand_inputs
from .document import BOILERPLATE, CHAT_UI, CONTENT, OFF_TOPIC, Document, ErrorRecord, FilterkitError, one_line
from .examples import load_examples, to_record
from .pipeline import Filter
from .readers import DEFAULT_MAX_BYTES, FORMATS, read_path
from .write import LABEL_COLOURS, OUTPUT_FORMATS, atomic_output, explain_lines, render_review

EXIT_FAILED_DOCUMENTS = 1
EXIT_SETUP = 2


class SetupError(click.ClickException):
    exit_code = EXIT_SETUP


def _filter(model: str | None, keep_embeds: bool = False, favor: str = "balanced", stable: bool = False) -> Filter:
    try:
        return Filter(model, keep_embeds=keep_embeds, favor=favor, stable=stable)
    except FilterkitError as error:
        raise SetupError(str(error)) from None


def _report(item: ErrorRecord) -> None:
    click.echo(f"filterkit: error: {one_line(item.error, None)}", err=True)  # whatever the name holds, never cut


model_option = click.option("--model", type=click.Path(dir_okay=False), default=None,
                            help="A model trained with `filterkit train` (default: the shipped model).")
input_format_option = click.option("--input-format", type=click.Choice(FORMATS), default="auto", show_default=True,
                                   help="Override format detection.")
favor_option = click.option(
    "--favor", type=click.Choice(list(FAVOR)), default="balanced", show_default=True,
    help="When in doubt, drop (precision: for training corpora) or keep (recall: for search indexes).")
stable_option = click.option(
    "--stable", is_flag=True,
    help="Clean to a fixed point: the text output, cleaned again, stays the same (at a cost: see the README).")
text_field_option = click.option("--text-field", default="text", show_default=True,
                                 help="The JSONL field holding each record's document.")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="filterkit")
def main() -> None:
    """Keep the core text of scraped documents: drop boilerplate, chat-assistant residue and unrelated stories."""
    # warcio logs each URI it mends ("Replacing spaces in invalid WARC-Target-URI: …") through Python's last-resort
    # handler, a line on stderr per record amid the summary; what a damaged archive loses is an error record already.
    logging.getLogger("warcio").setLevel(logging.ERROR)


@main.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write everything to this file.")
@click.option("--output-dir", type=click.Path(file_okay=False), help="Write one file per input here.")
@input_format_option
@click.option("--output-format", type=click.Choice(OUTPUT_FORMATS), default="text", show_default=True)
@text_field_option
@model_option
@click.option("--keep-embeds", is_flag=True, help="Keep the text of embedded tweets, posts and videos.")
@favor_option
@stable_option
@click.option("--errors", "errors_path", type=click.Path(dir_okay=False),
              help="Write one JSON error record per failed document here.")
@click.option("--glob", default="*", show_default=True, help="Which files to take from input directories.")
@click.option("--max-bytes", type=click.IntRange(min=1), default=DEFAULT_MAX_BYTES, show_default=True,
              help="Refuse documents larger than this.")
@click.option("--jobs", type=click.IntRange(min=1), default=1, show_default=True,
              help="Worker processes (joblib); output order is kept.")
@click.option("--shard-size", type=click.IntRange(min=1), default=None,
              help="With --output-dir: split each input's output into shards of this many records.")
@click.option("--resume", is_flag=True, help="With --output-dir: skip outputs a previous run completed.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar and no summary on stderr.")
@click.option("--dask-scheduler", metavar="ADDRESS", default=None,
              help="With --output-dir: clean on this dask.distributed cluster, one task per input file "
                   "(pip install 'filterkit[dask]').")
def clean(inputs: tuple[str, ...], output: str | None, output_dir: str | None, input_format: str,
          output_format: str, text_field: str, model: str | None, keep_embeds: bool, favor: str, stable: bool,
          errors_path: str | None, glob: str, max_bytes: int, jobs: int, shard_size: int | None, resume: bool,
          quiet: bool, dask_scheduler: str | None) -> None:
    """Clean INPUT files (text, HTML, WordPress JSON, JSONL, .gz of each; directories; - for stdin)."""
    if output and output_dir:
        raise click.UsageError("give either --output or --output-dir, not both")
    if (shard_size or resume) and not output_dir:
        raise click.UsageError("--shard-size and --resume need --output-dir")
    if dask_scheduler and (not output_dir or "-" in inputs):
        raise click.UsageError("--dask-scheduler needs --output-dir, and files or directories (not -)")
    if dask_scheduler and jobs > 1:
        raise click.UsageError("give either --dask-scheduler or --jobs, not both")
    filter_ = None if dask_scheduler else _filter(model, keep_embeds, favor, stable)
    run = None if filter_ is None else Run(filter_, output_format, input_format, text_field, max_bytes, jobs=jobs,
                                           shard_size=shard_size, resume=resume)
    with ExitStack() as stack:
        stream = None
        if output:
            stream = stack.enter_context(atomic_output(output))
        elif not output_dir:
            stream = sys.stdout
        errors = stack.enter_context(atomic_output(errors_path)) if errors_path else None
        bar = stack.enter_context(click.progressbar(itertools.count(), label="cleaning", show_pos=True,
                                                    file=sys.stderr, hidden=quiet or not sys.stderr.isatty()))
        if run is None:
            from .distributed import clean_on_dask  # dask is an optional extra, imported only here

            try:
                result = clean_on_dask(inputs, output_dir, dask_scheduler, model, keep_embeds, output_format,
                                       input_format, text_field, max_bytes, shard_size, resume, glob, errors,
                                       on_error=_report, on_progress=bar.update, favor=favor, stable=stable)
            except FilterkitError as error:
                raise SetupError(str(error)) from None
        else:
            result = run.clean(inputs, stream, output_dir, errors, glob, on_error=_report, on_progress=bar.update)
    if not quiet:
        click.echo(result.line(), err=True)
    if result.errors:
        sys.exit(EXIT_FAILED_DOCUMENTS)


@main.command()
@click.argument("input_path", metavar="INPUT")
@input_format_option
@text_field_option
@model_option
@favor_option
@stable_option
@click.option("--color/--no-color", default=None, help="Colour the labels (default: when stdout is a terminal).")
def explain(input_path: str, input_format: str, text_field: str, model: str | None, favor: str, stable: bool,
            color: bool | None) -> None:
    """Show every paragraph of INPUT with its label and probability."""
    style = click.style if (color if color is not None else sys.stdout.isatty()) else None
    for document in _documents(_filter(model, favor=favor, stable=stable), (input_path,), input_format, text_field):
        click.echo(f"== {document.where}" + (f" — {document.title}" if document.title else ""), color=bool(style))
        for line in explain_lines(document, style):
            click.echo(line, color=bool(style))
    _exit_if_failed()


@main.command()
@click.argument("data", nargs=-1, required=True, type=click.Path(exists=True))
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False),
              help="Where to write the model (.joblib, or .skops for models you exchange); the card goes beside it.")
@click.option("--base", type=click.Choice(["shipped", "none"]), default="shipped", show_default=True,
              help="Add your examples to the shipped training data, or train on yours alone.")
@click.option("--folds", type=click.IntRange(min=0), default=5, show_default=True,
              help="Cross-validation folds, grouped by document (0 skips cross-validation).")
@click.option("--jobs", type=int, default=1, show_default=True, help="Parallel cross-validation fits.")
def train(data: tuple[str, ...], output: str, base: str, folds: int, jobs: int) -> None:
    """Train a model on labelled examples (JSONL files, directories of them, or page directories)."""
    from .training import train_model  # the training stack is not needed to clean

    started = time.perf_counter()
    try:
        card, report = train_model(data, output, base=base, folds=folds, n_jobs=jobs)
    except FilterkitError as error:
        raise SetupError(str(error)) from None
    for line in report:
        click.echo(line, err=True)
    click.echo(f"wrote {output} (sha256 {card['sha256'][:12]}) in {time.perf_counter() - started:.0f}s", err=True)


def _documents(filter_: Filter, inputs: tuple[str, ...], input_format: str, text_field: str) -> Iterator[Document]:
    """Classified documents from the inputs; failures are reported and counted on the click context."""
    context = click.get_current_context()
    for path, _ in expand_inputs(inputs):
        for item in filter_.process(read_path(path, input_format, text_field)):
            if isinstance(item, ErrorRecord):
                _report(item)
                context.meta["filterkit.failed"] = True
            else:
                yield item


def _exit_if_failed() -> None:
    if click.get_current_context().meta.get("filterkit.failed"):
        sys.exit(EXIT_FAILED_DOCUMENTS)


@main.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False), help="The labels file (JSONL).")
@click.option("--interactive", is_flag=True, help="Walk the paragraphs in the terminal and correct the labels.")
@input_format_option
@text_field_option
@model_option
def label(inputs: tuple[str, ...], output: str, interactive: bool, input_format: str, text_field: str,
          model: str | None) -> None:
    """Write the model's labels for INPUT documents as labelled examples, for you to correct and train on.

    With --interactive, each finished document is appended to OUTPUT at once, and documents already
    in OUTPUT are skipped: stop at any time and run the same command again to go on.
    """
    filter_ = _filter(model)
    documents = _documents(filter_, inputs, input_format, text_field)
    if not interactive:
        with atomic_output(output) as handle:
            for document in documents:
                handle.write(json.dumps(to_record(document), ensure_ascii=False) + "\n")
        _exit_if_failed()
        return
    done = _labelled_ids(Path(output))
    for document in documents:
        if document.id in done:
            continue
        if not _label_interactively(document):
            click.echo(f"saved; {document.where} was not finished and will be offered again")
            return
        with open(output, "a", encoding="utf-8") as handle:
            handle.write(json.dumps(to_record(document), ensure_ascii=False) + "\n")
        done.add(document.id)
    click.echo(f"all documents labelled; examples are in {output}")
    _exit_if_failed()


LABEL_KEYS = {"c": CONTENT, "b": BOILERPLATE, "u": CHAT_UI, "o": OFF_TOPIC}
LABEL_HELP = "[enter] accept  [c]ontent [b]oilerplate chat_[u]i [o]ff_topic  [k] back  [s] save and quit"


def _labelled_ids(path: Path) -> set[str]:
    if not path.exists():
        return set()
    ids = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            ids.add(str(json.loads(line)["id"]))
        except (ValueError, KeyError, TypeError):
            continue
    return ids


def _label_interactively(document: Document) -> bool:
    """Walk one document's paragraphs; False when the user saves and quits before the end."""
    paragraphs = document.paragraphs
    i = 0
    while i < len(paragraphs):
        paragraph = paragraphs[i]
        click.clear()
        click.echo(f"{document.where}  paragraph {i + 1}/{len(paragraphs)}")
        if i:
            click.echo(click.style(f"  before [{paragraphs[i - 1].label}] {paragraphs[i - 1].text[:200]}", dim=True))
        click.echo(click.style(f"> [{paragraph.label} {paragraph.score or 0:.2f}] ", bold=True,
                               fg=LABEL_COLOURS.get(paragraph.label or "", "white")) + paragraph.text)
        if i + 1 < len(paragraphs):
            click.echo(click.style(f"  after  [{paragraphs[i + 1].label}] {paragraphs[i + 1].text[:200]}", dim=True))
        click.echo(LABEL_HELP)
        key = click.getchar().lower()
        if key in ("\r", "\n", "a", " "):
            i += 1
        elif key in LABEL_KEYS:
            paragraph.label = LABEL_KEYS[key]
            i += 1
        elif key == "k":
            i = max(0, i - 1)
        elif key in ("s", "q"):
            return False
    return True


@main.command()
@click.argument("input_path", metavar="INPUT")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False), help="The HTML report to write.")
@input_format_option
@text_field_option
@model_option
@favor_option
@stable_option
def review(input_path: str, output: str, input_format: str, text_field: str, model: str | None, favor: str,
           stable: bool) -> None:
    """Write a self-contained HTML page showing every paragraph of INPUT coloured by its label."""
    filter_ = _filter(model, favor=favor, stable=stable)
    documents = list(_documents(filter_, (input_path,), input_format, text_field))
    with atomic_output(output) as handle:
        handle.write(render_review(documents, filter_.name))
    click.echo(f"wrote {output}: {sum(len(d.paragraphs) for d in documents)} paragraphs", err=True)
    _exit_if_failed()


@main.command()
@click.argument("data", nargs=-1, required=True, type=click.Path(exists=True))
@model_option
def evaluate(data: tuple[str, ...], model: str | None) -> None:
    """Score a model on labelled examples: per-label precision/recall/F1, confusion, shingle F1 of the text."""
    from .training import evaluate as evaluate_examples, format_confusion, format_metrics

    filter_ = _filter(model)
    try:
        examples = list(load_examples(data))
        report = evaluate_examples(examples, filter_.model)
    except FilterkitError as error:
        raise SetupError(str(error)) from None
    click.echo(f"{filter_.name} on {report['documents']} documents")
    for line in format_metrics(report) + format_confusion(report):
        click.echo(line)
    shingle = report["shingle"]
    click.echo(f"shingle (4-word) of cleaned vs expected text: precision {shingle['precision']:.3f} "
               f"recall {shingle['recall']:.3f} F1 {shingle['f1']:.3f}")


if __name__ == "__main__":
    main()
