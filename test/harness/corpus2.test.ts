import { describe, it } from 'vitest';
import { expectCorpusPasses } from './corpus-check.ts';

/**
 * The second realistic corpus (PCI tokenization, ISO 20022 status, Modbus register maps,
 * licensing meters, console widgets, telemetry, FIX sessions, solutions, syntax zoo): every
 * test of every kind passes. Expected values were computed independently (python3 / node),
 * so a failure here is a toolchain defect.
 */
describe('the second corpus', () => {
  it('passes every test of every kind', () => expectCorpusPasses('corpus2', 10, 140), 300_000);
});
