/**
 * Connect timeouts cleared only when the socket comes up (src/model/connect-timers.ts), and what
 * their callback does when it fires after the socket failed.
 */
import { describe, expect, it } from 'vitest';

import { afterDeathEffect, connectTimersOf, mayHoldNodeSocket, repeatedCall } from '../../src/model/connect-timers.js';
import { createSocketDetector } from '../../src/socket.js';
import { probe } from '../support/probe.js';

/** One line per connect timer: `line handle event socket-text effect`. */
function connectTimers(code: string): string[] {
  return probe(code, (context, report) => ({
    'Program:exit'() {
      const sourceCode = context.sourceCode;
      for (const { timer, success } of connectTimersOf(sourceCode)) {
        const effect = afterDeathEffect(timer.callback, sourceCode) ?? 'none';
        report(timer.call, `${timer.handleText} ${success.event} ${sourceCode.getText(success.target)} ${effect}`);
      }
    },
  })).map(({ line, message }) => `${line}: ${message}`);
}

describe('connectTimersOf', () => {
  it("finds a timeout cleared on 'connect' or the first 'data', where it is armed, and on no failure event", () => {
    expect(
      connectTimers(`
import net from 'node:net';
export class Upstream {
  open(port) {
    const socket = net.connect(port);
    this.dial = setTimeout(() => this.emit('error', new Error('timeout')), 5000);
    socket.once('connect', () => clearTimeout(this.dial));
    this.socket = socket;
    this.greeting = setTimeout(() => this.socket.end(), 5000);
    socket.once('data', () => clearTimeout(this.greeting));
  }
}
`),
    ).toEqual(['6: this.dial connect socket error', '9: this.greeting data socket kill']);
  });

  it("leaves out a timeout also cleared in an 'error', 'end' or 'close' listener, or in what one calls", () => {
    expect(
      connectTimers(`
import net from 'node:net';
export class Upstream {
  open(port) {
    const socket = net.connect(port);
    this.a = setTimeout(() => this.emit('error', new Error('timeout')), 5000);
    socket.once('connect', () => clearTimeout(this.a));
    socket.on('error', () => clearTimeout(this.a));
    this.b = setTimeout(() => this.emit('error', new Error('timeout')), 5000);
    socket.once('connect', () => clearTimeout(this.b));
    socket.on('close', () => this.stop());
  }
  stop() {
    clearTimeout(this.b);
  }
}
`),
    ).toEqual([]);
  });

  it('leaves out a timeout armed in another function than the success listener is registered in', () => {
    expect(
      connectTimers(`
import net from 'node:net';
export class Upstream {
  open(port) {
    this.socket = net.connect(port);
    this.socket.once('connect', () => clearTimeout(this.dial));
  }
  arm() {
    this.dial = setTimeout(() => this.emit('error', new Error('timeout')), 5000);
  }
}
`),
    ).toEqual([]);
  });
});

describe('afterDeathEffect', () => {
  it("follows the file's functions and methods; a socket nothing replaces, destroyed again, does not count", () => {
    expect(
      connectTimers(`
import net from 'node:net';
export class Client {
  open(port) {
    const socket = net.connect(port);
    const self = this;
    this.stream = socket;
    this.a = setTimeout(() => this.fail(), 5000);
    socket.once('connect', () => clearTimeout(this.a));
    this.b = setTimeout(function () { self.stream.destroy(); }, 5000);
    socket.once('connect', () => clearTimeout(this.b));
    this.c = setTimeout(() => socket.destroy(new Error('timeout')), 5000);
    socket.once('connect', () => clearTimeout(this.c));
    this.d = setTimeout(() => console.log('slow'), 5000);
    socket.once('connect', () => clearTimeout(this.d));
    this.e = setTimeout(() => this.control.destroy(), 5000);
    socket.once('connect', () => clearTimeout(this.e));
  }
  fail() {
    this.report(new Error('timeout'));
  }
  report(err) {
    this.emit('error', err);
  }
  constructor() {
    this.control = net.connect(7001);
  }
}
`),
    ).toEqual([
      '8: this.a connect socket error',
      '10: this.b connect socket kill',
      '12: this.c connect socket none',
      '14: this.d connect socket none',
      '16: this.e connect socket none',
    ]);
  });

  it('reads a connection a method assigns in a callback (a reconnect) as replaceable, one only a constructor function assigns as not', () => {
    expect(
      connectTimers(`
const net = require('net');
function Conn(port) {
  this.control = net.connect(port);
}
Conn.prototype.open = function (port) {
  const self = this;
  dial(port, function (err, stream) {
    self.stream = stream;
    self.quiet = setTimeout(() => self.stream.end(), 5000);
    stream.once('data', () => clearTimeout(self.quiet));
    self.idle = setTimeout(() => self.control.end(), 5000);
    stream.once('data', () => clearTimeout(self.idle));
  });
};
`),
    ).toEqual(['10: self.quiet data stream kill', '12: self.idle data stream none']);
  });
});

describe('connectTimersOf, through another name for this', () => {
  it("counts a release through \`self\` (\`const self = this\`) in a failure listener of the socket", () => {
    expect(
      connectTimers(`
import net from 'node:net';
export class Upstream {
  open(port) {
    const self = this;
    this.stream = net.connect(port);
    this.hello = setTimeout(() => this.emit('error', new Error('timeout')), 5000);
    this.stream.once('data', () => clearTimeout(this.hello));
    this.stream.once('close', function () { clearTimeout(self.hello); });
  }
}
`),
    ).toEqual([]);
  });
});

describe('mayHoldNodeSocket', () => {
  /** One line per success listener's target: `line text yes|no`. */
  function held(code: string): string[] {
    return probe(code, (context, report) => ({
      'Program:exit'() {
        const detector = createSocketDetector(context, {});
        for (const { success } of connectTimersOf(context.sourceCode)) {
          report(success.target, `${context.sourceCode.getText(success.target)} ${mayHoldNodeSocket(success.target, (made) => detector.createdBy(made), context.sourceCode) ? 'yes' : 'no'}`);
        }
      },
    })).map(({ line, message }) => `${line}: ${message}`);
  }

  it("answers yes for a member the class gives a socket of Node's in one branch and the caller's stream in another", () => {
    expect(
      held(`
import net from 'node:net';
export class Wire {
  constructor(options) {
    this.stream = options.stream ? options.stream : undefined;
    if (!options.stream) this.stream = net.connect(options.port);
    this.hello = setTimeout(() => this.emit('error', new Error('no greeting')), 5000);
    this.stream.once('data', () => clearTimeout(this.hello));
  }
}
`),
    ).toEqual(['8: this.stream yes']);
  });

  it('answers yes for a member given, through another name for this, a stream the file configures like a socket', () => {
    expect(
      held(`
export class Wire {
  connect(connector) {
    const _this = this;
    connector.connect(function (err, stream) {
      _this.stream = stream;
      stream.setKeepAlive(true, 10_000);
    });
  }
  expectReply() {
    this.replyTimer = setTimeout(() => this.emit('error', new Error('no reply')), 1000);
    this.stream.once('data', () => clearTimeout(this.replyTimer));
  }
}
`),
    ).toEqual(['12: this.stream yes']);
  });

  it('answers no for a member that only ever holds what the caller hands in, and for a local variable', () => {
    expect(
      held(`
export class Wire {
  constructor(options) {
    this.stream = options.stream;
    this.hello = setTimeout(() => this.emit('error', new Error('no greeting')), 5000);
    this.stream.once('data', () => clearTimeout(this.hello));
  }
  open(factory) {
    const stream = factory();
    this.dial = setTimeout(() => this.emit('error', new Error('no greeting')), 5000);
    stream.once('connect', () => clearTimeout(this.dial));
  }
}
`),
    ).toEqual(['6: this.stream no', '11: stream no']);
  });
});

describe('repeatedCall', () => {
  it("names a callback the timer calls after a failure listener did, not a promise's reject, which the first call settled", () => {
    const repeated = probe(
      `
import net from 'node:net';
export function viaCallback(port, done) {
  const socket = net.connect(port);
  const timer = setTimeout(() => done(new Error('timeout')), 5000);
  socket.on('error', (err) => done(err));
  socket.once('connect', () => clearTimeout(timer));
}
export function viaPromise(port) {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port);
    const timer = setTimeout(() => reject(new Error('timeout')), 5000);
    socket.on('error', (err) => reject(err));
    socket.once('connect', () => { clearTimeout(timer); resolve(socket); });
  });
}
`,
      (context, report) => ({
        'Program:exit'() {
          for (const found of connectTimersOf(context.sourceCode)) report(found.timer.call, repeatedCall(found, context.sourceCode) ?? 'none');
        },
      }),
    ).map(({ line, message }) => `${line}: ${message}`);
    expect(repeated).toEqual(['5: done', '12: none']);
  });
});

describe("connectTimersOf on a ws WebSocket", () => {
  it("takes 'open' for its success event, and terminate() of a field a method replaces for ending the next connection", () => {
    expect(
      connectTimers(`
const WebSocket = require('ws');
class Feed {
  connect(url) {
    this.ws = new WebSocket(url);
    const opening = setTimeout(() => this.ws.terminate(), 5000);
    this.ws.on('open', () => clearTimeout(opening));
  }
}
`),
    ).toEqual(['6: opening open this.ws kill']);
  });
});
