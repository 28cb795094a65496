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

describe('a ws WebSocket whose close listener tells its own close by the code', () => {
  const wsFound = (close: string, test = 'code !== 1000'): string[] =>
    probe(
      `
import { WebSocket } from 'ws';
class Feed {
  open() {
    this.ws = new WebSocket('ws://camera/events');
    this.ws.on('error', () => {});
    this.ws.on('close', (code) => { if (${test}) setTimeout(() => this.open(), 500); });
  }
  stop() { ${close} }
}
`,
      (context, report) => ({
        'Program:exit'() {
          const isWs = (creation: { type: string; callee?: unknown }) => creation.type === 'NewExpression' && context.sourceCode.getText(creation.callee as never) === 'WebSocket';
          for (const { call, method, whileConnecting } of ownCloseReconnects(context.sourceCode, isWs)) report(call, `${method}${whileConnecting ? ' while connecting' : ''}`);
        },
      }),
    ).map(({ line, message }) => `${line}: ${message}`);

  it('finds close(1000) that may come while connecting (1006), not one made only once open, nor a test of anything else', () => {
    expect(wsFound('this.ws.close(1000);')).toEqual(['9: stop while connecting']);
    expect(wsFound('if (this.ws.readyState === WebSocket.OPEN) this.ws.close(1000);')).toEqual([]);
    expect(wsFound('this.ws.close(1000);', 'this.running')).toEqual([]);
  });
});
