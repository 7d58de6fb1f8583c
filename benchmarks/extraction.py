"""Article-extraction benchmark: filterkit (site-grouped cross-validation) against trafilatura and jusText.

    python benchmarks/extraction.py --pages ../shared/data/aeb-train [--folds 5] [--training training/examples]
                                    [--json results.json] [--jobs 2] [--explain DIR] [--worst 10]

``--pages`` is a page directory as in the article-extraction benchmark: ``html/<key>.html.gz`` and
``ground-truth.json`` = ``{key: {"articleBody": ..., "url": ...}}``.

The metric is the benchmark's own: per page, precision and recall of the extracted text's 4-word shingles
against the true body's (as multisets, ``filterkit.examples.shingle_scores``); precision and recall are
averaged over pages, and F1 is the harmonic mean of those two averages. As in the benchmark's evaluate.py,
precision is averaged only over pages where the system extracted something (an empty extraction scores
recall 0 and has no precision), and recall only over pages whose true body is not empty.

shingle_scores lowercases words; evaluate.py does not (its ``re.IGNORECASE`` does nothing to ``\w+``). The
case-sensitive figure, computed here as evaluate.py does, is printed beside the table as a check.

With 108 pages, one system's lead over another can be luck of which pages are in the directory. Beside the
table, 95% intervals of each F1 and of filterkit's F1 minus each other system's come from a paired bootstrap
that draws whole sites with replacement (``site_bootstrap``).

filterkit is measured on pages it was not trained on, and on no page of a site it was trained on: the pages
are grouped by site (the url's host without "www."), split with GroupKFold, and each fold's pages are cleaned
by a model fitted on ``--training`` (the project's composed documents) plus the pages of the other folds.
trafilatura and jusText run with their default settings on the same pages, in the same run. The true bodies
keep the text of embedded posts (a quoted tweet and its "— Name (@handle)" line), which filterkit drops by
default; more filterkit rows clean with the same fold models and ``--keep-embeds``, ``--favor precision`` or
``--favor recall`` (not timed).

docs/s counts extraction only, from the decoded HTML string to the text: for filterkit read → segment →
classify (the fold's model) → write, one page at a time as ``Filter.clean`` does; model fitting and the
loading of the labelled examples are not counted. Every system is timed after all the fold models are
fitted, so no timing shares the machine with a fit.

The fold models are fitted ``--jobs`` at a time in worker processes (``filterkit.model.fit`` trains on one
OpenMP thread, so parallel folds are what uses a second core).
"""

from __future__ import annotations

import argparse
import datetime as _dt
import gzip
import json
import os
import platform
import random
import re
import sys
import time
from pathlib import Path
from collections import Counter
from statistics import mean
from typing import Any, Callable
from urllib.parse import urlparse

from joblib import Parallel, delayed
from sklearn.model_selection import GroupKFold

from filterkit.classify import classify
from filterkit.document import BOILERPLATE, CONTENT, Document
from filterkit.examples import Example, load_examples, shingle_scores
from filterkit.model import fit
from filterkit.pipeline import classify_and_settle
from filterkit.readers import decode, read_string
from filterkit.segment import segment
from filterkit.training import flatten
from filterkit.write import render_text

ROOT = Path(__file__).resolve().parent.parent

# ISO 639-1 codes (from <html lang>) → jusText's stoplist names; anything else falls back to English.
JUSTEXT_LANGUAGES = {
    "af": "Afrikaans", "sq": "Albanian", "ar": "Arabic", "an": "Aragonese", "hy": "Armenian", "ast": "Asturian",
    "az": "Azerbaijani", "eu": "Basque", "be": "Belarusian", "bn": "Bengali", "bs": "Bosnian", "br": "Breton",
    "bg": "Bulgarian", "ca": "Catalan", "ceb": "Cebuano", "cv": "Chuvash", "hr": "Croatian", "cs": "Czech",
    "da": "Danish", "nl": "Dutch", "en": "English", "eo": "Esperanto", "et": "Estonian", "fi": "Finnish",
    "fr": "French", "gl": "Galician", "ka": "Georgian", "de": "German", "el": "Greek", "gu": "Gujarati",
    "ht": "Haitian", "he": "Hebrew", "iw": "Hebrew", "hi": "Hindi", "hu": "Hungarian", "is": "Icelandic",
    "io": "Ido", "ig": "Igbo", "id": "Indonesian", "in": "Indonesian", "ga": "Irish", "it": "Italian",
    "jv": "Javanese", "kn": "Kannada", "kk": "Kazakh", "ko": "Korean", "ku": "Kurdish", "ky": "Kyrgyz",
    "la": "Latin", "lv": "Latvian", "lt": "Lithuanian", "lmo": "Lombard", "nds": "Low_Saxon", "lb": "Luxembourgish",
    "mk": "Macedonian", "ms": "Malay", "ml": "Malayalam", "mt": "Maltese", "mr": "Marathi", "nap": "Neapolitan",
    "ne": "Nepali", "new": "Newar", "nb": "Norwegian_Bokmal", "no": "Norwegian_Bokmal", "nn": "Norwegian_Nynorsk",
    "oc": "Occitan", "fa": "Persian", "pms": "Piedmontese", "pl": "Polish", "pt": "Portuguese", "qu": "Quechua",
    "ro": "Romanian", "ru": "Russian", "sgs": "Samogitian", "sr": "Serbian", "sh": "Serbo_Croatian",
    "scn": "Sicilian", "sk": "Slovak", "sl": "Slovenian", "es": "Spanish", "su": "Sundanese", "sw": "Swahili",
    "sv": "Swedish", "tl": "Tagalog", "ta": "Tamil", "te": "Telugu", "tr": "Turkish", "tk": "Turkmen",
    "uk": "Ukrainian", "ur": "Urdu", "uz": "Uzbek", "vi": "Vietnamese", "vo": "Volapuk", "wa": "Walloon",
    "war": "Waray_Waray", "cy": "Welsh", "fy": "West_Frisian", "pnb": "Western_Panjabi", "yo": "Yoruba",
}
_HTML_LANG = re.compile(r"""<html\b[^>]*?\blang\s*=\s*["']?\s*([A-Za-z]{2,3})(?![A-Za-z])""", re.I)


def page_language(html: str) -> str | None:
    """The primary language subtag of the page's ``<html lang>``, lowercased (None when absent)."""
    match = _HTML_LANG.search(html[:100_000])
    return match.group(1).lower() if match else None


def site_of(url: str, key: str) -> str:
    return urlparse(url).netloc.lower().removeprefix("www.") or key


# ---- the pages --------------------------------------------------------------------------------------------

def load_pages(directory: Path) -> list[dict[str, Any]]:
    """Every page that has both its HTML and a ground-truth body, in key order."""
    truth = json.loads((directory / "ground-truth.json").read_text(encoding="utf-8"))
    pages = []
    for key in sorted(truth):
        path = directory / "html" / f"{key}.html.gz"
        if not path.is_file():
            continue
        html = decode(gzip.decompress(path.read_bytes()), str(path))
        url = truth[key].get("url", "")
        pages.append({"key": key, "url": url, "site": site_of(url, key), "html": html,
                      "expected": truth[key]["articleBody"], "language": page_language(html)})
    return pages


# ---- the systems ------------------------------------------------------------------------------------------

def filterkit_clean(html: str, model) -> str:
    """What ``Filter.clean`` does, with a given (fold) model: read → segment → classify → write."""
    documents = [d for d in read_string(html, "html") if isinstance(d, Document)]
    document = segment(documents[0])
    classify([document], model)
    return render_text(document)


def trafilatura_extractor() -> Callable[[dict], str]:
    import trafilatura

    def extract(page: dict) -> str:
        return trafilatura.extract(page["html"], include_comments=False, include_tables=True) or ""
    return extract


def justext_extractor() -> Callable[[dict], str]:
    import justext

    available = set(justext.get_stoplists())
    # jusText 3 spells it get_stoplist; get_stopwords is the name some guides use.
    get_stoplist = getattr(justext, "get_stoplist", None) or getattr(justext, "get_stopwords")
    stoplists: dict[str, frozenset] = {}

    def extract(page: dict) -> str:
        language = JUSTEXT_LANGUAGES.get(page["language"] or "", "English")
        language = language if language in available else "English"
        if language not in stoplists:
            stoplists[language] = get_stoplist(language)
        paragraphs = justext.justext(page["html"], stoplists[language])
        return "\n\n".join(p.text for p in paragraphs if not p.is_boilerplate)
    return extract


def run_baseline(name: str, factory: Callable[[], Callable[[dict], str]], pages: list[dict],
                 rows: dict[str, dict], log) -> dict[str, Any]:
    """Run one baseline over every page, timing extraction only; a system that cannot load is reported."""
    try:
        extract = factory()
    except Exception as error:  # noqa: BLE001 - e.g. jusText without lxml_html_clean on lxml >= 5.2
        log(f"{name}: unavailable ({type(error).__name__}: {error})")
        return {"error": f"{type(error).__name__}: {error}"}
    seconds = 0.0
    failures = 0
    for page in pages:
        start = time.perf_counter()
        try:
            text = extract(page)
        except Exception as error:  # noqa: BLE001 - a page the system fails on scores as empty output
            text = ""
            failures += 1
            if failures <= 3:
                log(f"{name}: {page['key']}: {type(error).__name__}: {error}")
        elapsed = time.perf_counter() - start
        seconds += elapsed
        rows[page["key"]][name] = score_row(text, page["expected"], elapsed)
    log(f"{name}: {len(pages)} pages in {seconds:.1f} s, {failures} failed")
    if failures == len(pages):
        for row in rows.values():
            row.pop(name, None)
        return {"error": f"failed on every page ({failures})"}
    return {"seconds": seconds, "failures": failures}


_TOKEN = re.compile(r"\w+")


def exact_shingle_counts(predicted: str, expected: str) -> tuple[int, int, int]:
    """True positives, false positives and false negatives as evaluate.py counts them (case-sensitive)."""
    def shingles(text: str) -> Counter:
        tokens = _TOKEN.findall(text or "")
        return Counter(tuple(tokens[i:i + 4]) for i in range(max(1, len(tokens) - 3)) if tokens[i:i + 4])
    p, e = shingles(predicted), shingles(expected)
    tp = sum((p & e).values())
    return tp, sum(p.values()) - tp, sum(e.values()) - tp


def score_row(text: str, expected: str, seconds: float | None) -> dict[str, Any]:
    precision, recall, f1 = shingle_scores(text, expected)
    return {"precision": precision, "recall": recall, "f1": f1, "seconds": seconds, "chars": len(text),
            "extracted": bool(_TOKEN.search(text)), "has_truth": bool(_TOKEN.search(expected)),
            "exact_tp_fp_fn": exact_shingle_counts(text, expected)}


def fit_fold(train_examples: list[Example]) -> tuple[Any, float, int]:
    """One fold's model (run in a worker process when fitting in parallel); returns it, seconds, paragraphs."""
    X, y, _ = flatten(train_examples)
    start = time.perf_counter()
    model, _ = fit(X, y)
    return model, time.perf_counter() - start, len(X)


# The same fold models cleaning with other options (not timed): the true bodies keep embedded posts' text,
# --favor trades precision against recall, and --stable cleans each output again until it stays the same.
OPTION_ROWS = {"filterkit --keep-embeds": {"keep_embeds": True}, "filterkit --favor precision": {"favor": "precision"},
               "filterkit --favor recall": {"favor": "recall"}, "filterkit --stable": {"stable": True}}


def run_filterkit(pages: list[dict], examples: dict[str, Example], training: list[Example], folds: int,
                  rows: dict[str, dict], log, jobs: int = 1) -> dict[str, Any]:
    """Site-grouped cross-validation: each fold's pages cleaned by a model that never saw their sites."""
    keys = [page["key"] for page in pages]
    sites = [page["site"] for page in pages]
    folds = min(folds, len(set(sites)))
    if folds < 2:
        raise SystemExit("site-grouped cross-validation needs pages from at least two sites")
    splits = list(GroupKFold(n_splits=folds).split(keys, groups=sites))
    log(f"filterkit: fitting {folds} fold models, {jobs} at a time")
    start = time.perf_counter()
    fitted = Parallel(n_jobs=min(jobs, folds))(
        delayed(fit_fold)(training + [examples[keys[i]] for i in train_index])
        for train_index, _ in splits)
    fit_wall = time.perf_counter() - start
    seconds = 0.0
    mismatches = []
    for fold, ((train_index, test_index), (model, fit_seconds, n_paragraphs)) in enumerate(zip(splits, fitted), 1):
        log(f"filterkit fold {fold}/{folds}: fitted on {len(training) + len(train_index)} documents "
            f"({n_paragraphs} paragraphs) in {fit_seconds:.1f} s; cleaning {len(test_index)} pages")
        held_out = [examples[keys[i]] for i in test_index]
        # The option rows first, so that the default labels stay on the documents to explain.
        for name, options in OPTION_ROWS.items():
            classify_and_settle([example.document for example in held_out], model, **options)
            for i, example in zip(test_index, held_out):
                rows[keys[i]][name] = score_row(render_text(example.document), pages[i]["expected"], None)
        classify([example.document for example in held_out], model)  # the Examples' documents: segmented already
        for i, example in zip(test_index, held_out):
            page = pages[i]
            text = render_text(example.document)
            start = time.perf_counter()
            timed_text = filterkit_clean(page["html"], model)
            elapsed = time.perf_counter() - start
            seconds += elapsed
            if timed_text != text:
                mismatches.append(page["key"])
            row = score_row(text, page["expected"], elapsed)
            row.update(fold=fold, **paragraph_errors(example))
            rows[page["key"]]["filterkit"] = row
    if mismatches:
        log(f"filterkit: the timed path and the segmented example disagree on {len(mismatches)} pages, "
            f"e.g. {mismatches[:3]}")
    return {"seconds": seconds, "fit_seconds": [round(f[1], 1) for f in fitted], "fit_wall_seconds": fit_wall,
            "folds": folds, "jobs": jobs, "path_mismatches": mismatches}


def paragraph_errors(example: Example) -> dict[str, int]:
    """Paragraph-level disagreement with the labels aligned from the true body (for error analysis)."""
    paragraphs = example.document.paragraphs
    truth = example.labels
    return {
        "paragraphs": len(paragraphs),
        "content_dropped": sum(1 for p, t in zip(paragraphs, truth) if t == CONTENT and not p.kept),
        "noise_kept": sum(1 for p, t in zip(paragraphs, truth) if t == BOILERPLATE and p.kept),
    }


def write_explanation(example: Example, path: Path) -> None:
    """One line a paragraph: the label aligned from the true body, filterkit's label and probability, the text.

    A leading "!" marks a disagreement that costs shingles: true content dropped, or boilerplate kept.
    """
    lines = []
    for paragraph, truth in zip(example.document.paragraphs, example.labels):
        wrong = (truth == CONTENT) != paragraph.kept
        tag = paragraph.markup.tag
        lines.append(f"{'!' if wrong else ' '}{paragraph.index:>4} {truth or '?':<11} {paragraph.label or '?':<11} "
                     f"{paragraph.score or 0.0:5.2f} {tag:<10} {paragraph.text[:300]}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


# ---- the report -------------------------------------------------------------------------------------------

def summarise(rows: dict[str, dict], system: str, seconds: float | None) -> dict[str, Any] | None:
    """Page-averaged precision and recall, as the benchmark averages them, and F1 of the two averages."""
    scored = [row[system] for row in rows.values() if system in row]
    if not scored:
        return None
    precision, recall = _page_averages(scored)
    exact_precision = _mean([tp / (tp + fp) for tp, fp, _ in (r["exact_tp_fp_fn"] for r in scored) if tp + fp])
    exact_recall = _mean([tp / (tp + fn) for tp, _, fn in (r["exact_tp_fp_fn"] for r in scored) if tp + fn])
    return {"f1": _f1(precision, recall), "precision": precision, "recall": recall, "pages": len(scored),
            "empty_extractions": sum(1 for r in scored if not r["extracted"]),
            "docs_per_second": len(scored) / seconds if seconds else None,
            "mean_page_f1": mean(r["f1"] for r in scored),
            "case_sensitive": {"f1": _f1(exact_precision, exact_recall), "precision": exact_precision,
                               "recall": exact_recall}}


def _page_averages(scored: list[dict]) -> tuple[float, float]:
    """Precision averaged over the pages with an extraction, recall over the pages with a true body."""
    return (_mean([r["precision"] for r in scored if r["extracted"]]),
            _mean([r["recall"] for r in scored if r["has_truth"]]))


def site_bootstrap(rows: dict[str, dict], systems: list[str], reference: str = "filterkit", draws: int = 2000,
                   seed: int = 0) -> dict[str, dict[str, float]]:
    """95% intervals of each system's F1, and of ``reference``'s F1 minus each other system's, over resampled sites.

    Whole sites are drawn with replacement (a site's pages share a template, so they are not independent), and
    every system is scored on the same draw, so the difference's interval is paired. This measures how much the
    figures depend on which pages happen to be in the directory, not how much they depend on the training data.
    """
    by_site: dict[str, list[dict]] = {}
    for row in rows.values():
        by_site.setdefault(row["site"], []).append(row)
    sites = sorted(by_site)
    systems = [name for name in systems if any(name in row for row in rows.values())]
    rng = random.Random(seed)
    samples: dict[str, list[float]] = {name: [] for name in systems}
    for _ in range(draws):
        drawn = [row for site in rng.choices(sites, k=len(sites)) for row in by_site[site]]
        for name in systems:
            samples[name].append(_f1(*_page_averages([row[name] for row in drawn if name in row])))

    def interval(values: list[float]) -> dict[str, float]:
        ordered = sorted(values)
        return {"low": ordered[int(0.025 * len(ordered))], "high": ordered[int(0.975 * len(ordered)) - 1]}

    result = {name: interval(values) for name, values in samples.items()}
    if reference in samples:
        for name in systems:
            if name != reference:
                result[f"{reference} - {name}"] = interval([a - b for a, b in zip(samples[reference], samples[name])])
    return result


def _mean(values: list[float]) -> float:
    return mean(values) if values else 0.0


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def markdown_table(summary: dict[str, dict | None]) -> list[str]:
    lines = ["| system | F1 | precision | recall | docs/s |", "| --- | ---: | ---: | ---: | ---: |"]
    for system, row in summary.items():
        if row is None:
            lines.append(f"| {system} | n/a | n/a | n/a | n/a |")
            continue
        speed = f"{row['docs_per_second']:.1f}" if row["docs_per_second"] else "n/a"
        lines.append(f"| {system} | {row['f1']:.3f} | {row['precision']:.3f} | {row['recall']:.3f} | {speed} |")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", required=True, type=Path, help="page directory (html/ and ground-truth.json)")
    parser.add_argument("--folds", type=int, default=5, help="site-grouped cross-validation folds (default 5)")
    parser.add_argument("--training", type=Path, default=ROOT / "training" / "examples",
                        help="composed training examples added to every fold (default training/examples)")
    parser.add_argument("--json", type=Path, help="also write the numbers and per-page rows here")
    parser.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1),
                        help="fold models fitted at once, in worker processes (default: up to 2)")
    parser.add_argument("--explain", type=Path,
                        help="write each worst page's paragraphs (aligned truth, filterkit's label) to DIR/<key>.txt")
    parser.add_argument("--worst", type=int, default=10, help="how many of filterkit's worst pages to list")
    args = parser.parse_args(argv)
    if not (args.pages / "ground-truth.json").is_file():
        parser.error(f"{args.pages}: no ground-truth.json")

    def log(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    began = time.perf_counter()
    pages = load_pages(args.pages)
    if not pages:
        parser.error(f"{args.pages}: no pages with ground truth")
    examples = {example.document.id: example for example in load_examples([args.pages])}
    training = list(load_examples([args.training]))
    log(f"{len(pages)} pages from {len({p['site'] for p in pages})} sites; {len(training)} training documents")
    rows: dict[str, dict] = {page["key"]: {"url": page["url"], "site": page["site"], "language": page["language"]}
                             for page in pages}

    runs = {"filterkit": run_filterkit(pages, examples, training, args.folds, rows, log,
                                        max(1, args.jobs)),
            **{name: {"note": f"the filterkit fold models, cleaning with {options} (not timed)"}
               for name, options in OPTION_ROWS.items()},
            "trafilatura": run_baseline("trafilatura", trafilatura_extractor, pages, rows, log),
            "jusText": run_baseline("jusText", justext_extractor, pages, rows, log)}
    summary = {name: summarise(rows, name, run.get("seconds")) for name, run in runs.items()}

    cores = os.cpu_count()
    today = _dt.date.today().isoformat()
    print("\n".join(markdown_table(summary)))
    print()
    print(f"{today}: {len(pages)} pages, filterkit by {runs['filterkit']['folds']}-fold site-grouped "
          f"cross-validation, {cores} cores ({platform.machine()}, Python {platform.python_version()}); "
          f"F1 is the harmonic mean of the page-averaged precision and recall")
    for name, run in runs.items():
        if "error" in run:
            print(f"{name} did not run: {run['error']}")
    checks = [f"{name} {row['case_sensitive']['f1']:.3f}" + (f" ({row['empty_extractions']} empty extractions)"
                                                              if row["empty_extractions"] else "")
              for name, row in summary.items() if row]
    print("check, F1 with case-sensitive shingles as evaluate.py counts them: " + ", ".join(checks))
    bootstrap = site_bootstrap(rows, list(runs))
    print(f"95% intervals over {len({row['site'] for row in rows.values()})} sites drawn with replacement "
          f"(2,000 draws; which pages are in the directory, not which documents trained the model): "
          + ", ".join(f"{name} {b['low']:+.3f} to {b['high']:+.3f}" if " - " in name
                      else f"{name} {b['low']:.3f}–{b['high']:.3f}" for name, b in bootstrap.items()))

    worst = sorted((key for key in rows if "filterkit" in rows[key]), key=lambda k: rows[k]["filterkit"]["f1"])
    print()
    print(f"filterkit's {args.worst} worst pages:")
    print("| page | site | F1 | P | R | content dropped | noise kept | paragraphs |")
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for key in worst[:args.worst]:
        r = rows[key]["filterkit"]
        print(f"| {key} | {rows[key]['site']} | {r['f1']:.3f} | {r['precision']:.3f} | {r['recall']:.3f} | "
              f"{r['content_dropped']} | {r['noise_kept']} | {r['paragraphs']} |")

    if args.explain:
        args.explain.mkdir(parents=True, exist_ok=True)
        for key in worst[:args.worst]:
            write_explanation(examples[key], args.explain / f"{key}.txt")

    if args.json:
        report = {"date": today, "pages": len(pages), "folds": runs["filterkit"]["folds"], "cores": cores,
                  "python": platform.python_version(), "training": str(args.training),
                  "page_directory": str(args.pages), "summary": summary, "site_bootstrap": bootstrap, "runs": runs,
                  "seconds_total": round(time.perf_counter() - began, 1), "per_page": rows}
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(report, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    log(f"total {time.perf_counter() - began:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
