/**
 * .escx throughput (specs/escx.md): packing a package directory (bundle, ustar, brotli,
 * attestation, two ML-DSA-87 signatures) and verifying the result (§1.8 in full), in MB/s of
 * package content, against a baseline measured in the same process: one SHA3-256 pass over the
 * same bytes (the least any integrity check must do). Run: npx tsx bench/escx.bench.ts
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import b from 'benny';
import { sha3, toHex } from '../marketplace/core/bytes.ts';
import { packDirectory } from '../marketplace/escx/pack.ts';
import { verifyPackage } from '../marketplace/escx/verify.ts';
import { generateSigningKey, publicKeyRecord } from '../marketplace/signing/keys.ts';
import { TrustStore } from '../marketplace/signing/trust.ts';

const dir = mkdtempSync(join(tmpdir(), 'escx-bench-'));
let seed = 1;
const noise = (n: number) => {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    out[i] = seed >>> 24;
  }
  return out;
};
// ~2 MB of content: sources (compressible text), compiled modules (random-ish), golden vectors.
mkdirSync(join(dir, 'circuits'));
mkdirSync(join(dir, 'tests', 'golden'), { recursive: true });
writeFileSync(
  join(dir, 'estream-component.toml'),
  `[package]\nname = "bench-pkg"\nversion = "1.0.0"\ndescription = "benchmark package"\nlicense = "Apache-2.0"\ncategory = "smart-circuit"\n\n[publisher]\nid = "${'ab'.repeat(32)}"\nname = "bench"\nsigning_key_id = "bench-key"\n\n[escir]\napi_version = "1.0.0"\nmin_platform_version = "0.1.0"\n`,
);
writeFileSync(join(dir, 'README.md'), '# bench\n');
writeFileSync(join(dir, 'LICENSE'), 'Apache License\nVersion 2.0\n');
let content = 0;
for (let i = 0; i < 20; i++) {
  const src = `circuit c${i}(x: u64) -> u64 {\n${'  let y = x * 3 + 7; // arithmetic\n'.repeat(1500)}  x\n}\n`;
  writeFileSync(join(dir, 'circuits', `c${i}.fl`), src);
  content += src.length;
}
for (let i = 0; i < 4; i++) {
  const wasm = new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, ...noise(256 * 1024)]);
  writeFileSync(join(dir, 'circuits', `m${i}.wasm`), wasm);
  content += wasm.length;
}
for (let i = 0; i < 50; i++) {
  const v = JSON.stringify({ input: { values: Array.from({ length: 400 }, (_, k) => k * i) }, expected: i });
  writeFileSync(join(dir, 'tests', 'golden', `v${i}.json`), v);
  content += v.length;
}
const mb = content / 1048576;

const signingKey = generateSigningKey('bench-key', new Uint8Array(32).fill(3), 1);
const attesterKey = generateSigningKey('bench-witness', new Uint8Array(32).fill(4), 1);
const trust = new TrustStore();
trust.addPublisher({ name: 'bench', display_name: 'bench', url: '', verified: true, signing_keys: [publicKeyRecord(signingKey)] });
trust.addAttester({ attester_id: '', name: 'bench', algorithm: 'ML-DSA-87', public_key_hex: toHex(attesterKey.publicKey) });
const pack = () => packDirectory(dir, { signingKey, attesterKey, timestamp: 10 }).bytes;
const pkg = pack();
const all = new Uint8Array(content);
console.log(`package content ${mb.toFixed(2)} MB -> .escx ${(pkg.length / 1048576).toFixed(2)} MB`);

const timeIt = (fn: () => unknown, runs: number) => {
  const ts: number[] = [];
  for (let i = 0; i < runs; i++) {
    const c0 = process.cpuUsage();
    fn();
    const c = process.cpuUsage(c0);
    ts.push((c.user + c.system) / 1e6);
  }
  return ts.sort((x, y) => x - y)[Math.floor(runs / 2)]!;
};
const tHash = timeIt(() => sha3(all), 15);
const tPack = timeIt(pack, 5);
const tVerify = timeIt(() => verifyPackage(pkg, { trust, publishedAt: 100 }), 9);
console.log(`median CPU: baseline SHA3 ${(mb / tHash).toFixed(1)} MB/s; pack ${(mb / tPack).toFixed(1)} MB/s (${(tHash / tPack).toFixed(3)}x baseline); verify ${(mb / tVerify).toFixed(1)} MB/s (${(tHash / tVerify).toFixed(3)}x baseline)`);

await b.suite(
  'escx',
  b.add('baseline: SHA3-256 over the content', () => {
    sha3(all);
  }),
  b.add('pack (brotli, bundle, attestation, 2 signatures)', () => {
    pack();
  }),
  b.add('verify (§1.8 steps 1-8)', () => {
    verifyPackage(pkg, { trust, publishedAt: 100 });
  }),
  b.cycle(),
  b.complete((summary: { results: { name: string; details: { median: number } }[] }) => {
    // benny rounds `ops` to an integer; the median time per call keeps slow cases visible.
    const ops = (r: { details: { median: number } }) => 1 / r.details.median;
    const base = ops(summary.results[0]!);
    for (const r of summary.results) console.log(`${r.name.padEnd(48)} ${(ops(r) * mb).toFixed(1).padStart(8)} MB/s  ${(ops(r) / base).toFixed(3)}x baseline`);
    rmSync(dir, { recursive: true, force: true });
  }),
);
