"""The retraining loop: label → correct → train → evaluate → clean, and the model files it refuses."""

from __future__ import annotations

import json
from pathlib import Path

import joblib
import pytest

import filterkit
from filterkit.cli import main
from filterkit.document import FilterkitError
from filterkit.features import FEATURES_VERSION
from filterkit.model import card_path

SEEDS = Path(__file__).resolve().parent.parent / "seeds"

# A source (a fictional weekly) that closes every story with the same line about itself.
FOOTER = ("The Harbour Ledger is an independent newspaper owned by its readers and published every Thursday "
          "in the town of Porthallow.")
STORIES = [
    ["Porthallow's lifeboat crew was called out three times over the weekend as autumn gales swept the coast, "
     "the station's operations manager said on Monday.",
     "On Saturday afternoon the crew towed a disabled fishing boat with two men aboard back to the harbour after "
     "its engine failed two miles off the headland.",
     "The second call came just before midnight, when a yacht dragged its anchor in the bay. The third, on "
     "Sunday, turned out to be a false alarm raised by a walker who had seen a buoy.",
     "The station is asking for volunteers to join its shore crew, which launches and recovers the boat."],
    ["The town council has approved plans to turn the former net loft on Quay Street into a community workshop "
     "with space for boat building classes.",
     "The building, empty for eleven years, will be leased to the Porthallow Maritime Trust for a nominal rent "
     "on condition that the trust repairs the roof within two years.",
     "Councillors voted seven to two in favour. Those against said the loft should be sold to raise money for "
     "the town's repair budget.",
     "The trust hopes to open the workshop next spring and has already raised a third of the cost."],
    ["Pupils at Porthallow Primary School have planted four hundred trees on the slope behind the playing "
     "field as part of a project to stop the bank from slipping.",
     "The saplings, mostly hawthorn, hazel and rowan, were donated by a nursery in the next valley.",
     "Head teacher Morwenna Tregear said every class had taken part and that each child would look after a tree "
     "until they leave the school.",
     "A local geologist will return in a year to check whether the planting has slowed the erosion."],
    ["The harbour's annual regatta raised a record sum for the cottage hospital this year, organisers said "
     "after counting the takings from the weekend.",
     "More than sixty boats took part in the races, from gigs rowed by crews of six to single-handed dinghies.",
     "The rowing trophy went to the crew from the neighbouring village for the third year in a row, to the "
     "dismay of the home crowd.",
     "The hospital plans to spend the money on a new scanner for its outpatient clinic."],
    ["Bus services between Porthallow and the county town will run every hour from next month after the "
     "operator won a new contract from the county council.",
     "At present the last bus leaves the county town at six in the evening, which residents say makes it "
     "impossible to use for work or hospital visits.",
     "The new timetable adds evening services until eleven o'clock on weekdays and a Sunday service for the "
     "first time in nine years.",
     "The operator said it would review passenger numbers after six months."],
    ["The old chapel on Fore Street will reopen as a concert hall in December after a three-year restoration "
     "funded largely by donations from residents.",
     "Volunteers stripped and repainted the pews, while specialist builders repaired the slate roof and the "
     "tall windows facing the harbour.",
     "The first concert will be given by the town's male voice choir, which rehearsed in the chapel until it "
     "closed in 1998.",
     "Tickets for the opening night sold out within an hour, the restoration group said."],
]


def story(paragraphs: list[str]) -> str:
    return "\n".join([*paragraphs, FOOTER]) + "\n"


def labels_of(result_stdout: str) -> dict[str, str]:
    """Paragraph text → label from `filterkit explain --no-color` output."""
    labels = {}
    for line in result_stdout.splitlines():
        if line.startswith("=="):
            continue
        _, label, _, text = line.split(maxsplit=3)
        labels[text] = label
    return labels


@pytest.fixture(scope="module")
def adapted(tmp_path_factory):
    """Label five stories with the shipped model, correct the footer's label by hand, train on them."""
    from click.testing import CliRunner

    runner = CliRunner()
    folder = tmp_path_factory.mktemp("source")
    inputs = []
    for n, paragraphs in enumerate(STORIES[:5]):
        path = folder / f"story{n}.txt"
        path.write_text(story(paragraphs), encoding="utf-8")
        inputs.append(str(path))
    labels = folder / "labels.jsonl"
    result = runner.invoke(main, ["label", *inputs, "-o", str(labels)])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in labels.read_text(encoding="utf-8").splitlines()]
    assert len(records) == 5
    for record in records:  # the correction a user makes in an editor
        for paragraph in record["paragraphs"]:
            paragraph["label"] = "boilerplate" if paragraph["text"] == FOOTER else "content"
    labels.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    model = folder / "ledger.joblib"
    result = runner.invoke(main, ["train", str(labels), "-o", str(model), "--base", "shipped", "--folds", "0"])
    assert result.exit_code == 0, result.output
    return {"model": model, "labels": labels, "unseen": folder / "unseen.txt", "runner": runner}


def test_shipped_model_keeps_the_sources_footer(runner, tmp_path):
    unseen = tmp_path / "unseen.txt"
    unseen.write_text(story(STORIES[5]), encoding="utf-8")
    result = runner.invoke(main, ["explain", "--no-color", str(unseen)])
    assert labels_of(result.stdout)[FOOTER] == "content"  # else the next test would prove nothing


def test_five_labelled_documents_teach_the_footer(adapted, runner, tmp_path):
    unseen = tmp_path / "unseen.txt"
    unseen.write_text(story(STORIES[5]), encoding="utf-8")
    result = runner.invoke(main, ["clean", "--model", str(adapted["model"]), str(unseen)])
    assert result.exit_code == 0, result.output
    assert result.stdout.split("\n\n") == [*STORIES[5][:-1], STORIES[5][-1] + "\n"]
    assert FOOTER not in result.stdout


@pytest.mark.parametrize("seed", sorted(SEEDS.glob("*.txt")), ids=lambda p: p.name[:3])
def test_adapted_model_leaves_the_seeds_unchanged(adapted, runner, seed):
    result = runner.invoke(main, ["clean", "--model", str(adapted["model"]), str(seed)])
    assert result.exit_code == 0, result.output
    assert result.stdout == (SEEDS / "expected" / seed.name).read_text(encoding="utf-8")


def test_adapted_model_card_records_training(adapted):
    card = json.loads(card_path(adapted["model"]).read_text(encoding="utf-8"))
    assert card["training"]["base"] == "shipped"
    assert card["training"]["paragraphs_per_label"]["boilerplate"] > 0
    assert card["sha256"] and card["sklearn_version"]


def test_evaluate_reports_labels_confusion_and_shingles(adapted, runner):
    result = runner.invoke(main, ["evaluate", str(adapted["labels"]), "--model", str(adapted["model"])])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert any(line.startswith("content") for line in lines)
    assert any(line.startswith("confusion") for line in lines)
    shingle = [line for line in lines if line.startswith("shingle")]
    assert shingle and float(shingle[0].rsplit("F1", 1)[1]) > 0.95


def test_evaluate_with_the_shipped_model_sees_the_footer_mistakes(adapted, runner):
    result = runner.invoke(main, ["evaluate", str(adapted["labels"])])
    assert result.exit_code == 0, result.output
    boilerplate = [line for line in result.stdout.splitlines() if line.startswith("boilerplate")][0]
    assert float(boilerplate.split()[2]) == 0.0  # recall: the shipped model keeps every footer


def test_train_reports_cross_validation_grouped_by_document(runner, tmp_path):
    labels = tmp_path / "labels.jsonl"
    inputs = []
    for n, paragraphs in enumerate(STORIES):
        path = tmp_path / f"s{n}.txt"
        path.write_text(story(paragraphs), encoding="utf-8")
        inputs.append(str(path))
    assert runner.invoke(main, ["label", *inputs, "-o", str(labels)]).exit_code == 0
    result = runner.invoke(main, ["train", str(labels), "-o", str(tmp_path / "m.joblib"), "--base", "none",
                                  "--folds", "3"])
    assert result.exit_code == 0, result.output
    assert "3 folds grouped by document" in result.stderr
    assert any(line.startswith("content") for line in result.stderr.splitlines())


def test_unaligned_labels_are_reported(runner, tmp_path):
    record = {"id": "x", "format": "text", "input": story(STORIES[0]),
              "paragraphs": [{"text": "A paragraph the segmenter never produced.", "label": "boilerplate"},
                             *({"text": p, "label": "content"} for p in STORIES[0])]}
    other = {**record, "id": "y", "input": story(STORIES[1]),
             "paragraphs": [{"text": p, "label": "content"} for p in STORIES[1]] + [
                 {"text": FOOTER, "label": "boilerplate"}]}
    labels = tmp_path / "labels.jsonl"
    labels.write_text(json.dumps(record) + "\n" + json.dumps(other) + "\n", encoding="utf-8")
    result = runner.invoke(main, ["train", str(labels), "-o", str(tmp_path / "m.joblib"), "--base", "none",
                                  "--folds", "0"])
    assert result.exit_code == 0, result.output
    assert "1 paragraphs did not align" in result.stderr
    assert "The Harbour Ledger" in result.stderr  # the footer of "x", which no label matched


# ---- the interactive labeller --------------------------------------------------------------------------------

def test_interactive_labelling_accepts_changes_goes_back_and_resumes(runner, tmp_path):
    first, second = tmp_path / "a.txt", tmp_path / "b.txt"
    first.write_text(story(STORIES[0]), encoding="utf-8")
    second.write_text(story(STORIES[1]), encoding="utf-8")
    labels = tmp_path / "labels.jsonl"
    # Document a (5 paragraphs): accept, mark chat_ui, back, mark content, accept, accept, mark boilerplate.
    # Then save and quit at the first paragraph of document b.
    keys = "\r" + "u" + "k" + "c" + "\r" + "\r" + "b" + "s"
    result = runner.invoke(main, ["label", "--interactive", str(first), str(second), "-o", str(labels)], input=keys)
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in labels.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in records] == [str(first)]
    assert [p["label"] for p in records[0]["paragraphs"]] == ["content"] * 4 + ["boilerplate"]
    assert "will be offered again" in result.output
    # Run again: document a is skipped, b is walked (five accepts) and appended.
    result = runner.invoke(main, ["label", "--interactive", str(first), str(second), "-o", str(labels)],
                           input="\r" * 5)
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in labels.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in records] == [str(first), str(second)]


# ---- refused model files -------------------------------------------------------------------------------------

@pytest.fixture
def model_copy(shipped_model, tmp_path):
    target = tmp_path / "copy.joblib"
    target.write_bytes(shipped_model.read_bytes())
    card_path(target).write_text(card_path(shipped_model).read_text(encoding="utf-8"), encoding="utf-8")
    return target


def refused(runner, model: Path) -> str:
    result = runner.invoke(main, ["clean", "--model", str(model), str(SEEDS / "000_50394d480bb7f741.txt")])
    assert result.exit_code == 2, result.output
    message = result.stderr.strip()
    assert len(message.splitlines()) == 1
    return message


@pytest.mark.parametrize("path", ["", "."], ids=["empty", "directory"])
def test_a_model_path_that_is_not_a_file_is_refused_by_the_library(path):
    """The library's callers (a Filter built from a config value) get the same one-line error as the command."""
    with pytest.raises(FilterkitError, match="no such model file"):
        filterkit.Filter(model=path)


def test_truncated_model_is_refused(runner, model_copy):
    model_copy.write_bytes(model_copy.read_bytes()[:1000])
    assert "sha256 does not match" in refused(runner, model_copy)


def test_model_without_card_is_refused(runner, model_copy):
    card_path(model_copy).unlink()
    assert "model card" in refused(runner, model_copy)


def test_model_from_older_features_is_refused(runner, model_copy):
    card = json.loads(card_path(model_copy).read_text(encoding="utf-8"))
    card["features_version"] = FEATURES_VERSION - 1
    card_path(model_copy).write_text(json.dumps(card), encoding="utf-8")
    assert "features version" in refused(runner, model_copy)


def test_model_from_another_scikit_learn_is_refused(runner, model_copy):
    card = json.loads(card_path(model_copy).read_text(encoding="utf-8"))
    card["sklearn_version"] = "0.24.2"
    card_path(model_copy).write_text(json.dumps(card), encoding="utf-8")
    message = refused(runner, model_copy)
    assert "scikit-learn 0.24.2" in message and "filterkit train" in message


def test_a_pickle_that_is_not_a_filterkit_model_is_refused(runner, model_copy):
    from filterkit.model import sha256_of

    joblib.dump({"not": "a model"}, model_copy)
    card = json.loads(card_path(model_copy).read_text(encoding="utf-8"))
    card["sha256"] = sha256_of(model_copy)
    card_path(model_copy).write_text(json.dumps(card), encoding="utf-8")
    assert "not a filterkit model" in refused(runner, model_copy)


# ---- skops: models people exchange ---------------------------------------------------------------------------

skops_io = pytest.importorskip("skops.io", reason="the optional skops extra is not installed")


class Stranger:
    """A type from outside filterkit and scikit-learn, as a stranger's file could carry."""

    def __reduce__(self):
        return (print, ("this must never run",))


def test_skops_model_round_trip(runner, tmp_path):
    labels = tmp_path / "labels.jsonl"
    records = [{"id": str(n), "format": "text", "input": story(p),
                "paragraphs": [*({"text": t, "label": "content"} for t in p), {"text": FOOTER, "label": "boilerplate"}]}
               for n, p in enumerate(STORIES[:3])]
    labels.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    model = tmp_path / "shared.skops"
    result = runner.invoke(main, ["train", str(labels), "-o", str(model), "--base", "none", "--folds", "0"])
    assert result.exit_code == 0, result.output
    assert json.loads(card_path(model).read_text(encoding="utf-8"))["format"] == "skops"
    result = runner.invoke(main, ["clean", "--model", str(model), str(SEEDS / "000_50394d480bb7f741.txt")])
    assert result.exit_code == 0, result.output
    assert result.stdout.strip()


def test_skops_file_with_a_foreign_type_is_refused(runner, tmp_path):
    from filterkit.model import sha256_of

    model = tmp_path / "stranger.skops"
    skops_io.dump({"payload": Stranger()}, model)
    card_path(model).write_text(json.dumps({"sha256": sha256_of(model), "sklearn_version": __import__(
        "sklearn").__version__, "features_version": FEATURES_VERSION, "labels": []}), encoding="utf-8")
    message = refused(runner, model)
    assert "refuses to load types outside filterkit and scikit-learn" in message
