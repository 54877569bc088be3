import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { loadProgram } from '../../compiler/pipeline/program.ts';
import { printModule } from '../../compiler/ir/print.ts';
import { wellFormedProblems } from '../ir/well-formed.ts';
import { createHost } from '../../runtime/host/index.ts';
import { interpretCall } from '../../runtime/interp/index.ts';

const DIR = join(import.meta.dirname, 'fixtures', 'marketplace');

describe('a multi-file program on disk (directory tree, .fld types, imports, use, domain)', () => {
  const p = loadProgram([DIR]);
  const rel = (f: string) => f.slice(f.indexOf('marketplace/'));
  const shown = p.diagnostics.map((d) => `${rel(d.file)}:${d.line}:${d.column}: ${d.severity} ${d.code}`);

  it('collects .fl, .fld and .flj files in path order and reports phase timings', () => {
    expect(p.files.map((f) => rel(f.path))).toEqual([
      'marketplace/circuits/bulk_import.fl',
      'marketplace/circuits/ghosts.fl',
      'marketplace/circuits/licences.fl',
      'marketplace/circuits/listings.fl',
      'marketplace/domain.fl',
      'marketplace/journeys/buy.flj',
      'marketplace/legacy/old_journey.flj',
      'marketplace/types/market_types.fld',
      'marketplace/types/shared.fl',
    ]);
    expect(Object.keys(p.timings)).toEqual(['read', 'parse', 'check']);
  });

  it('reports every problem of the messy files with file:line:col, as §10 says', () => {
    expect(shown).toEqual([
      'marketplace/circuits/ghosts.fl:6:9: error FL302',
      'marketplace/circuits/listings.fl:15:9: warning FL303',
      'marketplace/circuits/ghosts.fl:2:8: warning FL305',
      'marketplace/circuits/ghosts.fl:3:1: warning FL306',
      'marketplace/circuits/bulk_import.fl:25:27: warning FL309',
      'marketplace/circuits/licences.fl:5:8: note FL315',
      'marketplace/circuits/licences.fl:6:8: note FL315',
      'marketplace/circuits/licences.fl:7:8: warning FL319',
      'marketplace/circuits/ghosts.fl:10:29: error FL310',
      'marketplace/circuits/ghosts.fl:12:30: error FL312',
      'marketplace/circuits/ghosts.fl:14:44: error FL403',
      'marketplace/circuits/ghosts.fl:17:31: error FL404',
      'marketplace/circuits/ghosts.fl:17:13: warning FL405',
      'marketplace/circuits/ghosts.fl:22:13: warning FL405',
      'marketplace/circuits/ghosts.fl:26:33: error FL414',
      'marketplace/circuits/licences.fl:70:11: warning FL407',
      'marketplace/circuits/licences.fl:21:47: warning FL603',
      'marketplace/journeys/buy.flj:21:13: warning FL313',
      'marketplace/legacy/old_journey.flj:8:30: warning FL313',
    ]);
  });

  it('compiles every circuit without errors and isolates exactly the broken ones', () => {
    const circuits = p.ir.funcs.filter((f) => f.kind === 'circuit');
    const broken = circuits.filter((f) => f.notCompiled).map((f) => f.name);
    expect(broken).toEqual(['dup_one@ghosts', 'bad_name', 'bad_arity', 'bad_mix', 'bad_field', 'too_big']);
    expect(circuits.length).toBe(32);
    expect(wellFormedProblems(p.ir)).toEqual([]);
  });

  it('runs circuits that use types from .fld files, domain modules and imports', () => {
    const run = (name: string, args: unknown[]) => interpretCall(p.ir, name, args as never, { host: createHost(), fuel: 100_000 });
    expect(run('fee', [10000n])).toBe(250n);
    expect(run('tier_discount', [3n])).toBe(25n);
    expect(run('totals', [[1n, 2n]])).toEqual([1n, 2n, 0n]);
    expect(run('round_trip', [[1n, new Uint8Array(32), new Uint8Array(32), 2n, 9n]])).toBe(true);
    const host = createHost();
    const id = interpretCall(p.ir, 'publish', [new Uint8Array(32), 'toy', 1500n, 1n], { host, fuel: 100_000 });
    expect(interpretCall(p.ir, 'price_of', [id], { host, fuel: 100_000 })).toBe(1500n);
    // A caller of an isolated circuit compiles; the call traps not_compiled at run time.
    expect(() => run('calls_bad', [])).toThrow(/bad_name was not compiled/);
  });

  it('is deterministic: the same sources give the same printed IR', () => {
    const again = loadProgram([DIR]);
    expect(printModule(again.ir)).toBe(printModule(p.ir));
  });
});
