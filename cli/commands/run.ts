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
 *
 * `estream run FILE.escir.yaml [CIRCUIT]`: one step of an ESCIR circuit with explicit state
 * and `now`, or a script of steps (issue 5 item 4); cli/compile-run/escir-run.ts.
 */
export function register(program: Command): void {
  program
    .command('run')
    .description('compile a FastLang program or an ESCIR circuit and run it on WebAssembly (one call, or ESCIR steps), optionally writing a witness')
    .argument('<target>', 'a .fl file or a directory (the program is its directory or package), or an .escir.yaml file')
    .argument('[circuit]', 'the circuit to call (required for FastLang; for an ESCIR file, optional and must be its name)')
    .option('-i, --input <json>', 'FastLang: the arguments, a JSON array (by position) or object (by name). ESCIR: {"inputs": {port: value}, "now": ns, "state": S} or {"steps": […]}. @file reads a file, @- standard input')
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
  estream witness verify split.wit

ESCIR circuits (.escir.yaml, .flir.yaml): the file is the circuit. One step calls the step
function with explicit state and time and prints {"now", "outputs", "state"}; pass the
printed "state" to the next run. "now" is in nanoseconds (or an RFC 3339 date). Ports left
out are absent events and keep their value (value ports); "mocks" gives the results of
externs. A script {"steps": [...]}, written like the steps of the circuit's tests (input,
advance, setup, expect, mock), runs every step and prints each step's now and outputs.
Invariants are checked after every step.

  estream run circuits/escir/rate_limited_alarm.escir.yaml --input '{"inputs": {"reading": {"sensor": 1, "milli_c": -9000}}, "now": 0}'
  estream run circuits/escir/rate_limited_alarm.escir.yaml --input '{"steps": [{"input": {"reading": {"sensor": 1, "milli_c": -9000}}}, {"advance": {"ms": 500}}]}'
  estream run circuits/escir/rate_limited_alarm.escir.yaml --input @step.json --witness step.wit   (a script writes step-1.wit, step-2.wit, …)`,
    )
    .action(async (target: string, circuit: string | undefined, opts: RunCommandOptions, command: Command) => {
      const { isEscirFile } = await import('../../compiler/pipeline/escir-files.ts');
      if (isEscirFile(target)) {
        const { runEscirCommand } = await import('../compile-run/escir-run.ts');
        process.exitCode = await runEscirCommand(target, circuit, opts);
        return;
      }
      // FastLang: the circuit stays required, with commander's own message.
      if (circuit === undefined) command.error("error: missing required argument 'circuit'", { code: 'commander.missingArgument' });
      const { runCircuitCommand } = await import('../compile-run/run-circuit.ts');
      process.exitCode = await runCircuitCommand(target, circuit, opts);
    });
}

export type { RunCommandOptions };
