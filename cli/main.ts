import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Command, CommanderError } from 'commander';
import { CliError, EXIT_USAGE } from './errors.ts';

/**
 * Entry point of the `estream` CLI. Every file in cli/commands exports
 * `register(program)`; they are discovered here so commands stay independent modules.
 * Command modules must keep heavy imports (binaryen, crypto) inside their action handlers.
 */
export async function buildProgram(): Promise<Command> {
  const program = new Command();
  program
    .name('estream')
    .description('Compiler, runtime and marketplace tooling for FastLang (.fl) and ESCIR (.escir.yaml) circuits')
    .version(await readVersion(), '-V, --version', 'print the estream version')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  const dir = join(dirname(fileURLToPath(import.meta.url)), 'commands');
  const modules = readdirSync(dir)
    .filter((f) => /\.(ts|js)$/.test(f) && !f.endsWith('.d.ts'))
    .sort();
  for (const file of modules) {
    const mod = (await import(pathToFileURL(join(dir, file)).href)) as { register?: (p: Command) => void };
    if (typeof mod.register === 'function') mod.register(program);
  }
  for (const cmd of program.commands) cmd.exitOverride();
  // -V/--version belongs to `estream` itself only before a command: `mp info x --version 1.2.0`
  // is the subcommand's option. Set after registration so subcommands do not inherit it.
  program.enablePositionalOptions();
  return program;
}

async function readVersion(): Promise<string> {
  const { readFileSync } = await import('node:fs');
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

export async function main(argv: string[]): Promise<number> {
  let program: Command;
  try {
    program = await buildProgram();
  } catch (e) {
    process.stderr.write(`estream: internal error while loading commands: ${(e as Error).message}\n`);
    return EXIT_USAGE;
  }
  try {
    await program.parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (e) {
    if (e instanceof CommanderError) {
      // --help and --version arrive here as "errors" with exit code 0.
      return e.exitCode === 0 ? 0 : EXIT_USAGE;
    }
    if (e instanceof CliError) {
      process.stderr.write(`estream: ${e.message}\n`);
      return e.exitCode;
    }
    const err = e as Error;
    process.stderr.write(`estream: internal error: ${err?.message ?? String(e)}\n`);
    if (process.env.ESTREAM_DEBUG) process.stderr.write(`${err?.stack ?? ''}\n`);
    return EXIT_USAGE;
  }
}

/** `estream … | head` closes the pipe early; that is the reader's choice, not an error. */
function exitQuietlyOnBrokenPipe(stream: NodeJS.WriteStream): void {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
}

const invokedDirectly = process.argv[1] !== undefined && /(estream(\.js)?|main\.ts)$/.test(process.argv[1]);
if (invokedDirectly) {
  exitQuietlyOnBrokenPipe(process.stdout);
  exitQuietlyOnBrokenPipe(process.stderr);
  const code = await main(process.argv.slice(2));
  process.exitCode = code;
}
