/**
 * Listeners a method adds to the instance's one socket on every call (src/model/per-call-listeners.ts):
 * each snippet lists `line method event` for every one the model finds.
 */
import { describe, expect, it } from 'vitest';

import { perCallListeners } from '../../src/model/per-call-listeners.js';
import { createSocketDetector } from '../../src/socket.js';
import { probe } from '../support/probe.js';

function found(code: string): string[] {
  return probe(code, (context, report) => ({
    'Program:exit'(program) {
      const sockets = createSocketDetector(context, {});
      const list = perCallListeners(context.sourceCode, (node) => sockets.match(node) !== undefined).map(({ listener, name }) => `${listener.call.loc.start.line} ${name} ${listener.event}`);
      report(program, list.join(', ') || 'none');
    },
  })).map(({ message }) => message);
}

/** A class keeping one socket; `send` is the body of its `send(line)`, `callers` the rest of the class. */
const link = (send: string, callers: string): string => `
import net from 'node:net';
export class Link {
  constructor(host) { this.socket = net.connect(4998, host); this.socket.on('error', () => {}); }
  send(line) {
    ${send}
  }
  ${callers}
}
`;

describe('perCallListeners', () => {
  it('finds a listener a method adds on every call, called from two places or from a repeating one', () => {
    const send = "this.socket.write(line);\n    this.socket.on('data', (d) => this.reply(d));";
    expect(found(link(send, "on() { this.send('ON'); }\n  off() { this.send('OFF'); }"))).toEqual(['7 send data']);
    expect(found(link(send, "poll() { setInterval(() => this.send('STATUS'), 1000); }"))).toEqual(['7 send data']);
    expect(found(link(send, "all(lines) { for (const l of lines) this.send(l); }"))).toEqual(['7 send data']);
  });

  it('leaves a method called once, a one-time listener, a method that makes the socket, and a file that takes listeners off', () => {
    const send = "this.socket.write(line);\n    this.socket.on('data', (d) => this.reply(d));";
    expect(found(link(send, "hello() { this.send('HELLO'); }"))).toEqual(['none']);
    expect(found(link(send.replace("on('data'", "once('data'"), "on() { this.send('ON'); }\n  off() { this.send('OFF'); }"))).toEqual(['none']);
    expect(found(link(`this.socket = net.connect(4998);\n    ${send}`, "on() { this.send('ON'); }\n  off() { this.send('OFF'); }"))).toEqual(['none']);
    expect(found(link(send, "on() { this.send('ON'); }\n  off() { this.send('OFF'); }\n  close() { this.socket.removeAllListeners('data'); }"))).toEqual(['none']);
    // Called only by a reconnect that puts a new socket in the field first.
    expect(found(link(send, "reopen() { this.socket = net.connect(4998); this.send('HELLO'); }\n  again() { this.socket = net.connect(4998); this.send('HELLO'); }"))).toEqual(['none']);
  });
});
