/**
 * A parameter the function fills itself when the caller gave nothing (src/model/param-fallbacks.ts),
 * and the detector reading it as what the fallback makes.
 */
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';

import { fallbackValue } from '../../src/model/param-fallbacks.js';
import { createSocketDetector } from '../../src/socket.js';
import { probe } from '../support/probe.js';

/** For each function's first parameter: the fallback's text (or none), and what the detector says of its last read. */
function answers(code: string): string[] {
  return probe(code, (context, report) => {
    const sockets = createSocketDetector(context, {});
    return {
      FunctionDeclaration(fn: TSESTree.FunctionDeclaration) {
        const param = fn.params[0];
        if (param?.type !== AST_NODE_TYPES.Identifier) return;
        const variable = context.sourceCode.getDeclaredVariables(fn).find((candidate) => candidate.name === param.name)!;
        const value = fallbackValue(variable);
        const last = variable.references.at(-1)!.identifier;
        report(fn, `${fn.id?.name}: ${value ? context.sourceCode.getText(value) : 'none'}, ${sockets.match(last)?.kind ?? 'not a socket'}`);
      },
    };
  }).map(({ message }) => message);
}

describe('fallbackValue', () => {
  it('reads `if (!p) p = X`, `p = p || X` and `p ??= X`, and the detector takes the parameter for what X makes', () => {
    expect(
      answers(`
import net from 'node:net';
function guarded(socket) { if (!socket) socket = new net.Socket(); return socket; }
function braced(socket) { if (socket == null) { socket = new net.Socket(); } return socket; }
function ored(socket) { socket = socket || net.connect(80); return socket; }
function nullish(socket) { socket ??= net.connect(80); return socket; }
function replaced(socket) { socket = wrap(socket); return socket; }
function twice(socket) { if (!socket) socket = new net.Socket(); socket = other(); return socket; }
function otherwise(socket) { if (!socket) socket = new net.Socket(); else socket = null; return socket; }
`),
    ).toEqual([
      'guarded: new net.Socket(), socket',
      'braced: new net.Socket(), socket',
      'ored: net.connect(80), socket',
      'nullish: net.connect(80), socket',
      'replaced: none, not a socket',
      'twice: none, not a socket',
      'otherwise: none, not a socket',
    ]);
  });
});
