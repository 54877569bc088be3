import type { IrConst, IrType } from '../../compiler/ir/ir.ts';
import type { ClauseViolation } from '../failure.ts';

/**
 * What the instrumented code tells the harness during one test run, through the harness's
 * own host effects: the operands of the assert that is about to trap, a clause that did not
 * hold, the fuzz panic flag. One RunState per test (and per property iteration).
 */
export class RunState {
  /** Operands captured just before an `assert`/`require` trapped (instrument-asserts.ts). */
  operands: { site: string; values: IrConst[]; types: IrType[] } | undefined;
  /** The first clause violation (an `invariant`/`property` that is false after a call). */
  violation: ClauseViolation | undefined;
  /** Monitors that were false: reported, never failing (§8.6.6). */
  readonly monitorReports: string[] = [];
  /** Indeterminate predicate outcomes (trap or NaN), reported as notes (§8.6.6). */
  readonly indeterminate: string[] = [];
  /** Fuzz: a trap inside a call set the panic flag (§8.8.3). */
  panicked = false;
  /** Fuzz: the traps that set the panic flag, for the report. */
  readonly panics: string[] = [];

  reset(): void {
    this.operands = undefined;
    this.violation = undefined;
    this.monitorReports.length = 0;
    this.indeterminate.length = 0;
    this.panicked = false;
    this.panics.length = 0;
  }
}
