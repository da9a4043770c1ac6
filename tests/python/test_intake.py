"""Tables as analysts have them (issue 21.1-21.3): a county whose rows are all rejected does not
pass for a normal audit, ids read as floats are the integers they were, spreadsheets with
Chinese headers, float hours under a declared rounding rule, dates with a time of day, and row
numbers named as the user knows them.

Expected numbers come from the Dali policy (support.py): school 12 + workshop 8 + self 4 +
holiday 6 offline hours a semester."""

from __future__ import annotations

import datetime
import warnings

import numpy as np
import pandas as pd
import pytest

import yanxiu
from support import CLI_DATA, compliant_records, one_teacher, records, row


def numeric_teachers() -> pd.DataFrame:
    """Teachers 1 and 2, ids as numbers (an Excel column of staff numbers)."""
    return pd.DataFrame({"id": [1, 2], "school": ["S01", "S02"], "title": ["junior"] * 2})


def float_id_records() -> pd.DataFrame:
    """Teacher 2's 2017-2018/1 offline hours, teacher ids as floats: one blank cell in the
    column (the last row, which is invalid for it) makes pandas read 2 as 2.0."""
    return pd.DataFrame({"id": [1.0, 2.0, 3.0, 4.0, 5.0],
                         "teacher_id": [2.0, 2.0, 2.0, 2.0, np.nan],
                         "date": ["2017-10-10", "2017-11-10", "2017-12-10", "2018-01-20",
                                  "2018-01-21"],
                         "hours": [12, 8, 4, 6, 1],
                         "category": ["school", "workshop", "self", "holiday", "self"]})


def test_float_ids_are_read_as_the_integers_they_were(dali):
    audit = dali.audit(numeric_teachers(), float_id_records())
    assert audit.dispositions["credited"] == 4
    assert audit.dispositions["invalid"] == 1
    assert list(audit.messages["path"]) == ["teacher_id"]
    assert list(audit.records["id"]) == ["1", "2", "3", "4"]  # not "1.0"
    verdict = row(audit.to_pandas(), "2", "semester-offline", "2017-2018/1")
    assert (verdict["credited_x100"], verdict["status"]) == (3000, "met")


def test_a_rejected_county_raises_with_its_counts(dali):
    rejected = float_id_records().assign(category="学校研修X")  # no such category id
    with pytest.raises(yanxiu.RejectedRowsError) as caught:
        dali.audit(numeric_teachers(), rejected)
    error = caught.value
    assert isinstance(error, yanxiu.InputError)
    assert error.counts == {"records": (5, 5)}
    assert "records: 5 of 5 rows rejected (100%)" in str(error)
    assert "category 4" in str(error)  # the column most rows were rejected for
    assert (error.file, error.line, error.path) == ("records", 2, "category")
    assert error.ledger.intake_counts["invalid"] == 5


def test_a_rejected_county_warns_when_asked_and_shows_it(dali):
    rejected = float_id_records().assign(category="学校研修X")
    with pytest.warns(yanxiu.RejectedRowsWarning, match="5 of 5 rows rejected"):
        audit = dali.audit(numeric_teachers(), rejected, on_rejected="warn")
    assert repr(audit) == ("<yanxiu.Audit dali-2017: 134 verdicts for 2 teachers; records: "
                           "0 credited, 5 invalid (100.0% rejected)>")
    summary = repr(audit.summary())
    assert summary.startswith("<yanxiu.Summary 2 teachers; records: 0 credited, 5 invalid "
                              "(100.0% rejected)>\n")
    assert "semester-offline/school" in summary
    assert repr(audit.ledger) == ("<yanxiu.Ledger 2 teachers, 0 records; 5 of 5 records rows "
                                  "rejected>")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        dali.audit(numeric_teachers(), rejected, on_rejected="ignore")
    # Below the threshold: 1 of 5 rejected is 20%, under max_rejected's default 50%.
    dali.audit(numeric_teachers(), float_id_records())
    with pytest.raises(yanxiu.RejectedRowsError):
        dali.audit(numeric_teachers(), float_id_records(), max_rejected=0.1)
    with pytest.raises(ValueError, match="on_rejected"):
        dali.audit(numeric_teachers(), float_id_records(), on_rejected="maybe")


def test_every_missing_column_is_reported_at_once(dali):
    with pytest.raises(yanxiu.InputError) as caught:
        dali.ledger(one_teacher(), records().drop(columns=["hours", "date", "category"]))
    assert caught.value.message == 'missing required columns "date", "hours", "category"'
    assert str(caught.value) == ('records: error: missing required columns "date", "hours", '
                                 '"category" (the table has: id, teacher_id)')


def test_record_ids_are_optional_and_stable(dali):
    frame = compliant_records().drop(columns="id")
    audit = dali.audit(one_teacher(), frame)
    ids = list(audit.records.sort_values("row")["id"])
    assert ids[:2] == ["row-2", "row-3"]  # the spreadsheet row: header = 1
    assert len(set(ids)) == len(frame) == 41
    again = dali.audit(one_teacher(), frame)
    assert audit.records["id"].equals(again.records["id"])
    verdict = row(audit.to_pandas(), "T1", "semester-offline", "2017-2018/1")
    assert verdict["status"] == "met"


def test_a_time_of_day_is_an_error_unless_dropped(dali):
    frame = records(("A", "T1", "2017-10-10", "12", "school"),
                    ("B", "T1", "2017-11-10", "8", "workshop"))
    frame["date"] = pd.to_datetime(["2017-10-10 00:00", "2017-11-10 14:30"])
    ledger = dali.ledger(one_teacher(), frame)
    assert ledger.record_count == 1
    assert list(ledger.messages["path"]) == ["date"]
    assert '"2017-11-10T14:30:00"' in ledger.messages["message"][0]
    dropped = dali.ledger(one_teacher(), frame, time_of_day="drop")
    assert dropped.record_count == 2
    assert list(dropped.records.sort_values("row")["date"]) == [
        pd.Timestamp("2017-10-10"), pd.Timestamp("2017-11-10")]


def test_float_hours_round_by_the_declared_rule(dali):
    # 40 minutes three times: 40/60 h is 0.67 half-up, so 2.01 h; 0.125 h is 0.13 half-up and
    # 0.12 half-even; "0.665" as text 0.67 and 0.66.
    frame = records(("A", "T1", "2017-10-10", 40 / 60, "school"),
                    ("B", "T1", "2017-10-11", 40 / 60, "school"),
                    ("C", "T1", "2017-10-12", 40 / 60, "school"),
                    ("D", "T1", "2017-10-13", 0.125, "workshop"),
                    ("E", "T1", "2017-10-14", "0.665", "self"),
                    ("F", "T1", "2017-10-15", None, "self"))
    frame["activity"] = ["", "", "", "", "", "star_project"]
    rejected = dali.ledger(one_teacher(), frame, on_rejected="ignore")
    assert rejected.intake_counts["invalid"] == 5
    half_up = dali.audit(one_teacher(), frame, hours_rounding="half_up").to_pandas()
    assert row(half_up, "T1", "semester-offline/school", "2017-2018/1")["credited_x100"] == 201
    assert row(half_up, "T1", "semester-offline/workshop", "2017-2018/1")["credited_x100"] == 13
    assert row(half_up, "T1", "semester-offline/self", "2017-2018/1")["credited_x100"] == 67
    half_even = dali.audit(one_teacher(), frame, hours_rounding="half_even").to_pandas()
    assert row(half_even, "T1", "semester-offline/workshop",
               "2017-2018/1")["credited_x100"] == 12
    assert row(half_even, "T1", "semester-offline/self", "2017-2018/1")["credited_x100"] == 66
    with pytest.raises(ValueError, match="hours_rounding"):
        dali.ledger(one_teacher(), frame, hours_rounding="up")


def test_rows_are_named_by_spreadsheet_row_and_index(dali):
    frame = records(("A", "T1", "2017-10-10", "12", "school"),
                    ("B", "T1", "2017-10-11", "2", "shcool"))
    frame.index = [100, 200]  # a slice of a larger frame keeps its labels
    messages = dali.ledger(one_teacher(), frame, on_rejected="ignore").messages
    assert (messages["source"][0], messages["row"][0], messages["index"][0]) == (
        "records", 3, 200)
    assert messages["text"][0].startswith("records row 3 (index 200): error: category: ")
    from_file = dali.ledger(CLI_DATA / "teachers.csv", CLI_DATA / "records.csv").messages
    assert from_file["source"][0] == str(CLI_DATA / "records.csv")
    assert from_file["text"][0].startswith(f"{CLI_DATA / 'records.csv'}:6: ")


def xlsx(path, header, rows, sheet="记录"):
    openpyxl = pytest.importorskip("openpyxl")
    workbook = openpyxl.Workbook()
    worksheet = workbook.active
    worksheet.title = sheet
    worksheet.append(["成都市某县 教师培训记录"])  # a title row above the header
    worksheet.append(header)
    for values in rows:
        worksheet.append(list(values))
    workbook.save(path)
    return path


CHINESE = {"记录编号": "id", "教师编号": "teacher_id", "日期": "date", "学时": "hours",
           "类别": "category", "活动": "activity", "证书": "certificate", "状态": "status"}


def test_an_excel_sheet_with_chinese_headers_audits_as_the_clean_csv(dali, tmp_path):
    county = yanxiu.synthetic_county(dali, teachers=40, seed=11)
    # Staff numbers as integers: T0000007 is 7.
    teachers = county.teachers.assign(id=county.teachers["id"].str[1:].astype(int).astype(str))
    clean = county.records[["id", "teacher_id", "date", "hours", "category", "activity",
                            "certificate", "status"]].copy()
    clean["teacher_id"] = clean["teacher_id"].str[1:].str.lstrip("0")
    clean["id"] = [str(1000 + i) for i in range(len(clean))]
    clean.loc[3, "id"] = ""  # one blank id: the column reads as floats, the row is invalid
    # Forty minutes on a few rows: 0.67 h in the clean CSV, 40/60 in the sheet.
    forty = clean.index[clean["hours"].ne("")][:5]
    clean.loc[forty, "hours"] = "0.67"
    clean_csv = tmp_path / "records.csv"
    clean.to_csv(clean_csv, index=False)
    teachers_csv = tmp_path / "teachers.csv"
    teachers.to_csv(teachers_csv, index=False)

    def date_cell(text):
        try:
            return datetime.datetime.fromisoformat(text)
        except ValueError:
            return text or None  # typed text, as "2019-02-30" in a date column

    def sheet_row(i, values):
        hours = values["hours"]
        return [int(values["id"]) if values["id"] else None, int(values["teacher_id"]),
                date_cell(values["date"]),
                (40 / 60 if i in forty else float(hours)) if hours else None,
                values["category"], values["activity"] or None,
                values["certificate"] or None, values["status"] or None]

    path = xlsx(tmp_path / "records.xlsx", list(CHINESE),
                [sheet_row(i, values) for i, values in clean.iterrows()])
    sheet = yanxiu.read_excel(path, sheet="记录", columns=CHINESE, header_row=2)
    assert sheet["id"].dtype == np.float64  # as pandas reads it: the blank cell
    assert sheet["hours"].dtype == np.float64

    expected = dali.audit(teachers_csv, clean_csv)
    got = dali.audit(teachers, sheet, hours_rounding="half_up")
    assert got.dispositions == expected.dispositions
    assert got.dispositions["invalid"] >= 1
    left, right = got.to_pandas(), expected.to_pandas()
    for column in ("teacher_id", "rule_id", "period"):
        assert list(left[column].astype(str)) == list(right[column].astype(str))
    for column in ("required_x100", "credited_x100", "shortfall_x100"):
        assert np.array_equal(left[column], right[column])
    assert list(left["status"]) == list(right["status"])
    # The blank id's row, named as the sheet has it: header on row 2, data row 3 + 3.
    message = got.messages[got.messages["path"] == "id"].iloc[0]
    assert (message["source"], message["row"], message["index"]) == (
        "records.xlsx [记录]", 6, 3)


def test_read_excel_reports_every_unknown_header(tmp_path):
    path = xlsx(tmp_path / "r.xlsx", ["编号", "日期"], [[1, None]])
    with pytest.raises(KeyError, match="'记录编号', '教师编号'"):
        yanxiu.read_excel(path, columns={"记录编号": "id", "教师编号": "teacher_id"},
                          header_row=2)
    with pytest.raises(KeyError, match="no sheet 'x'"):
        yanxiu.read_excel(path, sheet="x")


def test_whole_float_counts_and_category_indices_with_a_blank_cell(dali):
    # Category indices into policy.categories (Dali: 0 online, 1 school, 2 workshop) and
    # counts, each column with one blank cell, so pandas holds them as floats.
    frame = records(("A", "T1", "2017-10-10", "12", ""), ("B", "T1", "2017-10-11", "8", ""),
                    ("C", "T1", "2017-10-12", "", ""))
    frame["category"] = [1.0, 2.0, np.nan]
    frame["activity"] = ["", "", "star_project"]
    frame["count"] = [np.nan, np.nan, 2.0]
    ledger = dali.ledger(one_teacher(), frame, on_rejected="ignore")
    assert list(dali.categories["id"][:3]) == ["online", "school", "workshop"]
    by_id = ledger.records.set_index("id")
    assert list(by_id.loc[["A", "B"], "category"]) == ["school", "workshop"]
    assert list(ledger.messages["path"]) == ["category"]  # C's blank category only
    assert list(ledger.messages["message"]) == ["is empty"]


def test_csv_files_are_read_in_the_encoding_given(dali, tmp_path):
    """A GB18030 export (Chinese Excel's "CSV") is refused as UTF-8, saying so, and read with
    encoding="gb18030" or "auto", the subject coming out as 数学 for T2 (issue 19)."""
    gb18030 = CLI_DATA / "teachers-gb18030.csv"
    with pytest.raises(yanxiu.InputError, match=r"it looks like GB18030 \(GBK\)"):
        dali.ledger(gb18030, CLI_DATA / "records.csv", on_rejected="ignore")
    for encoding in ("gb18030", "auto"):
        ledger = dali.ledger(gb18030, CLI_DATA / "records.csv", on_rejected="ignore",
                             encoding=encoding)
        assert list(ledger.teachers["subject"]) == ["语文", "数学"]
    with pytest.raises(ValueError, match='encoding is "utf-8", "gb18030" or "auto", not "latin1"'):
        dali.ledger(gb18030, CLI_DATA / "records.csv", encoding="latin1")
    # A score sheet saved as GB18030 with Chinese headers (对象编号, 项目编号, 得分).
    pucheng = yanxiu.load_policy(CLI_DATA.parents[1] / "examples" / "policies" / "pucheng-2014.json")
    sheet = tmp_path / "scores.csv"
    sheet.write_bytes("对象编号,项目编号,得分\n实验中学,1,2\n".encode("gb18030"))
    scores = pucheng.score("school-evaluation", sheet, encoding="gb18030").to_pandas()
    assert scores["subject_id"].iloc[0] == "实验中学"
