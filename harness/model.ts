/**
 * The result model of `estream test`: what a discovered test is, and what running it gave.
 * Reporters (text, JSON) read only these shapes; the runner never prints.
 * specs/testing.md §Output documents the JSON form.
 */

/**
 * Kinds of test the runner reports.
 * - golden / property / fuzz: `test golden|property|fuzz` blocks (LANGUAGE.md §5.16, §8.8)
 * - inline: a header `test …` clause attached to a circuit (§8.8.5)
 * - snapshot: a `/// test golden` (or `golden_test`) circuit compared with its golden file (§8.8.4)
 * - verify: a `state_machine … verify CLAIM` checked on the transition graph (§8.9.4)
 * - journey: one step of a `.flj` journey (§8.10); the setup of an older journey is a step too
 * - program: a program that could not be compiled at all (no test of it could run)
 */
/** `escir` and `test_vector` are ESCIR file tests (ESCIR.md §6); the rest are FastLang's. */
export type TestKind = 'golden' | 'property' | 'fuzz' | 'inline' | 'snapshot' | 'verify' | 'journey' | 'program' | 'escir' | 'test_vector';

export type TestStatus = 'passed' | 'failed' | 'skipped';

/** Where a test is declared, as the user sees it (display path, 1-based line). */
export interface TestSite {
  file: string;
  line: number;
  column: number;
}

/** One test result, in the order tests were discovered. */
export interface TestResult {
  name: string;
  kind: TestKind;
  file: string;
  line: number;
  status: TestStatus;
  durationMs: number;
  /** One-line summary: the failure reason, the skip reason, or a short note on a pass. */
  message: string;
  /** Multi-line failure detail (code frames, values, call stack) for the text reporter. */
  detail?: string;
  /** Lines printed under a passing test too (journey metrics, golden file written, …). */
  notes?: string[];
}

/** What one `estream test` run produced. */
export interface RunSummary {
  tests: TestResult[];
  passed: number;
  failed: number;
  skipped: number;
  /** Program-level notes (interpreter fallback, load failures), printed before the summary line. */
  notices: string[];
}

export function summarize(tests: TestResult[], notices: string[] = []): RunSummary {
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  for (const t of tests) {
    if (t.status === 'passed') passed++;
    else if (t.status === 'failed') failed++;
    else skipped++;
  }
  return { tests, passed, failed, skipped, notices };
}

/** Options of a test run, as the CLI passes them on. */
export interface RunOptions {
  /** Substring or /regex/ matched against `name` (and the file path). */
  filter?: string;
  /** Stop after the first failed test; the rest are reported as skipped. */
  bail?: boolean;
  /** Fixed seed for every property and fuzz test (else derived from the test name). */
  seed?: number;
  /** Iterations of property and fuzz tests (else 100 and 1000, LANGUAGE.md §8.8). */
  runs?: number;
  /** Time budget per fuzz test in milliseconds (stops early, never fails because of it). */
  fuzzTimeMs?: number;
  /** Write missing or different golden files instead of failing (§8.8.4). */
  updateGolden?: boolean;
  /** Compile with integer overflow checks (§8.1). */
  overflowChecks?: boolean;
  /** Worker threads to use (0 or 1 = run in this thread). */
  workers?: number;
  /** Force the reference interpreter instead of compiling to WebAssembly. */
  engine?: 'wasm' | 'interpreter';
}
