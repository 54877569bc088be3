#!/usr/bin/env node
// `npm run demo`: the bundled example end to end — compile the metered-licence program,
// make an ML-DSA-87 key, run the attested split_settlement circuit with a signed witness,
// and verify that witness by replay. Each step prints the command it runs.
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = join(dirname(fileURLToPath(import.meta.url)), '../../..');
const out = 'out/demo';
mkdirSync(join(repo, out), { recursive: true });

const steps = [
  ['compile the program to WebAssembly', ['compile', 'circuits/licensing', '-o', out]],
  ['make a witness signing key', ['marketplace', 'keygen', '--key-id', 'demo', '--out', `${out}/demo-key.pem`, '--force']],
  [
    'run split_settlement and record a signed witness',
    ['run', 'circuits/licensing', 'split_settlement', '--input', '@circuits/licensing/examples/split_settlement.input.json', '--witness', `${out}/split_settlement.wit`, '--key', `${out}/demo-key.pem`],
  ],
  ['verify the witness by replay', ['witness', 'verify', `${out}/split_settlement.wit`, '--signer', `${out}/demo-key.pub.json`]],
];

for (const [i, [title, args]] of steps.entries()) {
  process.stdout.write(`\n[${i + 1}/${steps.length}] ${title}\n$ estream ${args.join(' ')}\n`);
  const r = spawnSync(process.execPath, [join(repo, 'bin/estream.js'), ...args], { cwd: repo, stdio: 'inherit' });
  if (r.status !== 0) {
    process.stderr.write(`\ndemo step ${i + 1} failed (exit ${r.status ?? r.signal})\n`);
    process.exit(r.status ?? 1);
  }
}
process.stdout.write(`\ndone: ${out}/licensing.wasm, ${out}/split_settlement.wit\n`);
