// A school platform's backend in Java, embedding yanxiu through its C ABI with JNA
// (docs/c-api.md): it loads a policy, evaluates every teacher of a county alone (the call made
// when a teacher saves a record) from 8 threads while another thread reloads the policy, reads
// each audit's rows in bulk, and checks the table against the one `yanxiu audit` wrote.
//
//   java -cp /usr/share/java/jna.jar -Djna.library.path=LIBDIR Platform.java \
//        POLICY.json TEACHERS.csv RECORDS.csv AUDIT.csv
//
// Every call uses the _e form with an error struct of its own: a virtual thread (Java 21) may
// run each native call on another carrier thread, so yx_last_error() would be unreliable.

import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.StringArray;
import com.sun.jna.Structure;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.LongByReference;
import com.sun.jna.ptr.PointerByReference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public class Platform {
  static final int YX_OK = 0, YX_EINVAL = 1, YX_RULE_QUOTA = 0, YX_NO_DAY = Integer.MIN_VALUE;

  // The structs of yanxiu.h, field for field (size_t is long: the library is 64-bit only).
  @Structure.FieldOrder({"version", "code", "message", "file", "line", "path", "detail", "text"})
  public static class ErrorInfo extends Structure {
    public int version, code;
    public Pointer message, file;
    public int line;
    public Pointer path, detail, text;

    String message() {
      return message == null ? "" : message.getString(0, "UTF-8");
    }
  }

  @Structure.FieldOrder({"version", "count", "id", "birth_day", "join_day", "leave_day",
      "attribute_count", "attribute_names", "attribute_values", "leave"})
  public static class TeacherColumns extends Structure {
    public int version;
    public long count;
    public Pointer id, birth_day, join_day, leave_day;
    public long attribute_count;
    public Pointer attribute_names, attribute_values, leave;
  }

  @Structure.FieldOrder({"version", "count", "id", "teacher_id", "start_day", "end_day", "hours",
      "category", "category_id", "status", "activity", "outcome", "outcome_count", "certificate",
      "level", "attended", "assessment", "counts_as", "exempted", "split", "recorded_day"})
  public static class RecordColumns extends Structure {
    public int version;
    public long count;
    public Pointer id, teacher_id, start_day, end_day, hours, category, category_id, status,
        activity, outcome, outcome_count, certificate, level, attended, assessment, counts_as,
        exempted, split, recorded_day;
  }

  @Structure.FieldOrder({"version", "capacity", "teacher_id", "rule_id", "period_label",
      "period_start", "period_end", "required", "credited", "shortfall", "status", "rule_kind"})
  public static class AuditRows extends Structure {
    public int version;
    public long capacity;
    public Pointer teacher_id, rule_id, period_label, period_start, period_end, required,
        credited, shortfall, status, rule_kind;
  }

  @Structure.FieldOrder({"ptr", "size"})
  public static class Buf extends Structure {
    public Pointer ptr;
    public long size;
  }

  public interface Yanxiu extends Library {
    int yx_error_info_init(ErrorInfo error, int version);
    void yx_error_info_dispose(ErrorInfo error);
    int yx_teacher_columns_init(TeacherColumns columns, int version);
    int yx_record_columns_init(RecordColumns columns, int version);
    int yx_audit_rows_init(AuditRows rows, int version);
    int yx_policy_load_e(ErrorInfo error, PointerByReference out, String path);
    int yx_policy_free(Pointer policy);
    int yx_evaluate_teacher_e(ErrorInfo error, PointerByReference out, Pointer policy,
        TeacherColumns teacher, RecordColumns records, Pointer options);
    int yx_audit_read_rows_e(ErrorInfo error, LongByReference count, Pointer audit, long first,
        AuditRows rows);
    int yx_audit_free(Pointer audit);
    int yx_audit_explain_json_e(ErrorInfo error, Buf out, Pointer audit, String teacherId,
        String lang);
    void yx_buf_dispose(Buf buf);
    int yx_day_from_iso(IntByReference out, String iso);
    int yx_day_to_iso(byte[] out, long size, int day);
    String yx_verdict_str(int verdict);
    String yx_status_str(int status);
  }

  static final Yanxiu yx = Native.load("yanxiu", Yanxiu.class);

  static Memory ints(int[] values) {
    Memory m = new Memory(4L * Math.max(values.length, 1));
    m.write(0, values, 0, values.length);
    return m;
  }

  static Memory longs(long[] values) {
    Memory m = new Memory(8L * Math.max(values.length, 1));
    m.write(0, values, 0, values.length);
    return m;
  }

  static StringArray strings(List<String> values) {
    return new StringArray(values.toArray(new String[0]), "UTF-8");
  }

  static Integer day(String text) {
    if (text.isEmpty()) return YX_NO_DAY;
    IntByReference value = new IntByReference();
    return yx.yx_day_from_iso(value, text) == YX_OK ? value.getValue() : null;
  }

  static String isoDay(int day) {
    byte[] text = new byte[16];
    yx.yx_day_to_iso(text, text.length, day);
    return new String(text, 0, 10, StandardCharsets.US_ASCII);
  }

  static long hundredths(String text) {
    String[] parts = text.split("\\.", -1);
    long whole = parts[0].isEmpty() || parts[0].equals("-") ? 0 : Long.parseLong(parts[0]);
    long fraction = parts.length > 1 ? Long.parseLong((parts[1] + "00").substring(0, 2)) : 0;
    return text.startsWith("-") ? whole * 100 - fraction : whole * 100 + fraction;
  }

  static int status(String text) {
    switch (text) {
      case "pending": return 1;
      case "rejected": return 2;
      case "group_certified": return 3;
      default: return 0;
    }
  }

  static String amount(long value, int kind) {
    if (kind != YX_RULE_QUOTA) return Long.toString(value / 100);
    String sign = value < 0 ? "-" : "";
    value = Math.abs(value);
    return String.format("%s%d.%02d", sign, value / 100, value % 100);
  }

  static List<Map<String, String>> readCsv(Path path, List<String> header) throws Exception {
    List<String> lines = Files.readAllLines(path, StandardCharsets.UTF_8);
    header.addAll(List.of(lines.get(0).split(",", -1)));
    List<Map<String, String>> rows = new ArrayList<>();
    for (String line : lines.subList(1, lines.size())) {
      String[] cells = line.split(",", -1);
      Map<String, String> row = new HashMap<>();
      for (int i = 0; i < header.size(); ++i) row.put(header.get(i), cells[i].trim());
      rows.add(row);
    }
    return rows;
  }

  // One teacher and that teacher's records as columns; the Memory they point to is kept here.
  static final class Teacher {
    final TeacherColumns teacher = new TeacherColumns();
    final RecordColumns records = new RecordColumns();
    final List<Object> keep = new ArrayList<>();

    <T> T kept(T memory) {
      keep.add(memory);
      return memory;
    }
  }

  static final Set<String> TEACHER_FIELDS =
      Set.of("id", "birth_date", "join_date", "leave_date", "leave");

  static List<Teacher> county(Path teachersPath, Path recordsPath) throws Exception {
    List<String> teacherHeader = new ArrayList<>(), recordHeader = new ArrayList<>();
    List<Map<String, String>> teacherRows = readCsv(teachersPath, teacherHeader);
    List<Map<String, String>> recordRows = readCsv(recordsPath, recordHeader);
    Map<String, List<Map<String, String>>> byTeacher = new LinkedHashMap<>();
    for (Map<String, String> row : teacherRows) byTeacher.put(row.get("id"), new ArrayList<>());
    for (Map<String, String> row : recordRows) {
      List<Map<String, String>> of = byTeacher.get(row.get("teacher_id"));
      // No such teacher, or a date that is none: never reaches the platform's database.
      if (of != null && day(row.get("date")) != null && day(row.get("end_date")) != null)
        of.add(row);
    }
    List<String> attributes = new ArrayList<>();
    for (String name : teacherHeader) if (!TEACHER_FIELDS.contains(name)) attributes.add(name);

    List<Teacher> teachers = new ArrayList<>();
    for (Map<String, String> row : teacherRows) {
      Teacher t = new Teacher();
      TeacherColumns tc = t.teacher;
      yx.yx_teacher_columns_init(tc, 2);
      tc.count = 1;
      tc.id = t.kept(strings(List.of(row.get("id"))));
      tc.birth_day = t.kept(ints(new int[] {day(row.get("birth_date"))}));
      tc.join_day = t.kept(ints(new int[] {day(row.get("join_date"))}));
      tc.leave_day = t.kept(ints(new int[] {day(row.get("leave_date"))}));
      tc.leave = t.kept(strings(List.of(row.getOrDefault("leave", ""))));
      if (!attributes.isEmpty()) {
        Memory values = t.kept(new Memory(8L * attributes.size()));
        for (int a = 0; a < attributes.size(); ++a)
          values.setPointer(8L * a, t.kept(strings(List.of(row.get(attributes.get(a))))));
        tc.attribute_count = attributes.size();
        tc.attribute_names = t.kept(strings(attributes));
        tc.attribute_values = values;
      }
      List<Map<String, String>> records = byTeacher.get(row.get("id"));
      int n = records.size();
      List<String> ids = new ArrayList<>(), categories = new ArrayList<>(),
          certificates = new ArrayList<>(), outcomes = new ArrayList<>(),
          levels = new ArrayList<>(), activities = new ArrayList<>();
      int[] starts = new int[n], ends = new int[n], statuses = new int[n], counts = new int[n];
      long[] hours = new long[n];
      for (int i = 0; i < n; ++i) {
        Map<String, String> r = records.get(i);
        ids.add(r.get("id"));
        categories.add(r.get("category"));
        certificates.add(r.get("certificate"));
        outcomes.add(r.get("outcome"));
        levels.add(r.get("level"));
        activities.add(r.get("activity"));
        starts[i] = day(r.get("date"));
        ends[i] = day(r.get("end_date"));
        statuses[i] = status(r.get("status"));
        counts[i] = r.get("count").isEmpty() ? 0 : Integer.parseInt(r.get("count"));
        hours[i] = hundredths(r.get("hours"));
      }
      RecordColumns rc = t.records;
      yx.yx_record_columns_init(rc, 3);
      rc.count = n;
      if (n > 0) {
        rc.id = t.kept(strings(ids));
        rc.category_id = t.kept(strings(categories));
        rc.certificate = t.kept(strings(certificates));
        rc.outcome = t.kept(strings(outcomes));
        rc.level = t.kept(strings(levels));
        rc.activity = t.kept(strings(activities));
        rc.start_day = t.kept(ints(starts));
        rc.end_day = t.kept(ints(ends));
        rc.status = t.kept(ints(statuses));
        rc.outcome_count = t.kept(ints(counts));
        rc.hours = t.kept(longs(hours));
      }
      teachers.add(t);
    }
    return teachers;
  }

  static final int CAPACITY = 256;

  // The arrays one thread reads audit rows into.
  static AuditRows rowArrays() {
    AuditRows rows = new AuditRows();
    yx.yx_audit_rows_init(rows, 1);
    rows.capacity = CAPACITY;
    rows.teacher_id = new Memory(8L * CAPACITY);
    rows.rule_id = new Memory(8L * CAPACITY);
    rows.period_label = new Memory(8L * CAPACITY);
    rows.period_start = new Memory(4L * CAPACITY);
    rows.period_end = new Memory(4L * CAPACITY);
    rows.required = new Memory(8L * CAPACITY);
    rows.credited = new Memory(8L * CAPACITY);
    rows.shortfall = new Memory(8L * CAPACITY);
    rows.status = new Memory(4L * CAPACITY);
    rows.rule_kind = new Memory(4L * CAPACITY);
    return rows;
  }

  static String evaluate(Teacher t, AuditRows rows, AtomicReference<Pointer> current,
      AtomicInteger retries) {
    ErrorInfo error = new ErrorInfo();
    yx.yx_error_info_init(error, 1);
    PointerByReference out = new PointerByReference();
    try {
      for (;;) {
        // The policy may be freed by the reloader between this read and the call: the call
        // then says so, and is made again with the policy now current.
        int s = yx.yx_evaluate_teacher_e(error, out, current.get(), t.teacher, t.records, null);
        if (s == YX_OK) break;
        if (s == YX_EINVAL && error.message().contains("was freed")) {
          retries.incrementAndGet();
          continue;
        }
        throw new IllegalStateException("yx_evaluate_teacher: " + error.message());
      }
      Pointer audit = out.getValue();
      StringBuilder text = new StringBuilder();
      try {
        LongByReference read = new LongByReference();
        for (long first = 0;; first += read.getValue()) {
          if (yx.yx_audit_read_rows_e(error, read, audit, first, rows) != YX_OK)
            throw new IllegalStateException("yx_audit_read_rows: " + error.message());
          int n = (int) read.getValue();
          Pointer[] teachers = rows.teacher_id.getPointerArray(0, Math.max(n, 1));
          Pointer[] rules = rows.rule_id.getPointerArray(0, Math.max(n, 1));
          Pointer[] periods = rows.period_label.getPointerArray(0, Math.max(n, 1));
          for (int i = 0; i < n; ++i) {
            int kind = rows.rule_kind.getInt(4L * i);
            text.append(teachers[i].getString(0, "UTF-8")).append(',')
                .append(rules[i].getString(0, "UTF-8")).append(',')
                .append(periods[i].getString(0, "UTF-8")).append(',')
                .append(isoDay(rows.period_start.getInt(4L * i))).append(',')
                .append(isoDay(rows.period_end.getInt(4L * i))).append(',')
                .append(amount(rows.required.getLong(8L * i), kind)).append(',')
                .append(amount(rows.credited.getLong(8L * i), kind)).append(',')
                .append(amount(rows.shortfall.getLong(8L * i), kind)).append(',')
                .append(yx.yx_verdict_str(rows.status.getInt(4L * i))).append('\n');
          }
          if (n < CAPACITY) break;
        }
      } finally {
        yx.yx_audit_free(audit);
      }
      return text.toString();
    } finally {
      yx.yx_error_info_dispose(error);
    }
  }

  // What a web page shows of a teacher's verdicts: the structured explanation in Chinese
  // (docs/explanation-schema.md) of the first teacher with a short verdict. Its first verdict
  // must be that teacher's first row as read in bulk, with the Chinese label of its status.
  static final Map<String, String> STATUS_LABELS = Map.of("met", "已达标", "short", "未达标",
      "exempt", "已豁免", "not_applicable", "不适用", "conflict", "冲突");
  static final Pattern FIRST_VERDICT = Pattern.compile("\"verdicts\": \\[\\{\"rule_id\": \"([^\"]*)\""
      + ".*?\"credited\": \"([^\"]*)\", \"shortfall\": \"([^\"]*)\", \"status\": \"([^\"]*)\", "
      + "\"status_label\": \"([^\"]*)\"");

  static String checkExplanation(List<Teacher> teachers, String[] lines, Pointer policy) {
    for (int i = 0; i < lines.length; ++i) {
      if (!lines[i].contains(",short\n")) continue;
      String[] row = lines[i].substring(0, lines[i].indexOf('\n')).split(",", -1);
      ErrorInfo error = new ErrorInfo();
      yx.yx_error_info_init(error, 1);
      PointerByReference out = new PointerByReference();
      Buf text = new Buf();
      Pointer audit = null;
      try {
        Teacher t = teachers.get(i);
        if (yx.yx_evaluate_teacher_e(error, out, policy, t.teacher, t.records, null) != YX_OK)
          throw new IllegalStateException("yx_evaluate_teacher: " + error.message());
        audit = out.getValue();
        if (yx.yx_audit_explain_json_e(error, text, audit, row[0], "zh-CN") != YX_OK)
          throw new IllegalStateException("yx_audit_explain_json: " + error.message());
        String json = new String(text.ptr.getByteArray(0, (int) text.size), StandardCharsets.UTF_8);
        Matcher verdict = FIRST_VERDICT.matcher(json);
        if (!json.contains("\"lang\": \"zh-CN\"") || !verdict.find()
            || !verdict.group(1).equals(row[1]) || !verdict.group(2).equals(row[6])
            || !verdict.group(4).equals(row[8])
            || !verdict.group(5).equals(STATUS_LABELS.get(row[8])))
          throw new IllegalStateException("the explanation of " + row[0]
              + " differs from its first row " + String.join(",", row) + ": "
              + json.substring(0, Math.min(json.length(), 2000)));
        return "the explanation of " + row[0] + " in Chinese: " + verdict.group(1) + " "
            + verdict.group(2) + " " + verdict.group(5) + ", as its row";
      } finally {
        yx.yx_buf_dispose(text);
        if (audit != null) yx.yx_audit_free(audit);
        yx.yx_error_info_dispose(error);
      }
    }
    throw new IllegalStateException("no teacher with a short verdict to explain");
  }

  public static void main(String[] args) throws Exception {
    if (args.length != 4) {
      System.err.println("usage: Platform POLICY.json TEACHERS.csv RECORDS.csv AUDIT.csv");
      System.exit(2);
    }
    List<Teacher> teachers = county(Path.of(args[1]), Path.of(args[2]));
    ErrorInfo error = new ErrorInfo();
    yx.yx_error_info_init(error, 1);
    PointerByReference loaded = new PointerByReference();
    if (yx.yx_policy_load_e(error, loaded, args[0]) != YX_OK)
      throw new IllegalStateException("yx_policy_load: " + error.message());
    AtomicReference<Pointer> current = new AtomicReference<>(loaded.getValue());

    // The reloader: load the new policy, swap the reference, free the old one (docs/c-api.md,
    // "Reloading a policy"), until the evaluators are done.
    AtomicBoolean done = new AtomicBoolean();
    AtomicInteger swaps = new AtomicInteger(), retries = new AtomicInteger(), next = new AtomicInteger();
    Thread reloader = new Thread(() -> {
      ErrorInfo reloadError = new ErrorInfo();
      yx.yx_error_info_init(reloadError, 1);
      PointerByReference fresh = new PointerByReference();
      while (!done.get()) {
        if (yx.yx_policy_load_e(reloadError, fresh, args[0]) == YX_OK) {
          yx.yx_policy_free(current.getAndSet(fresh.getValue()));
          swaps.incrementAndGet();
        }
        try { Thread.sleep(1); } catch (InterruptedException e) { return; }
      }
      yx.yx_error_info_dispose(reloadError);
    });
    reloader.start();

    String[] lines = new String[teachers.size()];
    List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
    List<Thread> workers = new ArrayList<>();
    for (int w = 0; w < 8; ++w) {
      Thread worker = new Thread(() -> {
        AuditRows rows = rowArrays();
        try {
          for (int i = next.getAndIncrement(); i < teachers.size(); i = next.getAndIncrement())
            lines[i] = evaluate(teachers.get(i), rows, current, retries);
        } catch (Throwable e) {
          failures.add(e);
        }
      });
      worker.start();
      workers.add(worker);
    }
    for (Thread worker : workers) worker.join();
    done.set(true);
    reloader.join();
    String explained = failures.isEmpty() ? checkExplanation(teachers, lines, current.get()) : "";
    yx.yx_policy_free(current.get());
    yx.yx_error_info_dispose(error);
    if (!failures.isEmpty()) throw new IllegalStateException(failures.get(0));

    List<String> expected = new ArrayList<>(Files.readAllLines(Path.of(args[3]), StandardCharsets.UTF_8));
    // yanxiu audit's table starts with its decision record, "# yanxiu-audit/1 ...".
    if (!expected.isEmpty() && expected.get(0).startsWith("#")) expected.remove(0);
    String got = expected.get(0) + "\n" + String.join("", lines);
    String want = String.join("\n", expected) + "\n";
    if (!got.equals(want)) {
      Files.writeString(Path.of("java-audit.csv"), got);
      System.err.println("platform: the audit differs from " + args[3] + " (written to java-audit.csv)");
      System.exit(1);
    }
    System.out.printf("%d teachers from 8 threads, %d policy reloads, %d calls retried: the audit "
        + "equals yanxiu audit's%n%s%n", teachers.size(), swaps.get(), retries.get(), explained);
  }
}
