/**
 * Prints one closing line for the whole test run, `tests: N passed, N failed[, N skipped]`, from
 * the JSON reports vitest and Playwright wrote under reports/ (not test-results/, which Playwright empties at start). Exits 1 if any failed or if a
 * report is missing (a run that executed nothing is not a pass).
 */
import { readFileSync } from 'node:fs';

interface Counts {
  passed: number;
  failed: number;
  skipped: number;
}

function vitestCounts(path: string): Counts {
  const r = JSON.parse(readFileSync(path, 'utf8')) as { numPassedTests: number; numFailedTests: number; numPendingTests: number; numTodoTests: number };
  return { passed: r.numPassedTests, failed: r.numFailedTests, skipped: r.numPendingTests + r.numTodoTests };
}

function playwrightCounts(path: string): Counts {
  const r = JSON.parse(readFileSync(path, 'utf8')) as { stats: { expected: number; unexpected: number; flaky: number; skipped: number } };
  return { passed: r.stats.expected + r.stats.flaky, failed: r.stats.unexpected, skipped: r.stats.skipped };
}

const parts: [string, (p: string) => Counts, string][] = [
  ['unit', vitestCounts, 'reports/unit.json'],
  ['e2e', playwrightCounts, 'reports/e2e.json'],
];
const total: Counts = { passed: 0, failed: 0, skipped: 0 };
let missing = false;
for (const [name, read, path] of parts) {
  try {
    const c = read(path);
    console.log(`${name}: ${c.passed} passed, ${c.failed} failed, ${c.skipped} skipped`);
    total.passed += c.passed;
    total.failed += c.failed;
    total.skipped += c.skipped;
  } catch {
    console.log(`${name}: no report at ${path}`);
    missing = true;
  }
}
console.log(`tests: ${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
process.exit(total.failed > 0 || missing || total.passed === 0 ? 1 : 0);
