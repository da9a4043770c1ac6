// The Dali rules in GoRules ZEN (npm @gorules/zen-engine), a general rules engine that judges one
// teacher per call, as a platform would call it teacher by teacher. The policy's rules become one
// decision (a JDM graph: input, one expression node, output) with three expressions per audit
// row: hours credited, hours required, verdict.
//
// ZEN is given what a platform would give it: each teacher's credited items (semester, category,
// hours: the records after conversion, the certificate gate and the conversion caps, prepared
// with the DuckDB peer's SQL, untimed), the semesters served, and the activities taken up for
// the choice rule. Timed: the ZEN calls alone, `threads` at a time, on a sample of teachers.
//
//   node zen_audit.mjs --policy P --teachers T.csv --records R.csv [--sample 2000]
//        [--threads 2] [--out audit.csv]
// prints one JSON object: teachers judged, seconds, teachers per second.

import { writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';
import { ZenEngine } from '@gorules/zen-engine';
import { SERVED, creditPipeline, loadStatements, policyTables, readPolicy } from './duckdb_audit.mjs';

function flags(argv) {
  const out = { threads: '2', sample: '2000' };
  for (let i = 0; i + 1 < argv.length; i += 2) out[argv[i].replace(/^--/, '')] = argv[i + 1];
  for (const name of ['policy', 'teachers', 'records']) {
    if (!out[name]) {
      console.error(`missing --${name}\nusage: node zen_audit.mjs --policy P --teachers T.csv ` +
                    '--records R.csv [--sample 2000] [--threads 2] [--out audit.csv]');
      process.exit(2);
    }
  }
  return out;
}

/// The audit rows of one teacher (rule line x period) and the decision that computes them.
function decisionOf(policy) {
  const { semesters, perYear } = policy;
  const periods = {
    semester: semesters.map((s) => ({ label: s.label, first: s.index, end: s.index + 1 })),
    academic_year: [...new Set(semesters.map((s) => s.year))].map((y) => ({
      label: semesters[y * perYear].label.split('/')[0], first: y * perYear, end: (y + 1) * perYear,
    })),
    cycle: [{ label: 'cycle', first: 0, end: semesters.length }],
  };
  const expressions = [];
  const rows = [];
  const served = new Map();
  const servedOf = (period) => {
    const key = `${period.first}_${period.end}`;
    if (!served.has(key)) {
      served.set(key, `served_${key}`);
      const terms = [];
      for (let s = period.first; s < period.end; ++s) terms.push(`served[${s}]`);
      expressions.push({ key: `served_${key}`, value: terms.join(' + ') });
    }
    return `$.${served.get(key)}`;
  };
  for (const line of policy.lines) {
    for (const period of periods[line.period]) {
      const k = rows.length;
      const srv = servedOf(period);
      const whole = period.end - period.first;
      const categories = line.categories.map((c) => policy.categories.indexOf(c)).join(', ');
      expressions.push(
        { key: `c${k}`, value: `sum(map(filter(items, #.s >= ${period.first} and #.s < ${period.end} and #.c in [${categories}]), #.h))` },
        { key: `r${k}`, value: line.proRate ? `ceil(${line.min} * ${srv} / ${whole})` : `${srv} > 0 ? ${line.min} : 0` },
        { key: `v${k}`, value: `${srv} == 0 ? 'not_applicable' : ($.c${k} >= $.r${k} ? 'met' : 'short')` });
      rows.push({ rule_id: line.id, period: period.label });
    }
  }
  for (const choice of policy.choices) {
    for (const period of periods[choice.period]) {
      const k = rows.length;
      const srv = servedOf(period);
      const taken = choice.options.map((o) => `(some(options, #.a == '${o}' and #.s >= ${period.first} and #.s < ${period.end}) ? 100 : 0)`);
      expressions.push(
        { key: `c${k}`, value: taken.join(' + ') },
        { key: `r${k}`, value: `${srv} > 0 ? 100 : 0` },
        { key: `v${k}`, value: `${srv} == 0 ? 'not_applicable' : ($.c${k} == 0 ? 'short' : ($.c${k} == 100 ? 'met' : 'conflict'))` });
      rows.push({ rule_id: choice.id, period: period.label });
    }
  }
  const content = {
    nodes: [
      { id: 'input', type: 'inputNode', name: 'teacher', position: { x: 0, y: 0 } },
      { id: 'rules', type: 'expressionNode', name: 'rules', position: { x: 200, y: 0 },
        content: { expressions: expressions.map((e, i) => ({ id: `e${i}`, ...e })) } },
      { id: 'output', type: 'outputNode', name: 'verdicts', position: { x: 400, y: 0 } },
    ],
    edges: [
      { id: 'in', sourceId: 'input', targetId: 'rules', type: 'edge' },
      { id: 'out', sourceId: 'rules', targetId: 'output', type: 'edge' },
    ],
  };
  return { content, rows, expressions: expressions.length };
}

/// Every sampled teacher's input to the decision, prepared in DuckDB.
async function teacherInputs(db, policy, sample) {
  await db.run(`CREATE TABLE sample AS SELECT teacher_id, rowid AS teacher FROM teachers
                WHERE rowid % GREATEST(1, (SELECT COUNT(*) FROM teachers) // ${sample}) = 0 LIMIT ${sample}`);
  const options = [...new Set(policy.choices.flatMap((c) => c.options))];
  const inputs = new Map();
  const served = await db.runAndReadAll(
    `SELECT t.teacher_id, list(${SERVED} ORDER BY s.semester) FROM teachers t SEMI JOIN sample USING (teacher_id)
     CROSS JOIN semesters s GROUP BY t.teacher_id`);
  for (const [id, list] of served.getRowsJson()) inputs.set(id, { served: list.map(Number), items: [], options: [] });
  const items = await db.runAndReadAll(
    `WITH ${creditPipeline(policy)} SELECT teacher_id, semester, category, hours::INTEGER FROM credited SEMI JOIN sample USING (teacher_id)`);
  for (const [id, s, c, h] of items.getRowsJson()) inputs.get(id).items.push({ s, c, h });
  if (options.length) {
    const taken = await db.runAndReadAll(
      `WITH ${creditPipeline(policy)} SELECT p.teacher_id, d.semester, p.activity FROM passed p JOIN days d USING (day)
       SEMI JOIN sample USING (teacher_id) WHERE p.activity IN (${options.map((o) => `'${o}'`).join(', ')})`);
    for (const [id, s, a] of taken.getRowsJson()) inputs.get(id).options.push({ s, a });
  }
  const order = (await db.runAndReadAll('SELECT teacher_id FROM sample ORDER BY teacher')).getRows().map(([id]) => id);
  return order.map((id) => [id, inputs.get(id)]);
}

async function main() {
  const args = flags(process.argv.slice(2));
  const policy = readPolicy(args.policy);
  const instance = await DuckDBInstance.create(':memory:', { threads: String(args.threads) });
  const db = await instance.connect();
  for (const statement of [...policyTables(policy), ...loadStatements(policy, args.teachers, args.records)]) {
    await db.run(statement);
  }
  const teachers = await teacherInputs(db, policy, Number(args.sample));

  const { content, rows, expressions } = decisionOf(policy);
  const engine = new ZenEngine();
  const decision = engine.createDecision(content);
  const results = new Array(teachers.length);
  let next = 0;
  const started = performance.now();
  // `threads` calls in flight at a time: ZEN evaluates on its own threads.
  await Promise.all(Array.from({ length: Number(args.threads) }, async () => {
    while (next < teachers.length) {
      const k = next++;
      results[k] = (await decision.evaluate(teachers[k][1])).result;
    }
  }));
  const seconds = (performance.now() - started) / 1000;

  if (args.out) {
    const lines = ['teacher_id,rule_id,period,required_x100,credited_x100,shortfall_x100,status'];
    teachers.forEach(([id], t) => rows.forEach((row, k) => {
      const required = Number(results[t][`r${k}`]);
      const credited = Number(results[t][`c${k}`]);
      const status = results[t][`v${k}`];
      lines.push([id, row.rule_id, row.period, required, credited, status === 'short' ? required - credited : 0, status].join(','));
    }));
    writeFileSync(args.out, `${lines.join('\n')}\n`);
  }
  console.log(JSON.stringify({
    peer: 'zen', threads: Number(args.threads), teachers: teachers.length, expressions,
    compute_seconds: seconds, teachers_per_second: teachers.length / seconds,
  }));
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) await main();
