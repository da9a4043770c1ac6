// The Dali audit in DuckDB SQL (npm @duckdb/node-api), as an analyst would write it: the policy's
// numbers become small tables and generated column lists, the audit is set-based SQL (joins,
// GROUP BY, one window for the conversion caps), nothing loops over teachers.
//
// Two steps, timed apart, mirroring yanxiu's ledger and evaluate():
//   load:    the CSV files into typed tables (invalid rows dropped; duplicates and records
//            outside the cycle flagged);
//   compute: CREATE TABLE audit AS the audit query (one row per teacher x rule (x part) x period).
// Amounts are BIGINT hundredths; no floating point is used.
//
//   node duckdb_audit.mjs --policy P --teachers T.csv --records R.csv [--threads 2]
//        [--repeat 3] [--out audit.csv]
// prints one JSON object: load and compute seconds, rows and the checksum.
//
//   node duckdb_audit.mjs --policy P --teachers T.csv --records R.csv --end-to-end audit.csv
// times what `yanxiu audit --out audit.csv` does, once, in a fresh database: the load, the audit
// query and the COPY of the table to CSV (unordered, DuckDB's fastest); prints the three times.

import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';

const STATUSES = ['met', 'short', 'exempt', 'not_applicable', 'conflict'];

function flags(argv) {
  const out = { threads: '2', repeat: '3' };
  for (let i = 0; i + 1 < argv.length; i += 2) out[argv[i].replace(/^--/, '')] = argv[i + 1];
  for (const name of ['policy', 'teachers', 'records']) {
    if (!out[name]) {
      console.error(`missing --${name}\nusage: node duckdb_audit.mjs --policy P --teachers T.csv ` +
                    '--records R.csv [--threads 2] [--repeat 3] [--out audit.csv]');
      process.exit(2);
    }
  }
  return out;
}

const hundredths = (hours) => Math.round(Number(hours) * 100);
const quote = (text) => `'${String(text).replaceAll("'", "''")}'`;
const iso = (date) => date.toISOString().slice(0, 10);

/// The parts of the policy the audit needs, for the rule kinds the Dali policy uses.
export function readPolicy(path) {
  const document = JSON.parse(readFileSync(path, 'utf8').replace(/^\uFEFF/, ''));
  const unsupported = (what) => { throw new Error(`duckdb_audit: ${what} is not written here`); };
  const calendar = document.calendar;
  if ((calendar.assign_by ?? 'end') !== 'end') unsupported('assign_by start');
  for (const key of ['caps', 'credit_bank', 'exemptions']) if (document[key]?.length ?? document[key]) unsupported(key);

  const categories = document.categories.map((c) => c.id);
  const groups = {};
  for (const c of document.categories) for (const g of c.groups ?? []) (groups[g] ??= []).push(c.id);
  const expand = (names) => (names ?? categories).flatMap((n) => (n.startsWith('@') ? groups[n.slice(1)] : [n]));

  // Semesters tile each academic year from the first semester's start; a month-day earlier than
  // the one before falls in the next calendar year.
  const start = new Date(`${calendar.cycle.start}T00:00:00Z`);
  const starts = calendar.semesters.map((s) => s.start.split('-').map(Number));
  const semesterStarts = [];
  for (let year = start.getUTCFullYear(); year <= start.getUTCFullYear() + calendar.cycle.years; ++year) {
    let calendarYear = year;
    starts.forEach(([month, day], k) => {
      if (k > 0 && (month < starts[k - 1][0] || (month === starts[k - 1][0] && day < starts[k - 1][1]))) ++calendarYear;
      semesterStarts.push({ year, name: calendar.semesters[k].name, first: new Date(Date.UTC(calendarYear, month - 1, day)) });
    });
  }
  const perYear = starts.length;
  const semesters = semesterStarts.slice(0, -perYear).map((s, k) => ({
    index: k, year: Math.floor(k / perYear), label: `${s.year}-${s.year + 1}/${s.name}`,
    first: iso(s.first), last: iso(new Date(semesterStarts[k + 1].first.getTime() - 86400000)),
  }));

  const lines = [];
  const choices = [];
  for (const rule of document.rules) {
    if ((rule.subject ?? 'teacher') !== 'teacher') continue;  // a group's or a school's duty: `yanxiu subjects`
    for (const key of ['applies_to', 'max', 'carry_over', 'fill_deficits', 'phases']) if (key in rule) unsupported(`rules.${key}`);
    const kind = rule.kind ?? 'quota';
    if (!['semester', 'academic_year', 'cycle'].includes(rule.period)) unsupported(`period ${rule.period}`);
    if (kind === 'choice') { choices.push({ id: rule.id, period: rule.period, options: rule.exactly_one }); continue; }
    if (kind !== 'quota') unsupported(`${kind} rules`);
    const proRate = (rule.pro_rate ?? true) && rule.period !== 'semester';
    lines.push({ id: rule.id, period: rule.period, min: hundredths(rule.min), categories: expand(rule.categories), proRate });
    (rule.parts ?? []).forEach((part, k) => lines.push({
      id: `${rule.id}/${part.id ?? k + 1}`, period: rule.period, min: hundredths(part.min), categories: expand(part.categories), proRate,
    }));
  }
  const rates = [];
  const caps = [];
  (document.conversions ?? []).forEach((conversion, index) => {
    if (conversion.item_cap || conversion.applies_to) unsupported('conversions.item_cap and applies_to');
    const levels = conversion.rates ?? { '': conversion.hours };
    for (const [level, rate] of Object.entries(levels)) {
      const [low, high] = typeof rate === 'object' ? [rate.min, rate.max] : [rate, rate];
      rates.push({ outcome: conversion.outcome, level, conversion: index, category: categories.indexOf(conversion.category), min: hundredths(low), max: hundredths(high) });
    }
    const list = conversion.cap === undefined ? [] : [conversion.cap].flat();
    if (list.length > 1) unsupported('several caps of one conversion');
    for (const cap of list) caps.push({ conversion: index, per: cap.per, limit: hundredths(cap.hours) });
  });
  const gated = (document.gates ?? []).flatMap((gate) => {
    if (gate.kind !== 'certificate') unsupported(`${gate.kind} gates`);
    return expand(gate.categories).map((c) => categories.indexOf(c));
  });
  const credited = document.certification?.credited ?? ['certified'];
  return { categories, semesters, perYear, lines, choices, rates, caps, gated, credited };
}

const values = (rows) => rows.map((row) => `(${row.join(', ')})`).join(',\n  ');

/// The policy as tables: categories, semesters, the days of the cycle, conversion rates and caps.
export function policyTables(policy) {
  const { semesters } = policy;
  const years = [...new Set(semesters.map((s) => s.year))].map((y) => {
    const own = semesters.filter((s) => s.year === y);
    return [y, quote(own[0].label.split('/')[0])];
  });
  return [
    `CREATE TABLE categories AS SELECT * FROM (VALUES ${values(policy.categories.map((c, k) => [quote(c), k]))}) t(id, idx)`,
    `CREATE TABLE semesters AS SELECT semester, year, label, first_day::DATE AS first_day, last_day::DATE AS last_day
       FROM (VALUES ${values(semesters.map((s) => [s.index, s.year, quote(s.label), quote(s.first), quote(s.last)]))})
       t(semester, year, label, first_day, last_day)`,
    `CREATE TABLE years AS SELECT * FROM (VALUES ${values(years)}) t(year, label)`,
    `CREATE TABLE days AS SELECT d.day::DATE AS day, s.semester, s.year
       FROM generate_series(DATE ${quote(semesters[0].first)}, DATE ${quote(semesters.at(-1).last)}, INTERVAL 1 DAY) d(day)
       JOIN semesters s ON d.day BETWEEN s.first_day AND s.last_day`,
    `CREATE TABLE rates (outcome VARCHAR, level VARCHAR, conversion INTEGER, category INTEGER, rate_min BIGINT, rate_max BIGINT)`,
    ...policy.rates.map((r) => `INSERT INTO rates VALUES (${quote(r.outcome)}, ${quote(r.level)}, ${r.conversion}, ${r.category}, ${r.min}, ${r.max})`),
    `CREATE TABLE caps (conversion INTEGER, per VARCHAR, cap BIGINT)`,
    ...policy.caps.map((c) => `INSERT INTO caps VALUES (${c.conversion}, ${quote(c.per)}, ${c.limit})`),
  ];
}

/// The CSV files into typed tables, checked as yanxiu's ledger checks them.
export function loadStatements(policy, teachersCsv, recordsCsv) {
  const statuses = values([['NULL', quote('certified')], ...['certified', 'group_certified', 'pending', 'rejected'].map((s) => [quote(s), quote(s)])]);
  return [
    `CREATE TABLE teachers AS SELECT id AS teacher_id, TRY_CAST(join_date AS DATE) AS join_day, TRY_CAST(leave_date AS DATE) AS leave_day
       FROM read_csv(${quote(teachersCsv)}, header = true, all_varchar = true)`,
    // The reader types dates, hours and counts; a row it cannot read is left out, as yanxiu
    // rejects it (a day that does not exist, hours that are not a number).
    `CREATE TABLE raw AS SELECT * FROM read_csv(${quote(recordsCsv)}, header = true, all_varchar = true,
       types = {'date': 'DATE', 'end_date': 'DATE', 'hours': 'DECIMAL(18, 3)', 'count': 'INTEGER'}, ignore_errors = true)`,
    `CREATE TABLE checked AS
     WITH typed AS (
       SELECT r.rowid AS row_no, r.id, r.teacher_id, r.certificate, r.activity, r.outcome, r.level,
              r.date AS start_day, COALESCE(r.end_date, r.date) AS end_day,
              CASE WHEN r.hours IS NULL AND (r.activity IS NOT NULL OR r.outcome IS NOT NULL) THEN 0::DECIMAL(18, 3)
                   ELSE r.hours END AS hours,
              COALESCE(r.count, 1) AS count,
              c.idx AS category, s.status
       FROM raw r
       LEFT JOIN categories c ON c.id = r.category
       LEFT JOIN (VALUES ${statuses}) s(text, status) ON s.text IS NOT DISTINCT FROM r.status)
     SELECT t.row_no, t.id, t.teacher_id, t.end_day AS day, CAST(t.hours * 100 AS BIGINT) AS hours, t.category, t.status,
              t.certificate, t.activity, GREATEST(t.count, 1) AS count,
              k.conversion, k.category AS converted_category, k.rate_min * GREATEST(t.count, 1) AS rate_min, k.rate_max * GREATEST(t.count, 1) AS rate_max
       FROM typed t
       SEMI JOIN teachers USING (teacher_id)
       LEFT JOIN rates k ON k.outcome = t.outcome AND k.level = COALESCE(t.level, '')
       WHERE t.id IS NOT NULL AND t.start_day BETWEEN DATE '1900-01-01' AND DATE '2200-12-31'
         AND t.end_day BETWEEN t.start_day AND DATE '2200-12-31'
         AND t.hours IS NOT NULL AND t.hours = ROUND(t.hours, 2) AND t.hours BETWEEN 0 AND 10000
         AND t.category IS NOT NULL AND t.status IS NOT NULL AND t.count IS NOT NULL AND t.count >= 0
         AND (t.outcome IS NOT NULL OR t.level IS NULL)
         -- an outcome must be one the policy converts, at a level it rates, within the rate
         AND (t.outcome IS NULL OR (k.conversion IS NOT NULL AND CASE
               WHEN k.rate_min = k.rate_max THEN t.hours * 100 IN (0, k.rate_min * GREATEST(t.count, 1))
               ELSE t.hours * 100 BETWEEN k.rate_min * GREATEST(t.count, 1) AND k.rate_max * GREATEST(t.count, 1) END))`,
    'DROP TABLE raw',
    `CREATE TABLE records AS
     -- of the rows sharing an id, the first read counts (the window over the narrow key only)
     WITH duplicates AS (
       SELECT row_no FROM (SELECT row_no, row_number() OVER (PARTITION BY id ORDER BY row_no) AS seen FROM checked)
       WHERE seen > 1)
     SELECT c.* EXCLUDE (id), d.row_no IS NOT NULL AS duplicate,
            c.day NOT BETWEEN (SELECT MIN(first_day) FROM semesters) AND (SELECT MAX(last_day) FROM semesters) AS outside
     FROM checked c LEFT JOIN duplicates d USING (row_no)`,
    'DROP TABLE checked',
  ];
}

/// Whether teacher t served semester s: employed on at least half of its days.
export const SERVED = `CASE WHEN 2 * GREATEST(0, LEAST(s.last_day, COALESCE(t.leave_day, s.last_day))
                                   - GREATEST(s.first_day, COALESCE(t.join_day, s.first_day)) + 1)
                     >= s.last_day - s.first_day + 1 THEN 1 ELSE 0 END`;

/// The credit pipeline as common table expressions over `records`: `passed` (eligible records
/// converted and through the gates) and `credited` (teacher, semester, category, hours after the
/// conversion caps).
export function creditPipeline(policy) {
  return `eligible AS (
    SELECT * FROM records
    WHERE NOT duplicate AND NOT outside AND status IN (${policy.credited.map(quote).join(', ')})),
  items AS (
    SELECT row_no, teacher_id, day, activity, certificate, conversion,
           CASE WHEN conversion IS NULL THEN category ELSE converted_category END AS category,
           CASE WHEN conversion IS NULL THEN hours ELSE LEAST(GREATEST(hours, rate_min), rate_max) END AS hours
    FROM eligible),
  passed AS (  -- the gates: hours of these categories need a certificate
    SELECT * FROM items
    WHERE NOT (category IN (${policy.gated.join(', ') || 'NULL'}) AND hours > 0 AND certificate IS NULL)),
  converted AS (  -- conversion caps credit the earliest records first: min(cap, S_k) - min(cap, S_k-1)
    SELECT teacher_id, semester, category,
           CASE WHEN cap IS NULL THEN hours ELSE LEAST(cap, running) - LEAST(cap, running - hours) END AS hours
    FROM (SELECT p.teacher_id, d.semester, p.category, p.hours, k.cap,
                 SUM(p.hours) OVER (PARTITION BY p.teacher_id, p.conversion,
                                    CASE k.per WHEN 'semester' THEN d.semester WHEN 'academic_year' THEN d.year ELSE 0 END
                                    ORDER BY p.day, p.row_no ROWS UNBOUNDED PRECEDING) AS running
          FROM passed p JOIN days d USING (day) LEFT JOIN caps k USING (conversion)
          WHERE p.conversion IS NOT NULL)),
  credited AS (
    SELECT p.teacher_id, d.semester, p.category, p.hours FROM passed p JOIN days d USING (day) WHERE p.conversion IS NULL
    UNION ALL SELECT * FROM converted)`;
}

/// The audit query: verdict rows of every rule line and choice, into the table `audit`.
export function computeStatement(policy) {
  const column = (k) => `c${k}`;
  const categoryColumns = policy.categories.map((_, k) => column(k));
  const sumOf = (categories) => categories.map((c) => column(policy.categories.indexOf(c))).join(' + ') || '0';
  const frames = { semester: 'grid', academic_year: 'year_grid', cycle: 'cycle_grid' };
  const labels = {
    semester: 'JOIN semesters p USING (semester)', academic_year: 'JOIN years p USING (year)', cycle: "JOIN (SELECT 'cycle' AS label) p ON true",
  };
  const whole = { semester: 1, academic_year: policy.perYear, cycle: policy.semesters.length };
  const periodOf = { semester: 'd.semester', academic_year: 'd.year', cycle: '0' };
  const periodKey = { semester: 'semester', academic_year: 'year', cycle: '0' };

  const quotaRows = policy.lines.map((line) => {
    const required = line.proRate ? `(${line.min} * f.served + ${whole[line.period] - 1}) // ${whole[line.period]}`
                                  : `CASE WHEN f.served > 0 THEN ${line.min} ELSE 0 END`;
    return `SELECT f.teacher_id, ${quote(line.id)} AS rule_id, p.label AS period, f.served, ${required} AS required,
                   ${sumOf(line.categories).replaceAll(/c(\d+)/g, 'f.c$1')} AS credited, false AS choice
            FROM ${frames[line.period]} f ${labels[line.period]}`;
  });
  const choiceRows = policy.choices.map((choice) => `
            SELECT f.teacher_id, ${quote(choice.id)} AS rule_id, p.label AS period, f.served,
                   CASE WHEN f.served > 0 THEN 100 ELSE 0 END AS required, 100 * COALESCE(t.options, 0) AS credited, true AS choice
            FROM ${frames[choice.period]} f ${labels[choice.period]}
            LEFT JOIN (SELECT teacher_id, ${periodOf[choice.period]} AS period_key, COUNT(DISTINCT activity) AS options
                       FROM passed JOIN days d USING (day)
                       WHERE activity IN (${choice.options.map(quote).join(', ')}) GROUP BY ALL) t
              ON t.teacher_id = f.teacher_id AND t.period_key = ${periodKey[choice.period].replace(/^(?!0)/, 'f.')}`);

  const sums = categoryColumns.map((c, k) => `SUM(hours) FILTER (WHERE category = ${k}) AS ${c}`).join(', ');
  const summed = ['served', ...categoryColumns].map((c) => `SUM(${c})::BIGINT AS ${c}`).join(', ');
  return `CREATE TABLE audit AS
  WITH ${creditPipeline(policy)},
  sums AS (SELECT teacher_id, semester, ${sums} FROM credited GROUP BY ALL),
  grid AS (  -- every teacher x semester: served (employed at least half its days) and hours
    SELECT t.teacher_id, s.semester, s.year,
           ${SERVED} AS served,
           ${categoryColumns.map((c) => `COALESCE(u.${c}, 0)::BIGINT AS ${c}`).join(', ')}
    FROM teachers t CROSS JOIN semesters s LEFT JOIN sums u ON u.teacher_id = t.teacher_id AND u.semester = s.semester),
  year_grid AS (SELECT teacher_id, year, ${summed} FROM grid GROUP BY ALL),
  cycle_grid AS (SELECT teacher_id, ${summed} FROM grid GROUP BY ALL),
  verdicts AS (
    ${[...quotaRows, ...choiceRows].join('\n    UNION ALL\n    ')})
  SELECT teacher_id, rule_id, period, required AS required_x100, credited AS credited_x100,
         CASE WHEN status = 'short' THEN required - credited ELSE 0 END AS shortfall_x100, status
  FROM (SELECT *, CASE WHEN served = 0 THEN 'not_applicable'
                       WHEN choice AND credited > 100 THEN 'conflict'
                       WHEN (choice AND credited = 100) OR (NOT choice AND credited >= required) THEN 'met'
                       ELSE 'short' END AS status
        FROM verdicts)`;
}

/// CSV files to an audit CSV, as a user runs it: load + query + COPY, each timed.
async function endToEnd(db, policy, args) {
  const seconds = async (statements) => {
    const started = performance.now();
    for (const statement of statements) await db.run(statement);
    return (performance.now() - started) / 1000;
  };
  const load = await seconds(loadStatements(policy, args.teachers, args.records));
  const compute = await seconds([computeStatement(policy)]);
  const copy = await seconds([`COPY audit TO ${quote(args['end-to-end'])} (HEADER, DELIMITER ',')`]);
  const rows = (await db.runAndReadAll('SELECT COUNT(*)::VARCHAR FROM audit')).getRows()[0][0];
  console.log(JSON.stringify({
    peer: 'duckdb-cli', threads: Number(args.threads), load_seconds: load, compute_seconds: compute,
    copy_seconds: copy, end_to_end_seconds: load + compute + copy, rows: Number(rows),
  }));
}

async function main() {
  const args = flags(process.argv.slice(2));
  const policy = readPolicy(args.policy);
  const instance = await DuckDBInstance.create(':memory:', { threads: String(args.threads) });
  const db = await instance.connect();
  for (const statement of policyTables(policy)) await db.run(statement);
  if (args['end-to-end']) return endToEnd(db, policy, args);

  let started = performance.now();
  for (const statement of loadStatements(policy, args.teachers, args.records)) await db.run(statement);
  const loadSeconds = (performance.now() - started) / 1000;

  const query = computeStatement(policy);
  let computeSeconds = Infinity;
  for (let run = 0; run < Math.max(1, Number(args.repeat)); ++run) {
    await db.run('DROP TABLE IF EXISTS audit');
    started = performance.now();
    await db.run(query);
    computeSeconds = Math.min(computeSeconds, (performance.now() - started) / 1000);
  }

  const checksum = Object.fromEntries(STATUSES.map((s) => [s, [0, 0, 0, 0]]));
  const reader = await db.runAndReadAll(
    `SELECT status, COUNT(*)::VARCHAR, SUM(required_x100)::VARCHAR, SUM(credited_x100)::VARCHAR,
            SUM(shortfall_x100)::VARCHAR FROM audit GROUP BY status`);
  for (const [status, ...sums] of reader.getRows()) checksum[status] = sums.map(Number);
  const counts = (await db.runAndReadAll(
    'SELECT (SELECT COUNT(*) FROM audit)::VARCHAR, (SELECT COUNT(*) FROM records)::VARCHAR')).getRows()[0];
  if (args.out) {
    await db.run(`COPY (SELECT * FROM audit ORDER BY teacher_id, rule_id, period) TO ${quote(args.out)} (HEADER, DELIMITER ',')`);
  }
  console.log(JSON.stringify({
    peer: 'duckdb', threads: Number(args.threads), load_seconds: loadSeconds, compute_seconds: computeSeconds,
    rows: Number(counts[0]), records: Number(counts[1]), checksum,
  }));
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) await main();
