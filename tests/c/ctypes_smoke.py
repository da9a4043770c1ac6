"""libyanxiu.so.1 from Python's ctypes, with no binding: declared by hand from yanxiu.h, the way
PHP FFI, Go cgo or Java's FFM reach it. Usage: ctypes_smoke.py LIBRARY POLICY.json

Expected numbers follow from the Dali policy: 30 offline hours a semester = school 12 + workshop
8 + self 4 + holiday 6, 60 an academic year, 300 a cycle."""

import ctypes
import sys
from ctypes import (POINTER, Structure, byref, c_char, c_char_p, c_int, c_int16, c_int32,
                    c_int64, c_size_t, c_uint, c_void_p)

YX_OK, YX_EINVAL, YX_EPOLICY = 0, 1, 3
YX_VERDICT_MET, YX_VERDICT_SHORT = 0, 1
YX_DISPOSITION_CREDITED = 0
SCHOOL, WORKSHOP, SELF, HOLIDAY = 1, 2, 3, 4  # Dali's category indices


class Error(Structure):
    _fields_ = [("code", c_int), ("message", c_char_p), ("file", c_char_p), ("line", c_int),
                ("path", c_char_p), ("detail", c_char_p)]


class TeacherColumns(Structure):
    _fields_ = [("version", c_uint), ("count", c_size_t), ("id", POINTER(c_char_p)),
                ("birth_day", POINTER(c_int32)), ("join_day", POINTER(c_int32)),
                ("leave_day", POINTER(c_int32)), ("attribute_count", c_size_t),
                ("attribute_names", POINTER(c_char_p)),
                ("attribute_values", POINTER(POINTER(c_char_p)))]


class RecordColumns(Structure):
    _fields_ = [("version", c_uint), ("count", c_size_t), ("id", POINTER(c_char_p)),
                ("teacher_id", POINTER(c_char_p)), ("start_day", POINTER(c_int32)),
                ("end_day", POINTER(c_int32)), ("hours", POINTER(c_int64)),
                ("category", POINTER(c_int16)), ("category_id", POINTER(c_char_p)),
                ("status", POINTER(c_int)), ("activity", POINTER(c_char_p)),
                ("outcome", POINTER(c_char_p)), ("outcome_count", POINTER(c_int32)),
                ("certificate", POINTER(c_char_p))]


class Buf(Structure):
    _fields_ = [("ptr", POINTER(c_char)), ("size", c_size_t)]


def declare(lib):
    signatures = {
        "yx_last_error": (POINTER(Error), []),
        "yx_version_string": (c_char_p, []),
        "yx_policy_load": (c_int, [POINTER(c_void_p), c_char_p]),
        "yx_policy_free": (c_int, [c_void_p]),
        "yx_teacher_columns_init": (c_int, [POINTER(TeacherColumns), c_uint]),
        "yx_record_columns_init": (c_int, [POINTER(RecordColumns), c_uint]),
        "yx_day_from_iso": (c_int, [POINTER(c_int32), c_char_p]),
        "yx_evaluate_teacher": (c_int, [POINTER(c_void_p), c_void_p, POINTER(TeacherColumns),
                                        POINTER(RecordColumns), c_void_p]),
        "yx_audit_free": (c_int, [c_void_p]),
        "yx_audit_row_count": (c_int, [POINTER(c_size_t), c_void_p]),
        "yx_audit_rule_id": (c_int, [POINTER(c_char_p), c_void_p, c_size_t]),
        "yx_audit_period_label": (c_int, [POINTER(c_char_p), c_void_p, c_size_t]),
        "yx_audit_credited": (c_int, [POINTER(c_int64), c_void_p, c_size_t]),
        "yx_audit_required": (c_int, [POINTER(c_int64), c_void_p, c_size_t]),
        "yx_audit_status": (c_int, [POINTER(c_int), c_void_p, c_size_t]),
        "yx_audit_disposition_count": (c_int, [POINTER(c_int64), c_void_p, c_int]),
        "yx_audit_write_csv": (c_int, [POINTER(Buf), c_void_p]),
        "yx_buf_dispose": (None, [POINTER(Buf)]),
    }
    for name, (restype, argtypes) in signatures.items():
        function = getattr(lib, name)
        function.restype = restype
        function.argtypes = argtypes


def strings(values):
    return (c_char_p * len(values))(*[v.encode() for v in values])


def main():
    lib = ctypes.CDLL(sys.argv[1])
    declare(lib)
    failures = []

    def check(condition, what):
        if not condition:
            failures.append(what)

    def ok(status, what):
        if status != YX_OK:
            error = lib.yx_last_error().contents
            failures.append(f"{what}: status {status}: {error.message.decode()}")

    def day(iso):
        number = c_int32()
        ok(lib.yx_day_from_iso(byref(number), iso.encode()), "yx_day_from_iso")
        return number.value

    policy = c_void_p()
    ok(lib.yx_policy_load(byref(policy), sys.argv[2].encode()), "yx_policy_load")

    status = lib.yx_policy_load(byref(c_void_p()), b"/no/such/policy.json")
    check(status == YX_EPOLICY, "a missing policy file is YX_EPOLICY")
    check(b"no/such/policy.json" in lib.yx_last_error().contents.file, "the error names the file")

    teacher = TeacherColumns()
    ok(lib.yx_teacher_columns_init(byref(teacher), 1), "yx_teacher_columns_init")
    teacher.count = 1
    teacher.id = strings(["T1"])
    records = RecordColumns()
    ok(lib.yx_record_columns_init(byref(records), 1), "yx_record_columns_init")
    dates = ["2017-10-10", "2017-11-10", "2017-12-10", "2018-01-10"]
    records.count = 4
    records.id = strings(["R1", "R2", "R3", "R4"])
    records.start_day = (c_int32 * 4)(*[day(d) for d in dates])
    records.hours = (c_int64 * 4)(1200, 800, 400, 600)
    records.category = (c_int16 * 4)(SCHOOL, WORKSHOP, SELF, HOLIDAY)

    audit = c_void_p()
    ok(lib.yx_evaluate_teacher(byref(audit), policy, byref(teacher), byref(records), None),
       "yx_evaluate_teacher")
    rows = c_size_t()
    ok(lib.yx_audit_row_count(byref(rows), audit), "yx_audit_row_count")
    check(rows.value == 67, f"67 rows for a Dali teacher, not {rows.value}")

    verdicts = {}
    for row in range(rows.value):
        rule, period = c_char_p(), c_char_p()
        required, credited, verdict = c_int64(), c_int64(), c_int()
        ok(lib.yx_audit_rule_id(byref(rule), audit, row), "yx_audit_rule_id")
        ok(lib.yx_audit_period_label(byref(period), audit, row), "yx_audit_period_label")
        ok(lib.yx_audit_required(byref(required), audit, row), "yx_audit_required")
        ok(lib.yx_audit_credited(byref(credited), audit, row), "yx_audit_credited")
        ok(lib.yx_audit_status(byref(verdict), audit, row), "yx_audit_status")
        verdicts[(rule.value.decode(), period.value.decode())] = (
            required.value, credited.value, verdict.value)
    check(verdicts[("semester-offline", "2017-2018/1")] == (3000, 3000, YX_VERDICT_MET),
          "30 offline hours meet the first semester")
    check(verdicts[("semester-offline/workshop", "2017-2018/1")] == (800, 800, YX_VERDICT_MET),
          "8 workshop hours meet the part")
    check(verdicts[("year-total", "2017-2018")] == (6000, 3000, YX_VERDICT_SHORT),
          "30 of 60 hours in 2017-2018")
    check(verdicts[("cycle-total", "cycle")] == (30000, 3000, YX_VERDICT_SHORT),
          "30 of 300 hours in the cycle")
    credited = c_int64()
    ok(lib.yx_audit_disposition_count(byref(credited), audit, YX_DISPOSITION_CREDITED),
       "yx_audit_disposition_count")
    check(credited.value == 4, "four records credited")

    text = Buf()
    ok(lib.yx_audit_write_csv(byref(text), audit), "yx_audit_write_csv")
    csv = ctypes.string_at(text.ptr, text.size).decode()
    check(csv.startswith("teacher_id,rule_id,period,"), "the CSV starts with its header")
    check("T1,semester-offline,2017-2018/1,2017-09-01,2018-01-31,30.00,30.00,0.00,met" in csv,
          "the CSV has the first semester's offline row")
    lib.yx_buf_dispose(byref(text))
    check(not text.ptr and text.size == 0, "yx_buf_dispose empties the buffer")

    ok(lib.yx_audit_free(audit), "yx_audit_free")
    check(lib.yx_audit_free(audit) == YX_EINVAL, "a second free is YX_EINVAL")
    check(b"was freed" in lib.yx_last_error().contents.message, "and says so")
    check(lib.yx_audit_row_count(byref(rows), None) == YX_EINVAL, "a NULL audit is YX_EINVAL")
    ok(lib.yx_policy_free(policy), "yx_policy_free")

    for failure in failures:
        print("FAILED:", failure)
    print(f"ctypes: yanxiu {lib.yx_version_string().decode()}, "
          f"{len(failures)} failed" if failures else "ctypes: all checks passed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
