"""Shared fixtures for the filterkit test suite."""

from __future__ import annotations

from pathlib import Path

import pytest
import filterkit
from filterkit.document import FilterkitError
from filterkit.model import card_path, shipped_model_path


@pytest.fixture(scope="session")
def shipped_model() -> Path:
    """The shipped model file (the tests that need a model use it, and copies of it)."""
    path = shipped_model_path()
    if not path.is_file() or not card_path(path).is_file():
        pytest.fail(f"the shipped model {path} (and its card) is missing: build it with `filterkit train`")
    return path


@pytest.fixture(scope="session")
def shipped_filter(shipped_model):
    """One Filter with the shipped model, loaded once for the session."""
    try:
        return filterkit.Filter(shipped_model)
    except FilterkitError as error:  # pragma: no cover - reported as a test failure, not an error
        pytest.fail(f"the shipped model does not load: {error}")


@pytest.fixture(scope="session")
def stable_filter(shipped_model):
    """The shipped model cleaning to a fixed point (``stable``), loaded once for the session."""
    return filterkit.Filter(shipped_model, stable=True)


@pytest.fixture
def runner():
    from click.testing import CliRunner

    return CliRunner()

