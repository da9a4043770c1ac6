"""progress=: each phase reported on the calling thread, a bar on standard error, and the same
audit with and without."""

import threading

import pytest

import yanxiu
from support import DALI


@pytest.fixture(scope="module")
def county_files(dali, tmp_path_factory):
    texts = yanxiu.synthetic_county_csv(dali, teachers=3000, seed=5)
    folder = tmp_path_factory.mktemp("county")
    (folder / "teachers.csv").write_text(texts.teachers_csv, encoding="utf-8")
    (folder / "records.csv").write_text(texts.records_csv, encoding="utf-8")
    return folder / "teachers.csv", folder / "records.csv"


def reports_of(phase, reports):
    return [(done, total) for name, done, total, _ in reports if name == phase]


def test_a_callable_gets_each_phase_on_the_calling_thread(dali, county_files):
    reports = []

    def record(phase, done, total):
        reports.append((phase, done, total, threading.get_ident()))

    audit = dali.audit(*county_files, threads=2, progress=record)
    plain = dali.audit(*county_files, threads=2)
    assert audit.to_pandas().equals(plain.to_pandas())
    assert audit.dispositions == plain.dispositions
    assert {ident for *_, ident in reports} == {threading.get_ident()}
    phases = [phase for phase, *_ in reports]
    assert sorted(set(phases), key=phases.index) == ["reading teachers", "reading records",
                                                     "grouping records", "judging"]
    sizes = {"reading teachers": county_files[0].stat().st_size,
             "reading records": county_files[1].stat().st_size,
             "judging": len(audit.ledger.teachers)}
    for phase, size in sizes.items():
        mine = reports_of(phase, reports)
        assert mine[0] == (0, size)
        assert mine[-1] == (size, size)  # the last report, and only it, is complete
        assert all(done < total for done, total in mine[:-1])
        assert [done for done, _ in mine] == sorted(done for done, _ in mine)


def test_progress_true_draws_a_line_per_phase_on_stderr(dali, county_files, capsys):
    dali.audit(*county_files, progress=True)
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.split("\n")
    assert lines[-1] == ""  # every phase's line ended
    finished = [line.rsplit("\r", 1)[-1] for line in lines[:-1]]
    assert [line.split("|")[0].strip() for line in finished] == [
        "reading teachers", "reading records", "grouping records", "judging"]
    assert all("| 100%" in line for line in finished)
    assert " teachers" in finished[3]


def test_without_progress_nothing_is_written(dali, county_files, capsys):
    dali.audit(*county_files)
    assert capsys.readouterr().err == ""


def test_a_policy_set_reports_each_version(county_files):
    reports = []
    yanxiu.load_policy_set(DALI).audit(
        *county_files, progress=lambda *report: reports.append(report + (0,)))
    done, total = reports_of("judging", reports)[-1]
    assert done == total > 2900


def test_an_exception_in_the_callback_stops_the_audit(dali, county_files):
    def interrupt(phase, done, total):
        if phase == "judging":
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        dali.audit(*county_files, threads=2, progress=interrupt)


def test_progress_takes_a_bool_or_a_callable(dali, county_files):
    with pytest.raises(TypeError, match="progress is True, False or a callable"):
        dali.audit(*county_files, progress="yes")
