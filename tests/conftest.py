"""Shared fixtures. Fast tests use ``spacy.blank('en')``; the real model is loaded once, lazily."""

from __future__ import annotations

import gc
import os
import shutil
import sys
import tempfile
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEED_DIR = SHARED / "seeds"
CORPUS_DIR = SHARED / "corpus"
CONLL_DIR = SHARED / "corpus-conll"
SAMPLES_DIR = ROOT / "data" / "samples"
SEED_URL = (
    "https://sputnikglobe.com/20250815/"
    "how-a-soviet-blitz-campaign-against-imperial-japan-helped-create-modern-north-korea-1122617552.html"
)
RAM_DISK = Path("/dev/shm")


def pytest_configure(config: pytest.Config) -> None:
    """Scratch folders (``tmp_path``, ``tempfile``, the subprocesses' too) go to RAM when the
    machine has a RAM disk and TMPDIR names no other place. Every store the tests write is
    synced to disk by RocksDB, and on a busy machine the run waited on those syncs longer than
    it computed; what the tests check, what is written and what a killed process leaves, is the same."""
    if "TMPDIR" not in os.environ and RAM_DISK.is_dir() and os.access(RAM_DISK, os.W_OK):
        os.environ["TMPDIR"] = str(RAM_DISK)
        tempfile.tempdir = None  # gettempdir() reads TMPDIR again
    keep_bytecode()
    collect_less()
    if hasattr(config.option, "loadscopereorder"):  # pytest-xdist: hand out files in collection order
        config.option.loadscopereorder = False


HEAVY_FIRST = ("test_query.py", "test_evaluate.py", "test_hostile.py", "test_bad_input.py",
               "test_query_safety.py", "test_nlp_segment.py", "test_ingest.py", "test_pages.py")
"""The test files that take the most CPU without the model (1.9 to 6.2 s each, measured), heaviest
first. Test processes take one file at a time, so these go out first and the small files fill in
at the end; handed out by their number of tests (xdist's default), one of these came last and its
process ran on alone for seconds. A file missing here only runs later; the tests are the same."""


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    rank = {name: n for n, name in enumerate(HEAVY_FIRST)}
    items.sort(key=lambda item: rank.get(item.path.name, len(rank)))


def collect_less() -> None:
    """The garbage collector runs on every 10,000 new objects instead of 700. A test process holds
    millions of long-lived objects (spaCy, rdflib, every test module) and each full collection
    walks them all: about a tenth of the run's CPU went to the collector. Cycles are still
    collected during the run; what the tests run is the same."""
    gc.set_threshold(10_000, 10, 10)


def pytest_unconfigure() -> None:
    """After the last test, one full collection, then what survives it is frozen (``gc.freeze``).
    pytest then collects five times more to report exceptions raised in finalizers, and Python
    once more at exit; each of those walked every object of the process again (about 2 s of CPU
    a process). Garbage is still collected and reported as before: anything left by the tests is
    collected here, and whatever its finalizers leave behind is new, so not frozen."""
    gc.collect()
    gc.freeze()


def keep_bytecode() -> None:
    """Compiled modules are kept in ``__pycache__`` (ignored by git) even where the environment
    says not to write them (PYTHONDONTWRITEBYTECODE). Otherwise every test process compiles kg
    again, pytest rewrites every test module again, and every ``python -m kg`` a test starts
    compiles kg again: about 3 s of CPU a process. Python checks each cache against its source,
    so what runs is the source as it is."""
    sys.dont_write_bytecode = False


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
def conll_dir() -> Path:
    if not CONLL_DIR.is_dir():
        pytest.skip(f"{CONLL_DIR} is absent: the CoNLL development corpus lives in ../shared beside the repo")
    return CONLL_DIR


@pytest.fixture(scope="session")
def samples_dir() -> Path:
    return SAMPLES_DIR


@pytest.fixture(scope="session")
def nlp():
    """The real pipeline news-kg runs (model + our components). Slow: mark tests using it."""
    from kg.nlp import load_pipeline

    return load_pipeline()


STORE_FIXTURE = ROOT / "tests" / "data" / "store_fixture.trig"


def _fixture_graphs() -> dict[str, bytes]:
    import pyoxigraph as ox

    quads = list(ox.parse(path=str(STORE_FIXTURE), format=ox.RdfFormat.TRIG))
    names = sorted({q.graph_name.value for q in quads})
    return {g: ox.serialize([q for q in quads if q.graph_name.value == g], format=ox.RdfFormat.N_QUADS)
            for g in names}


@pytest.fixture(scope="session")
def fixture_graphs() -> dict[str, bytes]:
    """graph IRI -> N-Quads of each article graph in tests/data/store_fixture.trig."""
    return _fixture_graphs()


@pytest.fixture(scope="session")
def fixture_store_built(tmp_path_factory) -> Path:
    """The fixture's build folder, written once through ``Store`` and closed; tests get copies."""
    from kg.store import Store

    out = tmp_path_factory.mktemp("fixture-store") / "out"
    with Store.open(out, create=True) as store:
        for g, nq in _fixture_graphs().items():
            store.replace_article(g.rsplit("/", 1)[1], g, nq, "sha-" + g[-6:], f"fixture:{g[-6:]}")
    return out


@pytest.fixture
def fixture_store(tmp_path: Path, fixture_store_built: Path) -> Path:
    """A build folder whose store holds the hand-written three-article fixture: each test's own
    copy of the closed store's files (a tenth of the cost of writing it again), free to change."""
    out = tmp_path / "out"
    shutil.copytree(fixture_store_built, out)
    return out


EXPORT_FIXTURE = ROOT / "tests" / "data" / "export_fixture.trig"


@pytest.fixture(scope="session")
def build_dir(tmp_path_factory) -> Path:
    """A folder laid out as ``kg build --out`` leaves it, holding tests/data/export_fixture.trig."""
    import pyoxigraph as ox

    out = tmp_path_factory.mktemp("kgout")
    store = ox.Store(path=str(out / "store"))
    store.load(path=str(EXPORT_FIXTURE), format=ox.RdfFormat.TRIG)
    store.flush()
    del store
    return out


def make_doc(words: list[str], heads: list[int], deps: list[str], tags: list[str] | None = None,
             spaces: list[bool] | None = None, ents: list[str] | None = None):
    """A parsed ``Doc`` built by hand, so a rule over the parse is tested without the model.
    ``heads`` are absolute token indexes (a root is its own head); ``ents`` are IOB tags
    ("B-GPE", "I-GPE", "O")."""
    from spacy.tokens import Doc

    return Doc(blank_nlp().vocab, words=words, spaces=spaces, heads=heads, deps=deps, tags=tags, ents=ents)


def doc_with(text: str, *ents: tuple[str, str]):
    """A ``spacy.blank("en")`` Doc of ``text`` with the entities given as (surface, label), in order."""
    doc, spans, pos = blank_nlp()(text), [], 0
    for surface, label in ents:
        start = text.index(surface, pos)
        pos = start + len(surface)
        spans.append(doc.char_span(start, pos, label=label))
    doc.ents = spans
    return doc


@cache
def blank_nlp():
    import spacy

    return spacy.blank("en")
