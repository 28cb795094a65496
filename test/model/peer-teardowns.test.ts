/**
 * A relayed socket torn down on one way of the other's closing only (src/model/peer-teardowns.ts):
 * in an 'end' listener (a reset never reaches it) or an 'error' listener (a clean close never
 * does), with no 'close' listener, nor the other of the two, touching it.
 */
import { describe, expect, it } from 'vitest';

import { matchOncePerObject } from '../../src/dead-socket.js';
import { withLibraryObjects } from '../../src/model/close-reach.js';
import { oneWayTeardowns } from '../../src/model/peer-teardowns.js';
import { createSocketDetector } from '../../src/socket.js';
import { probe } from '../support/probe.js';

function teardowns(code: string): string[] {
  return probe(code, (context, report) => ({
    'Program:exit'(program) {
      const sockets = createSocketDetector(context, {});
      const found = oneWayTeardowns(context.sourceCode, (node) => sockets.match(node)?.kind === 'socket');
      report(program, found.map(({ call, event }) => `${call.loc.start.line}:${event}`).join(' ') || 'none');
    },
  })).map(({ message }) => message);
}

/** A relay between `service` and `relay`; `wiring` is what the function adds. */
const relay = (wiring: string): string => `
import net from 'node:net';
export function bridge(port) {
  const relay = net.connect(7000, '127.0.0.1');
  const service = net.connect(port, '127.0.0.1');
  relay.on('error', () => {});
  ${wiring}
}
`;

describe('oneWayTeardowns', () => {
  it("finds a teardown of the other socket in an 'error' or an 'end' listener only", () => {
    expect(teardowns(relay("service.on('data', (d) => relay.write(d));\n  service.on('error', () => relay.end());"))).toEqual(['8:error']);
    expect(teardowns(relay("relay.pipe(service).pipe(relay);\n  service.on('error', () => {});\n  service.on('end', () => relay.end());"))).toEqual(['9:end']);
  });

  it("leaves it when a 'close' or the other listener touches the socket too, or a pipe or pipeline ties them", () => {
    expect(teardowns(relay("service.on('data', (d) => relay.write(d));\n  service.on('error', () => relay.end());\n  service.on('close', () => relay.destroy());"))).toEqual(['none']);
    expect(teardowns(relay("service.on('data', (d) => relay.write(d));\n  service.on('error', () => relay.end());\n  service.on('end', () => relay.end());"))).toEqual(['none']);
    expect(teardowns(relay("service.pipe(relay);\n  service.on('error', () => relay.end());"))).toEqual(['none']);
    expect(teardowns(relay("const counter = new PassThrough();\n  service.pipe(counter).pipe(relay);\n  service.on('error', () => relay.end());"))).toEqual(['none']);
    expect(teardowns(relay("const counter = new PassThrough();\n  relay.pipe(counter).pipe(service);\n  service.on('error', () => relay.end());"))).toEqual(['9:error']);
    expect(teardowns(relay("pipeline(service, relay, () => {});\n  service.on('end', () => relay.end());"))).toEqual(['none']);
  });

  it('leaves sockets that carry no traffic between them, and a raw socket a TLS socket wraps', () => {
    expect(teardowns(relay("service.on('error', () => relay.end());"))).toEqual(['none']);
    expect(teardowns(relay("service.on('data', (d) => relay.write(d));\n  const options = { socket: relay };\n  service.on('error', () => relay.end());"))).toEqual(['none']);
  });
});

describe('oneWayTeardowns, with a WebSocket on the other side', () => {
  it("reads send() and 'message' as relaying, and close() or terminate() as the teardown", () => {
    const found = probe(
      `
import net from 'node:net';
import WebSocket from 'ws';
net.createServer((local) => {
  const upstream = new WebSocket('wss://relay.example/tunnel');
  local.on('data', (data) => upstream.send(data));
  local.on('end', () => upstream.close());
});
net.createServer((local) => {
  const covered = new WebSocket('wss://relay.example/tunnel');
  covered.on('message', (message) => local.write(message));
  local.on('end', () => covered.close());
  local.on('error', () => covered.terminate());
});
net.createServer((local) => {
  const quiet = new WebSocket('wss://relay.example/tunnel');
  local.on('end', () => quiet.close());
});
`,
      (context, report) => ({
        'Program:exit'(program) {
          const { sourceCode } = context;
          const matchSocket = withLibraryObjects(matchOncePerObject(createSocketDetector(context, {}), sourceCode), sourceCode);
          const teardowns = oneWayTeardowns(sourceCode, (node) => matchSocket(node)?.kind === 'socket');
          report(program, teardowns.map(({ call, event }) => `${call.loc.start.line}:${event}`).join(' ') || 'none');
        },
      }),
    ).map(({ message }) => message);
    expect(found).toEqual(['7:end']);
  });
});
