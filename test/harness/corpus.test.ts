import { describe, it } from 'vitest';
import { expectCorpusPasses } from './corpus-check.ts';

/**
 * `estream test` over the realistic corpus: every test block, golden snapshot (with an
 * inputs file), property and fuzz test, verify claim and journey of both forms passes. The
 * expected values were computed independently (python3 / node), so a failure here is a
 * toolchain defect.
 */
describe('estream test over the realistic corpus', () => {
  it('passes every test', () => expectCorpusPasses('corpus', 50, 131), 300_000);
});
