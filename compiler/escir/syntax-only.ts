/**
 * `estream check --parse-only` on an ESCIR file: YAML syntax only (P0), the counterpart of
 * lexing and parsing a FastLang file. Every later pass runs in the full check.
 */
import { DiagnosticBag, SourceFile, sortDiagnostics, type Diagnostic } from '../diagnostics/index.ts';
import { EscirReporter } from './diagnostics.ts';
import { parseYamlTree } from './yaml/load-yaml.ts';

export function checkEscirSyntax(path: string, text: string): Diagnostic[] {
  const bag = new DiagnosticBag();
  parseYamlTree(text, new EscirReporter(new SourceFile(path, text), bag, false, false));
  return sortDiagnostics(bag.items);
}
