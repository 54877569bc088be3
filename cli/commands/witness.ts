import type { Command } from 'commander';

export interface WitnessCommandOptions {
  json?: boolean;
  root?: string;
  cache?: boolean;
  cacheDir?: string;
  color?: boolean;
  signer?: string;
}

/**
 * `estream witness verify FILE` and `estream witness show FILE` (issue 3 item 6). The work
 * is in cli/compile-run/witness-commands.ts; the file format is specs/witness.md.
 */
export function register(program: Command): void {
  const witness = program
    .command('witness')
    .description('verify or show a witness file written by `estream run --witness`');

  witness
    .command('verify')
    .description('check the commitment and signature, recompile the program and replay the call with the recorded effects')
    .argument('<file>', 'witness file')
    .option('--root <dir>', 'look for the recorded source paths under this directory first (default: the working directory, then the witness file\'s directory)')
    .option('--signer <file>', 'require the signature to be made by this key: a public key JSON (.pub.json) or a PEM private key')
    .option('--json', 'print exactly one JSON object {"ok",…,"difference"?,"error"?}')
    .option('--no-cache', 'always recompile')
    .option('--cache-dir <dir>', 'artefact cache directory')
    .option('--no-color', 'never colour the output')
    .addHelpText(
      'after',
      `
A witness is verified when every byte is intact (SHA3-256 commitment, and the ML-DSA-87
signature when there is one), every source still has its recorded hash, and replaying the
call on the recompiled program with the recorded effect results reproduces every binding,
every effect and the outcome. Otherwise the first difference is named with its source
location ("file:line:col: error: binding 'x' …").

Exit status: 0 verified, 1 not verified (tampered, changed or diverging), 2 on usage or
I/O errors.`,
    )
    .action(async (file: string, opts: WitnessCommandOptions) => {
      const { verifyCommand } = await import('../compile-run/witness-commands.ts');
      process.exitCode = await verifyCommand(file, opts);
    });

  witness
    .command('show')
    .description('print a witness: header, inputs, every binding and effect, outcome, commitment and signature')
    .argument('<file>', 'witness file')
    .option('--root <dir>', 'where to look for the recorded sources (used to name and decode values)')
    .option('--json', 'print exactly one JSON object')
    .option('--no-cache', 'always recompile')
    .option('--cache-dir <dir>', 'artefact cache directory')
    .addHelpText(
      'after',
      `
Values are decoded and bindings named when the program's sources are found (as for verify);
otherwise they are shown as hex. show never fails on a tampered witness that still parses:
it reports the integrity check instead (exit 1).`,
    )
    .action(async (file: string, opts: WitnessCommandOptions) => {
      const { showCommand } = await import('../compile-run/witness-commands.ts');
      process.exitCode = await showCommand(file, opts);
    });
}
