/**
 * Templates (`*.template.yaml`, ESCIR.md §2): `{{UPPER}}` placeholders inside quoted strings.
 * With values they are substituted before validation (a whole-string placeholder takes the
 * value's own type); without values the file is validated in template mode, placeholders
 * opaque. Any placeholder left outside template mode is E010.
 */
import type { EscirReporter } from '../diagnostics.ts';
import type { YNode } from '../yaml/tree.ts';

const PLACEHOLDER = /\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g;

export type Substitutions = Record<string, string | number | bigint | boolean>;

export function applyTemplate(root: YNode, subs: Substitutions | undefined, templateMode: boolean, r: EscirReporter): void {
  const visit = (n: YNode) => {
    if (n.kind === 'map') {
      for (const e of n.entries) visit(e.value);
      return;
    }
    if (n.kind === 'seq') {
      n.items.forEach(visit);
      return;
    }
    if (typeof n.value !== 'string' || !n.value.includes('{{')) return;
    const original = n.value;
    const whole = /^\{\{\s*([A-Za-z0-9_]+)\s*\}\}$/.exec(original);
    if (whole && subs && whole[1]! in subs) {
      const v = subs[whole[1]!]!;
      n.value = typeof v === 'number' && Number.isInteger(v) ? BigInt(v) : v;
      return;
    }
    if (subs) {
      n.value = original.replace(PLACEHOLDER, (m, name: string) => (name in subs ? String(subs[name]) : m));
    }
    if (templateMode) {
      // Opaque: findings about this scalar's value wait for the substitution.
      r.opaque.push({ start: n.start, end: n.end });
      return;
    }
    PLACEHOLDER.lastIndex = 0;
    for (const m of original.matchAll(PLACEHOLDER)) {
      if (subs && m[1]! in subs) continue;
      const start = n.offsetAt(m.index);
      r.error('E010', `placeholder \`${m[0]}\` was not substituted`, { start, end: n.offsetAt(m.index + m[0].length), pointer: n.pointer }, {
        hint: subs ? `give a value for ${m[1]}` : 'check the file as a template, or substitute the placeholders first',
      });
    }
  };
  visit(root);
}
