/** `verify` (ML-DSA-87) and `hash` lowered to IR builtins, with a real key pair. */
import { ml_dsa87 } from '@noble/post-quantum/ml-dsa.js';
import { describe, expect, it } from 'vitest';
import { interpreterExecutor, runEscirTests } from '../../../compiler/escir/index.ts';
import { compile, load } from '../helpers.ts';

const hex = (b: Uint8Array) => `0x${Buffer.from(b).toString('hex')}`;

describe('verify', () => {
  it('accepts a good signature and rejects a tampered message', async () => {
    const seed = new Uint8Array(32).fill(7);
    const keys = ml_dsa87.keygen(seed);
    const msg = new TextEncoder().encode('open valve 3');
    const sig = ml_dsa87.sign(msg, keys.secretKey, { context: new Uint8Array(0) });
    const bad = new TextEncoder().encode('open valve 4');
    const text = `escir: "1.0"
kind: circuit
name: signed_command
version: 1.0.0
inputs:
  - {name: key, type: "bytes(2592)", mode: value}
  - {name: cmd, type: "bytes(12)", mode: event}
  - {name: sig, type: "bytes(4627)", mode: event}
outputs: [{name: valid, type: bool, mode: event}]
graph:
  nodes:
    - {id: check, op: verify, params: {alg: ml_dsa_87}}
  edges: ["key -> check.key", "cmd -> check.msg", "sig -> check.sig", "check.ok -> valid"]
tests:
  - name: good and bad
    steps:
      - setup: {key: "${hex(keys.publicKey)}"}
      - input: {cmd: "${hex(msg)}", sig: "${hex(sig)}"}
      - expect: {valid: true}
      - input: {cmd: "${hex(bad)}", sig: "${hex(sig)}"}
      - expect: {valid: false}
      - advance: {ms: 1}
      - expect: {valid: null}
`;
    const { model, lowering, diagnostics } = compile(text);
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const results = runEscirTests(model!, lowering!.graph, await interpreterExecutor(lowering!.module));
    expect(results.map((r) => [r.status, r.message])).toEqual([['passed', undefined]]);
  });

  it('unwired operands are opaque: W054 in legacy files, an error in canonical ones', () => {
    const legacy = load('name: v\nversion: "0.9"\nversion: "1"\ninputs: [{name: m, type: "bytes(4)"}]\noutputs: [{name: ok, type: bool}]\ncompute:\n  nodes:\n    - {id: check, type: verify_mldsa}\n  flows: ["m -> check.msg", "check.ok -> ok"]\n');
    expect(legacy.codes).toContain('W054');
  });
});
