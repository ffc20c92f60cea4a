"""Shared fixtures. Fast tests use ``spacy.blank('en')``; the real model is loaded once, lazily."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEED_DIR = SHARED / "seeds"
CORPUS_DIR = SHARED / "corpus"
SAMPLES_DIR = ROOT / "data" / "samples"
SEED_URL = (
    "https://sputnikglobe.com/20250815/"
    "how-a-soviet-blitz-campaign-against-imperial-japan-helped-create-modern-north-korea-1122617552.html"
)


@pytest.fixture(scope="session")
def seed_dir() -> Path:
    if not SEED_DIR.is_dir():
        pytest.skip(f"{SEED_DIR} is absent: the seed article lives in ../shared beside the repo")
    return SEED_DIR


@pytest.fixture(scope="session")
def seed_file(seed_dir: Path) -> Path:
    return seed_dir / "000_75f83e89a5f7c2b9.txt"


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    if not CORPUS_DIR.is_dir():
        pytest.skip(f"{CORPUS_DIR} is absent: the evaluation corpus lives in ../shared beside the repo")
    return CORPUS_DIR


@pytest.fixture(scope="session")
def samples_dir() -> Path:
    return SAMPLES_DIR


@pytest.fixture(scope="session")
def nlp():
    """The real pipeline news-kg runs (model + our components). Slow: mark tests using it."""
    from kg.nlp import load_pipeline

    return load_pipeline()
