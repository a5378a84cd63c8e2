/**
 * Prints the closing lines of the whole test run from the JSON reports vitest and Playwright wrote
 * under reports/ (not test-results/, which Playwright empties at start): each failed or flaky test
 * by file and name with the first lines of its error, then `tests: N passed, N failed, N skipped`.
 * The names come last on purpose: CI keeps only the tail of its output. Exits 1 if any failed or if
 * a report is missing (a run that executed nothing is not a pass).
 */
import { readFileSync } from 'node:fs';

interface Counts {
  passed: number;
  failed: number;
  skipped: number;
  flaky: number;
}

interface Problem {
  kind: 'failed' | 'flaky';
  where: string;
  error: string;
}

/** First `lines` non-empty lines of an error text, ANSI colours removed, each cut to 300 chars. */
function brief(text: string, lines = 4): string {
  // eslint-disable-next-line no-control-regex -- stripping terminal colour codes is the point
  const plain = text.replace(/\u001b\[[0-9;]*m/g, '');
  return plain
    .split('\n')
    .map((l) => l.trimEnd())
    .filter((l) => l.trim() !== '')
    .slice(0, lines)
    .map((l) => `      ${l.slice(0, 300)}`)
    .join('\n');
}

interface VitestReport {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
  testResults: { name: string; message?: string; status: string; assertionResults: { fullName: string; status: string; failureMessages: string[] }[] }[];
}

function vitest(path: string, problems: Problem[]): Counts {
  const r = JSON.parse(readFileSync(path, 'utf8')) as VitestReport;
  for (const file of r.testResults) {
    const rel = file.name.replace(`${process.cwd()}/`, '');
    const failedTests = file.assertionResults.filter((a) => a.status === 'failed');
    for (const a of failedTests) problems.push({ kind: 'failed', where: `${rel} › ${a.fullName}`, error: brief(a.failureMessages.join('\n')) });
    // A file that fails to load has no assertion results, only a message.
    if (file.status === 'failed' && failedTests.length === 0) problems.push({ kind: 'failed', where: rel, error: brief(file.message ?? 'file failed') });
  }
  return { passed: r.numPassedTests, failed: r.numFailedTests, skipped: r.numPendingTests + r.numTodoTests, flaky: 0 };
}

interface PwResult {
  status: string;
  retry: number;
  errors: { message?: string }[];
}
interface PwSuite {
  title: string;
  file?: string;
  specs?: { title: string; file: string; line: number; tests: { status: string; results: PwResult[] }[] }[];
  suites?: PwSuite[];
}
interface PwReport {
  stats: { expected: number; unexpected: number; flaky: number; skipped: number };
  suites: PwSuite[];
  errors: { message?: string }[];
}

function playwright(path: string, problems: Problem[]): Counts {
  const r = JSON.parse(readFileSync(path, 'utf8')) as PwReport;
  const walk = (suite: PwSuite, titles: string[]): void => {
    const here = suite.file === suite.title ? titles : [...titles, suite.title];
    for (const spec of suite.specs ?? []) {
      for (const t of spec.tests) {
        if (t.status !== 'unexpected' && t.status !== 'flaky') continue;
        const bad = t.results.filter((res) => res.status !== 'passed' && res.status !== 'skipped');
        const error = bad.flatMap((res) => res.errors.map((e) => `[try ${res.retry + 1}: ${res.status}] ${e.message ?? ''}`)).join('\n');
        problems.push({ kind: t.status === 'flaky' ? 'flaky' : 'failed', where: `e2e/${spec.file}:${spec.line} › ${[...here, spec.title].join(' › ')}`, error: brief(error, 6) });
      }
    }
    for (const child of suite.suites ?? []) walk(child, here);
  };
  for (const s of r.suites) walk(s, []);
  for (const e of r.errors) problems.push({ kind: 'failed', where: 'e2e (outside any test)', error: brief(e.message ?? '') });
  return { passed: r.stats.expected + r.stats.flaky, failed: r.stats.unexpected, skipped: r.stats.skipped, flaky: r.stats.flaky };
}

const parts: [string, (p: string, problems: Problem[]) => Counts, string][] = [
  ['unit', vitest, 'reports/unit.json'],
  ['e2e', playwright, 'reports/e2e.json'],
];
const total: Counts = { passed: 0, failed: 0, skipped: 0, flaky: 0 };
const lines: string[] = [];
const problems: Problem[] = [];
let missing = false;
for (const [name, read, path] of parts) {
  try {
    const c = read(path, problems);
    lines.push(`${name}: ${c.passed} passed${c.flaky > 0 ? ` (${c.flaky} only on retry)` : ''}, ${c.failed} failed, ${c.skipped} skipped`);
    total.passed += c.passed;
    total.failed += c.failed;
    total.skipped += c.skipped;
    total.flaky += c.flaky;
  } catch (e) {
    lines.push(`${name}: no readable report at ${path} (${e instanceof Error ? e.message.split('\n')[0] : String(e)})`);
    missing = true;
  }
}
for (const p of problems) console.log(`${p.kind === 'flaky' ? 'FLAKY (passed on retry)' : 'FAILED'}: ${p.where}\n${p.error}`);
for (const l of lines) console.log(l);
console.log(`tests: ${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped${total.flaky > 0 ? `, ${total.flaky} flaky` : ''}`);
process.exit(total.failed > 0 || missing || total.passed === 0 ? 1 : 0);
