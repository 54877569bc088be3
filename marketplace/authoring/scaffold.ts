import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sha3Hex, utf8 } from '../core/bytes.ts';
import { MarketplaceError } from '../core/errors.ts';
import { writeFileAtomic } from '../core/paths.ts';
import { CATEGORIES, NAME_RE } from '../manifest/rules.ts';
import { TOOLCHAIN_API_VERSION, PLATFORM_VERSION } from '../registry/config.ts';
import { defaultKeyPath } from '../signing/keys.ts';

export interface ScaffoldOptions {
  category: string;
  name: string;
  dir: string;
  author?: string;
  license?: string;
  lang?: 'fastlang' | 'escir';
}

const LICENSE_TEXT: Record<string, string> = {
  'Apache-2.0': `                                 Apache License
                           Version 2.0, January 2004
                        http://www.apache.org/licenses/

   Licensed under the Apache License, Version 2.0 (the "License");
   you may not use this file except in compliance with the License.
   You may obtain a copy of the License at

       http://www.apache.org/licenses/LICENSE-2.0

   Unless required by applicable law or agreed to in writing, software
   distributed under the License is distributed on an "AS IS" BASIS,
   WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
`,
  MIT: `MIT License

Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, subject to the conditions of the MIT License.
`,
};

const CATEGORY_TABLE: Record<string, string> = {
  'wire-adapter': '\n[wire_adapter]\nprotocol_family = "general"\ntransports = ["tcp"]\n',
  'console-widget': '\n[widget]\nwidget_category = "monitoring"\nroles = ["viewer"]\nsizes = ["medium"]\ndata_sources = ["api"]\n',
  'fpga-circuit': '\n[fpga]\ndevice_family = ["xilinx-ultrascale-plus"]\nresource_estimate = { luts = 0, brams = 0, dsps = 0 }\n',
};

/** `scaffold <category> <name>` (§6): a package directory that lints and packs as created. */
export function scaffoldPackage(o: ScaffoldOptions): string[] {
  if (!(CATEGORIES as readonly string[]).includes(o.category)) throw new MarketplaceError('E008', `unknown category "${o.category}"`, { hint: `one of: ${CATEGORIES.join(', ')}` });
  if (!NAME_RE.test(o.name)) throw new MarketplaceError('E008', `invalid package name "${o.name}"`, { hint: 'lowercase letters, digits and -, optionally @scope/name' });
  if (existsSync(o.dir)) throw new MarketplaceError('E015', `${o.dir} already exists`, { hint: 'choose another name or -o <dir>' });
  const license = o.license ?? 'Apache-2.0';
  const author = o.author ?? 'Your Name';
  const publisherName = author.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '') || 'publisher';
  let keyId = `${publisherName}-key`;
  const pubFile = defaultKeyPath().replace(/\.pem$/, '.pub.json');
  if (existsSync(pubFile)) {
    try {
      keyId = (JSON.parse(readFileSync(pubFile, 'utf8')) as { key_id: string }).key_id;
    } catch {
      // keep the placeholder
    }
  }
  const stem = o.name.replace(/^@[^/]+\//, '');
  const circuit = stem.replace(/-/g, '_');
  const files: Record<string, string> = {};
  files['estream-component.toml'] = `[package]
name = "${o.name}"
version = "0.1.0"
description = "${o.category} package ${o.name}"
license = "${license}"
category = "${o.category}"
keywords = []

[publisher]
id = "${sha3Hex(utf8(publisherName))}"
name = "${publisherName}"
signing_key_id = "${keyId}"

[author]
name = "${author.replace(/"/g, '\\"')}"

[escir]
api_version = "${TOOLCHAIN_API_VERSION}"
min_platform_version = "${PLATFORM_VERSION}"
${CATEGORY_TABLE[o.category] ?? ''}`;
  files['README.md'] = `# ${o.name}\n\nA ${o.category} package for estream.\n`;
  files.LICENSE = LICENSE_TEXT[license] ?? `SPDX-License-Identifier: ${license}\n\nCopyright (c) ${author}. Licensed under ${license}.\n`;
  files['CHANGELOG.md'] = `# Changelog\n\n## 0.1.0\n\n- Initial version.\n`;
  files['tests/golden/manifest.toml'] = `[[vectors]]\ncircuit = "${circuit}"\nfile = "${circuit}.json"\n`;
  files[`tests/golden/${circuit}.json`] = `${JSON.stringify({ circuit, input: { value: 1 }, expected: { value: 1 } }, null, 2)}\n`;
  if (o.lang === 'escir') {
    files[`circuits/${circuit}.escir.yaml`] = `escir: "1.0"\nkind: circuit\nname: ${circuit}\nversion: 0.1.0\n`;
  } else {
    files[`circuits/${circuit}.fl`] = `/// ${o.name}: replace this circuit with your own.\ncircuit ${circuit}(value: u64) -> u64 {\n  value\n}\n`;
  }
  if (o.category === 'data-schema') files[`schemas/${circuit}.data.yaml`] = `name: ${circuit}\nfields:\n  value: u64\n`;
  if (o.category === 'fpga-circuit') files['fpga/manifest.toml'] = '[bitstreams]\n';
  if (o.category === 'console-widget') files['widgets/dist/index.js'] = 'export default {};\n';
  const written: string[] = [];
  for (const [rel, content] of Object.entries(files)) {
    writeFileAtomic(join(o.dir, ...rel.split('/')), content);
    written.push(rel);
  }
  return written;
}
