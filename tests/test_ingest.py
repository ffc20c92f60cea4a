"""Readers: page dumps, HTML, JSON Lines, plain text, feeds, and every kind of bad input."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import tempfile
from pathlib import Path

import pytest

from kg.errors import InputError
from kg.ingest import make_article, read_paths
from kg.ingest.dates import parse_date
from kg.ingest.sniff import kind_of
from kg.types import Article, Skipped

UTC = dt.UTC
SEED_URL = (
    "https://sputnikglobe.com/20250815/"
    "how-a-soviet-blitz-campaign-against-imperial-japan-helped-create-modern-north-korea-1122617552.html"
)
ENGLISH = (
    "The 3rd Infantry Division crossed the river at dawn on 12 March 1945 and took the town "
    "after a short fight. Its commander said that the men were tired but that the bridge was "
    "held. Later that week the division moved east towards the hills.\n"
)


def one(path: Path | str, **kw) -> Article | Skipped:
    items = list(read_paths([path], **kw))
    assert len(items) == 1, items
    return items[0]


def article(path: Path | str) -> Article:
    item = one(path)
    assert isinstance(item, Article), item
    return item


def paragraphs(a: Article) -> list[str]:
    head, sep, body = a.text.partition("\n\n")
    assert sep and head == a.title
    return [p for p in re.split(r"\n+", body) if p]


# --- scraped page dumps ---------------------------------------------------------------------

def test_seed_dump_metadata(seed_file):
    a = article(seed_file)
    assert a.url == SEED_URL
    assert a.title == "How a Soviet Blitz Campaign Against Imperial Japan Helped Create Modern North Korea"
    assert a.published == dt.datetime(2025, 8, 15, 10, 42, tzinfo=UTC)
    assert a.tags == ("world", "japan", "military & intelligence", "koreas", "red army",
                      "soviet union", "kim il-sung", "world war ii")
    assert kind_of(seed_file, seed_file.read_bytes()[:65536]) == "dump"


def test_seed_dump_body(seed_file):
    a = article(seed_file)
    paras = paragraphs(a)
    assert len(paras) == 6
    assert paras[0].startswith("80 years ago, in August 1945, Red Army forces")
    assert paras[0].endswith("less than two weeks.")
    assert paras[1].startswith("While it would become") and paras[1].endswith("key details unknown.")
    assert all(p.endswith("?") for p in paras[2:])
    assert "Soviet naval infantry" in paras[2] and "Cold War" in paras[5]


@pytest.mark.parametrize("junk", [
    "http", "sputniknews.com", "+7495", "Rossiya", "Subscribe", "©", "Find out in our video",
    "Cookie", "Privacy", "Terms", "18+", "Americas", "Science & Tech", "Android", "register",
    "loader", "Newsfeed", "PT3M09S", "en_EN", "1920", "252", "how long did",
])
def test_seed_dump_drops_boilerplate(seed_file, junk):
    assert junk not in article(seed_file).text


def test_seed_dump_has_no_cyrillic(seed_file):
    assert not re.search(r"[\u0400-\u04ff]", article(seed_file).text)


DUMPS = {
    "meridian_kohima_dump.txt": dict(
        url="https://www.meridian-dispatch.example/history/2024/06/06/kohima-the-siege-that-turned-the-burma-war",
        title="Kohima at 80: the siege that turned the Burma war",
        published=dt.datetime(2024, 6, 6, 7, 30, tzinfo=dt.timezone(dt.timedelta(hours=1))),
        tags=("Second World War", "Burma campaign", "Kohima", "British Army"),
        authors=("Margaret Ellery",),
        first="How a small garrison held a hill station",
        last="the Imperial Japanese Army suffered on land.",
        paragraphs=5,
        junk=("Read more", "Home", "Podcasts", "Share this", "Most read", "Veterans return", "©",
              "Cookie", "desk@", "+44", "By Margaret", "BST", "og:", "Topics"),
    ),
    "pacific_record_inchon_dump.txt": dict(
        url="https://pacificrecord.example/news/korea/inchon-at-73-the-landing-that-reversed-the-korean-war-48213",
        title="Inchon at 73: the landing that reversed the Korean War",
        published=dt.datetime(2023, 9, 15, 6, 0, tzinfo=dt.timezone(dt.timedelta(hours=-4))),
        tags=("korean war", "inchon", "x corps", "douglas macarthur"),
        authors=("Daniel Okafor",),
        first="Seventy-three years ago today, on 15 September 1950",
        last="few and badly prepared.",
        paragraphs=4,
        junk=("Advertisement", "Related Coverage", "Chosin Reservoir survivors", "| Home", "Sign In",
              "Subscribe", "1-800", "newsroom@", "Terms of Service", "©", "@type", "webp", "EDT"),
    ),
    "steppe_herald_bagration_dump.txt": dict(
        url="https://steppeherald.example/en/history/20240622/operation-bagration-eighty-years-on-771904.html",
        title="Operation Bagration, eighty years on",
        published=dt.date(2024, 6, 22),
        tags=("history", "world war ii", "belarus", "red army", "eastern front"),
        authors=(),
        first="In June 1944 four Soviet fronts tore open the German line",
        last="the Red Army stood on the Vistula near Warsaw.",
        paragraphs=4,
        junk=("Listen to this article", "Watch the full documentary", "Politics", "Advertise",
              "Privacy", "©", "12+", "editors@", "+7 495", "2024-06-22", "jpg", "History, defence"),
    ),
}


@pytest.mark.parametrize("name", sorted(DUMPS))
def test_invented_dumps(samples_dir, name):
    want = DUMPS[name]
    path = samples_dir / name
    assert kind_of(path, path.read_bytes()) == "dump"
    a = article(path)
    assert (a.url, a.title, a.published, a.tags, a.authors) == (
        want["url"], want["title"], want["published"], want["tags"], want["authors"])
    paras = paragraphs(a)
    assert len(paras) == want["paragraphs"]
    assert paras[0].startswith(want["first"]) and paras[-1].endswith(want["last"])
    for junk in want["junk"]:
        assert junk not in a.text, junk
    assert not re.search(r"[\u0400-\u04ff]", a.text)


def test_dump_without_dateline_uses_repeated_headline(tmp_path):
    page = "\n".join([
        "Frontier Gazette", "https://frontier-gazette.example/1951/imjin-river-stand",
        "2021-04-22T12:00:00Z", "The stand on the Imjin River", "korean war", "imjin",
        "The stand on the Imjin River",
        "The 29th Infantry Brigade held the line of the Imjin River for three days in April 1951.",
        "Its Gloucestershire battalion was surrounded on Hill 235 and most of the men were taken prisoner.",
        "Home", "Sport", "Weather", "Contact", "© Frontier Gazette",
    ])
    (tmp_path / "g.txt").write_text(page, encoding="utf-8")
    a = article(tmp_path / "g.txt")
    assert a.title == "The stand on the Imjin River"
    assert a.tags == ("korean war", "imjin")
    assert a.published == dt.datetime(2021, 4, 22, 12, tzinfo=UTC)
    assert len(paragraphs(a)) == 2 and "Weather" not in a.text


# --- HTML, JSON Lines, plain text, feeds -------------------------------------------------------

def test_html_sample(samples_dir):
    a = article(samples_dir / "stalingrad_uranus.html")
    assert a.url == "https://northern-ledger.example/history/1942/operation-uranus-encirclement-stalingrad"
    assert a.title == "Operation Uranus: how the Red Army encircled Stalingrad"
    assert a.published == dt.datetime(2022, 11, 19, 8, 0, tzinfo=UTC)
    assert a.authors == ("Ruth Kowalczyk",)
    assert a.tags == ("Eastern Front", "Stalingrad", "Red Army", "Second World War")
    paras = paragraphs(a)
    assert paras[0].startswith("On the foggy morning of 19 November 1942")
    assert paras[-1].endswith("on the Eastern Front.")
    for junk in ("Search the Ledger", "About us", "Prokhorovka", "All rights reserved", "Cookies"):
        assert junk not in a.text


def test_an_html_headline_leaves_off_the_site_name_the_page_does_not_show_with_it(samples_dir, tmp_path):
    html = (samples_dir / "stalingrad_uranus.html").read_text(encoding="utf-8")
    headline = "Operation Uranus: how the Red Army encircled Stalingrad"
    og = f'content="{headline}"'
    (tmp_path / "site.html").write_text(html.replace(og, f'content="{headline} | Northern Ledger"'), encoding="utf-8")
    assert article(tmp_path / "site.html").title == headline
    unshown = html.replace(og, 'content="Winter war: Uranus | Ledger"').replace(f"<h1>{headline}</h1>", "")
    (tmp_path / "unshown.html").write_text(unshown, encoding="utf-8")
    assert article(tmp_path / "unshown.html").title == "Winter war: Uranus | Ledger"


def test_truncated_html_keeps_remaining_text(samples_dir, tmp_path):
    html = (samples_dir / "stalingrad_uranus.html").read_text(encoding="utf-8")
    cut = html.index("The Southwestern Front")
    (tmp_path / "cut.html").write_text(html[:cut + 40], encoding="utf-8")
    a = article(tmp_path / "cut.html")
    assert "On the foggy morning" in a.text and "Winter Storm" not in a.text
    (tmp_path / "head.html").write_text(html[: html.index("<body>") + 20], encoding="utf-8")
    s = one(tmp_path / "head.html")
    assert isinstance(s, Skipped) and "no article text" in s.reason


def test_jsonl_sample_with_aliases(samples_dir):
    items = list(read_paths([samples_dir / "frontline_archive.jsonl"]))
    assert all(isinstance(a, Article) for a in items) and len(items) == 3
    kursk, okinawa, khalkhin = items
    assert kursk.source.endswith("frontline_archive.jsonl:1")
    assert kursk.title.startswith("Eighty years after Kursk")
    assert kursk.published == dt.datetime(2023, 7, 5, 9, 0, tzinfo=UTC)
    assert kursk.tags == ("kursk", "eastern front", "operation citadel")
    assert kursk.authors == ("Elena Marsh",)
    assert okinawa.url == "https://frontline-archive.example/articles/okinawa-iceberg-1945"
    assert okinawa.published == dt.date(2025, 4, 1)
    assert "<p>" not in okinawa.text and "Operation Iceberg" in okinawa.text
    assert khalkhin.tags == ("khalkhin gol", "mongolia", "georgy zhukov")
    assert khalkhin.text.startswith(khalkhin.title + "\n\n")


def test_jsonl_malformed_line_is_skipped_and_rest_read(tmp_path):
    good = {"title": "A raid on the harbour", "text": ENGLISH}
    lines = [json.dumps(good), '{"title": "broken", "text": ', json.dumps({**good, "url": "https://x.example/2"}),
             "[1, 2]"]
    path = tmp_path / "crawl.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = list(read_paths([path]))
    assert [type(i).__name__ for i in items] == ["Article", "Skipped", "Article", "Skipped"]
    assert items[1].source == f"{path}:2" and "malformed JSON" in items[1].reason
    assert items[3].source == f"{path}:4" and "JSON object" in items[3].reason
    assert items[0].id != items[2].id


def test_plain_text_keeps_content_identical(samples_dir):
    path = samples_dir / "korean_war_chosin.txt"
    a = article(path)
    assert a.text == path.read_text(encoding="utf-8")
    assert a.title == "Marines break out from the Chosin Reservoir"
    assert kind_of(path, path.read_bytes()) == "text"


def test_plain_text_without_headline(tmp_path):
    (tmp_path / "p.txt").write_text(ENGLISH, encoding="utf-8")
    a = article(tmp_path / "p.txt")
    assert a.title is None and a.text == ENGLISH


STORY = ("The harbour board met on Tuesday and voted to dredge the northern channel before the winter storms. "
         "Pilots had warned for months that the larger ferries could no longer turn in the basin at low tide.")


@pytest.mark.parametrize(("top", "title"), [
    (["Gazette header", "The ferry basin at low tide, seen from the pier. (Photo: Gazette Staff)",
      "Board votes to dredge the ferry channel", "by Ines Moreau", "Tuesday, March 4, 2025"],
     "Board votes to dredge the ferry channel"),  # a label and a caption over the headline
    (["Board votes to dredge the ferry channel", "Tuesday, March 4, 2025"],
     "Board votes to dredge the ferry channel"),  # the first line, its dateline under it
    (["Board votes to dredge the ferry channel", "Harbour news in brief", "by Ines Moreau"],
     "Board votes to dredge the ferry channel"),  # a byline under the second line: the first is the title
])
def test_plain_text_headline_is_the_line_its_byline_or_dateline_follows(tmp_path, top, title):
    text = "\n".join([*top, STORY]) + "\n"
    (tmp_path / "p.txt").write_text(text, encoding="utf-8")
    a = article(tmp_path / "p.txt")
    assert kind_of(tmp_path / "p.txt", text.encode()) == "text"
    assert a.title == title and a.text == text


def test_numbers_and_punctuation_alone_are_no_article(tmp_path):
    (tmp_path / "n.txt").write_text(" ".join(str(n * 7919) for n in range(500)), encoding="utf-8")
    (tmp_path / "p.txt").write_text("!!! ??? ... --- " * 100, encoding="utf-8")
    found = list(read_paths([tmp_path]))
    assert [type(f) for f in found] == [Skipped, Skipped]
    assert all("(0 words)" in f.reason for f in found)


def test_corpus_texts_are_read_unchanged(corpus_dir):
    items = list(read_paths([corpus_dir]))
    txts = sorted(corpus_dir.glob("*.txt"))
    assert [i.source for i in items] == [str(p) for p in txts]  # README, score.py, gold files left out
    for item, path in zip(items, txts, strict=True):
        assert isinstance(item, Article), item
        assert item.text == path.read_text(encoding="utf-8")


def test_feed_sample(samples_dir):
    items = list(read_paths([samples_dir / "pacific_history.rss"]))
    assert [i.source.rsplit("#", 1)[1] for i in items] == ["1", "2"]
    leyte, iwo = items
    assert leyte.url == "https://harborlight.example/history/leyte-gulf-1944"
    assert leyte.published == dt.datetime(2024, 10, 23, 6, 0, tzinfo=UTC)
    assert leyte.tags == ("Pacific War", "Leyte Gulf") and leyte.authors == ("Tomas Reyes",)
    assert "Operation Sho-Go" in leyte.text and "<p>" not in leyte.text
    assert "Mount Suribachi" in iwo.text and iwo.title == "Iwo Jima: five weeks on an island of ash"


# --- make_article and read_paths --------------------------------------------------------------

def test_make_article_ids_and_hash():
    a = make_article(text="T", source="s", url="http://www.example.org/a/?utm_source=x")
    b = make_article(text="other", source="t", url="https://example.org/a")
    assert a.id == b.id and len(a.id) == 16
    assert a.content_hash != b.content_hash
    c = make_article(text="T", source="s")
    assert c.id != a.id and c.id == make_article(text="T", source="elsewhere").id
    assert make_article(text="T", source="s", tags=("x",)).content_hash != c.content_hash


@pytest.mark.parametrize(
    ("given", "kept"),
    [(7, None), ("/news/1", None), ("javascript:alert(1)", None), ("http://[bad", None),
     ("http://example.org/a b?q=\"x\"", "http://example.org/a%20b?q=%22x%22"),
     ("https://example.org/Kyïv", "https://example.org/Kyïv")],
)
def test_an_article_keeps_only_an_absolute_web_url_fit_for_an_iri(tmp_path, given, kept):
    path = tmp_path / "a.jsonl"
    path.write_text(json.dumps({"url": given, "text": "The Red Army entered Harbin in August 1945."}) + "\n")
    (article,) = read_paths([path])
    assert isinstance(article, Article) and article.url == kept


def test_missing_path_raises_before_reading(tmp_path):
    with pytest.raises(InputError, match="not found"):
        read_paths([tmp_path, tmp_path / "nope.txt"])


def test_directory_order_hidden_and_own_files(tmp_path):
    for name in ("b.txt", "a/c.txt", "a.txt", ".hidden.txt", "x.gold.json", "y.pred.json", "notes.md"):
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text(ENGLISH, encoding="utf-8")
    stream = read_paths([tmp_path, tmp_path / "a.txt"])
    assert iter(stream) is stream
    assert [Path(i.source).relative_to(tmp_path).as_posix() for i in stream] == ["a/c.txt", "a.txt", "b.txt"]


def test_sniffing_ignores_misleading_extension(samples_dir, tmp_path):
    html = (samples_dir / "stalingrad_uranus.html").read_bytes()
    (tmp_path / "page.txt").write_bytes(html)
    assert article(tmp_path / "page.txt").title.startswith("Operation Uranus")
    (tmp_path / "feed").write_bytes((samples_dir / "pacific_history.rss").read_bytes())
    assert len(list(read_paths([tmp_path / "feed"]))) == 2


def test_byte_order_marks(tmp_path):
    (tmp_path / "bom8.txt").write_bytes(b"\xef\xbb\xbf" + ENGLISH.encode())
    (tmp_path / "bom16.txt").write_bytes(ENGLISH.encode("utf-16"))
    assert article(tmp_path / "bom8.txt").text == ENGLISH
    assert article(tmp_path / "bom16.txt").text == ENGLISH


# --- bad input ------------------------------------------------------------------------------

@pytest.mark.parametrize("name, data, reason", [
    ("empty.txt", b"", "empty file"),
    ("blank.txt", b"  \n\n ", "empty file"),
    ("empty.jsonl", b"", "empty file"),
    ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary"),
    ("controls.txt", bytes([1, 2, 3, 4, 5, 6, 7, 8]) * 50 + b"text", "binary"),
    ("latin1.txt", ENGLISH.replace("at dawn", "at dawn \u2013 caf\u00e9").encode("cp1252"), "not valid UTF-8"),
    ("german.txt", ("Die Division überquerte im Morgengrauen den Fluss und nahm nach kurzem Kampf "
                    "die Stadt ein. Der Kommandeur sagte, dass die Männer müde seien, aber die "
                    "Brücke gehalten werde. Später in der Woche zog die Division nach Osten.").encode(),
     "does not look like English"),
    ("russian.txt", "Дивизия переправилась через реку на рассвете и заняла город.".encode(),
     "does not look like English"),
    ("menu.html", b"<html><body><nav><a href='/'>Home</a></nav></body></html>", "no article text"),
    ("feed.xml", b"<?xml version='1.0'?><rss><channel><title>t</title></channel></rss>", "no feed items"),
])
def test_bad_file_is_skipped_with_reason(tmp_path, name, data, reason):
    (tmp_path / name).write_bytes(data)
    item = one(tmp_path / name)
    assert isinstance(item, Skipped) and reason in item.reason
    assert item.source == str(tmp_path / name)


def test_dump_with_only_boilerplate_is_skipped(tmp_path):
    page = "\n".join(["https://site.example/news/item-1", "2024-01-01T10:00:00Z", "Home", "World",
                      "Sport", "© Site 2024", "Privacy Policy", "info@site.example"])
    (tmp_path / "d.txt").write_text(page, encoding="utf-8")
    item = one(tmp_path / "d.txt")
    assert isinstance(item, Skipped) and "no article text left" in item.reason


def test_declared_foreign_language_is_skipped(tmp_path):
    (tmp_path / "x.jsonl").write_text(json.dumps({"text": ENGLISH, "language": "de"}) + "\n", encoding="utf-8")
    item = one(tmp_path / "x.jsonl")
    assert isinstance(item, Skipped) and "English" in item.reason


def test_too_large_file(tmp_path):
    (tmp_path / "big.txt").write_text(ENGLISH * 50, encoding="utf-8")
    item = one(tmp_path / "big.txt", max_bytes=1000)
    assert isinstance(item, Skipped)
    assert f"{len(ENGLISH) * 50} bytes" in item.reason and "1000" in item.reason
    assert isinstance(one(tmp_path / "big.txt"), Article)


def test_bad_files_do_not_stop_the_rest(tmp_path):
    (tmp_path / "1.txt").write_text(ENGLISH, encoding="utf-8")
    (tmp_path / "2.txt").write_bytes(b"\x00\x01binary")
    (tmp_path / "3.txt").write_bytes(b"")
    (tmp_path / "4.txt").write_text(ENGLISH.replace("east", "west"), encoding="utf-8")
    kinds = [type(i).__name__ for i in read_paths([tmp_path])]
    assert kinds == ["Article", "Skipped", "Skipped", "Article"]


def _read_unprivileged(path: Path) -> list[tuple[str, str]]:
    """``read_paths`` as a user without rights on chmod-000 files (root reads everything)."""
    if os.geteuid() != 0:
        return [(type(i).__name__, i.source) for i in read_paths([path])]
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:  # child: drop to 'nobody', read, report through the pipe
        os.close(r)
        try:
            os.setgroups([])
            os.setgid(65534)
            os.setuid(65534)
            out = [(type(i).__name__, i.source, getattr(i, "reason", "")) for i in read_paths([path])]
            os.write(w, json.dumps(out).encode())
        finally:
            os._exit(0)
    os.close(w)
    with os.fdopen(r) as fh:
        data = fh.read()
    os.waitpid(pid, 0)
    return [tuple(x) for x in json.loads(data)]


def test_unreadable_file_is_reported():
    with tempfile.TemporaryDirectory() as d:
        root = Path(d)
        root.chmod(0o755)
        (root / "a.txt").write_text(ENGLISH, encoding="utf-8")
        (root / "b.txt").write_text(ENGLISH, encoding="utf-8")
        (root / "b.txt").chmod(0o000)
        (root / "c.txt").write_text(ENGLISH.upper().lower(), encoding="utf-8")
        (root / "a.txt").chmod(0o644)
        (root / "c.txt").chmod(0o644)
        got = _read_unprivileged(root)
    assert [g[0] for g in got] == ["Article", "Skipped", "Article"]
    assert got[1][1].endswith("b.txt") and "permission denied" in got[1][2]


@pytest.mark.parametrize(("text", "hours"), [
    ("Nov 18, 2019 10:42 IST", 5.5),  # India's, not Israel's (+2) as dateparser reads it
    ("18 November 2019, 10:42 am BST", 1),
    ("Published 18 November 2019 10:42 EST", -5),
])
def test_zone_abbreviations_read_as_news_means_them(text, hours):
    value = parse_date(text)
    assert (value.hour, value.minute) == (10, 42)
    assert value.utcoffset() == dt.timedelta(hours=hours)
