"""Audits a partitioned dataset on a Dask cluster: one yanxiu call per partition.

A partition is a directory holding teachers.csv and records.csv of whole teachers: every teacher
of the partition with all of their records, and no record of a teacher elsewhere. Then each
partition is audited on its own and the verdicts concatenated equal one audit of everything
(docs/distributed.md says when, and how to size a national run).

    # split exports into partitions by teacher (hash of the teacher id)
    python3 audit_partitions.py partition --teachers T.csv --records R.csv \\
        --partitions 8 --out DATASET

    # audit them: on a local cluster of worker processes, or on a running scheduler
    python3 audit_partitions.py audit --policy dali-2017.json --dataset DATASET \\
        [--workers 2 | --scheduler tcp://HOST:8786] [--out audit.csv]

The workers import yanxiu (PYTHONPATH=build/release/bindings/python/package, or the package
installed with pip, docs/python.md). Without --out, each partition's audit is written beside its
inputs by the worker that made it (DATASET/part-00000/audit.pkl, a pandas pickle read back with
pd.read_pickle, or audit.csv with --format csv, a hundred times slower to write), and only counts
travel back.
"""

from __future__ import annotations

import argparse
import functools
import os
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
from pandas.api.types import union_categoricals

# The audit table's columns, as Audit.to_pandas() gives them.
AUDIT_COLUMNS = ["teacher_id", "rule_id", "period", "period_start", "period_end",
                 "required_x100", "credited_x100", "shortfall_x100", "status"]


def partition_of(teacher_ids: pd.Series, partitions: int) -> np.ndarray:
    """A teacher's partition: a hash of its id, the same in every process and on every run."""
    return (pd.util.hash_array(teacher_ids.to_numpy(dtype=object)) % partitions).astype(np.int64)


def partition_county(teachers_csv: Path, records_csv: Path, out: Path,
                     partitions: int) -> list[Path]:
    """Splits one county's exports into `partitions` directories of whole teachers. Rows keep
    their order; a record goes where its teacher_id points, so a record of an unknown teacher is
    rejected in its partition as it would be in the whole."""
    teachers = pd.read_csv(teachers_csv, dtype=str, keep_default_na=False)
    records = pd.read_csv(records_csv, dtype=str, keep_default_na=False)
    teacher_part = partition_of(teachers["id"], partitions)
    record_part = partition_of(records["teacher_id"], partitions)
    directories = []
    for part in range(partitions):
        directory = out / f"part-{part:05d}"
        directory.mkdir(parents=True, exist_ok=True)
        teachers[teacher_part == part].to_csv(directory / "teachers.csv", index=False)
        records[record_part == part].to_csv(directory / "records.csv", index=False)
        directories.append(directory)
    return directories


@functools.lru_cache(maxsize=4)
def _policy(text: str):
    """The policy, loaded once per worker process and policy text."""
    import yanxiu
    return yanxiu.load_policy(text)


def audit_partition(policy_text: str, directory: str, threads: int = 1,
                    write: str | None = None) -> dict:
    """Runs on a worker: the audit of one partition. Returns its dispositions, row count, the
    seconds it took and the worker's process id; with the verdicts as a DataFrame, or, with
    `write` ("pickle" or "csv"), having written them to DIRECTORY/audit.pkl or audit.csv."""
    started = time.perf_counter()
    policy = _policy(policy_text)
    directory = Path(directory)
    audit = policy.audit(directory / "teachers.csv", directory / "records.csv", threads=threads)
    frame = audit.to_pandas()[AUDIT_COLUMNS]
    result = {"partition": directory.name, "rows": len(frame), "dispositions": audit.dispositions,
              "teachers": audit.ledger.teacher_count, "records": audit.ledger.record_count,
              "pid": os.getpid()}
    if write == "pickle":
        frame.to_pickle(directory / "audit.pkl")
    elif write == "csv":
        frame.to_csv(directory / "audit.csv", index=False)
    else:
        result["audit"] = frame.copy()  # the columns are views of the audit's memory
    result["seconds"] = time.perf_counter() - started
    return result


def concat_audits(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """Audit tables one after the other; categorical columns stay categorical, over the union of
    the partitions' categories (each partition has its own teachers)."""
    columns = {}
    for name in frames[0].columns:
        if isinstance(frames[0][name].dtype, pd.CategoricalDtype):
            columns[name] = union_categoricals([frame[name] for frame in frames])
        else:
            columns[name] = np.concatenate([frame[name].to_numpy() for frame in frames])
    return pd.DataFrame(columns)


def audit_dataset(client, policy_path: Path, dataset: Path, write: str | None = None,
                  threads: int = 1) -> tuple[pd.DataFrame | None, dict, list[dict]]:
    """The audit of every partition of `dataset` on the client's cluster, one task each. Returns
    the verdicts concatenated (None when the workers `write` them), the dispositions added up,
    and each task's report (partition, teachers, records, rows, seconds, pid)."""
    policy_text = Path(policy_path).read_text(encoding="utf-8")
    directories = sorted(str(d) for d in Path(dataset).iterdir() if (d / "records.csv").exists())
    futures = client.map(audit_partition, [policy_text] * len(directories), directories,
                         threads=threads, write=write, pure=False)
    reports = client.gather(futures)
    dispositions: dict[str, int] = {}
    for report in reports:
        for name, count in report["dispositions"].items():
            dispositions[name] = dispositions.get(name, 0) + count
    frames = [report.pop("audit") for report in reports if "audit" in report]
    audit = concat_audits(frames) if frames else None
    return audit, dispositions, reports


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    split = commands.add_parser("partition", help="split exports into partitions by teacher")
    split.add_argument("--teachers", type=Path, required=True)
    split.add_argument("--records", type=Path, required=True)
    split.add_argument("--partitions", type=int, required=True)
    split.add_argument("--out", type=Path, required=True)
    run = commands.add_parser("audit", help="audit every partition on a Dask cluster")
    run.add_argument("--policy", type=Path, required=True)
    run.add_argument("--dataset", type=Path, required=True)
    run.add_argument("--scheduler", help="a running scheduler's address; default: a local cluster")
    run.add_argument("--workers", type=int, default=2, help="worker processes of a local cluster")
    run.add_argument("--threads", type=int, default=1, help="yanxiu's threads in each task")
    run.add_argument("--out", type=Path, help="gather the verdicts into this CSV file")
    run.add_argument("--format", choices=["pickle", "csv"], default="pickle",
                     help="what the workers write without --out")
    args = parser.parse_args()

    if args.command == "partition":
        for directory in partition_county(args.teachers, args.records, args.out, args.partitions):
            print(directory)
        return 0

    from distributed import Client, LocalCluster
    started = time.perf_counter()
    if args.scheduler:
        client = Client(args.scheduler)
        cluster = None
    else:
        cluster = LocalCluster(n_workers=args.workers, threads_per_worker=1, processes=True,
                               dashboard_address=None)
        client = Client(cluster)
    try:
        audit, dispositions, reports = audit_dataset(client, args.policy, args.dataset,
                                                     write=None if args.out else args.format,
                                                     threads=args.threads)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    if args.out is not None:
        audit.to_csv(args.out, index=False)
    for report in reports:
        print(f"{report['partition']}: {report['teachers']:,} teachers, {report['records']:,} "
              f"records, {report['rows']:,} verdicts in {report['seconds']:.2f} s "
              f"(worker pid {report['pid']})")
    print("records: " + ", ".join(f"{count} {name}" for name, count in dispositions.items()))
    print(f"{len(reports)} partitions in {time.perf_counter() - started:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
