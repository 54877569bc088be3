import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalManifestText, loadManifestText } from '../../../marketplace/manifest/manifest.ts';
import { locateKeys, pathKey } from '../../../marketplace/manifest/toml-locate.ts';
import { FIXTURES, ORDER_VALIDATOR } from '../helpers.ts';

const fixture = (name: string) => readFileSync(join(FIXTURES, 'manifests', name), 'utf8');
const errorsOf = (text: string, mode: 'publish' | 'dev' = 'publish') => loadManifestText(text, 'estream-component.toml', mode).diagnostics.filter((d) => d.severity === 'error');

const BASE = `[package]
name = "order-validator"
version = "1.2.0"
description = "Validates orders"
license = "Apache-2.0"
category = "smart-circuit"

[publisher]
id = "${'ab'.repeat(32)}"
name = "acme"
signing_key_id = "acme-2026"

[escir]
api_version = "1.0.0"
min_platform_version = "0.1.0"
`;

describe('canonical manifests', () => {
  it('accepts the fixture and exposes a typed view', () => {
    const r = loadManifestText(readFileSync(join(ORDER_VALIDATOR, 'estream-component.toml'), 'utf8'), 'm.toml');
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(r.manifest!.name).toBe('order-validator');
    expect(r.manifest!.dependencies).toEqual([{ key: 'data-trading', name: 'data-trading', requirement: '^1.0.0', optional: false }]);
    expect(r.manifest!.include.circuits).toEqual(['circuits/*.fl']);
    expect(r.manifest!.visibility).toBe('open');
  });

  it('points each error at the key that is wrong', () => {
    const text = BASE.replace('version = "1.2.0"', 'version = "1.2"').replace('category = "smart-circuit"', 'category = "payment-protocol"');
    const errs = errorsOf(text);
    expect(errs.map((d) => [d.code, d.line, d.column])).toEqual([
      ['E008', 3, 1],
      ['E008', 6, 1],
    ]);
    expect(errs[0]!.message).toMatch(/SemVer/);
  });

  it('requires publish-only fields only for publish', () => {
    const text = BASE.replace(/\[publisher\][\s\S]*?\n\n/, '');
    expect(errorsOf(text, 'publish').map((d) => d.message)).toContain('missing [publisher] table (required to publish)');
    expect(errorsOf(text, 'dev')).toEqual([]);
  });

  it.each([
    ['package.name', 'name = "Bad_Name"', /must match/],
    ['dependency ||', '[dependencies]\nx = "1.0.0 || 2.0.0"', /\|\|/],
    ['partial requirement', '[dependencies]\nx = "^1.2"', /partial/],
    ['price', '[pricing]\nlicense_type = "per-seat"\nshare_price = "1.5"\nprivate_price = "1.0"\n[telemetry]\nschema_hash = "auto"\nmetrics = ["calls"]\naggregate_window = "1h"\ncohort_min_size = 50\nnoise_budget = "0.5"', /private_price must be >= share_price/],
    ['telemetry window', '[pricing]\nlicense_type = "per-seat"\nshare_price = "1.0"\nprivate_price = "1.2"\n[telemetry]\nschema_hash = "auto"\nmetrics = ["calls"]\naggregate_window = "30m"\ncohort_min_size = 50\nnoise_budget = "0.5"', /at least 1h/],
    ['deprecated needs successor', '[lifecycle]\nstatus = "deprecated"', /lifecycle\.sunset_date/],
    ['wire adapter table', '', /wire-adapter packages need/],
    ['keywords', '', /at most 10/],
  ])('refuses %s', (_what, extra, message) => {
    let text = `${BASE}\n${extra}\n`;
    if (_what === 'package.name') text = BASE.replace('name = "order-validator"', extra);
    if (_what === 'wire adapter table') text = BASE.replace('smart-circuit', 'wire-adapter');
    if (_what === 'keywords') text = BASE.replace('category = "smart-circuit"', `category = "smart-circuit"\nkeywords = [${Array.from({ length: 11 }, (_, i) => `"k${i}"`).join(', ')}]`);
    expect(errorsOf(text).map((d) => d.message).join('\n')).toMatch(message);
  });

  it('warns about unknown keys without failing', () => {
    const r = loadManifestText(`${BASE}\n[extras]\nfoo = 1\n`, 'm.toml');
    expect(r.manifest).toBeDefined();
    expect(r.diagnostics.map((d) => [d.code, d.severity, d.line])).toEqual([['L009', 'warning', 17]]);
  });

  it('reports TOML syntax errors with a position', () => {
    const errs = errorsOf('[package]\nname = = "x"\n');
    expect(errs[0]!.line).toBe(2);
    expect(errs[0]!.message).toMatch(/invalid TOML/);
  });
});

describe('older dialects (§2.2)', () => {
  it('normalises the component dialect', () => {
    const r = loadManifestText(fixture('component-dialect.toml'), 'c.toml');
    expect(r.dialect).toBe('component');
    const m = r.manifest!;
    expect(m.name).toBe('fix-gateway');
    expect(m.escir.minPlatformVersion).toBe('0.8.0');
    expect(m.escir.maxPlatformVersion).toBe('2.0.0');
    expect(m.lifecycle.status).toBe('active');
    expect(m.include.circuits).toEqual(['circuits/*.fl', 'circuits/extra/*.fl']);
    expect(m.publisher.signingKeyId).toBe('acme-2026');
    expect(r.diagnostics.map((d) => d.code)).toEqual(['L008']);
  });

  it('normalises the platform dialect', () => {
    const r = loadManifestText(fixture('platform-dialect.toml'), 'p.toml', 'dev');
    expect(r.dialect).toBe('platform');
    const m = r.manifest!;
    expect(m.name).toBe('@acme/order-router');
    expect(m.license).toBe('LicenseRef-Commercial');
    expect(m.publisher.name).toBe('acme');
    expect(m.escir.minPlatformVersion).toBe('0.9.0');
    expect(m.escir.apiVersion).toBe('1.0.0');
    expect(m.dependencies).toEqual([
      { key: '@acme/book', name: '@acme/book', requirement: '^0.3.0', optional: false },
      { key: 'feed', name: '@acme/market-feed', requirement: '~1.2.0', optional: false },
    ]);
    expect((m.data.marketplace as Record<string, unknown>).pricing).toBe('usage-based');
    expect(m.data.wire).toBeUndefined();
  });

  it('refuses mixtures and status conflicts, pointing at the written key', () => {
    const mixed = errorsOf(`[component]\nname = "x"\n[package]\nname = "y"\n`);
    expect(mixed[0]!.message).toMatch(/mixed manifest dialects/);
    const conflict = errorsOf(fixture('component-dialect.toml').replace('[dependencies]', '[lifecycle]\nstatus = "deprecated"\n\n[dependencies]'));
    const d = conflict.find((x) => /conflicts with lifecycle.status/.test(x.message))!;
    expect(d.line).toBe(9);
  });

  it('rewrites to the canonical dialect without changing meaning', () => {
    const r = loadManifestText(fixture('component-dialect.toml'), 'c.toml');
    const canonical = canonicalManifestText(r.manifest!.data);
    const again = loadManifestText(canonical, 'c2.toml');
    expect(again.dialect).toBe('canonical');
    expect(again.manifest!.data).toEqual(r.manifest!.data);
  });
});

describe('key locator', () => {
  it('finds keys in tables, dotted keys, inline tables and arrays of tables', () => {
    const text = `a = 1\n[t]\nb.c = "x"\nd = { e = 1, f = [1, 2] }\ns = """\n[not.a.table]\n"""\n[[arr]]\nk = 1\n[[arr]]\nk = 2\n`;
    const locs = locateKeys(text);
    const line = (p: string[]) => text.slice(0, locs.get(pathKey(p))!.start).split('\n').length;
    expect(line(['a'])).toBe(1);
    expect(line(['t', 'b', 'c'])).toBe(3);
    expect(line(['t', 'd', 'f'])).toBe(4);
    expect(locs.has(pathKey(['not', 'a', 'table']))).toBe(false);
    expect(line(['arr', '1', 'k'])).toBe(11);
  });

  it('never throws on arbitrary text (property)', () => {
    fc.assert(fc.property(fc.string({ maxLength: 300 }), (s) => void locateKeys(s)));
    fc.assert(fc.property(fc.string({ maxLength: 300 }), (s) => void loadManifestText(s, 'x.toml')));
  });
});
