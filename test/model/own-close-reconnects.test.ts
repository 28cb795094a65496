/**
 * Close methods whose connection's 'close' listener reconnects it (src/model/own-close-reconnects.ts).
 */
import { describe, expect, it } from 'vitest';

import { ownCloseReconnects } from '../../src/model/own-close-reconnects.js';
import { createSocketDetector } from '../../src/socket.js';
import { probe } from '../support/probe.js';

function found(code: string): string[] {
  return probe(code, (context, report) => ({
    'Program:exit'() {
      const sockets = createSocketDetector(context, {});
      for (const { call, method } of ownCloseReconnects(context.sourceCode, (creation) => sockets.createdBy(creation) === 'socket')) report(call, method);
    },
  })).map(({ line, message }) => `${line}: ${message}`);
}

const panel = (onClose: string, close = 'this.sock.destroy();', name = 'disconnect'): string => `
import net from 'node:net';
class Panel {
  connect() {
    this.sock = net.connect(23, 'panel');
    this.sock.on('error', log);
    this.sock.on('close', ${onClose});
  }
  ${name}() { ${close} }
}
`;

describe('ownCloseReconnects', () => {
  it("finds a close method whose connection's 'close' listener reconnects, directly or through a timer", () => {
    expect(found(panel('() => setTimeout(() => this.connect(), 5000)'))).toEqual(['9: disconnect']);
    expect(found(panel('() => this.connect()', 'this.sock.end();', 'stop'))).toEqual(['9: stop']);
  });

  it('finds it through a reconnect that clears a pending retry first: the listener schedules after the clear', () => {
    const debounced = panel('() => { this.retry = setTimeout(() => this.connect(), 5000); }').replace('  connect() {\n', '  connect() {\n    clearTimeout(this.retry);\n');
    expect(found(debounced)).toEqual(['10: disconnect']);
  });

  it('leaves a listener that tests a flag, a close that takes the listeners away, and a method not named as a close', () => {
    expect(found(panel('() => { if (!this.stopped) this.connect(); }', 'this.stopped = true; this.sock.destroy();'))).toEqual([]);
    expect(found(panel('() => this.connect()', 'this.sock.removeAllListeners(); this.sock.destroy();'))).toEqual([]);
    expect(found(panel('() => this.connect()', 'this.sock.destroy();', 'restart'))).toEqual([]);
    expect(found(panel('() => log("closed")'))).toEqual([]);
  });

  it('leaves out a close method that drops the socket every redial of the file reaches only through `?.`', () => {
    const inPlace = (dial: string): string => `
import net from 'node:net';
class Upstream {
  constructor() {
    this.remote = new net.Socket();
    this.remote.on('error', log);
    this.remote.on('close', () => setTimeout(() => this.redial(), 5000));
  }
  redial() { this.remote${dial}connect(23, 'panel'); }
  shutdown() { this.remote.destroy(); this.remote = undefined; }
}
`;
    expect(found(inPlace('?.'))).toEqual([]);
    expect(found(inPlace('.'))).toEqual(['10: shutdown']);
  });
});
