"""Articles without a URL (plain text files) are seen by every named query, by ``kg stats`` and
by ``kg remove``: the fixture with its ``schema:url`` statements taken out answers as before."""

from __future__ import annotations

import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.query import execute, stats
from kg.sparql.named import list_named_queries, named_query
from kg.store import Store

URL = ox.NamedNode("http://schema.org/url")


@pytest.fixture(scope="module")
def urlless_built(tmp_path_factory: pytest.TempPathFactory, fixture_graphs: dict[str, bytes]) -> Path:
    out = tmp_path_factory.mktemp("urlless") / "out"
    with Store.open(out, create=True) as store:
        for g, nq in fixture_graphs.items():
            quads = [q for q in ox.parse(nq, format=ox.RdfFormat.N_QUADS) if q.predicate != URL]
            store.replace_article(g.rsplit("/", 1)[1], g, ox.serialize(quads, format=ox.RdfFormat.N_QUADS),
                                  "sha-" + g[-6:], f"fixture:{g[-6:]}")
    return out


@pytest.fixture
def urlless_store(tmp_path: Path, urlless_built: Path) -> Path:
    """Each test's own copy of the closed store (``kg remove`` changes it)."""
    out = tmp_path / "urlless"
    shutil.copytree(urlless_built, out)
    return out


def _articles(result) -> set[str]:
    """The article IRIs a result names, in any column."""
    return {t.value for row in result.rows for t in row if t is not None and "/article/" in t.value}


@pytest.mark.parametrize("name", [q.name for q in list_named_queries()])
def test_every_named_query_finds_as_many_rows_without_urls(fixture_store: Path, urlless_store: Path,
                                                           name: str) -> None:
    with_urls = execute(fixture_store, named_query(name, {}))
    without = execute(urlless_store, named_query(name, {}))
    assert len(without.rows) == len(with_urls.rows) > 0


def test_sources_name_the_article_when_it_has_no_url(urlless_store: Path) -> None:
    result = execute(urlless_store, named_query("events-in-place", {}))
    sources = result.variables.index("sources")
    assert all(row[sources].value.split() for row in result.rows)
    assert all("/article/" in s for row in result.rows for s in row[sources].value.split())


def test_stats_lists_the_most_mentioned_without_urls(fixture_store: Path, urlless_store: Path) -> None:
    assert sorted(stats(urlless_store).top) == sorted(stats(fixture_store).top) != []  # sites break ties


def test_remove_takes_the_ids_the_articles_query_shows(urlless_store: Path) -> None:
    result = execute(urlless_store, named_query("articles", {}))
    ids = [row[result.variables.index("id")].value for row in result.rows]
    assert len(ids) == 3
    proc = CliRunner().invoke(app, ["remove", str(urlless_store), ids[0]])
    assert proc.exit_code == 0, proc.output
    assert len(execute(urlless_store, named_query("articles", {})).rows) == 2
