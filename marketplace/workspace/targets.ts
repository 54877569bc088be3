/** Where an installed package's files go in the workspace (MARKETPLACE.md §3.3 "Targets"). */
const CATEGORY_TARGET: Record<string, string> = {
  'data-schema': 'schemas',
  'wire-adapter': 'adapters',
  'smart-circuit': 'circuits',
  'fpga-circuit': 'fpga',
  integration: 'integrations',
  'console-widget': 'widgets',
};

const stripFirst = (path: string, dir: string) => (path.startsWith(`${dir}/`) ? path.slice(dir.length + 1) : path);

export interface PlacedFile {
  /** Workspace-relative destination. */
  target: string;
  data: Uint8Array;
  /** Circuit and schema files never overwrite a user's file without --force; vendored docs/tests do. */
  guarded: boolean;
}

/**
 * Maps package files (by section) to workspace paths: schemas to `schemas/`, circuits and
 * compiled modules to the category directory (`widgets/<name>/` for widgets), tests to
 * `tests/vendor/<name>/`, docs, LICENSE and the manifest to `docs/vendor/<name>/`.
 */
export function placeFiles(name: string, category: string, files: readonly { path: string; data: Uint8Array; section: string }[]): PlacedFile[] {
  const base = CATEGORY_TARGET[category] ?? 'circuits';
  const own = category === 'console-widget' ? `widgets/${name}` : base;
  const out: PlacedFile[] = [];
  for (const f of files) {
    switch (f.section) {
      case 'domain.escx':
        if (f.path.startsWith('schemas/')) out.push({ target: f.path, data: f.data, guarded: true });
        else out.push({ target: `${own}/${stripFirst(stripFirst(f.path, 'circuits'), base)}`, data: f.data, guarded: true });
        break;
      case 'widgets':
        out.push({ target: `widgets/${name}/${stripFirst(f.path, 'widgets')}`, data: f.data, guarded: true });
        break;
      case 'fpga':
        out.push({ target: `fpga/${stripFirst(f.path, 'fpga')}`, data: f.data, guarded: true });
        break;
      case 'tests':
        out.push({ target: `tests/vendor/${name}/${stripFirst(f.path, 'tests')}`, data: f.data, guarded: false });
        break;
      default:
        // docs, LICENSE, manifest, lsp.json
        out.push({ target: `docs/vendor/${name}/${f.path}`, data: f.data, guarded: false });
    }
  }
  return out;
}
