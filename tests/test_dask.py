"""``kg build --engine dask`` against a real scheduler and two real workers on 127.0.0.1.

The cluster is started by the test (``dask scheduler`` + two ``dask worker --no-nanny``, one
thread each); a build through it must give the same quads as a local build of the same input,
also when one worker is killed with SIGKILL in the middle of the run.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.store import Store
from tests.test_chunk import without_run

pytestmark = pytest.mark.slow
if importlib.util.find_spec("distributed") is None:  # found, not imported: the fast run collects this file
    pytest.skip("the 'distributed' package is not installed", allow_module_level=True)

PEOPLE = ["Anna Berg", "Tomas Ruiz", "Mira Okafor", "Jonas Lind", "Petra Vos", "Ivo Marin"]
UNITS = ["3rd Infantry Division", "12th Armored Brigade", "7th Marine Regiment", "2nd Air Wing"]
PLACES = ["Lisbon", "Porto", "Warsaw", "Kraków", "Tallinn", "Riga"]


def generated_articles(path: Path, n: int) -> None:
    """``n`` short made-up news items, each with its own URL."""
    with path.open("w", encoding="utf-8") as out:
        for i in range(n):
            p, q = PEOPLE[i % len(PEOPLE)], PEOPLE[(i + 2) % len(PEOPLE)]
            unit, place, other = UNITS[i % len(UNITS)], PLACES[i % len(PLACES)], PLACES[(i + 3) % len(PLACES)]
            body = (f"General {p} said on {1 + i % 28} May 2022 that the {unit} had reached {place}.\n\n"
                    f"Colonel {q} met officials in {other} a week later to discuss the exercise.")
            out.write(json.dumps({"url": f"https://wire.example/{i:03d}", "headline": f"Dispatch {i}",
                                  "body": body, "datePublished": "2022-05-30"}) + "\n")


@dataclass
class Cluster:
    address: str
    workers: list[subprocess.Popen]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def stop(procs: list[subprocess.Popen]) -> None:
    for p in procs:
        if p.poll() is None:
            p.terminate()
    for p in procs:
        try:
            p.wait(timeout=15)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()


@pytest.fixture
def cluster(tmp_path: Path) -> Iterator[Cluster]:
    import distributed

    dask = shutil.which("dask") or pytest.skip("the 'dask' command is not installed")
    port = free_port()
    address = f"tcp://127.0.0.1:{port}"
    logs = tmp_path / "dask-logs"
    logs.mkdir()
    procs: list[subprocess.Popen] = []

    def start(name: str, *args: str) -> subprocess.Popen:
        log = (logs / f"{name}.log").open("w")
        proc = subprocess.Popen([dask, *args], stdout=log, stderr=subprocess.STDOUT, cwd=tmp_path)
        procs.append(proc)
        return proc

    try:
        start("scheduler", "scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard")
        workers = [start(f"worker{i}", "worker", address, "--nthreads", "1", "--no-nanny",
                         "--no-dashboard", "--host", "127.0.0.1", "--name", f"w{i}") for i in range(2)]
        with distributed.Client(address, timeout="60s") as client:
            client.wait_for_workers(2, timeout=120)
        yield Cluster(address, workers)
    finally:
        stop(procs)


@pytest.fixture
def corpus(tmp_path: Path, samples_dir: Path) -> Path:
    folder = tmp_path / "input"
    shutil.copytree(samples_dir, folder)
    generated_articles(folder / "generated.jsonl", 36)
    return folder


def kg(*args: str) -> list[str]:
    return [sys.executable, "-m", "kg", *args]


def build_local(corpus: Path, out: Path) -> subprocess.CompletedProcess:
    proc = subprocess.run(kg("build", str(corpus), "--out", str(out), "-q"), capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    return proc


def quads(out: Path) -> set[ox.Quad]:
    with Store.open(out, read_only=True) as store:
        return set(ox.parse(store.quads_nq(), format=ox.RdfFormat.N_QUADS))


def hashes(out: Path) -> dict[str, str]:
    with Store.open(out, read_only=True) as store:
        return store.known_hashes()


def built_count(stdout: str) -> int:
    return int(stdout.split("built ", 1)[1].split(" ", 1)[0])


def test_dask_build_equals_local_build(cluster: Cluster, corpus: Path, tmp_path: Path) -> None:
    local = build_local(corpus, tmp_path / "local")
    proc = subprocess.run(kg("build", str(corpus), "--out", str(tmp_path / "dask"), "--engine", "dask",
                             "--scheduler", cluster.address, "--batch-size", "4"),
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert "chunk(s) done" in proc.stderr
    assert built_count(proc.stdout) == built_count(local.stdout) >= 40
    assert hashes(tmp_path / "dask") == hashes(tmp_path / "local")
    assert without_run(quads(tmp_path / "dask")) == without_run(quads(tmp_path / "local"))


def test_a_worker_killed_mid_run_loses_and_duplicates_nothing(cluster: Cluster, corpus: Path, tmp_path: Path) -> None:
    local = build_local(corpus, tmp_path / "local")
    proc = subprocess.Popen(kg("build", str(corpus), "--out", str(tmp_path / "dask"), "--engine", "dask",
                               "--scheduler", cluster.address, "--batch-size", "1"),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        killed_while_running = False
        for line in proc.stderr:
            if "chunk(s) done" in line:
                killed_while_running = proc.poll() is None
                os.kill(cluster.workers[0].pid, signal.SIGKILL)
                break
        stdout, stderr = proc.communicate(timeout=600)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert killed_while_running, "the build ended before a worker could be killed"
    assert cluster.workers[0].wait(timeout=10) == -signal.SIGKILL
    assert proc.returncode == 0, stderr
    assert built_count(stdout) == built_count(local.stdout)
    assert hashes(tmp_path / "dask") == hashes(tmp_path / "local")
    assert without_run(quads(tmp_path / "dask")) == without_run(quads(tmp_path / "local"))


def test_an_unreachable_scheduler_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("General Anna Berg visited Lisbon.", encoding="utf-8")
    proc = subprocess.run(kg("build", str(tmp_path / "a.txt"), "--out", str(tmp_path / "o"), "--engine", "dask",
                             "--scheduler", f"tcp://127.0.0.1:{free_port()}"),
                          capture_output=True, text=True)
    assert proc.returncode != 0
    assert proc.stderr.startswith("kg: error: cannot reach the Dask scheduler") and "Traceback" not in proc.stderr
