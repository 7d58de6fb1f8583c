"""Throughput and memory: documents/s and MB/s for filterkit (1 and 2 jobs), trafilatura and jusText.

    python benchmarks/throughput.py --pages ../shared/data/aeb-train [--text-docs 2000] [--jsonl-docs 200000]
                                    [--rounds 3] [--json results.json] [--skip-memory] [--skip-profile]

(a) HTML: every page of ``--pages``/html/*.html.gz, decompressed once into raw bytes. Each system goes from those
    bytes to the cleaned text: filterkit through ``corpus.Run`` (the code behind ``filterkit clean``) over the
    pages saved as files, output to memory, with 1 job and with 2 joblib jobs; ``trafilatura.extract`` and
    ``justext.justext`` (with the page's ``<html lang>`` stoplist, English otherwise) on the same bytes. Model
    loading is not timed: the 1-job run gets a loaded Filter, and the 2-job workers load theirs in a warm-up run.
    Every system runs ``--rounds`` times, round-robin so that a busy spell of the shared machine hits them
    alike; the table gives the median round, and beside it the best (as timeit's documentation advises: a
    slower round is other processes' doing, not the code's); the verdicts use the median. The 1-job run is
    limited to one OpenMP thread (the classifier's predict would use every core otherwise), so "1 job" is one
    core, as trafilatura and jusText are. Each round
    also counts the CPU seconds of this process and its workers: "cores busy" is what the run really got (on a
    shared machine the scheduler may give one session a single core however many workers it starts), and
    "docs per CPU-second" is the speed per core whatever the machine's load.
(b) Plain text: ``--text-docs`` news-length documents composed from training/pool/*.jsonl (4–10 paragraphs of
    an article, one per line), as one JSONL file through ``corpus.Run``, 1 and 2 jobs; docs/s per core.
(c) Memory: a synthetic JSONL of ``--jsonl-docs`` short news documents (2–5 paragraphs), and one a tenth its
    size, each run as ``filterkit clean big.jsonl --output-format jsonl -o out.jsonl`` in a subprocess whose peak
    RSS is measured (GNU time -v, else psutil polling). If the small run projects the large one past
    ``--max-seconds`` (default 600), the large one is cut to 100,000 documents and the report says so.
(d) Profile: one 1-job filterkit pass over the HTML pages under cProfile; the top 15 entries by cumulative
    time, then the share of the pass in the main stages.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as _dt
import gzip
import io
import json
import os
import platform
import pstats
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

warnings.simplefilter("ignore")

from threadpoolctl import threadpool_limits  # noqa: E402

import filterkit  # noqa: E402
from filterkit.corpus import Run  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
from extraction import JUSTEXT_LANGUAGES, page_language  # noqa: E402


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# ---- inputs -----------------------------------------------------------------------------------------------

def load_pages(directory: Path) -> list[tuple[str, bytes]]:
    """(name, decompressed bytes) of every page in html/*.html.gz, in name order."""
    paths = sorted((directory / "html").glob("*.html.gz"))
    if not paths:
        raise SystemExit(f"no pages in {directory / 'html'} (expected *.html.gz)")
    return [(path.name.removesuffix(".gz"), gzip.decompress(path.read_bytes())) for path in paths]


def pool_articles() -> list[list[str]]:
    articles = []
    for path in sorted((ROOT / "training" / "pool").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                articles.append(json.loads(line)["paragraphs"])
    return articles


def compose(articles: list[list[str]], n: int, low: int, high: int, seed: int) -> Any:
    """``n`` documents of ``low``–``high`` paragraphs, one per line, each from one article (cycled if short)."""
    rng = random.Random(seed)
    for i in range(n):
        paragraphs = articles[rng.randrange(len(articles))]
        count = rng.randint(low, high)
        start = rng.randrange(len(paragraphs))
        yield {"id": f"doc-{i}", "text": "\n".join(paragraphs[(start + k) % len(paragraphs)] for k in range(count))}


def write_jsonl(path: Path, records) -> int:
    size = 0
    with open(path, "w", encoding="utf-8") as handle:
        for record in records:
            line = json.dumps(record, ensure_ascii=False) + "\n"
            handle.write(line)
            size += len(line.encode("utf-8"))
    return size


# ---- the systems ------------------------------------------------------------------------------------------

def filterkit_runner(filter_: filterkit.Filter, files: list[str], jobs: int) -> Callable[[], int]:
    """One end-to-end run over the files: read, classify, render to an in-memory stream; returns documents out."""
    run = Run(filter_, output_format="text", jobs=jobs)

    def go() -> int:
        stream = io.StringIO()
        if jobs == 1:
            with threadpool_limits(1):
                summary = run.clean(files, stream)
        else:
            summary = run.clean(files, stream)
        if summary.errors:
            raise RuntimeError(f"filterkit: {summary.errors} errors")
        return summary.documents_out
    return go


def trafilatura_runner(pages: list[tuple[str, bytes]]) -> Callable[[], int]:
    import trafilatura

    def go() -> int:
        for _, data in pages:
            trafilatura.extract(data, include_comments=False, include_tables=True)
        return len(pages)
    return go


def justext_runner(pages: list[tuple[str, bytes]]) -> Callable[[], int]:
    import justext

    available = set(justext.get_stoplists())
    stoplists: dict[str, frozenset] = {}
    chosen = []
    for _, data in pages:  # the stoplist is chosen before timing, as a caller who knows the language would
        language = JUSTEXT_LANGUAGES.get(page_language(data[:100_000].decode("utf-8", "replace")) or "", "English")
        language = language if language in available else "English"
        stoplists.setdefault(language, justext.get_stoplist(language))
        chosen.append(stoplists[language])

    def go() -> int:
        for (_, data), stoplist in zip(pages, chosen):
            paragraphs = justext.justext(data, stoplist)
            "\n\n".join(p.text for p in paragraphs if not p.is_boilerplate)
        return len(pages)
    return go


def cpu_seconds() -> float:
    """CPU time used so far by this process and its live children (the joblib workers)."""
    import psutil

    total = 0.0
    me = psutil.Process()
    for process in [me, *me.children(recursive=True)]:
        try:
            times = process.cpu_times()
        except psutil.Error:
            continue
        total += times.user + times.system
    return total


def time_rounds(systems: dict[str, Callable[[], int]], rounds: int) -> dict[str, list[tuple[float, float]]]:
    """Each system's (wall seconds, CPU seconds) per round, the systems taking turns within every round.

    The CPU seconds show how many cores a run really got: on a machine that other work shares, the
    scheduler may give a whole session one core however many processes it starts.
    """
    seconds: dict[str, list[tuple[float, float]]] = {name: [] for name in systems}
    for number in range(1, rounds + 1):
        for name, go in systems.items():
            cpu, started = cpu_seconds(), time.perf_counter()
            go()
            wall = time.perf_counter() - started
            seconds[name].append((wall, cpu_seconds() - cpu))
            log(f"  round {number}: {name} {wall:.2f} s, {seconds[name][-1][1] / wall:.2f} cores busy, "
                f"load average {os.getloadavg()[0]:.1f}")
    return seconds


def rates(rounds: list[tuple[float, float]], documents: int, megabytes: float, cores: int) -> dict[str, Any]:
    seconds = [wall for wall, _ in rounds]
    median = statistics.median(seconds)
    return {"seconds": seconds, "cpu_seconds": [cpu for _, cpu in rounds], "median_seconds": median,
            "docs_per_s": documents / median, "mb_per_s": megabytes / median,
            "best_docs_per_s": documents / min(seconds),
            "docs_per_s_per_core": documents / median / cores,
            "cores_busy": statistics.median(cpu / wall for wall, cpu in rounds),
            "docs_per_cpu_second": documents / statistics.median(cpu for _, cpu in rounds),
            "spread": (max(seconds) - min(seconds)) / median}


# ---- (c) memory -------------------------------------------------------------------------------------------

def peak_rss(command: list[str]) -> tuple[float, float]:
    """(peak RSS in MB, wall seconds) of a command, from GNU time -v, else by polling with psutil."""
    started = time.perf_counter()
    gnu_time = shutil.which("time") or ("/usr/bin/time" if Path("/usr/bin/time").exists() else None)
    if gnu_time:
        result = subprocess.run([gnu_time, "-v", *command], capture_output=True, text=True)
        match = re.search(r"Maximum resident set size \(kbytes\): (\d+)", result.stderr)
        if result.returncode == 0 and match:
            return int(match.group(1)) / 1024, time.perf_counter() - started
        if result.returncode != 0:
            raise RuntimeError(f"{' '.join(command)} failed:\n{result.stderr[-2000:]}")
    import psutil

    process = psutil.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = 0
    while process.poll() is None:
        try:
            peak = max(peak, sum(p.memory_info().rss for p in [process, *process.children(recursive=True)]))
        except psutil.Error:
            pass
        time.sleep(0.05)
    if process.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed:\n{process.stderr.read().decode()[-2000:]}")
    return peak / 2**20, time.perf_counter() - started


def memory_runs(articles: list[list[str]], large: int, max_seconds: float, workdir: Path) -> dict[str, Any]:
    small = max(1, large // 10)
    script = shutil.which("filterkit")
    command = [script] if script else [sys.executable, "-m", "filterkit.cli"]
    command += ["clean", "--output-format", "jsonl", "-q"]
    results: dict[str, Any] = {"runs": []}
    for n in (small, large):
        if n == large and results["runs"]:
            rate = results["runs"][0]["docs_per_s"]
            if large / rate > max_seconds and large > 100_000:
                n = 100_000
                results["note"] = (f"{large:,} documents projected at {large / rate:.0f} s (> {max_seconds:.0f} s): "
                                   f"ran {n:,} instead")
                log(f"(c) {results['note']}")
        path = workdir / f"big-{n}.jsonl"
        size = write_jsonl(path, compose(articles, n, 2, 5, seed=n))
        log(f"(c) {n:,} documents, {size / 1e6:.0f} MB: running filterkit clean ...")
        peak, seconds = peak_rss([*command, str(path), "-o", str(workdir / f"out-{n}.jsonl")])
        lines = sum(1 for _ in open(workdir / f"out-{n}.jsonl", encoding="utf-8"))
        if lines != n:
            raise RuntimeError(f"{n} documents in, {lines} out")
        results["runs"].append({"documents": n, "megabytes": size / 1e6, "peak_rss_mb": peak, "seconds": seconds,
                                "docs_per_s": n / seconds})
        log(f"    peak RSS {peak:.0f} MB in {seconds:.0f} s")
        path.unlink()
        (workdir / f"out-{n}.jsonl").unlink()
    return results


# ---- (d) profile ------------------------------------------------------------------------------------------

STAGES = {  # (file fragment, function name) → stage, read from the profile's cumulative times
    "read (decode, detect, title)": ("filterkit/readers.py", "read_path"),
    "segment": ("filterkit/segment.py", "segment"),
    "classify": ("filterkit/classify.py", "classify"),
    "  features (document_features)": ("filterkit/features.py", "document_features"),
    "  FeatureVectorizer.transform": ("filterkit/model.py", "transform"),
    "  HistGradientBoosting predict_proba": ("sklearn/ensemble/_hist_gradient_boosting/gradient_boosting.py",
                                            "predict_proba"),
    "render": ("filterkit/write.py", "render"),
}


def profile(filter_: filterkit.Filter, files: list[str]) -> dict[str, Any]:
    go = filterkit_runner(filter_, files, jobs=1)
    profiler = cProfile.Profile()
    profiler.enable()
    go()
    profiler.disable()
    buffer = io.StringIO()
    stats = pstats.Stats(profiler, stream=buffer)
    stats.sort_stats("cumulative").print_stats(15)
    own = io.StringIO()
    pstats.Stats(profiler, stream=own).sort_stats("tottime").print_stats(15)
    total = max(entry[3] for entry in stats.stats.values())  # the outermost call's cumulative time
    shares = {}
    for stage, (fragment, function) in STAGES.items():
        cumulative = [entry[3] for (path, _, name), entry in stats.stats.items()
                      if name == function and fragment in path.replace(os.sep, "/")]
        if cumulative:
            shares[stage] = max(cumulative) / total
    return {"top_cumulative": _entries(buffer.getvalue()), "top_own": _entries(own.getvalue()),
            "total_seconds": total, "stage_shares": shares}


def _entries(printed: str) -> str:
    """pstats' table without its preamble, with site-packages paths shortened."""
    lines = printed.strip().splitlines()
    start = next((i for i, line in enumerate(lines) if line.lstrip().startswith("ncalls")), 0)
    return "\n".join(re.sub(r"\S*site-packages/", "", line).replace(str(ROOT) + "/", "")
                     for line in lines[start:])


# ---- report -----------------------------------------------------------------------------------------------

def table(rows: list[tuple[str, dict[str, Any]]], reference: dict[str, Any] | None) -> list[str]:
    head = ("| system | docs/s | MB/s | docs/s per core | vs trafilatura (docs/s) | cores busy | docs per CPU-second "
            "| rounds spread | docs/s, best round |")
    lines = [head, "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for name, row in rows:
        ratio = f"{row['docs_per_s'] / reference['docs_per_s']:.2f}×" if reference else "–"
        lines.append(f"| {name} | {row['docs_per_s']:.1f} | {row['mb_per_s']:.2f} | {row['docs_per_s_per_core']:.1f} "
                     f"| {ratio} | {row['cores_busy']:.2f} | {row['docs_per_cpu_second']:.1f} | {row['spread']:.0%} "
                     f"| {row['best_docs_per_s']:.1f} |")
    return lines


def verdict(ok: bool) -> str:
    return "met" if ok else "NOT met"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", required=True, type=Path, help="a page directory with html/*.html.gz")
    parser.add_argument("--text-docs", type=int, default=2000, help="plain-text documents for (b)")
    parser.add_argument("--jsonl-docs", type=int, default=200_000, help="documents in the large JSONL of (c)")
    parser.add_argument("--rounds", type=int, default=3, help="timed rounds per system in (a) and (b)")
    parser.add_argument("--max-seconds", type=float, default=600, help="cut (c) to 100,000 documents past this")
    parser.add_argument("--skip-memory", action="store_true")
    parser.add_argument("--skip-profile", action="store_true")
    parser.add_argument("--json", type=Path, help="write every number here")
    args = parser.parse_args(argv)

    cores = os.cpu_count() or 1
    report: dict[str, Any] = {"date": _dt.datetime.now().astimezone().isoformat(timespec="seconds"),
                              "cores": cores, "load_average_at_start": os.getloadavg(),
                              "python": platform.python_version(), "filterkit": filterkit.__version__}
    filter_ = filterkit.Filter()
    report["model"] = filter_.name
    workdir = Path(tempfile.mkdtemp(prefix="filterkit-throughput-"))
    try:
        # (a) HTML pages
        pages = load_pages(args.pages)
        html_dir = workdir / "html"
        html_dir.mkdir()
        files = []
        for name, data in pages:
            (html_dir / name).write_bytes(data)
            files.append(str(html_dir / name))
        megabytes = sum(len(data) for _, data in pages) / 1e6
        log(f"(a) {len(pages)} HTML pages, {megabytes:.1f} MB")
        systems = {"filterkit, 1 job": filterkit_runner(filter_, files, 1),
                   "filterkit, 2 jobs": filterkit_runner(filter_, files, 2),
                   "trafilatura": trafilatura_runner(pages), "jusText": justext_runner(pages)}
        for name, go in systems.items():  # warm-up: the 2-job workers start and load the model; lazy imports
            started = time.perf_counter()
            go()
            log(f"  warm-up: {name} {time.perf_counter() - started:.2f} s")
        seconds = time_rounds(systems, args.rounds)
        html = {name: rates(s, len(pages), megabytes, 2 if "2 jobs" in name else 1) for name, s in seconds.items()}
        report["html"] = {"pages": len(pages), "megabytes": megabytes, "systems": html}

        # (b) plain text
        articles = pool_articles()
        text_path = workdir / "news.jsonl"
        text_mb = write_jsonl(text_path, compose(articles, args.text_docs, 4, 10, seed=1)) / 1e6
        log(f"(b) {args.text_docs} plain-text documents, {text_mb:.1f} MB")
        text_systems = {"filterkit, 1 job": filterkit_runner(filter_, [str(text_path)], 1),
                        "filterkit, 2 jobs": filterkit_runner(filter_, [str(text_path)], 2)}
        for go in text_systems.values():
            go()
        seconds = time_rounds(text_systems, args.rounds)
        text = {name: rates(s, args.text_docs, text_mb, 2 if "2 jobs" in name else 1) for name, s in seconds.items()}
        report["text"] = {"documents": args.text_docs, "megabytes": text_mb, "systems": text}

        # (d) profile (before (c), while the pages are at hand)
        if not args.skip_profile:
            log("(d) profiling one 1-job filterkit pass over the HTML pages")
            report["profile"] = profile(filter_, files)
        # (c) memory
        if not args.skip_memory:
            report["memory"] = memory_runs(articles, args.jsonl_docs, args.max_seconds, workdir)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)

    out = [f"# filterkit throughput, {report['date']}, {cores} cores (load average at start "
           f"{', '.join(f'{x:.2f}' for x in report['load_average_at_start'])}), model {report['model']}", "",
           f"## HTML: {len(pages)} pages, {megabytes:.1f} MB, median of {args.rounds} rounds", ""]
    out += table(list(html.items()), html["trafilatura"])
    one, two, baseline = html["filterkit, 1 job"], html["filterkit, 2 jobs"], html["trafilatura"]
    out += ["", f"- filterkit 1 job ≥ trafilatura's docs/s: {verdict(one['docs_per_s'] >= baseline['docs_per_s'])} "
            f"({one['docs_per_s'] / baseline['docs_per_s']:.2f}×)",
            f"- 2 jobs ≥ 1.7× 1 job: {verdict(two['docs_per_s'] >= 1.7 * one['docs_per_s'])} "
            f"({two['docs_per_s'] / one['docs_per_s']:.2f}×, with {two['cores_busy']:.2f} cores busy; "
            "below 1.7 cores busy the machine did not give the run its two cores)", "",
            f"## Plain text: {args.text_docs} news-length documents (4–10 paragraphs), {text_mb:.1f} MB, "
            f"median of {args.rounds} rounds", ""]
    out += table(list(text.items()), None)
    per_core = min(row["docs_per_s_per_core"] for row in text.values())
    out += ["", f"- ≥ 500 docs/s per core: {verdict(per_core >= 500)} (lowest {per_core:.0f})"]
    if "memory" in report:
        runs = report["memory"]["runs"]
        out += ["", "## Memory: `filterkit clean big.jsonl --output-format jsonl -o out.jsonl`, peak RSS", "",
                "| documents | JSONL MB | peak RSS MB | seconds | docs/s |", "| ---: | ---: | ---: | ---: | ---: |"]
        out += [f"| {r['documents']:,} | {r['megabytes']:.0f} | {r['peak_rss_mb']:.0f} | {r['seconds']:.0f} | "
                f"{r['docs_per_s']:.0f} |" for r in runs]
        if "note" in report["memory"]:
            out += ["", f"Note: {report['memory']['note']}."]
        growth = runs[-1]["peak_rss_mb"] - runs[0]["peak_rss_mb"]
        out += ["", f"- under 500 MB: {verdict(runs[-1]['peak_rss_mb'] < 500)}; growth from {runs[0]['documents']:,} "
                f"to {runs[-1]['documents']:,} documents: {growth:+.0f} MB "
                f"({verdict(growth < 0.1 * runs[0]['peak_rss_mb'])}: flat within 10%)"]
    if "profile" in report:
        prof = report["profile"]
        out += ["", f"## Profile: one 1-job filterkit pass over the HTML pages ({prof['total_seconds']:.1f} s "
                "under cProfile), top 15 by cumulative time", "", "```", prof["top_cumulative"].strip(), "```", "",
                "Top 15 by own time (tottime):", "", "```", prof["top_own"].strip(), "```", "",
                "Share of the pass by stage (cumulative time; indented stages are part of the one above):", ""]
        out += [f"{'    ' if stage.startswith('  ') else ''}- {stage.strip()}: {share:.0%}"
                for stage, share in prof["stage_shares"].items()]
    print("\n".join(out))
    if args.json:
        args.json.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
