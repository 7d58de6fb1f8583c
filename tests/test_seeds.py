"""The four real seed documents give exactly the text in seeds/expected/ — through the API and the CLI."""

from __future__ import annotations

from pathlib import Path

import pytest

import filterkit
from filterkit.cli import main

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
SEED_FILES = sorted(SEEDS.glob("*.txt"))


def expected(seed: Path) -> str:
    return (SEEDS / "expected" / seed.name).read_text(encoding="utf-8")


def test_all_four_seeds_are_present():
    assert [p.name[:3] for p in SEED_FILES] == ["000", "001", "002", "003"]


@pytest.mark.parametrize("seed", SEED_FILES, ids=lambda p: p.name[:3])
def test_seed_output_matches_expected_exactly(shipped_filter, seed):
    assert shipped_filter.clean(seed.read_bytes()) + "\n" == expected(seed)


@pytest.mark.parametrize("seed", SEED_FILES, ids=lambda p: p.name[:3])
def test_cli_clean_matches_expected(runner, seed):
    result = runner.invoke(main, ["clean", str(seed)])
    assert result.exit_code == 0, result.output
    assert result.stdout == expected(seed)


def test_module_level_clean_uses_the_shipped_model():
    seed = SEED_FILES[0]
    assert filterkit.clean(seed.read_text(encoding="utf-8")) + "\n" == expected(seed)


def test_clean_texts_come_back_whole():
    for seed in (SEED_FILES[0], SEED_FILES[2]):
        lines = [" ".join(line.split()) for line in seed.read_text(encoding="utf-8").splitlines() if line.strip()]
        assert expected(seed).strip().split("\n\n") == lines


def test_trailing_ledes_dropped_article_kept(shipped_filter):
    seed = SEED_FILES[3]
    document = shipped_filter.classify(seed.read_bytes())
    article, _, tail = seed.read_text(encoding="utf-8").strip().partition("\n\n")
    article_lines = [line for line in article.splitlines() if line.strip()]
    tail_lines = [line for line in tail.splitlines() if line.strip()]
    labels = {p.text: p.label for p in document.paragraphs}
    assert all(labels[" ".join(line.split())] == "content" for line in article_lines)
    assert all(labels[" ".join(line.split())] == "off_topic" for line in tail_lines)


def test_chat_page_keeps_article_drops_tweet(shipped_filter):
    document = shipped_filter.classify(SEED_FILES[1].read_bytes())
    assert document.format == "wordpress-json"
    assert document.title and document.title.startswith("“Moroccan military personnel")
    dropped = [p for p in document.paragraphs if not p.kept]
    assert dropped and all(p.markup.embed for p in dropped)
    assert "widgets.js" not in shipped_filter.clean(SEED_FILES[1].read_bytes())
