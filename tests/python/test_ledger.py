"""Teachers and records from DataFrames, dicts of numpy columns, CSV paths and CSV text."""

import datetime
import subprocess
import warnings
from decimal import Decimal

import numpy as np
import pandas as pd
import pytest

import yanxiu
from support import CLI_DATA, one_teacher, records, short_workshop_records


def credited(audit, rule, period, teacher="T1"):
    frame = audit.to_pandas()
    found = frame[(frame["teacher_id"] == teacher) & (frame["rule_id"] == rule)
                  & (frame["period"] == period)]
    return int(found["credited_h100"].iloc[0])


def test_csv_paths_and_text_give_the_same_ledger(dali):
    from_paths = dali.ledger(CLI_DATA / "teachers.csv", str(CLI_DATA / "records.csv"))
    from_text = dali.ledger((CLI_DATA / "teachers.csv").read_text(),
                            (CLI_DATA / "records.csv").read_text())
    assert from_paths.files == [str(CLI_DATA / "teachers.csv"), str(CLI_DATA / "records.csv")]
    assert from_text.files == ["<teachers>", "<records>"]
    assert from_paths.teacher_count == from_text.teacher_count == 2
    assert from_paths.record_count == from_text.record_count == 7  # R7 is invalid
    assert from_paths.intake_counts == from_text.intake_counts
    assert list(from_paths.messages["line"]) == [6, 8, 9]


def test_a_text_dataframe_reads_as_the_csv_file_does(dali):
    csv = dali.ledger(CLI_DATA / "teachers.csv", CLI_DATA / "records.csv")
    frames = dali.ledger(pd.read_csv(CLI_DATA / "teachers.csv", dtype=str, keep_default_na=False),
                         pd.read_csv(CLI_DATA / "records.csv", dtype=str, keep_default_na=False))
    assert frames.intake_counts == csv.intake_counts
    assert frames.files == ["teachers", "records"]
    # The same messages, but a DataFrame's line N is row N - 1 where a CSV file's is row N - 2.
    assert list(frames.messages["line"]) == list(csv.messages["line"] - 1)
    assert list(frames.messages["path"]) == list(csv.messages["path"])
    assert list(frames.messages["message"]) == [
        'duplicate record id "R4", first on line 4; not counted again',
        *csv.messages["message"][1:]]
    assert frames.records.drop(columns=["file", "line"]).equals(
        csv.records.drop(columns=["file", "line"]))


def test_bad_row_becomes_a_message_with_row_and_column(dali):
    rows = records(("R1", "T1", "2017-10-10", "1.505", "school"),
                   ("R2", "T1", "2017-10-11", "2", "shcool"),
                   ("R3", "T1", "2019-02-30", "2", "school"),
                   ("R4", "T9", "2017-10-12", "2", "school"),
                   ("R5", "T1", "2017-10-13", "", "school"))
    ledger = dali.ledger(one_teacher(), rows)
    messages = ledger.messages
    assert list(messages["line"]) == [1, 2, 3, 4, 5]
    assert list(messages["path"]) == ["hours", "category", "date", "teacher_id", "hours"]
    assert set(messages["severity"]) == {"error"}
    assert messages.loc[0, "text"] == ('records:1: error: hours: "1.505" has more than two '
                                       'decimal places (hours are exact to the hundredth)')
    assert messages.loc[1, "message"] == 'unknown category "shcool"; did you mean "school"?'
    assert messages.loc[2, "message"] == ('"2019-02-30" is not a date (YYYY-MM-DD, '
                                          'years 1900..2200)')
    assert messages.loc[4, "message"] == "is empty"
    assert ledger.intake_counts["invalid"] == 5
    assert ledger.record_count == 0


def test_row_messages_match_the_command_line(dali, cli_binary, tmp_path):
    (tmp_path / "records.csv").write_text(
        "id,teacher_id,date,hours,category,status\n"
        "R1,T1,2017-10-10,1.505,school,\n"
        "R2,T1,2017-10-11,2,school,maybe\n"
        "R3,T1,2017-10-12,2,school,\n"
        "R3,T1,2017-10-12,2,school,\n")
    (tmp_path / "teachers.csv").write_text("id,school\nT1,S01\n")
    printed = subprocess.run(
        [cli_binary, "audit", "--policy", dali.file_name, "--teachers", "teachers.csv",
         "--records", "records.csv"], capture_output=True, text=True, cwd=tmp_path)
    ledger = dali.ledger(tmp_path / "teachers.csv", tmp_path / "records.csv")
    expected = printed.stderr.splitlines()[:-1]  # the last line is the dispositions
    assert [text.replace(str(tmp_path) + "/", "") for text in ledger.messages["text"]] == expected


def test_dict_of_numpy_columns_without_text(dali):
    categories = list(dali.categories["id"])
    columns = {
        "id": np.array(["A", "B", "C"], dtype=object),
        "teacher_id": np.array(["T1", "T1", "T1"], dtype=object),
        "date": np.array(["2017-10-10", "2017-11-10", "2018-03-01"], dtype="datetime64[D]"),
        "hours_h100": np.array([1200, 800, 150], dtype=np.int64),
        "category": np.array([categories.index("school"), categories.index("workshop"),
                              categories.index("school")], dtype=np.int16),
    }
    audit = dali.audit({"id": np.array(["T1"], dtype=object)}, columns)
    assert credited(audit, "semester-offline/school", "2017-2018/1") == 1200
    assert credited(audit, "semester-offline/workshop", "2017-2018/1") == 800
    assert credited(audit, "semester-offline/school", "2017-2018/2") == 150


def test_typed_dataframe_columns(dali):
    typed = pd.DataFrame({
        "id": ["A", "B", "C", "D"],
        "teacher_id": pd.Categorical(["T1", "T1", "T1", "T1"]),
        "date": pd.to_datetime(["2017-10-10", "2017-11-10", "2017-12-10", "2017-12-20"]),
        "end_date": [pd.NaT, pd.NaT, pd.NaT, pd.Timestamp("2018-02-03")],
        "hours": [12.5, 1.25, 8.0, 6.0],
        "category": pd.Categorical(["school", "workshop", "workshop", "holiday"]),
    })
    audit = dali.audit(one_teacher(), typed)
    assert credited(audit, "semester-offline/school", "2017-2018/1") == 1250
    assert credited(audit, "semester-offline/workshop", "2017-2018/1") == 925
    # Assigned by its end date, the holiday course counts in the second semester.
    assert credited(audit, "semester-offline/holiday", "2017-2018/2") == 600
    whole = typed.assign(hours=[12, 1, 8, 6])
    assert credited(dali.audit(one_teacher(), whole),
                    "semester-offline/workshop", "2017-2018/1") == 900


def test_nullable_string_and_date_object_columns(dali):
    staff = {"id": pd.array(["T1", "T2"], dtype="string"),
             "join_date": np.array([datetime.date(2019, 9, 1), None], dtype=object),
             "school": pd.array(["S01", pd.NA], dtype="string")}
    no_day = np.iinfo(np.int32).min
    rows = pd.DataFrame({
        "id": pd.array(["A", "B", "C"], dtype="string"),
        "teacher_id": ["T1", "T2", "T2"],
        "date": np.array([18180, 18180, 18200], dtype=np.int32),  # 2019-10-11, 2019-10-31
        "end_date": np.array([no_day, no_day, 18205], dtype=np.int64),
        "hours": pd.array([3, 4, 5], dtype="Int64"),
        "category": ["school", "school", "workshop"],
        "certificate": pd.array(["C1", pd.NA, None], dtype="string"),
    })
    ledger = dali.ledger(staff, rows)
    assert ledger.messages.empty
    assert ledger.teachers.loc[0, "join_date"] == pd.Timestamp("2019-09-01")
    assert list(ledger.teachers["school"]) == ["S01", ""]
    frame = ledger.records
    assert list(frame["hours_h100"]) == [300, 400, 500]
    assert list(frame["date"]) == [pd.Timestamp("2019-10-11")] * 2 + [pd.Timestamp("2019-10-31")]
    assert frame.loc[2, "end_date"] == pd.Timestamp("2019-11-05")
    with pytest.raises(ValueError, match="hours_h100 has missing values"):
        dali.ledger(staff, rows.drop(columns="hours").assign(
            hours_h100=pd.array([1, None, 3], dtype="Int64")))


def test_floats_and_decimals_are_read_exactly(dali):
    exact = records(("A", "T1", "2017-10-10", Decimal("0.10"), "school"),
                    ("B", "T1", "2017-10-11", Decimal("0.20"), "school"))
    assert credited(dali.audit(one_teacher(), exact),
                    "semester-offline/school", "2017-2018/1") == 30
    inexact = records(("A", "T1", "2017-10-10", 0.1 + 0.2, "school"),
                      ("B", "T1", "2017-10-11", float("nan"), "school"))
    ledger = dali.ledger(one_teacher(), inexact)
    assert list(ledger.messages["message"]) == [
        '"0.30000000000000004" has more than two decimal places (hours are exact to the '
        'hundredth)', "is empty"]


def test_teacher_dates_and_attributes(dali):
    staff = pd.DataFrame({
        "id": ["T1", "T2", "T3"],
        "join_date": pd.to_datetime(["2019-09-01", None, None]),
        "leave_date": ["", "2020-01-31", "2020-13-01"],
        "school": ["S01", "S02", "S02"],
        "star": [3, 1, 2],
    })
    ledger = dali.ledger(staff, records(("A", "T1", "2019-10-10", "1", "school")))
    teachers = ledger.teachers
    assert list(teachers["id"]) == ["T1", "T2"]
    assert teachers.loc[0, "join_date"] == pd.Timestamp("2019-09-01")
    assert pd.isna(teachers.loc[1, "join_date"])
    assert teachers.loc[1, "leave_date"] == pd.Timestamp("2020-01-31")
    assert list(teachers["star"]) == ["3", "1"]
    assert list(teachers["line"]) == [1, 2]
    message = ledger.messages.iloc[0]
    assert (message["line"], message["path"]) == (3, "leave_date")


def test_ledger_records_are_grouped_by_teacher_and_date(dali):
    ledger = dali.ledger(CLI_DATA / "teachers.csv", CLI_DATA / "records.csv")
    frame = ledger.records
    assert list(frame["id"]) == ["R1", "R2", "R3", "R5", "R4", "R4", "R6"]
    assert list(frame["hours_h100"]) == [1200, 800, 400, 200, 600, 600, 200]
    assert list(frame["status"].astype(str)) == ["certified"] * 3 + ["pending"] + \
        ["certified"] * 3
    assert frame["date"].dtype.kind == "M"


def test_missing_required_column_is_an_input_error(dali):
    with pytest.raises(yanxiu.InputError) as caught:
        dali.ledger(one_teacher(), records().drop(columns="hours"))
    assert caught.value.file == "records"
    assert caught.value.message == 'missing required column "hours"'
    with pytest.raises(yanxiu.InputError) as caught:
        dali.ledger(CLI_DATA / "teachers.csv", CLI_DATA / "teachers.csv")
    assert (caught.value.line, caught.value.message) == (
        1, 'missing required column "teacher_id"')
    with pytest.raises(yanxiu.InputError, match="cannot open the file"):
        dali.ledger(CLI_DATA / "no-such-teachers.csv", CLI_DATA / "records.csv")


def test_unusable_tables_raise(dali):
    with pytest.raises(TypeError, match="expected a DataFrame"):
        dali.ledger(one_teacher(), 42)
    with pytest.raises(ValueError, match="differ in length"):
        dali.ledger({"id": ["T1", "T2"], "school": ["S01"]}, records())
    with pytest.raises(ValueError, match="not both"):
        dali.ledger(one_teacher(), records().assign(hours_h100=np.array([], dtype=np.int64)))
    with pytest.raises(TypeError, match="hours_h100 must hold whole numbers"):
        dali.ledger(one_teacher(), records(("A", "T1", "2017-10-10", "1", "school"))
                    .drop(columns="hours").assign(hours_h100=[1.5]))


def test_unused_record_columns_warn(dali):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        dali.ledger(one_teacher(), short_workshop_records().assign(note="x"))
    assert [str(w.message) for w in caught] == [
        "records: column 'note' is not used by records; it is ignored"]
