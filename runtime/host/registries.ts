/**
 * Host registries: metrics (`observe metrics:` names, sampled as f64, §8.6.2 / §8.7),
 * models for `li_infer` / `li_classify` keyed by lex path with a default (§8.4.5), and host
 * functions (host domain helpers, state-machine callbacks, `extern "rust"` items).
 */
import type { IrConst } from '../../compiler/ir/ir.ts';
import { RuntimeTrap } from '../errors.ts';
import { isAnyBox } from '../values/dynamic.ts';
import type { HostFunction, Model } from './types.ts';

/** Named f64 metrics; an unset metric reads 0.0 (§8.6.2). */
export class MetricsRegistry {
  private readonly values = new Map<string, number>();

  get(name: string): number {
    return this.values.get(name) ?? 0;
  }

  set(name: string, value: number): void {
    this.values.set(name, value);
  }

  add(name: string, delta: number): number {
    const v = this.get(name) + delta;
    this.values.set(name, v);
    return v;
  }

  has(name: string): boolean {
    return this.values.has(name);
  }

  /** Samples a value as f64: numbers and integers as is, bool as 0/1, option none as 0. */
  sample(name: string, value: IrConst): number {
    const v = toMetric(value);
    this.values.set(name, v);
    return v;
  }

  snapshot(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const k of [...this.values.keys()].sort()) out[k] = this.values.get(k)!;
    return out;
  }
}

export function toMetric(value: IrConst): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (value instanceof Uint8Array || typeof value === 'string' || Array.isArray(value)) return value.length;
  if (value === null) return 0;
  if ('some' in value) return toMetric(value.some);
  if (isAnyBox(value)) return toMetric(value.value);
  return NaN;
}

export const DEFAULT_MODEL = 'default';

/** Models by lex path (`a/b/c`); lookup tries the path, then its ancestors, then 'default'. */
export class ModelRegistry {
  private readonly models = new Map<string, Model>();

  register(lexPath: string, model: Model): void {
    this.models.set(normalizeLex(lexPath), model);
  }

  setDefault(model: Model): void {
    this.models.set(DEFAULT_MODEL, model);
  }

  unregister(lexPath: string): boolean {
    return this.models.delete(normalizeLex(lexPath));
  }

  get size(): number {
    return this.models.size;
  }

  lookup(lexPath: string | undefined): Model | undefined {
    let p = normalizeLex(lexPath ?? '');
    while (p) {
      const m = this.models.get(p);
      if (m) return m;
      const cut = p.lastIndexOf('/');
      p = cut < 0 ? '' : p.slice(0, cut);
    }
    return this.models.get(DEFAULT_MODEL);
  }

  /** The model or a `no_model` trap naming the lex path (the caller adds the call site). */
  require(name: string, lexPath: string | undefined): Model {
    const m = this.lookup(lexPath);
    if (!m) {
      throw new RuntimeTrap('no_model', `${name}: no model is registered for lex path '${lexPath || '(none)'}' and there is no default model`);
    }
    return m;
  }
}

/** `esn/` prefixes of older lex paths are stripped (LANGUAGE.md §2.1). */
export function normalizeLex(p: string): string {
  const t = p.trim().replace(/^\/+|\/+$/g, '');
  return t.startsWith('esn/') ? t.slice(4) : t;
}

/** Host domain helpers of §9 (effects that must be registered). */
export const HOST_DOMAIN_HELPERS = new Set([
  'register_solution',
  'register_publisher',
  'escrow_lock',
  'escrow_release',
  'index_search',
  'rbac_evaluate',
  'forensic_embed_decide',
  'settle_count',
]);

export class FunctionRegistry {
  private readonly fns = new Map<string, HostFunction>();

  register(name: string, fn: HostFunction): void {
    this.fns.set(name, fn);
  }

  get(name: string): HostFunction | undefined {
    return this.fns.get(name);
  }

  has(name: string): boolean {
    return this.fns.has(name);
  }

  names(): string[] {
    return [...this.fns.keys()].sort();
  }
}

