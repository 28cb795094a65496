/**
 * What an HTTP client's request and response emit when the server dies in the middle of the
 * body, measured on 127.0.0.1: the fact `cleanup-dead-socket`'s `endOnlyResponse` relies on
 * (src/model/response-ends.ts).
 */
import { describe, expect, it } from 'vitest';

import { runNode } from '../support/loopback.js';

/** The server promises 100 bytes, sends 7 and destroys the connection; the client lists what it hears for 400 ms. */
function midBody(listenForError: boolean): string {
  return `
const http = require('node:http');
const server = http.createServer((req, res) => {
  res.writeHead(200, { 'content-length': '100' });
  res.write('partial');
  setTimeout(() => res.socket.destroy(), 50);
});
server.listen(0, '127.0.0.1', () => {
  const events = [];
  const req = http.get({ port: server.address().port, host: '127.0.0.1' }, (res) => {
    res.on('data', () => {});
    for (const event of ['end', 'close', 'aborted'${listenForError ? ", 'error'" : ''}]) res.on(event, (err) => events.push('response ' + event + (err && err.code ? ' ' + err.code : '')));
  });
  for (const event of ['error', 'close']) req.on(event, (err) => events.push('request ' + event + (err && err.code ? ' ' + err.code : '')));
  setTimeout(() => { console.log(JSON.stringify(events)); server.close(); }, 400);
});`;
}

async function heard(listenForError: boolean): Promise<string[]> {
  const result = await runNode(midBody(listenForError));
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  return JSON.parse(result.stdout.trim().split('\n').at(-1) ?? '[]') as string[];
}

describe('a response cut short by the server', () => {
  it("emits 'aborted' and 'close', never 'end'; the request only 'close'; no crash without an 'error' listener", async () => {
    const events = await heard(false);
    expect(events).toContain('response aborted');
    expect(events).toContain('response close');
    expect(events).not.toContain('response end');
    expect(events.filter((event) => event.startsWith('request '))).toEqual(['request close']);
  });

  it("emits 'error' (ECONNRESET) on the response only when it has a listener for it", async () => {
    expect(await heard(true)).toContain('response error ECONNRESET');
  });
});

/**
 * The server sends the whole response, then resets the connection; the client lists what its
 * request hears for 400 ms. What `no-use-after-dead`'s `headersMaybeSent` relies on
 * (src/model/liveness-peers.ts): headers a proxy sends in its upstream response's 'end' listener
 * are sent once that request can fail no more.
 */
function resetAfterResponse(agent: string): string {
  return `
const http = require('node:http');
const server = http.createServer((req, res) => {
  const socket = req.socket;
  res.end('complete');
  setTimeout(() => { if (!socket.destroyed) socket.resetAndDestroy(); }, 50);
});
server.listen(0, '127.0.0.1', () => {
  const events = [];
  const req = http.get({ port: server.address().port, host: '127.0.0.1', agent: ${agent} }, (res) => {
    res.on('data', () => {});
    res.on('end', () => events.push('response end'));
  });
  for (const event of ['error', 'close']) req.on(event, (err) => events.push('request ' + event + (err && err.code ? ' ' + err.code : '')));
  setTimeout(() => { console.log(JSON.stringify(events)); server.close(); }, 400);
});`;
}

describe('a connection reset after the whole response came', () => {
  it.each([
    ['a keep-alive agent', 'new http.Agent({ keepAlive: true })'],
    ['no agent', 'false'],
  ])("gives its request no 'error' (%s)", async (_, agent) => {
    const result = await runNode(resetAfterResponse(agent));
    expect(result.stderr).toBe('');
    const events = JSON.parse(result.stdout.trim().split('\n').at(-1) ?? '[]') as string[];
    expect(events).toContain('response end');
    expect(events.filter((event) => event.startsWith('request error'))).toEqual([]);
  });
});
