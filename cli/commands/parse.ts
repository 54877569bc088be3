import type { Command } from 'commander';
import { CliError, EXIT_FINDINGS, EXIT_OK, EXIT_USAGE } from '../errors.ts';

interface ParseCliOptions {
  astJson?: boolean;
  tokens?: boolean;
  color?: boolean;
}

/**
 * `estream parse FILE`: parses one FastLang file and shows what the front end made of it —
 * the AST as JSON (`--ast-json`), the tokens (`--tokens`), or an outline of the declarations.
 * Diagnostics go to stderr so that stdout stays machine-readable.
 */
export function register(program: Command): void {
  program
    .command('parse')
    .description('parse one FastLang file (.fl .fld .flj) and print its declarations, AST or tokens')
    .argument('<file>', 'the file to parse')
    .option('--ast-json', 'print the AST as JSON (spans as offsets and line/column)')
    .option('--tokens', 'print the tokens: kind, position, and ^ when first on its line')
    .option('--no-color', 'never colour the diagnostics')
    .addHelpText(
      'after',
      `
Exit status: 0 when the file parses without errors, 1 when it has syntax errors, 2 when it
cannot be read. Diagnostics are printed to stderr.

Examples:
  estream parse loans.fl                 outline of the declarations
  estream parse loans.fl --ast-json | jq '.decls[0].kind'`,
    )
    .action(async (file: string, opts: ParseCliOptions) => {
      process.exitCode = await runParse(file, opts);
    });
}

async function runParse(file: string, opts: ParseCliOptions): Promise<number> {
  const { readSourceText, displayPath } = await import('../../compiler/pipeline/files.ts');
  const { DiagnosticBag, SourceFile, renderDiagnostic, sortDiagnostics } = await import('../../compiler/diagnostics/index.ts');
  const { parseSource, lexSource } = await import('../../compiler/syntax/index.ts');
  const { astToJson } = await import('../../compiler/syntax/ast-json.ts');

  const read = readSourceText(file);
  const path = displayPath(file);
  if ('diagnostic' in read) {
    process.stderr.write(renderDiagnostic({ ...read.diagnostic, file: path }, () => undefined) + '\n');
    return EXIT_USAGE;
  }
  if (opts.astJson && opts.tokens) throw new CliError('choose one of --ast-json and --tokens');
  const source = new SourceFile(path, read.text);
  const bag = new DiagnosticBag();

  if (opts.tokens) {
    const { tokens } = lexSource(source, bag);
    for (const t of tokens) {
      const at = source.lineCol(t.startOffset);
      process.stdout.write(`${at.line}:${at.column}${t.nl ? '^' : ' '} ${t.tokenType.name} ${JSON.stringify(t.image)}\n`);
    }
  } else {
    const ast = parseSource(source, bag);
    if (opts.astJson) process.stdout.write(JSON.stringify(astToJson(ast), null, 2) + '\n');
    else {
      for (const d of ast.decls) {
        const at = source.lineCol(d.span.start);
        process.stdout.write(`${at.line}:${at.column} ${d.kind}${declName(d as unknown as Record<string, unknown>)}\n`);
      }
    }
  }
  const color = opts.color !== false && process.stderr.isTTY === true && process.env['NO_COLOR'] === undefined;
  const diags = sortDiagnostics([...bag.items]);
  for (const d of diags) process.stderr.write(renderDiagnostic(d, () => read.text, { color }) + '\n\n');
  return diags.some((d) => d.severity === 'error') ? EXIT_FINDINGS : EXIT_OK;
}

function declName(d: Record<string, unknown>): string {
  const name = d['name'];
  if (typeof name === 'string') return ` "${name}"`;
  if (name !== null && typeof name === 'object' && 'name' in name) return ` ${(name as { name: string }).name}`;
  const path = d['path'];
  if (typeof path === 'string') return ` ${path}`;
  if (Array.isArray(path)) return ` ${path.map((p: { name: string }) => p.name).join('.')}`;
  return '';
}
