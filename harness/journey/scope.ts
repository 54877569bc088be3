import type { JValue } from './values.ts';

/** Lexical scopes of a journey: setup and steps share one (§8.10.5). */
export class Scope {
  private readonly vars = new Map<string, JValue>();
  constructor(readonly parent?: Scope) {}
  get(name: string): JValue | undefined {
    return this.vars.get(name) ?? this.parent?.get(name);
  }
  has(name: string): boolean {
    return this.vars.has(name) || (this.parent?.has(name) ?? false);
  }
  define(name: string, v: JValue): void {
    this.vars.set(name, v);
  }
  assign(name: string, v: JValue): boolean {
    if (this.vars.has(name)) {
      this.vars.set(name, v);
      return true;
    }
    return this.parent?.assign(name, v) ?? false;
  }
}
