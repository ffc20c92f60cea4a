"""``read_paths``: files and directories in, a stream of ``Article`` or ``Skipped`` out."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterable, Iterator
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
    paths: Iterable[str | os.PathLike], *, max_bytes: int = DEFAULT_MAX_BYTES,
    on_ignored: Callable[[Path], None] | None = None,
) -> Iterator[Article | Skipped]:
    """Every article in ``paths`` (files, or directories read recursively in sorted order).

    Directories contribute files with article extensions (.txt, .html, .jsonl, .json, .xml,
    .rss, .atom...); a file named explicitly is read whatever its extension. A missing path
    raises ``InputError`` before anything is read; a bad file yields ``Skipped`` and the
    stream goes on. Each file of a directory left out for its extension goes to ``on_ignored``.
    """
    roots = [Path(p) for p in paths]
    for root in roots:
        if not root.exists():
            raise InputError(f"input path not found: {root} (check the path, or pass existing files/directories)")
    return _stream(roots, max_bytes, on_ignored or (lambda _: None))


def _stream(roots: list[Path], max_bytes: int, on_ignored: Callable[[Path], None]) -> Iterator[Article | Skipped]:
    seen: set[str] = set()
    for root in roots:
        for path in _files(root, set(), on_ignored):
            key = os.path.realpath(path)  # unlike Path.resolve, never raises on a symlink loop
            if key not in seen:
                seen.add(key)
                yield from read_file(path, max_bytes=max_bytes)


def _files(root: Path, visited: set[str], on_ignored: Callable[[Path], None]) -> Iterator[Path]:
    if not root.is_dir():
        yield root
        return
    real = os.path.realpath(root)
    if real in visited:  # a symlink back to a folder being read
        return
    visited.add(real)
    try:
        children = sorted(root.iterdir(), key=lambda p: p.name)
    except OSError:
        yield root  # reported by read_file as unreadable
        return
    for child in children:
        if ignored(child):
            continue
        if child.is_dir():
            yield from _files(child, visited, on_ignored)
        elif child.suffix.lower() in ARTICLE_SUFFIXES or child.is_symlink() and not child.exists():
            yield child  # a broken or looping link is reported, not passed over
        else:
            on_ignored(child)


def source_name(path: Path) -> str:
    """The path as text: bytes of a file name that are not UTF-8 are shown as ``\\xff``."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def read_file(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Article | Skipped]:
    """The articles of one file, or one ``Skipped`` saying why there are none (after the
    articles read so far, when the file's reader fails halfway)."""
    source = source_name(path)
    try:
        yield from _read_file(path, source, max_bytes)
    except Exception as exc:  # one bad file never stops a build
        yield Skipped(source, f"cannot read: {type(exc).__name__}: {exc} (this is a bug in news-kg, please report it)")


def _read_file(path: Path, source: str, max_bytes: int) -> Iterator[Article | Skipped]:
    try:
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            raise PermissionError("directory cannot be listed")
        if not stat.S_ISREG(info.st_mode):
            raise UnreadableInput(f"not a regular file ({_file_kind(info.st_mode)}); only files are read")
        size = info.st_size
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


def _file_kind(mode: int) -> str:
    kinds = ((stat.S_ISFIFO, "a named pipe"), (stat.S_ISSOCK, "a socket"), (stat.S_ISCHR, "a character device"),
             (stat.S_ISBLK, "a block device"))
    return next((name for test, name in kinds if test(mode)), "a special file")
