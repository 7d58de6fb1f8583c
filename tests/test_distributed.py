"""Cleaning on a dask.distributed cluster gives exactly what a local `filterkit clean --output-dir` run gives."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from filterkit.cli import main
from filterkit.document import FilterkitError

try:
    from distributed import LocalCluster
except ImportError:  # the optional `dask` extra; CI installs only `test`
    LocalCluster = None

needs_dask = pytest.mark.skipif(LocalCluster is None, reason="dask.distributed is not installed (filterkit[dask])")
SEEDS = sorted((Path(__file__).resolve().parent.parent / "seeds").glob("*.txt"))


def tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def cluster():
    if LocalCluster is None:
        pytest.skip("dask.distributed is not installed")
    with LocalCluster(n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None) as local:
        yield local


@pytest.fixture
def corpus(tmp_path) -> Path:
    """12 documents in nested folders: seed copies, two inputs that want one output name, a PNG, a bad JSONL line."""
    source = tmp_path / "in"
    for n in range(6):
        target = source / "a" / f"doc{n}.txt"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(SEEDS[n % 4].read_bytes())
    (source / "b").mkdir()
    (source / "b" / "doc.txt").write_bytes(SEEDS[3].read_bytes())
    (source / "b" / "doc.html").write_bytes(SEEDS[1].read_bytes())  # locally: doc.txt and doc.txt.txt
    (source / "b" / "picture.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(64)))  # an error record
    records = [json.dumps({"id": "r1", "text": SEEDS[0].read_text(encoding="utf-8")}), '{"id": "r2", "text": broken',
               json.dumps({"id": "r3", "text": SEEDS[2].read_text(encoding="utf-8"), "lang": "en"})]
    (source / "c").mkdir()
    (source / "c" / "records.jsonl").write_text("\n".join(records) + "\n", encoding="utf-8")
    return source


def local_run(runner, corpus: Path, out: Path, *options: str):
    errors = out.parent / f"{out.name}.errors.jsonl"
    result = runner.invoke(main, ["clean", str(corpus), "--output-dir", str(out), "--errors", str(errors), *options])
    return result, errors


@needs_dask
def test_clean_on_dask_equals_the_local_run(runner, cluster, corpus, tmp_path):
    from filterkit.distributed import clean_on_dask

    expected, expected_errors = local_run(runner, corpus, tmp_path / "local")
    assert expected.exit_code == 1, expected.output
    assert len(tree(tmp_path / "local")) == 12  # 10 outputs (the PNG's empty) and 2 error companions

    with open(tmp_path / "dask.errors.jsonl", "w", encoding="utf-8") as errors:
        reported = []
        summary = clean_on_dask([str(corpus)], tmp_path / "dask", cluster.scheduler_address, errors=errors,
                                on_error=reported.append)
    assert tree(tmp_path / "dask") == tree(tmp_path / "local")
    assert (tmp_path / "dask.errors.jsonl").read_bytes() == expected_errors.read_bytes()
    assert [record.error for record in reported] == [json.loads(line)["error"] for line in
                                                     expected_errors.read_text(encoding="utf-8").splitlines()]
    assert (summary.documents_in, summary.documents_out, summary.errors) == (12, 10, 2)
    assert expected.stderr.splitlines()[-1].split(";")[:2] == summary.line().split(";")[:2]

    # --resume after a kill: a stale temporary and a missing output; only that output is redone
    (tmp_path / "dask" / "a" / "doc3.txt").unlink()
    (tmp_path / "dask" / "a" / ".doc3.txt.stale.tmp").write_text("half", encoding="utf-8")
    summary = clean_on_dask([str(corpus)], tmp_path / "dask", cluster.scheduler_address, resume=True)
    assert tree(tmp_path / "dask") == tree(tmp_path / "local")
    assert (summary.skipped, summary.documents_in, summary.errors) == (9, 1, 2)


@needs_dask
def test_cli_dask_scheduler_equals_the_local_run(runner, cluster, corpus, tmp_path):
    options = ("--output-format", "jsonl", "--shard-size", "2", "--favor", "precision", "--stable")
    expected, expected_errors = local_run(runner, corpus, tmp_path / "local", *options)
    result, errors = local_run(runner, corpus, tmp_path / "dask", *options, "--dask-scheduler",
                               cluster.scheduler_address)
    assert (result.exit_code, expected.exit_code) == (1, 1), result.output
    assert tree(tmp_path / "dask") == tree(tmp_path / "local")
    assert any(name.endswith(".part-00001.jsonl") for name in tree(tmp_path / "dask"))
    assert errors.read_bytes() == expected_errors.read_bytes()
    reports = [line for line in result.stderr.splitlines() if line.startswith("filterkit: error:")]
    assert reports == [line for line in expected.stderr.splitlines() if line.startswith("filterkit: error:")]
    assert len(reports) == 2
    assert result.stderr.splitlines()[-1].startswith("12 documents in, 10 out, 2 errors;")


@pytest.mark.parametrize("options, message", [
    ((), "--dask-scheduler needs --output-dir"),
    (("--output-dir", "out", "--jobs", "2"), "either --dask-scheduler or --jobs"),
])
def test_cli_dask_scheduler_usage_errors(runner, options, message):
    result = runner.invoke(main, ["clean", str(SEEDS[0]), "--dask-scheduler", "tcp://127.0.0.1:8786", *options])
    assert result.exit_code == 2
    assert message in result.output


def test_a_missing_dask_is_a_setup_error_naming_the_extra(monkeypatch, runner, tmp_path):
    from filterkit.distributed import clean_on_dask

    monkeypatch.setitem(sys.modules, "distributed", None)  # what `import distributed` meets without the extra
    with pytest.raises(FilterkitError, match=r"pip install 'filterkit\[dask\]'"):
        clean_on_dask([str(SEEDS[0])], tmp_path / "out", "tcp://127.0.0.1:8786")
    result = runner.invoke(main, ["clean", str(SEEDS[0]), "--output-dir", str(tmp_path / "out"),
                                  "--dask-scheduler", "tcp://127.0.0.1:8786"])
    assert result.exit_code == 2
    assert "filterkit[dask]" in result.output
    assert not (tmp_path / "out").exists()


def test_filterkit_does_not_import_dask():
    code = ("import sys, filterkit, filterkit.cli, filterkit.corpus; "
            "print(sorted(m for m in ('dask', 'distributed', 'filterkit.distributed') if m in sys.modules))")
    imported = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert imported.strip() == "[]"
