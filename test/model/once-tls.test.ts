/**
 * A TLS socket whose every 'error' listener in the file is a once() (src/model/once-tls.ts).
 */
import { describe, expect, it } from 'vitest';

import { onceOnTls } from '../../src/model/once-tls.js';
import { probe } from '../support/probe.js';

function answers(code: string): string[] {
  return probe(code, (context, report) => ({
    'Program:exit'() {
      for (const found of onceOnTls(context.sourceCode)) report(found.once, context.sourceCode.getText(found.socket));
    },
  })).map(({ line, message }) => `${line} ${message}`);
}

describe('onceOnTls', () => {
  it('finds once() on tls.connect(), stored, chained, or copied, in every import style; new TLSSocket() keeps Node\'s own listener', () => {
    expect(
      answers(`
const { connect, TLSSocket } = require('node:tls');
class Stored {
  open(host) {
    this.link = connect(993, host);
    this.link.once('error', onError);
    this.link.write('A1 CAPABILITY\\r\\n');
  }
}
function chained(host) {
  const link = connect(993, host).once('error', onError);
  link.write('A1 CAPABILITY\\r\\n');
}
function wrapped(raw) {
  const secure = new TLSSocket(raw);
  secure.prependOnceListener('error', onError);
  secure.write('A1 CAPABILITY\\r\\n');
}
`),
    ).toEqual(['6 this.link', '11 connect(993, host)']);
  });

  it('leaves alone a net socket, a lasting listener, a destroy in the listener, no write, a hand-off, and a file without tls', () => {
    expect(
      answers(`
import net from 'node:net';
import tls from 'node:tls';
function plain(host) {
  const socket = net.connect(25, host);
  socket.once('error', onError);
}
function lasting(host) {
  const secure = tls.connect(993, host);
  secure.once('error', onError);
  const same = secure;
  same.on('error', onError);
}
function closed(host) {
  const secure = tls.connect(993, host);
  secure.once('error', () => shut());
  function shut() { secure.destroy(); }
}
function handed(host, callback) {
  const secure = tls.connect(993, host, () => callback(null, secure));
  secure.once('error', callback);
}
function unwritten(host) {
  const secure = tls.connect(993, host);
  secure.once('error', onError);
}
function returned(host) {
  const secure = tls.connect(993, host);
  secure.once('error', onError);
  return secure;
}
`),
    ).toEqual([]);
    expect(answers(`const connect = require('./tls'); connect(993).once('error', onError);`)).toEqual([]);
  });

  it('does not take the lasting listener of a value the field is given later for one of the first socket', () => {
    expect(
      answers(`
import tls from 'node:tls';
function Mailbox(options) {
  const self = this;
  this.link = tls.connect(options.port, options.host);
  this.link.once('error', (err) => self.emit('error', err));
  this.link.write('A1 CAPABILITY\\r\\n');
}
Mailbox.prototype.upgrade = function (raw) {
  const self = this;
  self.link = tls.connect({ socket: raw });
  self.link.on('error', (err) => self.emit('error', err));
};
`),
    ).toEqual(['6 this.link']);
    expect(
      answers(`
import tls from 'node:tls';
function Mailbox(options) {
  const self = this;
  this.link = tls.connect(options.port, options.host);
  this.link.once('error', (err) => self.emit('error', err));
  this.link.write('A1 CAPABILITY\\r\\n');
}
Mailbox.prototype.keepListening = function () {
  const self = this;
  self.link.on('error', (err) => self.emit('error', err));
};
`),
    ).toEqual([]);
  });

  it('does not take a copy of undefined for a copy of the socket', () => {
    expect(
      answers(`
import tls from 'node:tls';
function Client() { this.link = undefined; this.last = undefined; }
Client.prototype.open = function (host, done) {
  this.link = tls.connect(993, host);
  this.link.once('error', onError);
  this.link.write('A1 CAPABILITY\\r\\n');
  done(this.last);
};
`),
    ).toEqual(['6 this.link']);
  });

  it("counts new TLSSocket() where the file releases Node's listener itself (_releaseControl)", () => {
    expect(
      answers(`
const { TLSSocket } = require('node:tls');
function wrapped(raw) {
  const secure = new TLSSocket(raw);
  secure._releaseControl();
  secure.once('error', onError);
  secure.write('A1 CAPABILITY\\r\\n');
}
`),
    ).toEqual(['6 secure']);
  });

  it("leaves a once listener that the TCP connect's listener takes off again, directly or through a helper", () => {
    const chat = (removal: string, event = 'ready'): string => `
import tls from 'node:tls';
export class Chat {
  open(host) {
    this.sock = tls.connect(5223, host);
    return new Promise((resolve, reject) => {
      const cleanup = () => { this.sock.removeListener('error', onError); };
      const onReady = () => { ${removal}; resolve(this); };
      const onError = (err) => { this.sock.removeListener('${event}', onReady); reject(err); };
      this.sock.once('error', onError);
      this.sock.once('${event}', onReady);
    });
  }
  send(stanza) { this.sock.write(stanza); }
}
`;
    expect(answers(chat('cleanup()'))).toEqual([]);
    expect(answers(chat("this.sock.off('error', onError)", 'connect'))).toEqual([]);
    // Taken off once the handshake is done, or not at all: it meets the TLS records.
    expect(answers(chat('cleanup()', 'secureConnect'))).toEqual(['10 this.sock']);
    expect(answers(chat('log()'))).toEqual(['10 this.sock']);
  });
});
