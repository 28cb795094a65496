/**
 * The model reads a file's calls, assignments, declarators, `delete`s, class fields, catch clauses
 * and constructors once: from the linter's own traversal when a rule feeds it, else from a walk of
 * its own. Both must give the same nodes in the same order, with each call under its function.
 */
import { describe, expect, it } from 'vitest';

import { feedResourceWalk, resourceNodes, type ResourceNodes } from '../../src/model/resource-walk.js';
import { probe } from '../support/probe.js';

const code = `
import net from 'node:net';
type Minus = -1;
const minus = 0 as -1;
interface Options { timeout: number; onError(err: Error): void }
class Conn {
  private timer: NodeJS.Timeout | undefined = undefined;
  constructor(private socket: net.Socket, readonly id: number) {}
  start(): void {
    this.timer = setInterval(() => this.socket.write('ping'), 1000);
    try { this.socket.end(); } catch (err) { delete registry[this.id]; }
  }
}
const registry: Record<number, Conn> = {};
function open(options: Options): Conn {
  const socket = net.connect(80, 'example.org');
  socket.on('error', (err) => options.onError(err));
  return new Conn(socket, 1);
}
`;

/** One line per node, and per function its calls: what a model module sees. */
function describeNodes(nodes: ResourceNodes): string[] {
  const at = (node: { type: string; range: [number, number] }) => `${node.type}@${node.range[0]}`;
  return [
    ...nodes.nodes.map(at),
    ...nodes.callsAndCatches.map((node) => `order ${at(node)}`),
    ...nodes.constructors.map((node) => `constructor ${at(node)}`),
    ...[...nodes.callsIn].map(([fn, calls]) => `${at(fn)}: ${calls.map(at).join(' ')}`),
  ];
}

function read({ feed, askEarly = false }: { feed: boolean; askEarly?: boolean }): string[] {
  let seen: string[] = [];
  probe(code, (context) => {
    const listeners = {
      CallExpression() {
        if (askEarly) resourceNodes(context.sourceCode);
      },
      'Program:exit'() {
        seen = describeNodes(resourceNodes(context.sourceCode));
      },
    };
    return feed ? feedResourceWalk(context.sourceCode, listeners) : listeners;
  });
  return seen;
}

describe('resourceNodes', () => {
  it('gives the same nodes, order and calls per function from the linter traversal as from its own walk', () => {
    const walked = read({ feed: false });
    expect(walked.length).toBeGreaterThan(10);
    expect(walked.some((line) => line.startsWith('constructor '))).toBe(true);
    expect(walked.some((line) => line.startsWith('order CatchClause'))).toBe(true);
    expect(read({ feed: true })).toEqual(walked);
  });

  it('leaves type syntax out (the literal type -1 is no delete), walked or fed', () => {
    expect(read({ feed: false }).filter((line) => line.startsWith('UnaryExpression'))).toHaveLength(1);
    expect(read({ feed: true }).filter((line) => line.startsWith('UnaryExpression'))).toHaveLength(1);
  });

  it('walks the tree itself when asked before the traversal is over, with the same answer', () => {
    expect(read({ feed: true, askEarly: true })).toEqual(read({ feed: false }));
  });
});
