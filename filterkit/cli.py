"""The ``filterkit`` command: a thin click layer over the library.

Exit codes: 0 every document cleaned; 1 some documents failed (each reported, the rest written);
2 a usage or setup error (bad option, unreadable model) before any work was done.
"""

from __future__ import annotations

import sys
import time
from contextlib import ExitStack
from pathlib import Path

import click

from . import __version__
from .corpus import Run
from .document import Document, ErrorRecord, FilterkitError
from .pipeline import Filter
from .readers import DEFAULT_MAX_BYTES, FORMATS, read_path
from .write import OUTPUT_FORMATS, atomic_output, explain_lines

EXIT_FAILED_DOCUMENTS = 1
EXIT_SETUP = 2


class SetupError(click.ClickException):
    exit_code = EXIT_SETUP


def _filter(model: str | None, keep_embeds: bool = False) -> Filter:
    try:
        return Filter(model, keep_embeds=keep_embeds)
    except FilterkitError as error:
        raise SetupError(str(error)) from None


def _report(item: ErrorRecord) -> None:
    click.echo(f"filterkit: error: {item.error}", err=True)


model_option = click.option("--model", type=click.Path(dir_okay=False), default=None,
                            help="A model trained with `filterkit train` (default: the shipped model).")
input_format_option = click.option("--input-format", type=click.Choice(FORMATS), default="auto", show_default=True,
                                   help="Override format detection.")
text_field_option = click.option("--text-field", default="text", show_default=True,
                                 help="The JSONL field holding each record's document.")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="filterkit")
def main() -> None:
    """Keep the core text of scraped documents: drop boilerplate, chat-assistant residue and unrelated stories."""


@main.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write everything to this file.")
@click.option("--output-dir", type=click.Path(file_okay=False), help="Write one file per input here.")
@input_format_option
@click.option("--output-format", type=click.Choice(OUTPUT_FORMATS), default="text", show_default=True)
@text_field_option
@model_option
@click.option("--keep-embeds", is_flag=True, help="Keep the text of embedded tweets, posts and videos.")
@click.option("--errors", "errors_path", type=click.Path(dir_okay=False),
              help="Write one JSON error record per failed document here.")
@click.option("--glob", default="*", show_default=True, help="Which files to take from input directories.")
@click.option("--max-bytes", type=click.IntRange(min=1), default=DEFAULT_MAX_BYTES, show_default=True,
              help="Refuse documents larger than this.")
@click.option("--summary/--no-summary", default=None, help="Print a summary line to stderr (default: on a terminal).")
def clean(inputs: tuple[str, ...], output: str | None, output_dir: str | None, input_format: str,
          output_format: str, text_field: str, model: str | None, keep_embeds: bool, errors_path: str | None,
          glob: str, max_bytes: int, summary: bool | None) -> None:
    """Clean INPUT files (text, HTML, WordPress JSON, JSONL, .gz of each; directories; - for stdin)."""
    if output and output_dir:
        raise click.UsageError("give either --output or --output-dir, not both")
    run = Run(_filter(model, keep_embeds), output_format, input_format, text_field, max_bytes)
    with ExitStack() as stack:
        stream = None
        if output:
            stream = stack.enter_context(atomic_output(output))
        elif not output_dir:
            stream = sys.stdout
        errors = stack.enter_context(atomic_output(errors_path)) if errors_path else None
        result = run.clean(inputs, stream, output_dir, errors, glob, on_error=_report)
    if summary or (summary is None and sys.stderr.isatty()):
        click.echo(result.line(), err=True)
    if result.errors:
        sys.exit(EXIT_FAILED_DOCUMENTS)


@main.command()
@click.argument("input_path", metavar="INPUT")
@input_format_option
@text_field_option
@model_option
@click.option("--color/--no-color", default=None, help="Colour the labels (default: when stdout is a terminal).")
def explain(input_path: str, input_format: str, text_field: str, model: str | None, color: bool | None) -> None:
    """Show every paragraph of INPUT with its label and probability."""
    filter_ = _filter(model)
    failed = False
    style = click.style if (color if color is not None else sys.stdout.isatty()) else None
    for item in filter_.process(read_path(input_path, input_format, text_field)):
        if isinstance(item, ErrorRecord):
            _report(item)
            failed = True
            continue
        click.echo(f"== {item.where}" + (f" — {item.title}" if item.title else ""), color=bool(style))
        for line in explain_lines(item, style):
            click.echo(line, color=bool(style))
    if failed:
        sys.exit(EXIT_FAILED_DOCUMENTS)


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


if __name__ == "__main__":
    main()
