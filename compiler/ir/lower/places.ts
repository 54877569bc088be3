/**
 * Places (LANGUAGE.md §7.1 `Place`): a local, then fields and indexes. Assignments to places
 * become `setPlace`, pushes `push` (§8.2.1: only the place named changes).
 */
import type { IrPlaceStep, IrType } from '../ir.ts';
import type { Expr } from '../../syntax/ast.ts';
import { Codes } from '../../check/codes.ts';
import { elementType, lowerIndexValue } from './access.ts';
import type { FnCtx } from './context.ts';
import { show } from './convert.ts';
import { structField } from './expr.ts';
import { fixPending } from './pending.ts';

export interface Place {
  local: number;
  path: IrPlaceStep[];
  type: IrType;
  /** The root binding name (for messages). */
  root: string;
}

/**
 * Resolves an expression as a place, or reports why it is not one (when `report` is set)
 * and returns undefined.
 */
export function lowerPlace(cx: FnCtx, e: Expr, report = true): Place | undefined {
  switch (e.kind) {
    case 'Name': {
      const b = cx.fb.lookup(e.name);
      if (!b) {
        if (report) {
          const isConst = cx.prog.consts.lookup(cx.file, e.name) !== undefined;
          cx.prog.diagnostics.error(
            isConst ? Codes.invalidAssignTarget : Codes.unknownName,
            isConst ? `'${e.name}' is a constant and cannot be assigned` : `unknown name '${e.name}'`,
            e.span,
          );
        }
        return undefined;
      }
      if (b.pending) fixPending(cx, b, undefined);
      b.pendingList = undefined; // assigning into the list ends the open element type
      return { local: b.id, path: [], type: b.type, root: e.name };
    }
    case 'Member': {
      const base = lowerPlace(cx, e.object, report);
      if (!base) return undefined;
      const f = structField(cx, base.type, e.field.name);
      if (!f) {
        if (report) {
          const why = base.type.k === 'option' || base.type.k === 'any' ? ` (assign the whole ${show(cx, base.type)} value instead)` : '';
          cx.prog.diagnostics.error(Codes.invalidAssignTarget, `${show(cx, base.type)} has no assignable field '${e.field.name}'${why}`, e.field.span);
        }
        return undefined;
      }
      return { ...base, path: [...base.path, { k: 'field', index: f.index }], type: f.type };
    }
    case 'Index': {
      const base = lowerPlace(cx, e.object, report);
      if (!base) return undefined;
      const elem = elementType(base.type);
      if (!elem || base.type.k === 'string') {
        if (report) cx.prog.diagnostics.error(Codes.invalidAssignTarget, `${show(cx, base.type)} elements cannot be assigned`, e.span);
        return undefined;
      }
      return { ...base, path: [...base.path, { k: 'index', index: lowerIndexValue(cx, e.index), loc: e.span }], type: elem };
    }
    default:
      if (report) cx.prog.diagnostics.error(Codes.invalidAssignTarget, 'only a name, a field or an element can be assigned', e.span);
      return undefined;
  }
}
