"""How many worker processes a build uses when ``--workers`` is not given, and when none is started."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.pipeline import BYTES_PER_WORKER, built_graphs, default_workers


def _folder(tmp_path: Path, total: int) -> Path:
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.txt").write_bytes(b"x" * (total // 2))
    (folder / "sub" / "b.txt").write_bytes(b"y" * (total - total // 2))
    return folder


def test_a_small_input_gets_one_worker_whatever_the_cores(tmp_path: Path) -> None:
    workers, why = default_workers([_folder(tmp_path, BYTES_PER_WORKER - 1)], cores=8)
    assert workers == 1 and "1 worker(s)" in why and "8 core(s)" in why


def test_a_larger_input_gets_one_worker_per_share_up_to_the_cores(tmp_path: Path) -> None:
    folder = _folder(tmp_path, 3 * BYTES_PER_WORKER)
    assert default_workers([folder], cores=8)[0] == 3
    assert default_workers([folder], cores=2)[0] == 2
    assert default_workers([folder], cores=1)[0] == 1
    assert default_workers([folder / "a.txt", folder / "sub" / "b.txt"], cores=8)[0] == 3


def test_missing_and_unreadable_inputs_count_for_nothing(tmp_path: Path) -> None:
    (tmp_path / "loop").symlink_to(tmp_path / "loop")
    assert default_workers([tmp_path / "absent.txt", tmp_path / "loop"], cores=4)[0] == 1


@pytest.mark.parametrize("workers", [1, 2])
def test_nothing_to_parse_loads_no_model_and_starts_no_worker(workers: int) -> None:
    """A rebuild of unchanged input, or an input without articles, finishes at once: a model
    that does not exist is never asked for."""
    assert list(built_graphs([], model="no_such_model_package", workers=workers)) == []
