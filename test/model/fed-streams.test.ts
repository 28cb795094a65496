/**
 * Streams the file feeds with a connection's data (src/model/fed-streams.ts): node:zlib's
 * decompression streams piped from a response or a socket, in every import style, made inline or
 * ahead in a `const`; not those fed from elsewhere, nor joined by `pipeline()`.
 */
import { describe, expect, it } from 'vitest';

import { fedStreams } from '../../src/model/fed-streams.js';
import { probe } from '../support/probe.js';

/** The fed streams, with `res`/`socket`/`req` standing for the connections the caller's detector knows. */
function fed(code: string): string[] {
  return probe(code, (context, report) => ({
    'Program:exit'() {
      const isConnection = (node: { type: string; name?: string }): boolean => node.type === 'Identifier' && ['res', 'socket', 'req'].includes(node.name!);
      for (const [creation, stream] of fedStreams(context.sourceCode, isConnection)) report(creation, `${stream.noun}: ${context.sourceCode.getText(creation)}`);
    },
  })).map(({ line, message }) => `${line}: ${message}`);
}

describe('fedStreams', () => {
  it('finds decompression streams piped from a connection, inline or through a const', () => {
    expect(
      fed(`
import zlib, { createInflate } from 'node:zlib';
const { Gunzip } = require('zlib');
export function a(res, out) { res.pipe(zlib.createGunzip()).pipe(out); }
export function b(socket, out) { socket.pipe(createInflate()).pipe(out); }
export function c(req, out) {
  const gunzip = new Gunzip();
  req.pipe(gunzip as any).pipe(out);
}
`),
    ).toEqual(['4: decompression stream: zlib.createGunzip()', '5: decompression stream: createInflate()', '7: decompression stream: new Gunzip()']);
  });

  it('follows a let given a stream on one branch among others, when every other value is nothing or a call', () => {
    expect(
      fed(`
import zlib from 'node:zlib';
export function a(res, gzip) {
  let decoder = undefined;
  if (gzip) decoder = zlib.createGunzip();
  else decoder = zlib.createInflate();
  res.pipe(decoder);
}
export function b(res, gzip, given) {
  let decoder;
  if (gzip) decoder = zlib.createGunzip();
  else decoder = given;
  res.pipe(decoder);
}
`),
    ).toEqual(['5: decompression stream: zlib.createGunzip()', '6: decompression stream: zlib.createInflate()']);
  });

  it("takes a 'response' listener's first parameter for a connection, whoever emits it", () => {
    expect(
      fed(`
import zlib from 'zlib';
export function get(client, out) {
  client.request('/').once('response', (reply) => reply.pipe(zlib.createBrotliDecompress()).pipe(out));
}
`),
    ).toEqual(['4: decompression stream: zlib.createBrotliDecompress()']);
  });

  it('leaves streams fed from files, joined by pipeline(), compressing, or not from zlib', () => {
    expect(
      fed(`
import fs from 'node:fs';
import zlib from 'node:zlib';
import { pipeline } from 'node:stream';
import { createGunzip } from './my-zlib.js';
export function a(path, out) { fs.createReadStream(path).pipe(zlib.createGunzip()).pipe(out); }
export function b(res, out, done) { pipeline(res, zlib.createGunzip(), out, done); }
export function c(res, file) { file.pipe(zlib.createGzip()).pipe(res); }
export function d(res, out) { res.pipe(createGunzip()).pipe(out); }
export function e(res, out) {
  let gunzip = zlib.createGunzip();
  gunzip = wrap(gunzip);
  res.pipe(gunzip).pipe(out);
}
`),
    ).toEqual([]);
  });
});
