// A school platform's backend in Go, embedding yanxiu through its C ABI (docs/c-api.md):
// it loads a policy, evaluates every teacher of a county alone (the call made when a teacher
// saves a record) from 8 goroutines while another goroutine reloads the policy, reads each
// audit's rows in bulk, and checks the table against the one `yanxiu audit` wrote.
//
//	go run . POLICY.json TEACHERS.csv RECORDS.csv AUDIT.csv
//
// Build flags come from the environment: CGO_CFLAGS=-I<yanxiu.h's folder>,
// CGO_LDFLAGS="-L<libyanxiu.so's folder> -Wl,-rpath,<that folder>", or pkg-config's.
package main

/*
#cgo LDFLAGS: -lyanxiu
#include <stdlib.h>
#include <yanxiu.h>
*/
import "C"

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unsafe"
)

// The columns passed to C live in C memory: cgo forbids passing Go memory that holds Go
// pointers, and a column struct holds pointers to its arrays.

// cArray copies values into C memory (nil for none); free with C.free.
func cArray[T any](values []T) *T {
	if len(values) == 0 {
		return nil
	}
	p := (*T)(C.malloc(C.size_t(len(values)) * C.size_t(unsafe.Sizeof(values[0]))))
	copy(unsafe.Slice(p, len(values)), values)
	return p
}

// cStrings is a column of C strings in C memory.
func cStrings(values []string) **C.char {
	column := make([]*C.char, len(values))
	for i, v := range values {
		column[i] = C.CString(v)
	}
	return cArray(column)
}

func freeStrings(column **C.char, count int) {
	if column == nil {
		return
	}
	for _, p := range unsafe.Slice(column, count) {
		C.free(unsafe.Pointer(p))
	}
	C.free(unsafe.Pointer(column))
}

// A teacher and that teacher's records, as C columns ready for yx_evaluate_teacher.
type teacher struct {
	teacher C.yx_teacher_columns
	records C.yx_record_columns
}

func (t *teacher) free() {
	freeStrings(t.teacher.id, 1)
	freeStrings(t.teacher.leave, 1)
	n := int(t.teacher.attribute_count)
	if n > 0 {
		for _, column := range unsafe.Slice(t.teacher.attribute_values, n) {
			freeStrings((**C.char)(unsafe.Pointer(column)), 1)
		}
		freeStrings((**C.char)(unsafe.Pointer(t.teacher.attribute_names)), n)
		C.free(unsafe.Pointer(t.teacher.attribute_values))
	}
	C.free(unsafe.Pointer(t.teacher.birth_day))
	C.free(unsafe.Pointer(t.teacher.join_day))
	C.free(unsafe.Pointer(t.teacher.leave_day))
	r, n := &t.records, int(t.records.count)
	for _, column := range []**C.char{r.id, r.category_id, r.certificate, r.outcome, r.level,
		r.activity} {
		freeStrings(column, n)
	}
	for _, array := range []unsafe.Pointer{unsafe.Pointer(r.status), unsafe.Pointer(r.start_day),
		unsafe.Pointer(r.end_day), unsafe.Pointer(r.hours), unsafe.Pointer(r.outcome_count)} {
		C.free(array)
	}
}

// failure turns a failed call into a Go error, with the message the call itself left in info:
// a goroutine may run each call on another OS thread, so yx_last_error() would be unreliable.
func failure(what string, status C.yx_status, info *C.yx_error_info) error {
	return fmt.Errorf("%s: %s: %s", what, C.GoString(C.yx_status_str(status)),
		C.GoString(info.message))
}

// day reads "YYYY-MM-DD", YX_NO_DAY for empty; ok is false for a text that is no date.
func day(text string) (value C.int32_t, ok bool) {
	if text == "" {
		return C.YX_NO_DAY, true
	}
	ctext := C.CString(text)
	defer C.free(unsafe.Pointer(ctext))
	return value, C.yx_day_from_iso(&value, ctext) == C.YX_OK
}

// someDay is a day of a teacher's column; a platform would have refused a text that is none.
func someDay(text string) C.int32_t {
	value, _ := day(text)
	return value
}

// hundredths reads "12", "4.5", "2.25" exactly.
func hundredths(text string) int64 {
	whole, fraction, _ := strings.Cut(text, ".")
	w, _ := strconv.ParseInt(whole, 10, 64)
	fraction = (fraction + "00")[:2]
	f, _ := strconv.ParseInt(fraction, 10, 64)
	if strings.HasPrefix(whole, "-") {
		return w*100 - f
	}
	return w*100 + f
}

func status(text string) C.yx_record_status {
	switch text {
	case "pending":
		return C.YX_RECORD_PENDING
	case "rejected":
		return C.YX_RECORD_REJECTED
	case "group_certified":
		return C.YX_RECORD_GROUP_CERTIFIED
	}
	return C.YX_RECORD_CERTIFIED
}

func readCsv(path string) ([]string, []map[string]string, error) {
	file, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	defer file.Close()
	rows, err := csv.NewReader(file).ReadAll()
	if err != nil {
		return nil, nil, err
	}
	var result []map[string]string
	for _, row := range rows[1:] {
		cells := map[string]string{}
		for i, name := range rows[0] {
			cells[name] = strings.TrimSpace(row[i])
		}
		result = append(result, cells)
	}
	return rows[0], result, nil
}

// The columns of one teacher's records, as read.
type recordRows struct {
	ids, categories, certs, outcomes, levels, activities []string
	statuses                                             []C.yx_record_status
	starts, ends, counts                                 []C.int32_t
	hours                                                []C.int64_t
}

// county reads teachers.csv and records.csv into one teacher each, in file order.
func county(teachersPath, recordsPath string) ([]*teacher, error) {
	teacherHeader, teacherRows, err := readCsv(teachersPath)
	if err != nil {
		return nil, err
	}
	_, recordRows, err := readCsv(recordsPath)
	if err != nil {
		return nil, err
	}
	byID := map[string]*recordsOf{}
	var order []*recordsOf
	var attributeNames []string
	for _, name := range teacherHeader {
		if !teacherFields[name] {
			attributeNames = append(attributeNames, name)
		}
	}
	for _, row := range teacherRows {
		t := &recordsOf{id: row["id"], birth: someDay(row["birth_date"]),
			join: someDay(row["join_date"]), leave: someDay(row["leave_date"]), absences: row["leave"]}
		for _, name := range attributeNames {
			t.attributes = append(t.attributes, row[name])
		}
		order = append(order, t)
		byID[t.id] = t
	}
	for _, row := range recordRows {
		t := byID[row["teacher_id"]]
		start, startOk := day(row["date"])
		end, endOk := day(row["end_date"])
		if t == nil || !startOk || !endOk {
			continue // no such teacher, or not a date: never reaches the platform's database
		}
		c := &t.rows
		c.ids = append(c.ids, row["id"])
		c.categories = append(c.categories, row["category"])
		c.certs = append(c.certs, row["certificate"])
		c.outcomes = append(c.outcomes, row["outcome"])
		c.levels = append(c.levels, row["level"])
		c.activities = append(c.activities, row["activity"])
		c.statuses = append(c.statuses, status(row["status"]))
		c.starts = append(c.starts, start)
		c.ends = append(c.ends, end)
		c.hours = append(c.hours, C.int64_t(hundredths(row["hours"])))
		count, _ := strconv.Atoi(row["count"])
		c.counts = append(c.counts, C.int32_t(count))
	}
	teachers := make([]*teacher, len(order))
	for i, r := range order {
		t := &teacher{}
		C.yx_teacher_columns_init(&t.teacher, C.YX_TEACHER_COLUMNS_VERSION)
		t.teacher.count, t.teacher.id = 1, cStrings([]string{r.id})
		t.teacher.birth_day = cArray([]C.int32_t{r.birth})
		t.teacher.join_day = cArray([]C.int32_t{r.join})
		t.teacher.leave_day = cArray([]C.int32_t{r.leave})
		t.teacher.leave = cStrings([]string{r.absences})
		if len(attributeNames) > 0 {
			values := make([]**C.char, len(attributeNames))
			for a, value := range r.attributes {
				values[a] = cStrings([]string{value})
			}
			t.teacher.attribute_count = C.size_t(len(attributeNames))
			t.teacher.attribute_names = cStrings(attributeNames)
			t.teacher.attribute_values = cArray(values)
		}
		c, rc := &r.rows, &t.records
		C.yx_record_columns_init(rc, C.YX_RECORD_COLUMNS_VERSION)
		rc.count = C.size_t(len(c.ids))
		rc.id, rc.category_id, rc.certificate = cStrings(c.ids), cStrings(c.categories),
			cStrings(c.certs)
		rc.outcome, rc.level, rc.activity = cStrings(c.outcomes), cStrings(c.levels),
			cStrings(c.activities)
		rc.status, rc.start_day, rc.end_day = cArray(c.statuses), cArray(c.starts), cArray(c.ends)
		rc.hours, rc.outcome_count = cArray(c.hours), cArray(c.counts)
		teachers[i] = t
	}
	return teachers, nil
}

type recordsOf struct {
	id                 string
	birth, join, leave C.int32_t
	absences           string   // the leave column: periods of leave of absence
	attributes         []string // the values of attributeNames
	rows               recordRows
}

// Columns of teachers.csv that are not attributes: they have fields of their own.
var teacherFields = map[string]bool{"id": true, "birth_date": true, "join_date": true,
	"leave_date": true, "leave": true}

// amount prints hundredths as the audit CSV does: hours with two decimals, counts whole.
func amount(value C.int64_t, kind C.yx_rule_kind) string {
	v := int64(value)
	if kind != C.YX_RULE_QUOTA {
		return strconv.FormatInt(v/100, 10)
	}
	sign := ""
	if v < 0 {
		sign, v = "-", -v
	}
	return fmt.Sprintf("%s%d.%02d", sign, v/100, v%100)
}

func isoDay(value C.int32_t) string {
	var text [16]C.char
	C.yx_day_to_iso(&text[0], 16, value)
	return C.GoString(&text[0])
}

// rowReader holds the C arrays a goroutine reads audit rows into, in bulk.
type rowReader struct {
	rows C.yx_audit_rows
}

const capacity = 256

func newRowReader() *rowReader {
	r := &rowReader{}
	C.yx_audit_rows_init(&r.rows, C.YX_AUDIT_ROWS_VERSION)
	cStringArray := func() **C.char { return (**C.char)(C.calloc(capacity, C.size_t(unsafe.Sizeof(uintptr(0))))) }
	r.rows.capacity = capacity
	r.rows.teacher_id, r.rows.rule_id, r.rows.period_label = cStringArray(), cStringArray(), cStringArray()
	r.rows.period_start = (*C.int32_t)(C.calloc(capacity, 4))
	r.rows.period_end = (*C.int32_t)(C.calloc(capacity, 4))
	r.rows.required = (*C.int64_t)(C.calloc(capacity, 8))
	r.rows.credited = (*C.int64_t)(C.calloc(capacity, 8))
	r.rows.shortfall = (*C.int64_t)(C.calloc(capacity, 8))
	r.rows.status = (*C.yx_verdict)(C.calloc(capacity, C.size_t(unsafe.Sizeof(C.yx_verdict(0)))))
	r.rows.rule_kind = (*C.yx_rule_kind)(C.calloc(capacity, C.size_t(unsafe.Sizeof(C.yx_rule_kind(0)))))
	return r
}

func (r *rowReader) free() {
	for _, p := range []unsafe.Pointer{unsafe.Pointer(r.rows.teacher_id),
		unsafe.Pointer(r.rows.rule_id), unsafe.Pointer(r.rows.period_label),
		unsafe.Pointer(r.rows.period_start), unsafe.Pointer(r.rows.period_end),
		unsafe.Pointer(r.rows.required), unsafe.Pointer(r.rows.credited),
		unsafe.Pointer(r.rows.shortfall), unsafe.Pointer(r.rows.status),
		unsafe.Pointer(r.rows.rule_kind)} {
		C.free(p)
	}
}

// evaluate judges one teacher with the policy current at the call, and returns its audit rows
// as CSV lines, read in bulk.
func evaluate(t *teacher, index int, reader *rowReader, current *atomic.Pointer[C.yx_policy],
	retries *atomic.Int64) (string, error) {
	var info C.yx_error_info
	C.yx_error_info_init(&info, C.YX_ERROR_INFO_VERSION)
	defer C.yx_error_info_dispose(&info)
	var audit *C.yx_audit
	for {
		// The policy may be freed by the reloader between this load and the call: the call
		// then says so, and is made again with the policy now current.
		s := C.yx_evaluate_teacher_e(&info, &audit, current.Load(), &t.teacher, &t.records, nil)
		if s == C.YX_OK {
			break
		}
		if s == C.YX_EINVAL && strings.Contains(C.GoString(info.message), "was freed") {
			retries.Add(1)
			continue
		}
		return "", failure("yx_evaluate_teacher", s, &info)
	}
	defer C.yx_audit_free(audit)

	// A failure of this goroutine's own, with a row number no other goroutine asks for: its
	// message must come back in info whatever OS threads the goroutine ran on meanwhile (the
	// thread-local yx_last_error() would often hold another goroutine's).
	var none C.size_t
	past := C.size_t(1_000_000 + index)
	if s := C.yx_audit_read_rows_e(&info, &none, audit, past, &reader.rows); s != C.YX_ERANGE ||
		!strings.Contains(C.GoString(info.message), fmt.Sprintf("first row %d is out", past)) {
		return "", fmt.Errorf("the error of goroutine %d's call says %q", index,
			C.GoString(info.message))
	}

	r := &reader.rows
	teachers, rules := unsafe.Slice(r.teacher_id, capacity), unsafe.Slice(r.rule_id, capacity)
	periods := unsafe.Slice(r.period_label, capacity)
	starts, ends := unsafe.Slice(r.period_start, capacity), unsafe.Slice(r.period_end, capacity)
	required, credited := unsafe.Slice(r.required, capacity), unsafe.Slice(r.credited, capacity)
	shortfall, verdicts := unsafe.Slice(r.shortfall, capacity), unsafe.Slice(r.status, capacity)
	kinds := unsafe.Slice(r.rule_kind, capacity)
	var out strings.Builder
	for first := C.size_t(0); ; {
		var read C.size_t
		if s := C.yx_audit_read_rows_e(&info, &read, audit, first, r); s != C.YX_OK {
			return "", failure("yx_audit_read_rows", s, &info)
		}
		for i := C.size_t(0); i < read; i++ {
			fmt.Fprintf(&out, "%s,%s,%s,%s,%s,%s,%s,%s,%s\n", C.GoString(teachers[i]),
				C.GoString(rules[i]), C.GoString(periods[i]), isoDay(starts[i]), isoDay(ends[i]),
				amount(required[i], kinds[i]), amount(credited[i], kinds[i]),
				amount(shortfall[i], kinds[i]), C.GoString(C.yx_verdict_str(verdicts[i])))
		}
		if read < capacity {
			break
		}
		first += read
	}
	return out.String(), nil
}

func run(policyPath, teachersPath, recordsPath, expectedPath string) error {
	teachers, err := county(teachersPath, recordsPath)
	if err != nil {
		return err
	}
	cpath := C.CString(policyPath)
	defer C.free(unsafe.Pointer(cpath))
	var info C.yx_error_info
	C.yx_error_info_init(&info, C.YX_ERROR_INFO_VERSION)
	defer C.yx_error_info_dispose(&info)
	var policy *C.yx_policy
	if s := C.yx_policy_load_e(&info, &policy, cpath); s != C.YX_OK {
		return failure("yx_policy_load", s, &info)
	}
	var current atomic.Pointer[C.yx_policy]
	current.Store(policy)

	// The reloader: load the new policy, swap the pointer, free the old one (docs/c-api.md,
	// "Reloading a policy"), until the evaluators are done.
	done := make(chan struct{})
	reloaded := make(chan int)
	go func() {
		var info C.yx_error_info
		C.yx_error_info_init(&info, C.YX_ERROR_INFO_VERSION)
		defer C.yx_error_info_dispose(&info)
		swaps := 0
		for {
			select {
			case <-done:
				reloaded <- swaps
				return
			case <-time.After(time.Millisecond):
			}
			var next *C.yx_policy
			if C.yx_policy_load_e(&info, &next, cpath) == C.YX_OK {
				C.yx_policy_free(current.Swap(next))
				swaps++
			}
		}
	}()

	lines := make([]string, len(teachers))
	errs := make([]error, len(teachers))
	var next, retries atomic.Int64
	var workers sync.WaitGroup
	for w := 0; w < 8; w++ {
		workers.Add(1)
		go func() {
			defer workers.Done()
			reader := newRowReader()
			defer reader.free()
			for i := int(next.Add(1) - 1); i < len(teachers); i = int(next.Add(1) - 1) {
				lines[i], errs[i] = evaluate(teachers[i], i, reader, &current, &retries)
			}
		}()
	}
	workers.Wait()
	close(done)
	swaps := <-reloaded
	explained := checkExplanation(teachers, lines, current.Load())
	C.yx_policy_free(current.Load())
	for _, t := range teachers {
		t.free()
	}
	for _, err := range errs {
		if err != nil {
			return err
		}
	}

	if explained != nil {
		return explained
	}

	expected, err := os.ReadFile(expectedPath)
	if err != nil {
		return err
	}
	// yanxiu audit's table starts with its decision record, "# yanxiu-audit/1 ...".
	if bytes.HasPrefix(expected, []byte("#")) {
		_, expected, _ = bytes.Cut(expected, []byte("\n"))
	}
	header, _, _ := bytes.Cut(expected, []byte("\n"))
	got := string(header) + "\n" + strings.Join(lines, "")
	if got != string(expected) {
		os.WriteFile("go-audit.csv", []byte(got), 0o644)
		return fmt.Errorf("the audit differs from %s (written to go-audit.csv)", expectedPath)
	}
	fmt.Printf("%d teachers from 8 goroutines, %d policy reloads, %d calls retried: the audit "+
		"equals yanxiu audit's\n", len(teachers), swaps, retries.Load())
	return nil
}

// The structured explanation a web page shows (docs/explanation-schema.md), the fields read here.
type explanation struct {
	Schema  string `json:"schema"`
	Teacher struct {
		ID     string `json:"id"`
		Status string `json:"status"`
	} `json:"teacher"`
	Verdicts []struct {
		RuleID string `json:"rule_id"`
		Period struct {
			Label string `json:"label"`
		} `json:"period"`
		Required string `json:"required"` // exact decimal strings, never floats
		Credited string `json:"credited"`
		Status   string `json:"status"`
	} `json:"verdicts"`
}

// explainJSON is one teacher's structured explanation, in lang.
func explainJSON(t *teacher, policy *C.yx_policy, lang string) ([]byte, error) {
	var info C.yx_error_info
	C.yx_error_info_init(&info, C.YX_ERROR_INFO_VERSION)
	defer C.yx_error_info_dispose(&info)
	var audit *C.yx_audit
	if s := C.yx_evaluate_teacher_e(&info, &audit, policy, &t.teacher, &t.records, nil); s != C.YX_OK {
		return nil, failure("yx_evaluate_teacher", s, &info)
	}
	defer C.yx_audit_free(audit)
	clang := C.CString(lang)
	defer C.free(unsafe.Pointer(clang))
	var text C.yx_buf
	if s := C.yx_audit_explain_json_e(&info, &text, audit, *t.teacher.id, clang); s != C.YX_OK {
		return nil, failure("yx_audit_explain_json", s, &info)
	}
	defer C.yx_buf_dispose(&text)
	return C.GoBytes(unsafe.Pointer(text.ptr), C.int(text.size)), nil
}

// checkExplanation reads the structured explanation of the first teacher with a short verdict
// and checks that its verdicts are that teacher's rows as read in bulk.
func checkExplanation(teachers []*teacher, lines []string, policy *C.yx_policy) error {
	for i, line := range lines {
		if !strings.Contains(line, ",short\n") {
			continue
		}
		text, err := explainJSON(teachers[i], policy, "en")
		if err != nil {
			return err
		}
		var e explanation
		if err := json.Unmarshal(text, &e); err != nil {
			return fmt.Errorf("the explanation is not JSON: %v", err)
		}
		rows, _ := csv.NewReader(strings.NewReader(line)).ReadAll()
		if e.Schema != "yanxiu-explanation/1" || e.Teacher.Status != "short" ||
			len(e.Verdicts) != len(rows) {
			return fmt.Errorf("explanation of %s: schema %q, status %q, %d verdicts for %d rows",
				e.Teacher.ID, e.Schema, e.Teacher.Status, len(e.Verdicts), len(rows))
		}
		for r, v := range e.Verdicts {
			row := rows[r]
			if v.RuleID != row[1] || v.Period.Label != row[2] || v.Required != row[5] ||
				v.Credited != row[6] || v.Status != row[8] {
				return fmt.Errorf("explanation of %s, verdict %d: %v, the bulk row: %v",
					e.Teacher.ID, r, v, row)
			}
		}
		fmt.Printf("the explanation of %s: %d verdicts, each equal to its row\n", e.Teacher.ID,
			len(e.Verdicts))
		return nil
	}
	return fmt.Errorf("no teacher with a short verdict to explain")
}

func main() {
	if len(os.Args) != 5 {
		fmt.Fprintln(os.Stderr, "usage: platform POLICY.json TEACHERS.csv RECORDS.csv AUDIT.csv")
		os.Exit(2)
	}
	if err := run(os.Args[1], os.Args[2], os.Args[3], os.Args[4]); err != nil {
		fmt.Fprintln(os.Stderr, "platform:", err)
		os.Exit(1)
	}
}
