import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compile } from '../../check/helpers.ts';

/** Every .fl file of the checker's own fixtures, as mutation seeds. */
function seeds(): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const n of readdirSync(d).sort()) {
      const p = join(d, n);
      if (statSync(p).isDirectory()) walk(p);
      else if (n.endsWith('.fl')) out.push(readFileSync(p, 'utf8'));
    }
  };
  walk(join(import.meta.dirname, '..', '..', 'check', 'fixtures'));
  return out;
}

const VOCAB = ['nil', '0', '255', '-1', '0xFF', '"s"', 'x', 'u8', 'bytes(4)', '(', ')', '{', '}', '[', ']', ',', '+', '==', '??', 'as', 'if', 'else', 'match', '=>', '_', 'let', 'for', 'in', '..', 'return', 'some(1)', '.', 'len', 'fold', '|a, b|', 'list<u8>', 'Tier::Pro', 'emit', 'true'];

describe('the checker never crashes (property)', () => {
  const corpus = seeds();

  it('mutated real-looking sources give diagnostics with valid positions, never an internal error', () => {
    fc.assert(
      fc.property(
        fc.nat(corpus.length - 1),
        fc.array(fc.tuple(fc.nat(), fc.constantFrom('delete', 'insert', 'swap'), fc.constantFrom(...VOCAB)), { minLength: 1, maxLength: 4 }),
        (seed, edits) => {
          const tokens = corpus[seed]!.split(/(\s+)/);
          for (const [at, op, word] of edits) {
            const i = at % Math.max(1, tokens.length);
            if (op === 'delete') tokens.splice(i, 1);
            else if (op === 'insert') tokens.splice(i, 0, ' ', word, ' ');
            else tokens[i] = word;
          }
          const text = tokens.join('');
          const p = compile(text);
          const lines = text.split('\n').length;
          for (const d of p.diagnostics) {
            expect(d.code).not.toBe('FL502');
            expect(d.line).toBeGreaterThanOrEqual(1);
            expect(d.line).toBeLessThanOrEqual(lines);
            expect(d.column).toBeGreaterThanOrEqual(1);
          }
          // Every declared circuit is present in the IR, compiled or isolated.
          for (const f of p.ir.funcs) if (f.notCompiled) expect(f.body[0]).toMatchObject({ s: 'trap', kind: 'not_compiled' });
        },
      ),
      { numRuns: 300, seed: 20261127 },
    );
  });

  it('random expressions over a typed scope lower or report, never throw', () => {
    const atom = fc.constantFrom('a', 'b', 's', 'o', 'xs', 'k', '1', '0x10', '2.5', '"t"', 'nil', 'true', 'bytes(2)', 'Tier::Pro', 'Free');
    const expr: fc.Arbitrary<string> = fc.letrec((tie) => ({
      e: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        atom,
        fc.tuple(tie('e'), fc.constantFrom('+', '-', '*', '/', '==', '!=', '<', '&&', '||', '??', '&', '<<'), tie('e')).map(([l, o, r]) => `(${l} ${o} ${r})`),
        fc.tuple(tie('e'), fc.constantFrom('u8', 'u64', 'i32', 'f64', 'bytes(4)', 'bool', 'Tier')).map(([x, t]) => `(${x} as ${t})`),
        fc.tuple(tie('e'), tie('e'), tie('e')).map(([c, t, f]) => `if ${c} { ${t} } else { ${f} }`),
        fc.tuple(tie('e'), fc.constantFrom('len', 'sha3_256', 'some', 'hex')).map(([x, f]) => `${f}(${x})`),
        fc.tuple(tie('e'), tie('e')).map(([x, i]) => `${x}[${i}]`),
        tie('e').map((x) => `match ${x} { 1 => 2, _ => 3 }`),
      ),
    })).e;
    fc.assert(
      fc.property(expr, fc.constantFrom('u8', 'u64', 'bool', 'bytes(32)', 'any', 'option<u8>', 'Tier'), (e, ret) => {
        const src = `type Tier = enum { Free, Basic, Pro }\ncircuit f(a: u8, b: i64, s: string, o: option<u32>, xs: list<u16>, k: bytes(4)) -> ${ret} {\n    ${e}\n}\n`;
        const p = compile(src);
        expect(p.diagnostics.filter((d) => d.code === 'FL502')).toEqual([]);
      }),
      { numRuns: 400, seed: 7 },
    );
  });
});
