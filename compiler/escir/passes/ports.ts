/**
 * Circuit ports (ESCIR.md §3.1, §3.5, §4): types and modes. Legacy files have no `mode`:
 * `Stream<T>` is a stream, `trigger: rising_edge` an edge, `X` + `X_valid: bool` an event
 * port `X` (the flag folds into it), anything else a value port.
 */
import type { EscirReporter } from '../diagnostics.ts';
import type { PortMode, PortModel } from '../model.ts';
import { ET } from '../types/etype.ts';
import type { TypeTable } from '../types/type-table.ts';
import { get, intValue, isScalar, items, str, type YNode } from '../yaml/tree.ts';
import { didYouMean } from '../../diagnostics/suggest.ts';
import { hintOpt } from './shape.ts';

export function readPorts(list: YNode | undefined, direction: 'input' | 'output', table: TypeTable, r: EscirReporter, canonical: boolean): PortModel[] {
  const ports: PortModel[] = [];
  const seen = new Map<string, YNode>();
  for (const item of items(list)) {
    const nameNode = get(item, 'name') ?? get(item, 'id');
    const name = str(nameNode);
    if (!name || !isScalar(nameNode)) {
      if (isScalar(item) && typeof item.value === 'string') r.error('E021', `a port is a mapping \`{name, type}\`, found the string \`${item.value}\``, item);
      else if (!get(item, 'name') && !get(item, 'id')) r.error('E020', `${direction} port has no \`name\``, item);
      continue;
    }
    const prev = seen.get(name);
    if (prev) {
      r.error('E032', `${direction} \`${name}\` is declared twice`, nameNode, { related: [r.related('first declared here', prev)] });
      continue;
    }
    seen.set(name, nameNode);
    const typeNode = get(item, 'type');
    const type = typeNode ? table.resolveNode(typeNode, { allowStream: true, anonName: `${name}$port` }) : ET.unknown;
    if (!typeNode) r.error('E020', `${direction} \`${name}\` has no \`type\``, nameNode);
    let mode: PortMode = 'value';
    const modeNode = get(item, 'mode');
    const trigger = str(get(item, 'trigger'));
    if (canonical) {
      const m = str(modeNode);
      if (m === 'value' || m === 'event' || m === 'edge' || m === 'stream') mode = m;
      if (type.k === 'stream' && mode !== 'stream') r.error('E040', '`Stream<T>` ports have `mode: stream`', typeNode ?? nameNode);
      if (mode === 'edge' && type.k !== 'bool' && type.k !== 'unknown') r.error('E042', '`mode: edge` needs a bool port', typeNode ?? nameNode);
    } else if (type.k === 'stream') mode = 'stream';
    else if (trigger === 'rising_edge') mode = 'edge';
    const port: PortModel = { name, type, mode, direction, node: item, nameNode };
    if (trigger) port.trigger = trigger;
    const fifo = get(item, 'fifo');
    if (fifo) {
      const depth = intValue(get(fifo, 'depth'));
      port.fifo = { depth: depth !== undefined ? Number(depth) : 16, policy: str(get(fifo, 'policy')) ?? 'stall' };
    }
    ports.push(port);
  }
  if (!canonical) pairValidFlags(ports, r);
  return ports;
}

/** Legacy `X` + `X_valid` (ESCIR.md §4): X becomes an event port, the flag its presence. */
function pairValidFlags(ports: PortModel[], r: EscirReporter): void {
  for (const flag of ports) {
    const m = /^(.*)_valid$/.exec(flag.name);
    if (!m || flag.type.k !== 'bool') continue;
    const base = m[1]!;
    let partner = ports.find((p) => p.name === base);
    if (!partner) {
      const candidates = ports.filter((p) => p !== flag && p.name.startsWith(`${base}_`) && !p.name.endsWith('_valid'));
      if (candidates.length === 1) {
        partner = candidates[0];
        r.warning('W080', `\`${flag.name}\` has no port \`${base}\`; paired with \`${partner!.name}\`, which becomes an event port`, flag.nameNode ?? flag.node, {
          hint: 'canonical ESCIR writes `mode: event` on the port',
        });
      } else {
        r.warning('W080', `\`${flag.name}\` pairs with no port (${candidates.length === 0 ? `no \`${base}\` or \`${base}_…\`` : `several \`${base}_…\` ports`}); kept as a bool value port`, flag.nameNode ?? flag.node, {
          ...hintOpt(didYouMean(base, ports.map((p) => p.name))),
        });
        continue;
      }
    }
    if (!partner || partner.mode === 'stream') continue;
    partner.mode = 'event';
    partner.validPort = flag.name;
    flag.isValidFlag = true;
  }
}
