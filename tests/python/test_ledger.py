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
    return int(found["credited_x100"].iloc[0])


def test_csv_paths_and_text_give_the_same_ledger(dali):
    from_paths = dali.ledger(CLI_DATA / "teachers.csv", str(CLI_DATA / "records.csv"))
    from_text = dali.ledger((CLI_DATA / "teachers.csv").read_text(),
                            (CLI_DATA / "records.csv").read_text())
    assert from_paths.files == [str(CLI_DATA / "teachers.csv"), str(CLI_DATA / "records.csv")]
    assert from_text.files == ["<teachers>", "<records>"]
    assert from_paths.teacher_count == from_text.teacher_count == 2
    assert from_paths.record_count == from_text.record_count == 7  # R7 is invalid
    assert from_paths.intake_counts == from_text.intake_counts
    assert list(from_paths.messages["row"]) == [6, 8, 9]  # a CSV file's row is its line
    assert list(from_paths.messages["index"]) == [None] * 3


def test_a_text_dataframe_reads_as_the_csv_file_does(dali):
    csv = dali.ledger(CLI_DATA / "teachers.csv", CLI_DATA / "records.csv")
    frames = dali.ledger(pd.read_csv(CLI_DATA / "teachers.csv", dtype=str, keep_default_na=False),
                         pd.read_csv(CLI_DATA / "records.csv", dtype=str, keep_default_na=False))
    assert frames.intake_counts == csv.intake_counts
    assert frames.files == ["teachers", "records"]
    # The same messages at the same spreadsheet rows (header = 1); the index names the row too.
    assert list(frames.messages["row"]) == list(csv.messages["row"])
    assert list(frames.messages["index"]) == list(csv.messages["row"] - 2)
    assert list(frames.messages["source"]) == ["records"] * 3
    assert list(frames.messages["path"]) == list(csv.messages["path"])
    assert list(frames.messages["message"]) == [
        'duplicate record id "R4", first on line 4; not counted again',
        *csv.messages["message"][1:]]
    assert frames.records.drop(columns="source").equals(csv.records.drop(columns="source"))


def test_bad_row_becomes_a_message_with_row_and_column(dali):
    rows = records(("R1", "T1", "2017-10-10", "1.505", "school"),
                   ("R2", "T1", "2017-10-11", "2", "shcool"),
                   ("R3", "T1", "2019-02-30", "2", "school"),
                   ("R4", "T9", "2017-10-12", "2", "school"),
                   ("R5", "T1", "2017-10-13", "", "school"))
    ledger = dali.ledger(one_teacher(), rows, on_rejected="ignore")
    messages = ledger.messages
    assert list(messages["row"]) == [2, 3, 4, 5, 6]  # the header is row 1
    assert list(messages["index"]) == [0, 1, 2, 3, 4]
    assert list(messages["path"]) == ["hours", "category", "date", "teacher_id", "hours"]
    assert set(messages["severity"]) == {"error"}
    assert messages.loc[0, "text"] == ('records row 2 (index 0): error: hours: "1.505" has '
                                       'more than two decimal places (hours are exact to the '
                                       'hundredth)')
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
    ledger = dali.ledger(one_teacher(), inexact, on_rejected="ignore")
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
    ledger = dali.ledger(staff, records(("A", "T1", "2019-10-10", "1", "school")),
                         on_rejected="ignore")
    teachers = ledger.teachers
    assert list(teachers["id"]) == ["T1", "T2"]
    assert teachers.loc[0, "join_date"] == pd.Timestamp("2019-09-01")
    assert pd.isna(teachers.loc[1, "join_date"])
    assert teachers.loc[1, "leave_date"] == pd.Timestamp("2020-01-31")
    assert list(teachers["star"]) == ["3", "1"]
    assert list(teachers["row"]) == [2, 3]
    message = ledger.messages.iloc[0]
    assert (message["row"], message["index"], message["path"]) == (4, 2, "leave_date")


def test_ledger_records_are_grouped_by_teacher(dali):
    ledger = dali.ledger(CLI_DATA / "teachers.csv", CLI_DATA / "records.csv")
    frame = ledger.records
    # Grouped by teacher; the order within a teacher is the engine's (by date before the
    # core's faster intake, input order since), which no verdict depends on.
    assert np.all(np.diff(frame["teacher_id"].cat.codes.to_numpy()) >= 0)
    by_id = sorted(zip(frame["id"], frame["hours_h100"], frame["status"].astype(str)))
    assert by_id == [("R1", 1200, "certified"), ("R2", 800, "certified"),
                     ("R3", 400, "certified"), ("R4", 600, "certified"),
                     ("R4", 600, "certified"), ("R5", 200, "pending"), ("R6", 200, "certified")]
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


# A policy with every input the credit pipeline reads: a conversion with levels, attendance and
# assessment gates, and a credit bank that offsets, exempts and splits.
INPUTS_POLICY = {
    "format": "yanxiu-policy/1", "id": "inputs",
    "calendar": {"cycle": {"start": "2024-09-01", "years": 2},
                 "semesters": [{"name": "1", "start": "09-01"}, {"name": "2", "start": "02-01"}]},
    "categories": [{"id": "course"}, {"id": "external"}, {"id": "research"}, {"id": "online"}],
    "conversions": [{"id": "paper", "outcome": "paper", "category": "research",
                     "rates": {"provincial": {"min": 10, "max": 20}, "city": 8}}],
    "gates": [{"id": "attendance", "kind": "attendance", "categories": ["course"],
               "min_percent": 80},
              {"id": "assessment", "kind": "assessment", "categories": ["online"],
               "passing": ["pass"]}],
    "credit_bank": {"offsets": [{"from": "external", "to": "research"}],
                    "exemptible": ["course"], "split": True},
    "rules": [{"id": "total", "period": "cycle", "min": 100},
              {"id": "observations", "kind": "count", "period": "semester",
               "activity": "lesson_observation", "min": 2}],
}

INPUTS_TEACHERS = """id,school,leave_date,leave
T1,S01,,2025-03-01..2025-04-30
T2,S01,,2025-03-01-2025-04-30
T3,S01,,2025-03-01..2025-02-30
T4,S02,2025-13-01,
T5,S02,, 2024-11-01..2024-11-30 ; 2025-05-01..2025-05-31
"""

INPUTS_RECORDS = """id,teacher_id,date,end_date,hours,category,activity,outcome,level,count,certificate,status,attended,assessment,counts_as,exempted,split
G1,T1,2024-10-10,,10,course,,,,,,certified,9,,,,
G2,T1,2024-10-11,,10,course,,,,,,,,,,yes,
G3,T1,2024-10-12,,15,course,,,,,,group_certified,15,,,,course:10;research:5
G4,T1,2024-10-13,,6,external,,,,,,pending,,,research,,
G5,T1,2024-10-14,,5,online,,,,,C-1,,,pass,,,
G6,T1,2024-10-15,,,course,lesson_observation,,,3,,,,,,,
G7,T1,2024-10-16,,16,research,,paper,provincial,,,,,,,,
G8,T1,2024-10-17,,12,course,,,,,,,10,,,否,
B01,T1,2024-02-30,,1,course,,,,,,,,,,,
B02,T1,2024-10-20,2024/13/01,1,course,,,,,,,,,,,
B03,T1,2024-10-20,,1.505,course,,,,,,,,,,,
B04,T1,2024-10-20,,,course,lesson_observation,,,2.5,,,,,,,
B05,T1,2024-10-20,,1,course,,,,,,maybe,,,,,
B06,T1,2024-10-20,,1,course,,,,,,,1.234,,,,
B07,T1,2024-10-20,,1,course,,,,,,,,,,perhaps,
B08,T1,2024-10-20,,10,course,,,,,,,,,,,course10
B09,T1,2024-10-20,,10,course,,,,,,,,,,,course:abc
B10,T1,2024-10-20,,,course,,,,,,,,,,,
B11,T1,2024-10-20,,6,external,,,,,,,,,reserch,,
B12,T1,2024-10-20,,8,research,,,city,,,,,,,,
B13,T1,2024-10-20,,10,course,,,,,,,12,,,,
B14,T1,2024-10-20,,10,course,,,,,,,,,,,course:4;research:5
"""


def test_every_input_column_reads_from_a_dataframe_as_from_csv(tmp_path):
    """The guard against drift: the binding repeats some of the CSV reader's cell checks
    (dates, count, status, exempted, leave), so one table with a bad cell in each column the
    binding reads is read both ways, and the messages and the rows read must be the same."""
    policy = yanxiu.load_policy(INPUTS_POLICY, name="inputs.json")
    (tmp_path / "teachers.csv").write_text(INPUTS_TEACHERS)
    (tmp_path / "records.csv").write_text(INPUTS_RECORDS)
    csv = policy.ledger(tmp_path / "teachers.csv", tmp_path / "records.csv",
                        on_rejected="ignore")
    frames = policy.ledger(
        pd.read_csv(tmp_path / "teachers.csv", dtype=str, keep_default_na=False),
        pd.read_csv(tmp_path / "records.csv", dtype=str, keep_default_na=False),
        on_rejected="ignore")
    expected = [
        ("leave", '"2025-03-01-2025-04-30" is not a period FIRST..LAST of dates YYYY-MM-DD'),
        ("leave", '"2025-03-01..2025-02-30" is not a period FIRST..LAST of dates YYYY-MM-DD'),
        ("leave_date", '"2025-13-01" is not a date (YYYY-MM-DD, years 1900..2200)'),
        ("date", '"2024-02-30" is not a date (YYYY-MM-DD, years 1900..2200)'),
        ("end_date", '"2024/13/01" is not a date (YYYY-MM-DD, years 1900..2200)'),
        ("hours", '"1.505" has more than two decimal places (hours are exact to the hundredth)'),
        ("count", '"2.5" is not a whole number'),
        ("status", 'unknown status "maybe"; expected "certified", "group_certified", "pending" '
                   'or "rejected"'),
        ("attended", '"1.234" has more than two decimal places (hours are exact to the '
                     'hundredth)'),
        ("exempted", '"perhaps" is not yes or no'),
        ("split", '"course10" is not CATEGORY:HOURS'),
        ("split", '"abc" is not a decimal number (write hours like 12 or 1.5)'),
        ("hours", "is empty"),
        ("counts_as", 'unknown category "reserch"; did you mean "research"?'),
        ("level", "a level qualifies an outcome, and the record has none"),
        ("attended", "12.00 hours attended of a 10.00-hour course"),
        ("split", "the portions add up to 9.00, not the record's 10.00 hours"),
    ]
    assert list(zip(csv.messages["path"], csv.messages["message"])) == expected
    assert list(zip(frames.messages["path"], frames.messages["message"])) == expected
    # A CSV file's line N is the DataFrame's spreadsheet row N: both say row N.
    assert list(frames.messages["row"]) == list(csv.messages["row"])
    assert frames.intake_counts == csv.intake_counts
    assert frames.records.drop(columns="source").equals(csv.records.drop(columns="source"))
    assert frames.teachers.equals(csv.teachers)

    records = frames.records.set_index("id")
    assert list(records.index) == ["G1", "G2", "G3", "G4", "G5", "G6", "G7", "G8"]
    assert records.loc["G1", "attended_h100"] == 900 and pd.isna(records.loc["G2",
                                                                            "attended_h100"])
    assert records.loc["G2", "exempted"] and not records.loc["G8", "exempted"]
    assert records.loc["G3", "split"] == "course:10.00;research:5.00"
    assert records.loc["G3", "status"] == "group_certified"
    assert records.loc["G4", "counts_as"] == "research"
    assert (records.loc["G5", "certificate"], records.loc["G5", "assessment"]) == ("C-1", "pass")
    assert (records.loc["G6", "activity"], records.loc["G6", "count"]) == (
        "lesson_observation", 3)
    assert (records.loc["G7", "outcome"], records.loc["G7", "level"]) == ("paper", "provincial")
    assert pd.isna(records.loc["G1", "activity"]) and records.loc["G1", "count"] == 1
    teachers = frames.teachers.set_index("id")
    assert teachers.loc["T1", "leave"] == "2025-03-01..2025-04-30"
    assert teachers.loc["T5", "leave"] == "2024-11-01..2024-11-30;2025-05-01..2025-05-31"
    assert "leave" not in policy.audit(frames).to_pandas(teacher_columns=["school"]).columns


def test_typed_columns_for_the_credit_pipeline():
    """Booleans for exempted, floats for attended, whole numbers for count, dates and
    categoricals: read as their text would be."""
    policy = yanxiu.load_policy(INPUTS_POLICY, name="inputs.json")
    staff = pd.DataFrame({"id": ["T1"], "leave": ["2025-03-01..2025-04-30"]})
    rows = pd.DataFrame({
        "id": ["A", "B", "C", "D"],
        "teacher_id": ["T1"] * 4,
        "date": pd.to_datetime(["2024-10-10", "2024-10-11", "2024-10-12", "2024-10-13"]),
        "hours": [10.0, 10.0, 7.5, np.nan],
        "category": pd.Categorical(["course", "course", "course", "course"]),
        "activity": [None, None, None, "lesson_observation"],
        "count": pd.array([None, None, None, 2], dtype="Int64"),
        "attended": [8.5, np.nan, 7.5, np.nan],
        "exempted": [False, True, False, False],
    })
    ledger = policy.ledger(staff, rows)
    assert ledger.messages.empty, ledger.messages["text"].tolist()
    records = ledger.records.set_index("id")
    assert list(records["attended_h100"].astype(object).where(records["attended_h100"].notna(),
                                                             None)) == [850, None, 750, None]
    assert list(records["exempted"]) == [False, True, False, False]
    assert list(records["count"]) == [1, 1, 1, 2]
    audit = policy.audit(ledger)
    # A: 85% attended passes the 80% gate; B: exempted, credited without attendance; C: all
    # attended; D: an observation, no hours.
    assert audit.dispositions["credited"] == 4
    frame = audit.to_pandas()
    total = frame[frame["rule_id"] == "total"].iloc[0]
    assert total["credited_x100"] == 2750
    observed = frame[(frame["rule_id"] == "observations") & (frame["period"] == "2024-2025/1")]
    assert observed["credited_x100"].item() == 200
    nullable = rows.assign(exempted=pd.array([False, True, None, False], dtype="boolean"))
    assert list(policy.ledger(staff, nullable).records["exempted"]) == [False, True, False, False]
    mixed = rows.assign(exempted=np.array([False, "yes", "", None], dtype=object))
    assert list(policy.ledger(staff, mixed).records["exempted"]) == [False, True, False, False]
    with pytest.raises(TypeError, match="exempted"):
        policy.ledger(staff, rows.assign(exempted=[0.5, 1.0, 0.0, 0.0]))


def test_leave_of_absence_is_not_served(dali):
    """Days on leave are not served, like days before joining: a teacher on leave for a whole
    semester owes nothing that semester (Dali: 30 hours a semester)."""
    staff = pd.DataFrame({"id": ["T1"], "leave": ["2018-02-01..2018-08-31"]})
    audit = dali.audit(staff, short_workshop_records())
    frame = audit.to_pandas()
    semester = frame[(frame["rule_id"] == "semester-total") & (frame["period"] == "2017-2018/2")]
    assert semester["status"].item() == "not_applicable"
    assert audit.teachers.loc[0, "leave"] == "2018-02-01..2018-08-31"
    assert "on leave 2018-02-01..2018-08-31" in str(audit.explain("T1"))
