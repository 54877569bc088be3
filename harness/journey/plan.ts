import type * as A from '../../compiler/syntax/ast.ts';
import type { Span } from '../../compiler/diagnostics/source.ts';
import { fileStem } from '../golden/snapshot.ts';

/**
 * Journeys found in one `.flj` file, in a shape the runner can walk step by step
 * (LANGUAGE.md §5.17, §8.10). Both forms end up here:
 * - older form: one `journey "name" { … }` block with `setup` and `step "s" { … }` blocks;
 * - newer form: a `journey NAME "title"` header followed by `party`, `fixture`, `step` and
 *   `observe metrics:` declarations. Parties and fixtures are file-wide; steps belong to the
 *   journey header above them (steps before any header form a journey named after the file).
 */
export interface JourneyStepPlan {
  name: string;
  span: Span;
  /** Older form: the step's block (setup is a step named `setup`). */
  body?: A.Block;
  /** Newer form. */
  actor?: A.Ident;
  action?: A.Expr;
  expects: A.Expr[];
}

export interface JourneyPlan {
  name: string;
  form: 'older' | 'newer';
  span: Span;
  /** Newer form: party and fixture blocks, in file order. */
  records: (A.PartyDecl | A.FixtureDecl)[];
  steps: JourneyStepPlan[];
  metrics: A.Ident[];
}

export function journeysOf(ast: A.SourceFileAst): JourneyPlan[] {
  const plans: JourneyPlan[] = [];
  const records: (A.PartyDecl | A.FixtureDecl)[] = [];
  const metrics: A.Ident[] = [];
  let current: JourneyPlan | undefined;
  for (const d of ast.decls) {
    switch (d.kind) {
      case 'OldJourney': {
        const steps: JourneyStepPlan[] = [];
        if (d.setup) steps.push({ name: 'setup', span: d.setup.span, body: d.setup, expects: [] });
        for (const s of d.steps) steps.push({ name: s.name, span: s.span, body: s.body, expects: [] });
        plans.push({ name: d.name, form: 'older', span: d.nameSpan, records: [], steps, metrics: [] });
        break;
      }
      case 'Journey':
        current = { name: d.name.name, form: 'newer', span: d.name.span, records, steps: [], metrics };
        plans.push(current);
        break;
      case 'Party':
      case 'Fixture':
        records.push(d);
        break;
      case 'JourneyObserve':
        metrics.push(...d.metrics);
        break;
      case 'Step': {
        if (!current) {
          current = { name: fileStem(ast.path), form: 'newer', span: d.name.span, records, steps: [], metrics };
          plans.push(current);
        }
        const step: JourneyStepPlan = { name: d.name.name, span: d.span, expects: d.expects };
        if (d.actor) step.actor = d.actor;
        if (d.action) step.action = d.action;
        current.steps.push(step);
        break;
      }
      default:
        break;
    }
  }
  return plans;
}
