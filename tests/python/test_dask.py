"""The Dask recipe (docs/distributed.md, examples/dask/audit_partitions.py): a county split into
partitions of whole teachers, audited by two worker processes, one yanxiu call per partition,
gives exactly the single-process audit."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pandas as pd
import pytest
from distributed import Client, LocalCluster

import yanxiu
from support import DALI, ROOT

sys.path.insert(0, str(ROOT / "examples" / "dask"))
import audit_partitions  # noqa: E402


# Debian's distributed 2022.12 starts its event loop in a way tornado 6.2 deprecates.
@pytest.mark.filterwarnings("ignore:make_current is deprecated:DeprecationWarning")
def test_partitioned_audit_on_two_workers_equals_the_single_process_audit(tmp_path: Path):
    policy = yanxiu.load_policy(DALI)
    county = yanxiu.synthetic_county_csv(policy, teachers=600, seed=6)
    (tmp_path / "teachers.csv").write_text(county.teachers_csv, encoding="utf-8")
    (tmp_path / "records.csv").write_text(county.records_csv, encoding="utf-8")
    single = policy.audit(tmp_path / "teachers.csv", tmp_path / "records.csv", threads=1)
    partitions = audit_partitions.partition_county(
        tmp_path / "teachers.csv", tmp_path / "records.csv", tmp_path / "dataset", 4)
    assert len(partitions) == 4

    # Spawned workers get this process's sys.path (the example's directory) and environment
    # (PYTHONPATH, which finds yanxiu); the context managers stop them before the test ends.
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                      dashboard_address=None) as cluster, Client(cluster) as client:
        audit, dispositions, reports = audit_partitions.audit_dataset(
            client, DALI, tmp_path / "dataset")
        workers = set(client.run(os.getpid).values())

    assert {report["pid"] for report in reports} <= workers
    assert os.getpid() not in workers
    assert sorted(report["partition"] for report in reports) == [p.name for p in partitions]
    assert all(report["teachers"] > 0 for report in reports)

    key = ["teacher_id", "rule_id", "period"]
    expected = (single.to_pandas()[audit_partitions.AUDIT_COLUMNS]
                .astype({"teacher_id": str, "rule_id": str, "period": str, "status": str})
                .sort_values(key, ignore_index=True))
    actual = (audit.astype({"teacher_id": str, "rule_id": str, "period": str, "status": str})
              .sort_values(key, ignore_index=True))
    assert len(expected) == 600 * 67
    pd.testing.assert_frame_equal(actual, expected, check_exact=True)
    assert dispositions == single.dispositions
