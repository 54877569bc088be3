/** A construct the lowering cannot express; reported as E099 at the node being lowered. */
export class LoweringError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LoweringError';
  }
}
