/**
 * Promises that only a socket's reply or 'error' settles (src/model/reply-promises.ts): each
 * snippet lists the line of every 'data' / 'readable' registration the model reports. Sockets here
 * are the values whose name starts with `sock`.
 */
import { describe, expect, it } from 'vitest';

import { replyOnlyPromises } from '../../src/model/reply-promises.js';
import { probe } from '../support/probe.js';

function reported(code: string): number[] {
  return probe(code, (context, report) => ({
    'Program:exit'() {
      const isSocket = (node: { type: string; name?: string }) => node.type === 'Identifier' && /^sock/u.test(node.name ?? '');
      for (const { listener } of replyOnlyPromises(context.sourceCode, isSocket)) report(listener, 'reply');
    },
  })).map(({ line }) => line);
}

function kinds(code: string): string[] {
  return probe(code, (context, report) => ({
    'Program:exit'() {
      const isSocket = (node: { type: string; name?: string }) => node.type === 'Identifier' && /^sock/u.test(node.name ?? '');
      for (const { listener, kind } of replyOnlyPromises(context.sourceCode, isSocket)) report(listener, kind);
    },
  })).map(({ line, message }) => `${line}:${message}`);
}

describe('replyOnlyPromises', () => {
  it('follows a chain of calls that return the socket, and listeners added in its callbacks', () => {
    expect(
      reported(`
export const probeServer = (path) => new Promise((resolve) => {
  const sock = new Socket();
  sock.connect({ path }, () => sock.write('hello\\n')).on('data', () => resolve(true)).on('error', () => resolve(false));
});
export const greeting = (port) => new Promise((resolve, reject) => {
  const sock = connect(port, () => {
    sock.once('readable', () => resolve(sock.read()));
  });
  sock.once('error', reject);
});
`),
    ).toEqual([4, 8]);
  });

  it("needs an 'error' listener that settles the promise too, and none of 'end' or 'close'", () => {
    expect(
      reported(`
export const noError = (sock) => new Promise((resolve) => { sock.once('data', resolve); });
export const onEnd = (sock) => new Promise((resolve, reject) => { sock.once('data', resolve); sock.once('error', reject); sock.once('end', () => reject(new Error('ended'))); });
export const onTimeout = (sock) => new Promise((resolve, reject) => { sock.once('data', resolve); sock.once('error', reject); sock.setTimeout(1000, () => reject(new Error('idle'))); });
export const otherSocket = (sock, sockB) => new Promise((resolve, reject) => { sock.once('data', resolve); sockB.once('error', reject); });
export const reported = (sock) => new Promise((resolve, reject) => { sock.once('data', resolve); sock.once('error', reject); });
`),
    ).toEqual([4, 6]);
  });

  it("takes an idle timeout for a way out only where sockets stay open after the FIN (allowHalfOpen)", () => {
    const timeouts = `
export const onTimeout = (sock) => new Promise((resolve, reject) => { sock.once('data', resolve); sock.once('error', reject); sock.setTimeout(1000, () => reject(new Error('idle'))); });
export const onTimeoutEvent = (sock) => new Promise((resolve, reject) => { sock.once('data', resolve); sock.once('error', reject); sock.once('timeout', () => reject(new Error('idle'))); });
`;
    expect(reported(timeouts)).toEqual([2, 3]);
    expect(reported(`const options = { allowHalfOpen: true };\n${timeouts}`)).toEqual([]);
  });

  it('leaves promises alone whose settle functions are kept, handed on, or called from a timer', () => {
    expect(
      reported(`
export const kept = (sock, pending) => new Promise((resolve, reject) => { pending.push({ resolve, reject }); sock.once('data', resolve); sock.once('error', reject); });
export const timer = (sock) => new Promise((resolve, reject) => { sock.once('data', resolve); sock.once('error', reject); setTimeout(reject, 1000, new Error('no reply')); });
export const timerCall = (sock) => new Promise((resolve, reject) => { sock.once('data', resolve); sock.once('error', reject); setTimeout(() => reject(new Error('no reply')), 1000); });
export const signal = (sock, ac) => new Promise((resolve, reject) => { sock.once('data', resolve); sock.once('error', reject); ac.signal.addEventListener('abort', () => reject(new Error('aborted'))); });
`),
    ).toEqual([]);
  });

  it('stops at a named function: it may run from anywhere', () => {
    expect(
      reported(`
export const later = (sock) => new Promise((resolve, reject) => {
  function listen() { sock.once('data', resolve); sock.once('error', reject); }
  listen();
});
`),
    ).toEqual([]);
  });

  it("tells a promise only the connect or only the data settles, on a socket the file connects and listens to for 'error'", () => {
    expect(
      kinds(`
const sock = new Socket();
sock.on('error', (err) => log(err));
export const connectOnly = () => new Promise((resolve) => sock.connect(80, 'example', resolve));
export const connectHeard = () => new Promise((resolve, reject) => { sock.connect(80, 'example', resolve); sock.once('error', reject); });
export const dataOnly = () => new Promise((resolve) => { sock.write('x'); sock.once('data', resolve); });
export const both = () => new Promise((resolve, reject) => { sock.once('data', resolve); sock.once('error', reject); });
export const raced = () => Promise.race([later(1000), new Promise((resolve) => sock.once('data', resolve))]);
`),
    ).toEqual(['4:connect', '6:data', '7:reply']);
  });

  it('leaves a promise raced through a chain on it, or through the const that holds it, and not one given to Promise.all', () => {
    expect(
      kinds(`
const sock = new Socket();
sock.on('error', (err) => log(err));
export async function open() {
  const up = new Promise((resolve) => sock.once('connect', resolve)).then(() => true);
  const down = new Promise((resolve) => sock.once('data', resolve));
  await Promise.race([up, down.finally(() => log('data'))]);
  const both = new Promise((resolve) => sock.connect(80, 'example', resolve)).catch(() => false);
  await Promise.all([both, later(1000)]);
  await Promise.race([new Promise((resolve) => sock.once('data', resolve)).then(String), later(1000)]);
}
`),
    ).toEqual(['8:connect']);
  });

  it('leaves a promise given to a helper named for a timeout, alone or in a list, and not one given to another helper', () => {
    const call = (bound: string): string => `
export function call(port, frame) {
  const sock = net.connect(port, '127.0.0.1', () => sock.write(frame));
  const reply = new Promise((resolve, reject) => {
    sock.on('data', (chunk) => { sock.destroy(); resolve(chunk); });
    sock.on('error', reject);
  });
  return ${bound};
}
`;
    expect(kinds(call('timeoutPromise([reply], 1000)'))).toEqual([]);
    expect(kinds(call('pTimeout(reply, 1000)'))).toEqual([]);
    expect(kinds(call('track([reply], 1000)'))).toEqual(['5:reply']);
  });

  it('leaves a promise raced through a `Promise.all` in the race, and not one only in a `Promise.all`', () => {
    const connected = (bound: string): string => `
export async function get(port, frame, timeout) {
  const sock = net.connect(port, '127.0.0.1');
  const failed = new Promise((_, reject) => sock.on('error', reject));
  const sent = new Promise((resolve) => sock.on('connect', () => { sock.write(frame); resolve(); }));
  const reply = new Promise((resolve) => sock.once('data', resolve));
  return ${bound};
}
`;
    expect(kinds(connected('Promise.race([failed, timeout, Promise.all([reply, sent])])'))).toEqual([]);
    expect(kinds(connected('Promise.all([reply, sent])'))).toEqual(['5:connect']);
  });

  it("leaves a connect alone when the socket's own 'error' or 'close' listener connects it again", () => {
    const retried = (event: string, retrying = 'sock') => `
const sock = new Socket();
sock.on('error', log);
sock.on('${event}', () => setTimeout(() => ${retrying}.connect(80, 'example'), 1000));
export const open = () => new Promise((resolve) => sock.connect(80, 'example', () => resolve(sock)));
`;
    expect(kinds(retried('close'))).toEqual([]);
    expect(kinds(retried('error'))).toEqual([]);
    // A retry from 'end' (a refusal never ends the socket), or another socket's retry, is no way out.
    expect(kinds(retried('end'))).toEqual(['5:connect']);
    expect(kinds(retried('close', 'other'))).toEqual(['5:connect']);
  });

  it('leaves the data alone on a socket the file does not connect or where it is awaited, and a connect on a socket nothing listens to', () => {
    expect(
      kinds(`
export const serverStep = (sockIn) => { sockIn.on('error', log); return new Promise((resolve) => sockIn.once('data', resolve)); };
const sockOwn = connect(80, 'example');
sockOwn.on('error', log);
sockOwn.on('connect', async () => { const first = await new Promise((resolve) => sockOwn.once('data', resolve)); log(first); });
export const unheard = () => { const sockOut = new Socket(); return new Promise((resolve) => sockOut.connect(80, 'example', resolve)); };
`),
    ).toEqual([]);
  });
});

describe('replyOnlyPromises, callback style', () => {
  const callbacks = (code: string): string[] =>
    probe(code, (context, report) => ({
      'Program:exit'() {
        const isSocket = (node: { type: string; name?: string }) => node.type === 'Identifier' && /^sock/u.test(node.name ?? '');
        for (const { listener, callback } of replyOnlyPromises(context.sourceCode, isSocket)) report(listener, callback ?? 'promise');
      },
    })).map(({ line, message }) => `${line}:${message}`);

  it("takes a function's last parameter named as a callback for what settles, on a socket the function makes and connects", () => {
    expect(
      callbacks(`
export function ping(port, callback) {
  const sock = new Socket();
  sock.connect(port, () => sock.write('PING\\n')).on('data', (d) => callback(null, d)).on('error', (err) => callback(err));
}
export function version(port, done) {
  const sock = new Socket();
  sock.connect(port).on('data', (d) => done(null, d)).once('error', done);
}
export function lines(port, onLine) {
  const sock = new Socket();
  sock.connect(port).on('data', (d) => onLine(null, d)).on('error', (err) => onLine(err));
}
export function served(sock, callback) {
  sock.on('data', (d) => callback(null, d)).on('error', (err) => callback(err));
}
`),
    ).toEqual(['4:callback', '8:done']);
  });

  it("reads `new` before Node's connect function as the call: the socket it returns is connected here", () => {
    const send = (make: string): string => `
import net from 'node:net';
export function send(port, message, done) {
  const sock = ${make}(port, () => sock.write(message));
  sock.on('data', (ack) => done(null, ack));
  sock.on('error', done);
}
`;
    expect(callbacks(send('net.connect'))).toEqual(['5:done']);
    expect(callbacks(send('new net.connect'))).toEqual(['5:done']);
    expect(callbacks(send('new net.createConnection'))).toEqual(['5:done']);
    // A constructor of something else, named `connect`, is no connect of Node's.
    expect(callbacks(send('new Link.connect'))).toEqual([]);
  });

  it("reads an 'end' listener added through pipe(), which returns its destination, as a way out", () => {
    expect(
      callbacks(`
export function scan(port, input, callback) {
  const sock = new Socket();
  sock.connect(port, () => {
    input.pipe(sock).on('end', () => callback(new Error('no reply')));
  }).on('data', (d) => callback(null, d)).on('error', (err) => callback(err));
}
`),
    ).toEqual([]);
  });

  it("finds a promise only a UDP socket's bind callback settles, on a const or a class field of dgram's", () => {
    expect(
      kinds(`
import dgram from 'node:dgram';
const sock = dgram.createSocket('udp4');
export const bound = (port: number) => new Promise((resolve) => sock.bind(port, resolve));
export const heard = (port: number) => new Promise((resolve, reject) => { sock.once('error', reject); sock.bind(port, resolve); });
class Receiver {
  private udp = dgram.createSocket('udp4');
  private other: { bind(port: number, cb: () => void): void } = { bind: (_port, cb) => cb() };
  bind(port: number) { return new Promise<void>((resolve) => this.udp.bind(port, resolve)); }
  bindOther(port: number) { return new Promise<void>((resolve) => this.other.bind(port, resolve)); }
}
`),
    ).toEqual(['4:bind', '9:bind']);
  });
});
