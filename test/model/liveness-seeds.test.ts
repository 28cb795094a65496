/**
 * What a function knows of sockets when it starts (src/model/liveness-seeds.ts): dead in its own
 * 'close'/'error' listener, "may be dead" in a connect callback or a 'clientError' listener, and
 * whose error its first parameter holds. Each snippet lists the answer for every function.
 */
import { describe, expect, it } from 'vitest';

import type { FunctionNode } from '../../src/model/ast.js';
import { matchOncePerObject } from '../../src/model/dead-socket.js';
import { livenessSeeds } from '../../src/model/liveness-seeds.js';
import { createSocketDetector } from '../../src/socket.js';
import { probe } from '../support/probe.js';

const name = (key: string): string => key.replace(/^var@\d+:/, '');

/** `line: seeds | may be dead | error of` for every function of the snippet. */
function seedsOf(code: string): string[] {
  return probe(code, (context, report) => {
    const sockets = createSocketDetector(context, {});
    const seeds = livenessSeeds(context.sourceCode, sockets, matchOncePerObject(sockets, context.sourceCode));
    const visit = (fn: FunctionNode): void => {
      const found = seeds.of(fn);
      const dead = found.seeds.map(([key, death]) => `${name(key)} ${death.reason}`).join(', ') || '-';
      const maybe = seeds.mayBeDead(fn);
      const first = fn.params[0];
      const error = first ? seeds.errorKeyOf(first) : undefined;
      report(fn, `dead: ${dead} | may be dead: ${maybe ? maybe.reason : '-'} | error of: ${error === undefined ? '-' : name(error)}`);
    };
    return { ArrowFunctionExpression: visit, FunctionExpression: visit, FunctionDeclaration: visit };
  }).map(({ line, message }) => `${line}: ${message}`);
}

describe('livenessSeeds', () => {
  it("seeds a socket dead in its 'close' and 'error' listeners, inline or named once", () => {
    expect(
      seedsOf(`
import net from 'node:net';
const socket = net.connect(1);
socket.on('close', () => {});
function onError(err) {}
socket.on('error', onError);
socket.write('x', (err) => {});
`),
    ).toEqual([
      '4: dead: socket close | may be dead: - | error of: -',
      '5: dead: socket error | may be dead: peer-error | error of: socket',
      '7: dead: - | may be dead: - | error of: socket',
    ]);
  });

  it("knows another socket may have closed in a connect callback, and the socket of 'clientError' may be dead", () => {
    expect(
      seedsOf(`
import http from 'node:http';
import net from 'node:net';
const upstream = net.connect(80, () => {});
http.createServer().on('clientError', (err, socket) => {});
`),
    ).toEqual([
      '4: dead: - | may be dead: connecting | error of: -',
      '5: dead: - | may be dead: client-error | error of: socket',
    ]);
  });

  it('knows nothing of a function that is neither a listener nor a callback', () => {
    expect(
      seedsOf(`
import net from 'node:net';
const socket = net.connect(1);
function helper(err) {}
helper(new Error('x'));
setTimeout(() => {}, 10);
`),
    ).toEqual(['4: dead: - | may be dead: - | error of: -', '6: dead: - | may be dead: - | error of: -']);
  });
});
