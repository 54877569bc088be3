import type { Command } from 'commander';

interface RunCommandOptions {
  input?: string;
  witness?: string;
  json?: boolean;
  O?: string;
  overflowChecks?: boolean;
  fuel?: string;
  clock?: string;
  seed?: string;
  model?: string;
  key?: string;
  cache?: boolean;
  cacheDir?: string;
  color?: boolean;
}

/**
 * `estream run FILE|DIR CIRCUIT --input JSON`: compile the program (cached), call one circuit
 * on the WebAssembly runtime and print its result as canonical JSON; optionally record a
 * witness (issue 3 items 5–7). The work is in cli/compile-run/run-circuit.ts.
 */
export function register(program: Command): void {
  program
    .command('run')
    .description('compile a FastLang program and run one circuit on WebAssembly, optionally writing a witness')
    .argument('<target>', 'a .fl file or a directory (the program is its directory or package)')
    .argument('<circuit>', 'the circuit to call')
    .option('-i, --input <json>', 'arguments: a JSON array (by position) or object (by name); @file.json reads a file, @- standard input')
    .option('-w, --witness <file>', 'record a witness of the call into this file (written for traps too)')
    .option('--key <file>', 'ML-DSA-87 private key (PEM from `estream marketplace keygen`) signing the witness of an attested circuit')
    .option('--json', 'print exactly one JSON object {"circuit","ok","result"|"trap","witness"}')
    .option('-O <level>', 'optimisation level 0-3 (default 0)')
    .option('--overflow-checks', 'trap on + - * and unary - overflow instead of wrapping (LANGUAGE.md §8.1)')
    .option('--fuel <n>', 'fuel budget: loop iterations plus calls (default 10000000); running out is a located error')
    .option('--clock <ms>', 'clock reading for current_time/timestamp/now: ms since 1970 or an ISO-8601 date (default: now)')
    .option('--seed <text>', 'seed the host RNG (ML-KEM randomness) with SHA3-256 of this text, for reproducible runs')
    .option('--model <file>', 'JSON object from lex path (or "default") to the answer of li_infer/li_classify')
    .option('--no-cache', 'always recompile (the cache lives in $ESTREAM_HOME/cache/wasm)')
    .option('--cache-dir <dir>', 'artefact cache directory')
    .option('--no-color', 'never colour the output')
    .addHelpText(
      'after',
      `
Values are canonical JSON (specs/values.md): integers as numbers (64-bit and wider may be
decimal strings), bytes as "0x…" hex (or text, right-padded for bytes(N)), structs as
objects, enums by variant name, lists as arrays, options as null or the value.

The result is printed on standard output as canonical JSON. A runtime error prints
"file:line:col: error: kind: message" with the source line and the circuit call stack on
standard error, and exits 1. Exit 2 on usage errors (bad input, unknown circuit).

Examples:
  estream run circuits/licensing split_settlement --input @circuits/licensing/examples/split_settlement.input.json
  estream run circuits/licensing hour_bucket --input '["0x11…", "0x22…", 1700000000000]'
  estream run circuits/licensing split_settlement --input @in.json --witness split.wit --key my.pem
  estream witness verify split.wit`,
    )
    .action(async (target: string, circuit: string, opts: RunCommandOptions) => {
      const { runCircuitCommand } = await import('../compile-run/run-circuit.ts');
      process.exitCode = await runCircuitCommand(target, circuit, opts);
    });
}

export type { RunCommandOptions };
