"""One intake path: a DataFrame with the policy's Chinese category labels (学校研修) and the
platforms' Chinese statuses (已认证, 待审核 ...) reads as the same table with ids (issue 21,
item 1: before, every such row was invalid and the audit returned normally)."""

import pandas as pd
import pytest

from support import CLI_DATA, compliant_records, one_teacher

LABELS = {"school": "学校研修", "workshop": "工作坊、学科质量提升小组研修", "self": "个人自修",
          "holiday": "寒暑假培训", "online": "网络研修"}
STATUSES = {"certified": "已认证", "pending": "待审核", "group_certified": "教研组已认证",
            "rejected": "已驳回"}


def with_statuses(frame: pd.DataFrame) -> pd.DataFrame:
    # Every fourth record pending, every seventh rejected: the audit then has shortfalls to show.
    statuses = ["certified"] * len(frame)
    for i in range(0, len(frame), 4):
        statuses[i] = "pending"
    for i in range(0, len(frame), 7):
        statuses[i] = "rejected"
    statuses[1] = "group_certified"
    return frame.assign(status=statuses)


def test_chinese_labels_and_statuses_give_the_audit_of_the_ids(dali):
    ids = with_statuses(compliant_records())
    chinese = ids.assign(category=ids["category"].map(LABELS), status=ids["status"].map(STATUSES))
    assert chinese["category"].iloc[0] == "学校研修" and chinese["status"].iloc[0] == "已驳回"

    by_ids = dali.audit(one_teacher(), ids)
    by_labels = dali.audit(one_teacher(), chinese)
    assert by_labels.ledger.messages.empty
    assert by_labels.ledger.intake_counts == by_ids.ledger.intake_counts
    assert by_ids.ledger.intake_counts["invalid"] == 0
    assert by_labels.dispositions == by_ids.dispositions
    assert by_labels.to_pandas().equals(by_ids.to_pandas())
    # As a categorical column too, as read_csv(dtype="category") gives it.
    as_categories = chinese.astype({"category": "category", "status": "category"})
    assert dali.audit(one_teacher(), as_categories).to_pandas().equals(by_ids.to_pandas())


def test_near_misses_say_what_they_are_close_to(dali):
    frame = pd.DataFrame([("R1", "T1", "2017-10-10", "2", "学校研", "certified"),
                          ("R2", "T1", "2017-10-11", "2", "school", "certifed")],
                         columns=["id", "teacher_id", "date", "hours", "category", "status"])
    messages = dali.ledger(one_teacher(), frame, on_rejected="ignore").messages
    assert list(zip(messages["path"], messages["message"])) == [
        ("category", 'unknown category "学校研"; did you mean "school" (学校研修)?'),
        ("status", 'unknown status "certifed"; expected "certified", "group_certified", '
                   '"pending" or "rejected"; did you mean "certified"?'),
    ]


def test_chinese_headers_read_as_the_csv_reader_reads_them(dali):
    # The aliases of docs/policy-format.md, "Column names": 编号 id, 教师编号 teacher_id, 日期 date,
    # 学时 hours, 类别 category; 学校 school; " Teacher ID " spelled as an export might.
    records = compliant_records()
    chinese = records.rename(columns={"id": "编号", "teacher_id": "教师编号", "date": "日期",
                                      "hours": "学时", "category": "类别"})
    teachers = one_teacher().rename(columns={"id": "编号", "school": "学校"})
    by_names = dali.audit(one_teacher(), records)
    by_aliases = dali.audit(teachers, chinese)
    assert by_aliases.ledger.messages.empty
    assert by_aliases.to_pandas().equals(by_names.to_pandas())
    spelled = records.rename(columns={"teacher_id": " Teacher ID ", "hours": "Hours"})
    assert dali.audit(one_teacher(), spelled).to_pandas().equals(by_names.to_pandas())


def test_two_columns_naming_one_are_refused(dali):
    records = compliant_records().assign(学时=1)
    with pytest.raises(ValueError, match='columns "hours" and "学时" both name "hours"'):
        dali.audit(one_teacher(), records)
