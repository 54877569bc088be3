/**
 * `npm run bench`: runs every benchmark in bench/ one after another, each in its own Node
 * process (so one benchmark's JIT state and heap never colour the next), and prints their
 * reports. `npm run bench -- parse runtime` runs only the files whose names contain a word.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => only.length === 0 || only.some((w) => f.includes(w)))
  .sort();
if (files.length === 0) {
  process.stderr.write(`no benchmark matches ${only.join(', ')}\n`);
  process.exit(2);
}
let failed = 0;
for (const file of files) {
  process.stdout.write(`\n━━ ${file} ━━\n`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(dir, file)], { stdio: 'inherit' });
  if (r.status !== 0) {
    failed++;
    process.stderr.write(`${file} exited with status ${r.status}\n`);
  }
}
process.exit(failed > 0 ? 1 : 0);
