/**
 * Intervals started per connection with their handle dropped (src/model/dropped-timers.ts): each
 * snippet lists the line of every `setInterval` the model reports.
 */
import { describe, expect, it } from 'vitest';

import { matchOncePerObject } from '../../src/dead-socket.js';
import { droppedIntervals } from '../../src/model/dropped-timers.js';
import { createSocketDetector } from '../../src/socket.js';
import { probe } from '../support/probe.js';

function reported(code: string): number[] {
  return probe(code, (context, report) => ({
    'Program:exit'() {
      const matchSocket = matchOncePerObject(createSocketDetector(context, {}), context.sourceCode);
      for (const { call } of droppedIntervals(context.sourceCode, matchSocket)) report(call, 'dropped');
    },
  })).map(({ line }) => line);
}

describe('droppedIntervals', () => {
  it("finds a connection's interval whose value is thrown away, also through unref()", () => {
    expect(
      reported(`
import net from 'node:net';
net.createServer((socket) => {
  setInterval(() => socket.write('a'), 1000);
  setInterval(() => socket.write('b'), 1000).unref();
  const kept = setInterval(() => socket.write('c'), 1000);
  socket.on('close', () => clearInterval(kept));
  setTimeout(() => socket.write('d'), 1000);
});
`),
    ).toEqual([4, 5]);
  });

  it("leaves the module's own sockets, callbacks that only read, and callbacks that can stop themselves", () => {
    expect(
      reported(`
import net from 'node:net';
const upstream = net.connect(9000);
setInterval(() => upstream.write('ping'), 1000);
net.createServer((socket) => {
  setInterval(() => console.info(socket.remoteAddress), 1000);
  setInterval(function () { if (socket.destroyed) clearInterval(this); else socket.write('x'); }, 1000);
  setInterval(() => { if (socket.readyState === 'open') socket.write('y'); }, 1000);
});
`),
    ).toEqual([]);
  });
});

describe('droppedIntervals of file watchers', () => {
  function kinds(code: string): string[] {
    return probe(code, (context, report) => ({
      'Program:exit'() {
        const matchSocket = matchOncePerObject(createSocketDetector(context, {}), context.sourceCode);
        for (const { call, kind } of droppedIntervals(context.sourceCode, matchSocket)) report(call, kind);
      },
    })).map(({ line, message }) => `${line} ${message}`);
  }

  it("finds fs.watch however fs is imported, with the listener last; not a watch of the file's own or one kept", () => {
    expect(
      kinds(`
import net from 'node:net';
import * as fs from 'node:fs';
import { watch } from 'fs';
const fsc = require('fs');
function own(dir, cb) { return cb; }
net.createServer((socket) => {
  fs.watch('a', () => socket.write('a'));
  watch('b', { recursive: true }, () => socket.write('b'));
  fsc.watch('c', () => socket.write('c'));
  own('d', () => socket.write('d'));
  const kept = fs.watch('e', () => socket.write('e'));
  socket.on('close', () => kept.close());
});
`),
    ).toEqual(['8 watcher', '9 watcher', '10 watcher']);
  });
});
