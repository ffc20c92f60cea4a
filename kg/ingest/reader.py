"""``read_paths``: files and directories in, a stream of ``Article`` or ``Skipped`` out."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from kg.defaults import DEFAULT_MAX_BYTES
from kg.errors import InputError, UnreadableInput
from kg.ingest import dump, feed, html, jsonl, text
from kg.ingest.checks import decode
from kg.ingest.sniff import ARTICLE_SUFFIXES, ignored, kind_of
from kg.types import Article, Skipped

_READERS = {"dump": dump.read, "html": html.read, "feed": feed.read, "json": jsonl.read,
            "text": text.read}
_HEAD = 65536


def read_paths(
    paths: Iterable[str | os.PathLike], *, max_bytes: int = DEFAULT_MAX_BYTES
) -> Iterator[Article | Skipped]:
    """Every article in ``paths`` (files, or directories read recursively in sorted order).

    Directories contribute files with article extensions (.txt, .html, .jsonl, .json, .xml,
    .rss, .atom...); a file named explicitly is read whatever its extension. A missing path
    raises ``InputError`` before anything is read; a bad file yields ``Skipped`` and the
    stream goes on.
    """
    roots = [Path(p) for p in paths]
    for root in roots:
        if not root.exists():
            raise InputError(f"input path not found: {root} (check the path, or pass existing files/directories)")
    return _stream(roots, max_bytes)


def _stream(roots: list[Path], max_bytes: int) -> Iterator[Article | Skipped]:
    seen: set[Path] = set()
    for root in roots:
        for path in _files(root):
            key = path.resolve()
            if key not in seen:
                seen.add(key)
                yield from read_file(path, max_bytes=max_bytes)


def _files(root: Path) -> Iterator[Path]:
    if not root.is_dir():
        yield root
        return
    try:
        children = sorted(root.iterdir(), key=lambda p: p.name)
    except OSError:
        yield root  # reported by read_file as unreadable
        return
    for child in children:
        if ignored(child):
            continue
        if child.is_dir():
            yield from _files(child)
        elif child.suffix.lower() in ARTICLE_SUFFIXES:
            yield child


def read_file(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Article | Skipped]:
    """The articles of one file, or one ``Skipped`` saying why there are none."""
    source = str(path)
    try:
        size = path.stat().st_size
        if path.is_dir():
            raise PermissionError("directory cannot be listed")
        with path.open("rb") as fh:
            head = fh.read(_HEAD)
            kind = kind_of(path, head)
            if kind == "jsonl":
                if not head.strip():
                    raise UnreadableInput("empty file")
                fh.seek(0)
                yield from jsonl.read_lines(enumerate(fh, 1), source, max_bytes)
                return
            if size > max_bytes:
                raise UnreadableInput(
                    f"too large: {size} bytes > limit {max_bytes} bytes (raise --max-bytes to read it)")
            data = head + fh.read()
    except PermissionError:
        yield Skipped(source, "cannot read: permission denied")
        return
    except OSError as e:
        yield Skipped(source, f"cannot read: {e.strerror or e}")
        return
    except UnreadableInput as e:
        yield Skipped(source, str(e))
        return
    try:
        content = decode(data)
    except UnreadableInput as e:
        yield Skipped(source, str(e))
        return
    yield from _READERS[kind](content, source)
