import type { Command } from 'commander';
import { CliError, EXIT_FINDINGS, EXIT_USAGE } from '../errors.ts';

/**
 * `estream marketplace` (alias `mp`): packages, signing, registry, resolution and the local
 * cache (MARKETPLACE.md §6). Handlers live in marketplace/cli and are imported only when a
 * subcommand runs, so `estream --help` stays fast.
 */
type Globals = import('../../marketplace/cli/output.ts').GlobalOptions;
type Handler = (g: Globals, args: unknown[]) => Promise<void> | void;

/**
 * Wraps a handler so that every failure reaches the user as one clear message: marketplace
 * errors as `error[Exxx]: …` (exit 1); file-system and usage errors as `estream: …` (exit 2);
 * and with `-o json`, always exactly one JSON object on stdout, whatever went wrong.
 */
function run(handler: Handler, opts: { formatIsDir?: boolean } = {}) {
  return async (...args: unknown[]): Promise<void> => {
    const cmd = args[args.length - 1] as Command;
    const g = cmd.optsWithGlobals() as Globals;
    const out = await import('../../marketplace/cli/output.ts');
    const { MarketplaceError } = await import('../../marketplace/core/errors.ts');
    try {
      if (!opts.formatIsDir && g.outputFormat !== undefined && g.outputFormat !== 'json' && g.outputFormat !== 'table') {
        throw new CliError(`-o must be table or json, not ${g.outputFormat}`);
      }
      await handler(g, args.slice(0, -1));
    } catch (e) {
      if (e instanceof MarketplaceError) {
        out.reportError(g, e);
        process.exitCode = EXIT_FINDINGS;
        return;
      }
      const system = out.describeSystemError(e);
      const failure = system ? new CliError(system.message, EXIT_USAGE) : e;
      if (!out.wantsJson(g)) throw failure;
      if (failure instanceof CliError) out.printJsonError(system?.code ?? 'usage', system ? 'IOError' : 'UsageError', failure.message);
      else {
        const message = (e as Error)?.message ?? String(e);
        out.printJsonError('internal', 'InternalError', message);
        process.stderr.write(`estream: internal error: ${message}\n`);
      }
      process.exitCode = failure instanceof CliError ? failure.exitCode : EXIT_USAGE;
    }
  };
}

/**
 * Commander's own usage errors (missing argument, unknown option or command) print as one
 * JSON object on stdout when `--json` / `-o json` was given; the exit code stays 2.
 */
function usageErrorsAsJson(cmd: Command): void {
  cmd.configureOutput({
    outputError: (text, write) => {
      const g = cmd.optsWithGlobals() as Globals;
      if (g.json !== true && g.outputFormat !== 'json') return write(text);
      const error = { code: 'usage', name: 'UsageError', message: text.replace(/^error:\s*/, '').trim() };
      process.stdout.write(`${JSON.stringify({ ok: false, error }, null, 2)}\n`);
    },
  });
  for (const sub of cmd.commands) usageErrorsAsJson(sub);
}

const pkgCmds = () => import('../../marketplace/cli/package-commands.ts');
const regCmds = () => import('../../marketplace/cli/registry-commands.ts');
const wsCmds = () => import('../../marketplace/cli/workspace-commands.ts');
const collect = (v: string, prev: string[] = []) => [...prev, v];

export function register(program: Command): void {
  const mp = program
    .command('marketplace')
    .alias('mp')
    .description('Package, sign, publish, resolve and install .escx marketplace packages')
    .option('--registry <dir|url>', 'registry to use (directory, file:// or http(s):// URL); overrides [registry] default')
    .option('--mirror <url>', 'extra untrusted mirror for downloads (repeatable)', collect)
    .option('-o, --output-format <format>', 'output: table (default) or json')
    .option('--json', 'same as -o json')
    .option('--offline', 'use only the local cache; no network')
    .option('-v, --verbose', 'explain what is happening on stderr')
    .addHelpText(
      'after',
      `
Exit codes: 0 ok, 1 error (printed as error[Exxx]: ...), 2 usage or internal error.
$ESTREAM_HOME (default ~/.estream) holds keys/, cache/ and config.toml.

Typical flow:
  estream mp keygen --key-id acme-2026
  estream mp scaffold smart-circuit order-validator
  estream mp publish ./order-validator --registry ./registry
  estream mp install order-validator@^0.1.0 --registry ./registry --save`,
    );

  mp.command('keygen')
    .description('create an ML-DSA-87 signing key ($ESTREAM_HOME/keys/signing-key.pem)')
    .option('--key-id <id>', 'key id written into signatures ([A-Za-z0-9._-]{1,64})')
    .option('--out <file>', 'private key file (the public key goes beside it as .pub.json)')
    .option('--force', 'overwrite an existing key file')
    .action(run(async (g, [o]) => (await pkgCmds()).keygenCommand(g, o as never)));

  mp.command('scaffold <category> <name>')
    .description('create a package directory (fails if it exists); -o <dir> chooses the directory')
    .option('--author <name>', 'author and publisher name')
    .option('--license <spdx>', 'SPDX license id', 'Apache-2.0')
    .option('--dir <dir>', 'output directory (default ./<name>); -o <dir> works too')
    .option('--lang <lang>', 'circuit language: fastlang or escir', 'fastlang')
    .action(run(async (g, [category, name, o]) => (await pkgCmds()).scaffoldCommand(g, category as string, name as string, o as never), { formatIsDir: true }));

  mp.command('pack [path]')
    .description('pack and sign a package directory into an .escx')
    .option('--key <file>', 'signing key (default: [signing] default_key)')
    .option('--out <file>', 'output file (default <name>-<version>.escx; with --source, a directory)')
    .option('--source', 'write a signed source archive (package.tar.gz, checksum.sha3, SIGNATURE.ml-dsa) instead')
    .action(run(async (g, [path, o]) => (await pkgCmds()).packCommand(g, path as string | undefined, o as never)));

  mp.command('inspect <file>')
    .description('show the header, sections, attestation and files of an .escx')
    .action(run(async (g, [file]) => (await pkgCmds()).inspectCommand(g, file as string)));

  mp.command('unpack <file>')
    .description('extract an .escx into a directory (integrity checked first; nothing written on bad input)')
    .option('--out <dir>', 'target directory', '.')
    .option('--force', 'overwrite existing files')
    .action(run(async (g, [file, o]) => (await pkgCmds()).unpackCommand(g, file as string, o as never)));

  mp.command('verify [target]')
    .description('verify an .escx file, a source-archive directory, or name[@version]: format, hashes, attestation, Merkle root, ML-DSA-87 signature')
    .option('--all', 'verify every package in the lockfile')
    .option('--fpga', 'also list per-bitstream hashes')
    .action(run(async (g, [target, o]) => (await pkgCmds()).verifyCommand(g, target as string | undefined, o as never)));

  mp.command('publish [path]')
    .description('validate, test, pack, sign and publish a package directory (or .escx) into a registry directory')
    .option('--dry-run', 'check everything, write nothing')
    .option('--key <file>', 'signing key')
    .option('--registry <dir>', 'registry directory to publish into')
    .option('--skip-tests', 'do not check golden test vectors')
    .option('-y, --yes', 'do not ask for confirmation')
    .action(run(async (g, [path, o]) => (await regCmds()).publishCommand(g, path as string | undefined, o as never)));

  mp.command('search <query>')
    .description('search registries by name, description and keywords')
    .option('-c, --category <category>', 'only this category')
    .option('-t, --tag <tag>', 'only packages with this keyword (repeatable)', collect)
    .option('--verified', 'only verified publishers')
    .option('--official', 'only official packages')
    .option('--type <type>', 'package or solution')
    .option('--sort <order>', 'relevance, downloads, rating or recent', 'relevance')
    .option('--limit <n>', 'results per page (max 100)', '20')
    .option('--offset <n>', 'skip this many results', '0')
    .action(run(async (g, [q, o]) => (await regCmds()).searchCommand(g, q as string, o as never)));

  mp.command('info <name>')
    .description('show a package: versions, publisher, dependencies, schemas, status')
    .option('--version <version>', 'a specific version (default latest)')
    .action(run(async (g, [name, o]) => (await regCmds()).infoCommand(g, name as string, o as never)));

  mp.command('list')
    .description('list installed packages (lock entries)')
    .option('--format <format>', 'table or json')
    .action(run(async (g, [o]) => (await wsCmds()).listCommand(g, o as never)));

  mp.command('install [packages...]')
    .description('resolve, download, verify and install packages (name, name@1.2.3, "name@^1.2")')
    .option('--save', 'record the requirements in estream-workspace.toml [dependencies]')
    .option('--dry-run', 'show what would be installed')
    .option('--force', 'skip cache reads; overwrite existing circuit/schema files')
    .option('--no-verify', 'skip signature checks (checksums are always checked)')
    .option('--locked', 'fail (E003) if the lockfile would change')
    .option('--include-optional', 'also install optional dependencies')
    .option('--from <dir>', 'install from a directory written by `export`')
    .action(run(async (g, [pkgs, o]) => (await wsCmds()).installCommand(g, (pkgs as string[]) ?? [], o as never)));

  mp.command('update [packages...]')
    .description('re-solve within the requirements, unpinning the named (or all) packages')
    .option('--dry-run', 'show what would change')
    .action(run(async (g, [pkgs, o]) => (await wsCmds()).updateCommand(g, (pkgs as string[]) ?? [], o as never)));

  mp.command('deps [package]')
    .description('show the dependency tree (from the lockfile, or resolved from the registry)')
    .action(run(async (g, [pkg]) => (await wsCmds()).depsCommand(g, pkg as string | undefined)));

  const lifecycle = mp.command('lifecycle').description('deprecate or sunset published versions; check installed ones');
  lifecycle
    .command('set <version> <status>')
    .description('mark a published version deprecated or sunset')
    .option('--successor <name>', 'package that replaces this one')
    .option('--sunset <date>', 'sunset date YYYY-MM-DD')
    .option('--migration-guide <url>', 'migration guide')
    .option('--package <name>', 'package name (default: the manifest in this directory)')
    .option('--key <file>', 'publisher signing key')
    .option('--registry <dir>', 'registry directory')
    .action(run(async (g, [version, status, o]) => (await regCmds()).lifecycleSetCommand(g, version as string, status as string, o as never)));
  lifecycle
    .command('check')
    .description('list installed packages that are deprecated, sunset or yanked')
    .action(run(async (g) => (await regCmds()).lifecycleCheckCommand(g)));

  mp.command('yank <package>')
    .description('yank name@version (locked installs keep working) or restore it with --undo')
    .option('--undo', 'restore a yanked version')
    .option('--key <file>', 'publisher signing key')
    .option('--registry <dir>', 'registry directory')
    .action(run(async (g, [spec, o]) => (await regCmds()).yankCommand(g, spec as string, o as never)));

  mp.command('export <packages...>')
    .description('write packages and their whole dependency closure to a directory for offline installs')
    .option('--output <dir>', 'target directory')
    .action(run(async (g, [pkgs, o]) => (await wsCmds()).exportCommand(g, pkgs as string[], o as never)));

  mp.command('lint [path]')
    .description('check a package directory (rules L001-L015)')
    .option('--fix', 'rewrite an older-dialect manifest in the canonical dialect')
    .option('--deny-warnings', 'exit 1 on warnings too')
    .action(run(async (g, [path, o]) => (await pkgCmds()).lintCommand(g, path as string | undefined, o as never)));

  usageErrorsAsJson(mp);
}
