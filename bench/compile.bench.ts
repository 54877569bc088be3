/**
 * Compile throughput of the whole pipeline (`estream compile`), in source lines per second,
 * every figure measured in this run against the front end alone as baseline:
 *   front end only (parse, resolve, check, lower to IR)
 *   front end + back end at -O0 (IR → validated wasm, no binaryen optimiser)
 *   front end + back end at -O2
 *   an unchanged program (content-hash cache hit: no front end, no binaryen)
 * over a generated program that looks like real code: several files sharing `.fld` types,
 * circuits with loops, matches, options, struct updates, hashing and requires.
 * Run: npx tsx bench/compile.bench.ts [circuits=48]
 */
import b from 'benny';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compileProgram, type ProgramInput } from '../compiler/pipeline/compile.ts';
import { compileSources } from '../compiler/pipeline/program.ts';
import { loadBinaryen } from '../compiler/wasm/index.ts';

const CIRCUITS = Number(process.argv[2] ?? 48);
const PER_FILE = 6;

function typesFile(): string {
  return `// shared record types
type Tier = enum u8 { Free = 0, Basic = 1, Pro = 2, Enterprise = 3, }
type Usage = struct { units: u32, rate_micros: u64, discount_bps: u16, at_ms: u64, }
type Account = struct { id: bytes(32), owner: bytes(32), tier: Tier, balance: u64, frozen: bool, }
type Invoice = struct { account: bytes(32), total: u64, lines: u32, digest: bytes(32), }
`;
}

function circuit(i: number): string {
  switch (i % 4) {
    case 0:
      return `/// Bills a batch of usage records for an account (${i}).
circuit bill_${i}(acct: Account, usage: list<Usage>, cap: u64) -> Invoice
    @lex bench/billing
    @attested true
{
    require !acct.frozen, "account is frozen"
    let total: u64 = 0
    let lines: u32 = 0
    for u in usage {
        let gross = (u.units as u64) * u.rate_micros
        let off = gross * (u.discount_bps as u64) / 10000
        total = total + gross - off
        lines = lines + 1
        if total > cap { break }
    }
    let digest = sha3_256(concat(acct.id, total, lines))
    Invoice { account: acct.id, total: total, lines: lines, digest: digest }
}
`;
    case 1:
      return `circuit limit_${i}(t: Tier, requested: u64) -> u64 {
    let ceiling = match t {
        Tier::Free => 1000,
        Tier::Basic => 50000,
        Tier::Pro => 1000000,
        _ => 100000000,
    }
    if requested > ceiling { ceiling } else { requested }
}
`;
    case 2:
      return `circuit find_${i}(accounts: list<Account>, owner: bytes(32)) -> option<Account> {
    let i: u64 = 0
    while i < len(accounts) {
        let a = accounts[i]
        if a.owner == owner && !a.frozen { return some(a) }
        i = i + 1
    }
    none
}
`;
    default:
      return `circuit credit_${i}(acct: Account, amount: u64, note: string) -> Account {
    require amount > 0, "nothing to credit"
    let tag: bytes(16) = note
    let upgraded = if acct.balance + amount > 1000000 { Tier::Pro } else { acct.tier }
    let stamp = sha3_256(concat(acct.id, tag, amount))
    require stamp != bytes(32), "impossible"
    Account { balance: acct.balance + amount, tier: upgraded, ..acct }
}
`;
  }
}

function generate(n: number): { path: string; text: string }[] {
  const files = [{ path: 'bench/types.fld', text: typesFile() }];
  for (let f = 0; f * PER_FILE < n; f++) {
    const body = Array.from({ length: Math.min(PER_FILE, n - f * PER_FILE) }, (_, k) => circuit(f * PER_FILE + k)).join('\n');
    files.push({ path: `bench/part${String(f).padStart(3, '0')}.fl`, text: `/// govern lex bench/billing\n${body}` });
  }
  return files;
}

const sources = generate(CIRCUITS);
const lines = sources.reduce((n, s) => n + s.text.split('\n').length, 0);
const input: ProgramInput = { root: 'bench', files: sources.map((s) => s.path) };
const texts = new Map(sources.map((s) => [s.path, s.text]));

// The program must compile cleanly, or the figures would measure error paths.
const check = compileSources(sources);
const errors = check.diagnostics.filter((d) => d.severity === 'error');
if (errors.length > 0) throw new Error(`generated program has errors: ${errors.slice(0, 3).map((d) => `${d.file}:${d.line}: ${d.message}`).join('; ')}`);
await loadBinaryen(); // its one-off import is not part of a compilation
const cacheDir = mkdtempSync(join(tmpdir(), 'estream-bench-cache-'));
const warm = await compileProgram(input, { optLevel: 2, cacheDir, texts });
if (!warm.compiled || warm.errors > 0) throw new Error('generated program did not compile');
const refused = warm.compiled.meta.funcs.filter((f) => !f.compiled).length;
if (refused > 0) throw new Error(`${refused} functions were refused by the back end`);

const ops: Record<string, number> = {};
const slow = { minSamples: 5, maxTime: 8 };
await b.suite(
  `compile ${CIRCUITS} circuits (${lines} lines, ${sources.length} files)`,
  b.add('front end only', () => compileSources(sources), slow),
  b.add('front end + back end -O0', () => compileProgram(input, { optLevel: 0, cacheDir: null, texts }), slow),
  b.add('front end + back end -O2', () => compileProgram(input, { optLevel: 2, cacheDir: null, texts }), slow),
  b.add('unchanged program (cache hit)', () => compileProgram(input, { optLevel: 2, cacheDir, texts }), slow),
  b.cycle((r: { name: string; ops: number }) => {
    ops[r.name] = r.ops;
  }),
  b.complete(() => undefined),
);
rmSync(cacheDir, { recursive: true, force: true });

const front = ops['front end only']!;
const o0 = ops['front end + back end -O0']!;
const o2 = ops['front end + back end -O2']!;
const hit = ops['unchanged program (cache hit)']!;
const lps = (n: number) => `${Math.round(n * lines).toLocaleString('en-US')} lines/s`;
console.log('\n── compile throughput (same run) ──');
for (const [name, n] of Object.entries(ops)) console.log(`  ${name.padEnd(32)} ${(1000 / n).toFixed(1).padStart(8)} ms per compilation`);
console.log(`front end only:          ${lps(front)} (baseline)`);
console.log(`full pipeline at -O0:    ${lps(o0)} = ${(o0 / front).toFixed(2)}× the front end's throughput`);
console.log(`full pipeline at -O2:    ${lps(o2)} = ${(o2 / front).toFixed(2)}× the front end's throughput, ${(o2 / o0).toFixed(2)}× -O0's`);
console.log(`unchanged (cache hit):   ${lps(hit)} = ${(hit / o2).toFixed(1)}× a -O2 recompilation`);
