"""Every engine writes the same release: one process, all cores, and a Dask LocalCluster."""
from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from dipevents.datasets import build

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def _digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.glob("*.parquet"))}


def test_single_process_pool_and_dask_write_identical_parquet(tmp_path):
    pytest.importorskip("dask.distributed")
    inputs = [str(EXAMPLES / "articles.jsonl"), str(EXAMPLES / "texts")]
    one = build(inputs, str(tmp_path / "one"), "1.0.0", jobs=1, progress=False, cache=False)
    pool = build(inputs, str(tmp_path / "pool"), "1.0.0", jobs=2, progress=False, cache=False)
    dask = build(inputs, str(tmp_path / "dask"), "1.0.0", jobs=2, engine="dask", progress=False, cache=False)
    reference = _digests(Path(one.path))
    assert len(reference) == 5 and sum(one.events_by_type.values()) > 5
    assert _digests(Path(pool.path)) == reference
    assert _digests(Path(dask.path)) == reference
