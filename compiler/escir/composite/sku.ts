/**
 * The industrial-gateway SKUs (ESCIR.md §8 table): limits every composite of that SKU must
 * declare, and the protocol pool sizes it ships with.
 */

export interface SkuLimits {
  sku: string;
  max_devices: number;
  max_registers: number;
  max_alarms: number;
  max_polls_per_second: number;
  historian_buffer_hours?: number;
  historian_buffer_days?: number;
  max_redundant_pairs?: number;
  /** Pool sizes: TCP, Modbus-TCP, serial, RTU, DNP3, OPC-UA. */
  pools: { tcp: number; modbus_tcp: number; serial?: number; rtu?: number; dnp3?: number; opcua?: number };
}

export const GATEWAY_SKUS: Record<string, SkuLimits> = {
  lite: { sku: 'industrial-gateway-lite', max_devices: 10, max_registers: 256, max_alarms: 64, max_polls_per_second: 100, pools: { tcp: 10, modbus_tcp: 10 } },
  standard: {
    sku: 'industrial-gateway-standard',
    max_devices: 50,
    max_registers: 2048,
    max_alarms: 512,
    max_polls_per_second: 1000,
    historian_buffer_hours: 24,
    pools: { tcp: 50, modbus_tcp: 50, serial: 8, rtu: 8 },
  },
  premium: {
    sku: 'industrial-gateway-premium',
    max_devices: 200,
    max_registers: 8192,
    max_alarms: 2048,
    max_polls_per_second: 5000,
    historian_buffer_days: 7,
    max_redundant_pairs: 4,
    pools: { tcp: 200, modbus_tcp: 200, serial: 16, rtu: 16, dnp3: 50, opcua: 50 },
  },
};

/** The SKU a composite is, from `metadata.marketplace.sku` or its name. */
export function skuOf(sku: string | undefined, name: string | undefined): SkuLimits | undefined {
  for (const s of Object.values(GATEWAY_SKUS)) {
    if (sku === s.sku) return s;
  }
  const n = (name ?? '').toLowerCase();
  if (!sku && /gateway/.test(n)) {
    for (const [tier, s] of Object.entries(GATEWAY_SKUS)) if (new RegExp(`(^|[-_/])${tier}($|[-_.])`).test(n)) return s;
  }
  return undefined;
}

/** Which limit a config array or pool guards, by its name. */
export function limitForName(name: string): 'max_devices' | 'max_registers' | 'max_alarms' | undefined {
  const n = name.toLowerCase();
  if (/alarm/.test(n)) return 'max_alarms';
  if (/register/.test(n)) return 'max_registers';
  if (/device|slave|unit|peer|client|connection/.test(n)) return 'max_devices';
  return undefined;
}
