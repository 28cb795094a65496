/**
 * Functions of the file that return a new socket (src/model/factories.ts): a call of one is where
 * the socket is created, for every rule that asks the detector.
 */
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';

import { createSocketDetector } from '../../src/model/sockets.js';
import { probe } from '../support/probe.js';

/** For each `target(x)` call: the kind of socket the detector says the call `x` makes, or `none`. */
function made(code: string, typed = false): string[] {
  return probe(
    code,
    (context, report) => {
      const sockets = createSocketDetector(context, {});
      return {
        CallExpression(node: TSESTree.CallExpression) {
          if (node.callee.type !== AST_NODE_TYPES.Identifier || node.callee.name !== 'target') return;
          const [argument] = node.arguments;
          if (argument?.type !== AST_NODE_TYPES.CallExpression) return;
          report(node, sockets.createdBy(argument) ?? 'none');
        },
      };
    },
    { typed },
  ).map(({ line, message }) => `${line}: ${message}`);
}

const code = `
import net from 'node:net';
import http from 'node:http';
import { dialElsewhere } from './elsewhere';
function dial(port: number) { return net.connect(port); }
const get = (url: string) => http.get(url);
const again = () => dial(1);
function keeps(port: number) { const s = net.connect(port); s.on('error', () => {}); return s; }
function either(port: number, cached?: net.Socket) { if (cached) return cached; return net.connect(port); }
function mixed(url: string) { if (url) return http.request(url); return net.connect(80); }
async function later(port: number) { return net.connect(port); }
function bare() { return; }
class Pool {
  create() { return net.connect(80); }
  warm() { target(this.create()); }
}
target(dial(80));
target(get('http://example.test'));
target(again());
target(keeps(80));
target(either(80));
target(mixed('x'));
target(later(80));
target(bare());
target(dialElsewhere(80));
`;

describe('factories', () => {
  it('counts calls of functions whose every return is a new socket, without types', () => {
    expect(made(code)).toEqual([
      '15: socket',
      '17: socket',
      '18: client-request',
      '19: socket',
      '20: none',
      '21: none',
      '22: none',
      '23: none',
      '24: none',
      '25: none',
    ]);
  });

  it('gives the same answers with types', () => {
    expect(made(code, true)).toEqual(made(code));
  });
});
