/**
 * What a condition tells about liveness on each side (src/model/condition-facts.ts). Each snippet
 * lists, for every `if`, the facts of its consequent (true) and of its alternate (false), with
 * the socket named by its variable.
 */
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';

import { branchOf, createConditionFacts, type Fact, factsOfEither } from '../../src/model/condition-facts.js';
import { probe } from '../support/probe.js';

const show = (facts: readonly Fact[]): string =>
  facts.map((fact) => `${fact.key.replace(/^var@\d+:/, '')} ${fact.type === 'dead' ? `dead (${fact.detail})` : `alive ${fact.strength}`}`).join(', ') || '-';

/** `line: true: … | false: …` for every `if`; `err` is taken as the error of `socket`. */
function conditions(code: string): string[] {
  return probe(code, (context, report) => {
    const facts = createConditionFacts(context.sourceCode, (error) =>
      error.type === AST_NODE_TYPES.Identifier && error.name === 'err' ? 'var@0:socket' : undefined,
    );
    return {
      IfStatement(node: TSESTree.IfStatement) {
        report(node, `true: ${show(facts.facts(node.test, true))} | false: ${show(facts.facts(node.test, false))}`);
      },
    };
  }).map(({ line, message }) => `${line}: ${message}`);
}

describe('condition facts', () => {
  it('reads liveness properties, negations, && and ||', () => {
    expect(
      conditions(`
declare const socket: any;
declare const other: any;
if (socket.destroyed) {}
if (!socket.writable) {}
if (socket.destroyed || other.closed) {}
if (socket.writable && other.writable) {}
if (socket.headersSent === false) {}
const open = !socket.destroyed;
if (open) {}
`),
    ).toEqual([
      '4: true: socket dead (`destroyed` is true) | false: socket alive checked',
      '5: true: - | false: socket alive checked',
      '6: true: - | false: socket alive checked, other alive checked',
      '7: true: socket alive checked, other alive checked | false: -',
      '8: true: socket alive checked | false: -',
      '10: true: socket alive checked | false: socket dead (`destroyed` is true)',
    ]);
  });

  it("reads a socket's error codes and takes unmodelled reads as liveness checks", () => {
    expect(
      conditions(`
declare const socket: any;
declare const err: any;
declare function isDeadSocketError(error: unknown): boolean;
declare function isOpen(value: unknown): boolean;
if (err.code === 'ECONNRESET') {}
if (err.code === 'HPE_HEADER_OVERFLOW') {}
if (isDeadSocketError(err)) {}
if (isOpen(socket)) {}
`),
    ).toEqual([
      '6: true: socket dead (ECONNRESET) | false: -',
      '7: true: socket alive code | false: -',
      // The other side reads `err` in a way not modelled: a liveness check of it, as of any value.
      '8: true: socket dead (a dead error code) | false: err alive checked',
      '9: true: socket alive checked | false: socket alive checked',
    ]);
  });

  it('names the branch a segment starts on, and keeps what both sides of an "or" prove', () => {
    expect(
      factsOfEither(
        [{ type: 'dead', key: 's', detail: 'ECONNRESET' }, { type: 'alive', key: 't', strength: 'checked' }],
        [{ type: 'dead', key: 's', detail: 'EPIPE' }, { type: 'alive', key: 't', strength: 'code' }],
      ),
    ).toEqual([{ type: 'dead', key: 's', detail: 'ECONNRESET, EPIPE' }, { type: 'alive', key: 't', strength: 'code' }]);
    const branches = probe('if (a) b(); else c(); while (d) e();', (_context, report) => ({
      ExpressionStatement(node: TSESTree.ExpressionStatement) {
        const branch = branchOf(node);
        if (branch) report(node, `${branch.test.type === AST_NODE_TYPES.Identifier ? branch.test.name : '?'} ${branch.value}`);
      },
    })).map(({ message }) => message);
    expect(branches).toEqual(['a true', 'a false', 'd true']);
  });
});
