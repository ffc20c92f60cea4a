"""Embedded Oxigraph store vs plain rdflib in memory, on a synthetic graph shaped like ours.

    python benchmarks/bench_store.py [--articles 10000] [--rdflib-cap 20] [--skip-rdflib]

Builds per-article named graphs (article node, PROV, entities with types and labels repeated
in every graph that mentions them, occurrences with roles and time bounds, NIF mentions), about
100 quads per article, then times load, export (Turtle union, TriG, N-Quads) and every named
query with both engines and prints a table with the ratios. rdflib queries that run longer than
``--rdflib-cap`` seconds (exports: six times that) are stopped (SIGALRM) and reported as "> cap".
"""

from __future__ import annotations

import argparse
import random
import signal
import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox
import rdflib

from kg.sparql.named import list_named_queries, named_query
from kg.store import Store

BASE = "https://w3id.org/news-kg/"
P = {"rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#", "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
     "xsd": "http://www.w3.org/2001/XMLSchema#", "schema": "http://schema.org/",
     "sem": "http://semanticweb.cs.vu.nl/2009/11/sem/", "dbo": "http://dbpedia.org/ontology/",
     "prov": "http://www.w3.org/ns/prov#", "nif": "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#",
     "gaf": "http://groundedannotationframework.org/gaf#", "kgo": "https://w3id.org/news-kg/ontology#"}
KINDS = {"person": ("schema:Person", "sem:Actor"),
         "unit": ("schema:Organization", "dbo:MilitaryUnit", "sem:Actor"),
         "place": ("schema:Place", "sem:Place"),
         "event": ("sem:Event", "schema:Event", "dbo:MilitaryConflict")}
POOL = {"person": 3000, "unit": 500, "place": 800, "event": 200}
SEEDED = {"unit": ["Red Army", "Kwantung Army"], "place": ["Manchuria"]}
EVENT_TYPES = ["Attack", "Liberation", "Surrender", "Meeting", "Movement"]
SITES = [f"site{i}.example.org" for i in range(40)]


def iri(curie: str) -> str:
    prefix, local = curie.split(":", 1)
    return f"<{P[prefix]}{local}>"


def label(kind: str, i: int) -> str:
    seeded = SEEDED.get(kind, [])
    return seeded[i] if i < len(seeded) else f"{kind.title()} {i}"


def zipf(rng: random.Random, n: int) -> int:
    return min(n - 1, int(rng.paretovariate(1.1)) - 1)


def article_nquads(n: int, rng: random.Random) -> tuple[str, str]:
    aid = f"{n:016x}"
    g, art = f"<{BASE}graph/{aid}>", f"<{BASE}article/{aid}>"
    url = f"<https://{rng.choice(SITES)}/news/{n}>"
    day = f"{rng.randint(2015, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    out = [f"{g} {iri('rdf:type')} {iri('prov:Entity')}",
           f"{g} {iri('prov:wasDerivedFrom')} {art}",
           f'{g} {iri("prov:generatedAtTime")} "2026-01-01T00:00:00Z"^^{iri("xsd:dateTime")}',
           f"{art} {iri('rdf:type')} {iri('schema:NewsArticle')}", f"{art} {iri('schema:url')} {url}",
           f'{art} {iri("schema:headline")} "Headline {n}"@en',
           f'{art} {iri("schema:datePublished")} "{day}T08:00:00Z"^^{iri("xsd:dateTime")}']
    ents = {}
    for kind, count in (("person", 3), ("unit", 3), ("place", 2), ("event", 1)):
        for _ in range(count):
            i = zipf(rng, POOL[kind])
            ents[f"<{BASE}id/{kind}/{kind}-{i}>"] = (kind, label(kind, i))
    for k, (e, (kind, lab)) in enumerate(ents.items()):
        out += [f"{e} {iri('rdf:type')} {iri(t)}" for t in KINDS[kind]]
        out += [f'{e} {iri("rdfs:label")} "{lab}"@en', f"{art} {iri('schema:mentions')} {e}"]
        out += _mention(art, e, lab, 10 * k)
    units = [e for e, (kind, _) in ents.items() if kind == "unit"]
    actors = units + [e for e, (kind, _) in ents.items() if kind == "person"]
    places = [e for e, (kind, _) in ents.items() if kind == "place"]
    for k in range(2):
        agent, patient = rng.sample(actors, 2)
        year, month = rng.randint(1930, 1950), rng.randint(1, 12)
        occ = f"<{BASE}id/event/occ-{abs(hash((agent, patient, year, month))) % 16**12:012x}>"
        etype = rng.choice(EVENT_TYPES)
        out += [f"{occ} {iri('rdf:type')} {iri('sem:Event')}", f"{occ} {iri('rdf:type')} {iri('schema:Action')}",
                f'{occ} {iri("rdfs:label")} "{etype} {n}-{k}"@en',
                f"{occ} {iri('sem:eventType')} {iri('kgo:' + etype)}",
                f"{occ} {iri('schema:agent')} {agent}", f"{occ} {iri('schema:object')} {patient}",
                f"{occ} {iri('sem:hasActor')} {agent}", f"{occ} {iri('sem:hasActor')} {patient}",
                f"{occ} {iri('sem:hasPlace')} {rng.choice(places)}",
                f'{occ} {iri("sem:hasEarliestBeginTimeStamp")} "{year}-{month:02d}-01"^^{iri("xsd:date")}',
                f'{occ} {iri("sem:hasLatestEndTimeStamp")} "{year}-{month:02d}-28"^^{iri("xsd:date")}',
                f"{art} {iri('schema:mentions')} {occ}"]
    return aid, "".join(f"{line} {g} .\n" for line in out)


def _mention(art: str, entity: str, text: str, begin: int) -> list[str]:
    m = f"<{art[1:-1]}#char={begin},{begin + len(text)}>"
    nni = iri("xsd:nonNegativeInteger")
    return [f"{entity} {iri('gaf:denotedBy')} {m}", f"{m} {iri('rdf:type')} {iri('nif:Phrase')}",
            f'{m} {iri("nif:anchorOf")} "{text}"', f'{m} {iri("nif:beginIndex")} "{begin}"^^{nni}',
            f'{m} {iri("nif:endIndex")} "{begin + len(text)}"^^{nni}']


class Cap(Exception):
    pass


def timed(fn, *args, cap: float | None = None):
    """(seconds, ``fn(*args)``) or (None, None) when a cap was set and hit."""
    if cap:
        signal.signal(signal.SIGALRM, lambda *_: (_ for _ in ()).throw(Cap()))
        signal.setitimer(signal.ITIMER_REAL, cap)
    t = time.perf_counter()
    try:
        result = fn(*args)
        return time.perf_counter() - t, result
    except Cap:
        return None, None
    finally:
        if cap:
            signal.setitimer(signal.ITIMER_REAL, 0)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", type=int, default=10_000)
    ap.add_argument("--rdflib-cap", type=float, default=20.0)
    ap.add_argument("--skip-rdflib", action="store_true")
    args = ap.parse_args()
    rng = random.Random(42)
    work = Path(tempfile.mkdtemp(prefix="bench-store-"))
    arts = [article_nquads(n, rng) for n in range(args.articles)]
    nq_path = work / "all.nq"
    nq_path.write_text("".join(a[1] for a in arts), encoding="utf-8")
    quads = sum(a[1].count("\n") for a in arts)
    print(f"{args.articles} articles, {quads} quads, {nq_path.stat().st_size / 1e6:.1f} MB N-Quads, in {work}",
          flush=True)
    rows: list[tuple[str, float | None, float | None]] = []

    store = Store.open(work / "ox", create=True)
    t_rep, _ = timed(lambda: [store.replace_article(a, f"{BASE}graph/{a}", nq.encode(), a, "bench")
                              for a, nq in arts])
    store.close()
    print(f"oxigraph replace_article x{len(arts)}: {t_rep:.1f} s", flush=True)
    t_bulk, _ = timed(lambda: ox.Store(str(work / "bulk")).bulk_load(path=str(nq_path), format=ox.RdfFormat.N_QUADS))
    store = Store.open(work / "ox")
    exports = {}
    for fmt, ext in (("turtle", "ttl"), ("trig", "trig"), ("nquads", "nq")):
        exports[fmt], _ = timed(store.dump, work / f"ox.{ext}", fmt)
    queries = [q for q in list_named_queries()]
    ox_q = {}
    for q in queries:
        sparql = named_query(q.name, {})
        ox_q[q.name], res = timed(store.query, sparql)
        print(f"oxigraph {q.name}: {ox_q[q.name]:.3f} s, {len(res.rows)} rows", flush=True)
    store.close()

    rd = {}
    if not args.skip_rdflib:
        ds = rdflib.Dataset()
        rd["load"], _ = timed(lambda: ds.parse(str(nq_path), format="nquads"))
        print(f"rdflib load: {rd['load']:.1f} s", flush=True)

        def union_turtle() -> None:
            g = rdflib.Graph()
            for s, p, o, _ in ds.quads((None, None, None, None)):
                g.add((s, p, o))
            g.serialize(str(work / "rd.ttl"), format="turtle")

        export_cap = 6 * args.rdflib_cap
        rd["turtle"], _ = timed(union_turtle, cap=export_cap)
        rd["trig"], _ = timed(lambda: ds.serialize(str(work / "rd.trig"), format="trig"), cap=export_cap)
        rd["nquads"], _ = timed(lambda: ds.serialize(str(work / "rd.nq"), format="nquads"), cap=export_cap)
        print(f"rdflib exports (s, None = stopped after {export_cap:g} s): "
              f"{rd['turtle']} / {rd['trig']} / {rd['nquads']}", flush=True)
        for q in queries:
            sparql = named_query(q.name, {})
            rd[q.name], _ = timed(lambda s: list(ds.query(s)), sparql, cap=args.rdflib_cap)
            shown = "> cap" if rd[q.name] is None else f"{rd[q.name]:.2f} s"
            print(f"rdflib {q.name}: {shown}", flush=True)

    absent = "skipped" if args.skip_rdflib else None
    rows.append(("load N-Quads (rdflib parse / oxigraph bulk_load, on disk)", rd.get("load", absent), t_bulk))
    rows.append(("load by replace_article, one transaction per article", None, t_rep))
    for fmt, name in (("turtle", "export Turtle (union)"), ("trig", "export TriG"), ("nquads", "export N-Quads")):
        rows.append((name, rd.get(fmt, absent), exports[fmt]))
    for q in queries:
        rows.append((f"query {q.name}", rd.get(q.name, absent), ox_q[q.name]))
    print_table(rows, args.rdflib_cap, quads)


def print_table(rows, cap: float, quads: int) -> None:
    print(f"\n| step ({quads} quads) | rdflib 7 (s) | oxigraph (s) | rdflib / oxigraph |")
    print("|---|---:|---:|---:|")
    for name, rd, oxt in rows:
        if rd == "skipped" or (rd is None and name.startswith("load by")):
            print(f"| {name} | – | {oxt:.3f} | – |")
        elif rd is None:
            limit = cap * (6 if name.startswith("export") else 1)
            print(f"| {name} | > {limit:g} (stopped) | {oxt:.3f} | > {limit / max(oxt, 1e-6):.0f}× |")
        else:
            print(f"| {name} | {rd:.3f} | {oxt:.3f} | {rd / max(oxt, 1e-6):.1f}× |")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
