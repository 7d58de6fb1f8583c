"""filterkit as a datatrove pipeline step: the seeds through JsonlReader → FilterkitStep → JsonlWriter."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
SEED_FILES = sorted(SEEDS.glob("*.txt"))

try:
    import datatrove  # noqa: F401
except ImportError:  # the optional `datatrove` extra; CI installs only `test`
    datatrove = None
needs_datatrove = pytest.mark.skipif(datatrove is None, reason="datatrove is not installed (filterkit[datatrove])")


@needs_datatrove
def test_local_executor_pipeline_cleans_the_seeds(tmp_path):
    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.readers import JsonlReader
    from datatrove.pipeline.writers import JsonlWriter

    from filterkit.datatrove_step import FilterkitStep

    source = tmp_path / "in"
    source.mkdir()
    records = [{"id": seed.name, "text": seed.read_text(encoding="utf-8")} for seed in SEED_FILES]
    records.append({"id": "scripts-only", "text": "<html><body><script>var x = 1;</script></body></html>"})
    records.append({"id": "bad-post", "text": '{"content": {"rendered": 5}}'})  # a broken WordPress post: an error
    for part, chunk in enumerate((records[:3], records[3:])):  # one file per task
        (source / f"part{part}.jsonl").write_text("".join(json.dumps(r) + "\n" for r in chunk), encoding="utf-8")

    pipeline = [JsonlReader(str(source), glob_pattern="*.jsonl"), FilterkitStep(),
                JsonlWriter(str(tmp_path / "out"), compression=None)]
    stats = LocalPipelineExecutor(pipeline, tasks=2, workers=2, logging_dir=str(tmp_path / "logs")).run()

    outputs = {}
    for path in sorted((tmp_path / "out").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            outputs[record["id"]] = record
    assert sorted(outputs) == [seed.name for seed in SEED_FILES]  # the empty result is dropped
    for seed in SEED_FILES:
        expected = (SEEDS / "expected" / seed.name).read_text(encoding="utf-8").removesuffix("\n")
        assert outputs[seed.name]["text"] == expected
        summary = outputs[seed.name]["metadata"]["filterkit"]
        assert summary["kept"] == expected.count("\n\n") + 1
        assert set(summary["dropped"]) == {"boilerplate", "chat_ui", "off_topic"}
    step = next(stat for stat in stats.stats if "filterkit" in stat.name)
    assert {name: step[name].total for name in ("total", "forwarded", "dropped", "dropped_empty", "dropped_error")} \
        == {"total": 6, "forwarded": 4, "dropped": 2, "dropped_empty": 1, "dropped_error": 1}


def test_the_step_imports_without_datatrove_and_names_the_extra():
    code = ("import sys; sys.modules['datatrove'] = None\n"  # what importing datatrove meets without the extra
            "import filterkit.datatrove_step as step\n"
            "try:\n    step.FilterkitStep()\nexcept ImportError as error:\n    print(error)\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "pip install 'filterkit[datatrove]'" in result.stdout


def test_filterkit_does_not_import_datatrove():
    code = ("import sys, filterkit, filterkit.cli, filterkit.corpus; "
            "print(sorted(m for m in ('datatrove', 'filterkit.datatrove_step') if m in sys.modules))")
    imported = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert imported.strip() == "[]"


@needs_datatrove
def test_the_step_refuses_an_unknown_favor():
    from filterkit.datatrove_step import FilterkitStep

    with pytest.raises(ValueError, match="precision, balanced, recall"):
        FilterkitStep(favor="speed")


@needs_datatrove
def test_the_step_passes_its_options_to_the_filter():
    from datatrove.data import Document

    from filterkit.datatrove_step import FilterkitStep

    seed = SEED_FILES[1]  # the WordPress post pasted out of a chat page
    step = FilterkitStep(favor="precision", stable=True)
    (doc,) = step.run([Document(text=seed.read_text(encoding="utf-8"), id=seed.name)])
    summary = doc.metadata["filterkit"]
    assert (summary["favor"], summary["keep_embeds"], summary["stable"]) == ("precision", False, True)
    assert doc.text == (SEEDS / "expected" / seed.name).read_text(encoding="utf-8").removesuffix("\n")
