"""Every class of bad input we know, beside a good file: the bad one is built (cleaned) or
skipped with one reason, or ignored and counted; the good one is always built; nothing raises.

``CLASSES`` is the list: its length is the number of bad-input classes covered here.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from kg.ingest import read_paths
from kg.types import Article, Skipped
from kg.xmlchars import NOT_XML
from tests.handmade import check_every_export, extraction, store_articles

PROSE = "The army moved to the river and the people of the town watched it from the bank."
GOOD = '{"url": "https://example.org/good", "title": "Good news", "text": "' + PROSE + '"}\n'


def _write(name: str, data: bytes | str) -> Callable[[Path], None]:
    def make(folder: Path) -> None:
        path = folder / name
        path.write_bytes(data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data)
    return make


def _fifo(folder: Path) -> None:
    os.mkfifo(folder / "pipe.txt")


def _symlink_loop(folder: Path) -> None:
    (folder / "loop.txt").symlink_to(folder / "loop.txt")


def _broken_link(folder: Path) -> None:
    (folder / "gone.txt").symlink_to(folder / "nowhere.txt")


def _folder_cycle(folder: Path) -> None:
    (folder / "sub").mkdir()
    (folder / "sub" / "up").symlink_to(folder)


def _bad_file_name(folder: Path) -> None:
    with open(os.fsencode(folder) + b"/bad\xff\xfename.txt", "w", encoding="utf-8") as fh:
        fh.write(f"Named badly\n\n{PROSE}")


def _jsonl(title: str, text: str = PROSE, url: str = "https://example.org/x") -> str:
    return f'{{"url": "{url}", "title": "{title}", "text": "{text}"}}\n'


RSS = ('<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><item><title>%s</title>'
       '<link>https://example.org/f</link><description>%s</description></item></channel></rss>')

# id -> (make the bad input in a folder, what becomes of it: "built", "skipped" or "ignored")
CLASSES: dict[str, tuple[Callable[[Path], None], str]] = {
    "empty-file": (_write("empty.txt", b""), "skipped"),
    "whitespace-only": (_write("blank.txt", b" \n\t\n"), "skipped"),
    "binary-nul": (_write("bin.txt", bytes(range(256)) * 8), "skipped"),
    "binary-controls": (_write("ctl.txt", b"\x01\x02\x03\x04 word " * 200), "skipped"),
    "invalid-utf8": (_write("latin1.txt", f"Caf\xe9 news\n\n{PROSE}".encode("latin-1")), "skipped"),
    "utf16-with-bom": (_write("u16.txt", f"Wide news\n\n{PROSE}".encode("utf-16")), "built"),
    "utf16-broken": (_write("u16bad.txt", b"\xff\xfe" + b"a\x00" * 50 + b"\x00\xd8"), "skipped"),
    "too-large": (_write("huge.txt", ("word " * 30_000).encode()), "skipped"),
    "json-malformed-line": (_write("bad.jsonl", '{"title": "x", "text": \n'), "skipped"),
    "json-not-an-object": (_write("list.jsonl", "[1, 2, 3]\n"), "skipped"),
    "json-no-text-field": (_write("notext.jsonl", '{"title": "only a title"}\n'), "skipped"),
    "jsonl-lone-surrogate": (_write("sur.jsonl", _jsonl("\\ud800 title", PROSE + " \\udfff")), "built"),
    "json-lone-surrogate": (_write("sur.json", "[" + _jsonl("A \\ud800").strip() + "]"), "built"),
    "json-escaped-controls": (_write("ctl.jsonl", _jsonl("Nul\\u0000 and \\u0001 name")), "built"),
    "json-nonchars-and-rtl": (_write("rtl.jsonl", _jsonl("\\ufffe\\uffff \\u202eRTL\\u200f name")), "built"),
    "json-hostile-url": (_write("url.jsonl", _jsonl("Url", url='http://a.org/x y[1]#a#b%zz\\u0001\\"<>')), "built"),
    "rss-surrogate-char-ref": (_write("f.rss", RSS % ("Bad &#xD800; &#1; title", PROSE)), "built"),
    "rss-no-items": (_write("empty.rss", '<?xml version="1.0"?><rss version="2.0"><channel/></rss>'), "skipped"),
    "not-english": (_write("de.txt", "Die Armee zog an den Fluss und die Leute der Stadt sahen vom Ufer zu, "
                                     "wie sie mit den Wagen und den Pferden über die Brücke ging."), "skipped"),
    "too-few-words": (_write("short.txt", "Hello there."), "skipped"),
    "c0-control-in-name": (_write("ctl.txt", f"Ivan\x01Petrov arrived\n\n{PROSE}"), "built"),
    "nul-after-8kb": (_write("late.txt", f"Late nul\n\n{PROSE}\n" * 120 + "tail\x00end of it all"), "built"),
    "fifo": (_fifo, "skipped"),
    "symlink-loop": (_symlink_loop, "skipped"),
    "broken-symlink": (_broken_link, "skipped"),
    "folder-symlink-cycle": (_folder_cycle, "none"),
    "file-name-not-utf8": (_bad_file_name, "built"),
    "markdown-file": (_write("notes.md", f"Notes\n\n{PROSE}"), "ignored"),
    "no-extension": (_write("README", f"Readme\n\n{PROSE}"), "ignored"),
}


@pytest.mark.parametrize("name", sorted(CLASSES))
def test_bad_input_beside_a_good_file(name: str, tmp_path: Path) -> None:
    make, fate = CLASSES[name]
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "aa-good.jsonl").write_text(GOOD)
    make(folder)
    ignored: list[Path] = []
    items = list(read_paths([folder], max_bytes=100_000, on_ignored=ignored.append))
    articles = [i for i in items if isinstance(i, Article)]
    skipped = [i for i in items if isinstance(i, Skipped)]
    assert articles[0].url == "https://example.org/good"
    expected = {"built": (2, 0, 0), "skipped": (1, 1, 0), "ignored": (1, 0, 1), "none": (1, 0, 0)}[fate]
    assert (len(articles), len(skipped), len(ignored)) == expected, skipped
    for s in skipped:
        assert s.reason and "\n" not in s.reason and "bug" not in s.reason
    for a in articles:
        strings = [a.text, a.source, a.url or "", a.title or "", *a.tags, *a.authors]
        assert not any(NOT_XML.search(s) for s in strings)
        "".join(strings).encode("utf-8")
    check_every_export(store_articles(tmp_path / "out", [extraction(a) for a in articles]))

