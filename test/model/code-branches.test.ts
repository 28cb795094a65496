/**
 * What a branch does with the error whose code it was sent on (src/model/code-branches.ts): drops
 * it silently (logging, no-ops, bare returns), handles it, or is a shape not followed; whether the
 * error was handed on before a dispatch; and which functions only classify errors.
 */
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';

import {
  branchOutcome,
  caseOutcome,
  doesMore,
  forwardedBefore,
  inBooleanPredicate,
  isLoggingCall,
  switchRestOutcome,
} from '../../src/model/code-branches.js';
import { readCode } from '../../src/model/code-reads.js';
import { probe } from '../support/probe.js';

/** For each `if` on a code: what its consequent does with the error. */
function outcomes(code: string): string[] {
  return probe(code, (_context, report) => ({
    IfStatement(node: TSESTree.IfStatement) {
      report(node, branchOutcome(node.consequent, node));
    },
  })).map(({ line, message }) => `${line}: ${message}`);
}

/** The same, with the file's source: calls of the file's own functions are followed. */
function outcomesFollowingCalls(code: string): string[] {
  return probe(code, (context, report) => ({
    IfStatement(node: TSESTree.IfStatement) {
      report(node, branchOutcome(node.consequent, node, context.sourceCode));
    },
  })).map(({ line, message }) => `${line}: ${message}`);
}

describe('branchOutcome', () => {
  it("reads a call of the file's own function as what that function does", () => {
    const code = `
function ignore(error) { console.warn('ignored', error); }
function drop(error) { socket.destroy(); return; }
function fail(error) { emitter.emit('error', error); }
async function later(error) { console.warn(error); }
function loop(error) { loop(error); }
socket.on('error', (err) => {
  if (err.code === 'EPIPE') { ignore(err); return; }
  if (err.code === 'ENOTCONN') { drop(err); return; }
  if (err.code === 'ECONNRESET') { fail(err); return; }
  if (err.code === 'ETIMEDOUT') { later(err); return; }
  if (err.code === 'EHOSTUNREACH') { loop(err); return; }
});
`;
    expect(outcomesFollowingCalls(code)).toEqual(['8: silent', '9: closes', '10: handled', '11: handled', '12: handled']);
    // Without the source, every call of a function of the file is handling.
    expect(outcomes(code)).toEqual(['8: handled', '9: handled', '10: handled', '11: handled', '12: handled']);
  });

  it('tells silent branches from handling ones, following on past the branch', () => {
    expect(
      outcomes(`
socket.on('error', (err) => {
  if (err.code === 'EPIPE') return;
  if (err.code === 'ECONNRESET') {
    console.warn('reset', err);
    return;
  }
  if (err.code === 'ETIMEDOUT') {
    socket.destroy(err);
  }
  if (err.code === 'ECONNABORTED') {
    for (;;) {}
  }
  logger.debug('other');
});
function retry(err) {
  if (err.code === 'EAGAIN') {
    debugLog(err);
  }
  throw err;
}
`),
    ).toEqual(['3: silent', '4: silent', '8: handled', '11: unknown', '17: handled']);
  });

  it('tells a branch that only closes or detaches from one that handles', () => {
    expect(
      outcomes(`
local.once('error', (err) => {
  if (err.code === 'ECONNRESET') {
    local.removeListener('close', onClose);
    return remote.end();
  }
  if (err.code === 'EPIPE') {
    socket.destroy();
    clearTimeout(timer);
    return;
  }
  if (err.code === 'ENOTCONN') socket.destroy(err);
  if (err.code === 'ECONNABORTED') {
    socket.end('bye');
  }
  if (err.code === 'ESHUTDOWN') debug('shutdown');
});
`),
    ).toEqual(['3: closes', '7: closes', '12: handled', '13: handled', '16: silent']);
    expect(doesMore('closes', 'silent')).toBe(true);
    expect(doesMore('handled', 'closes')).toBe(true);
    expect(doesMore('closes', 'closes')).toBe(false);
    expect(doesMore('unknown', 'closes')).toBe(false);
    expect(doesMore('handled', 'handled')).toBe(false);
  });

  it('reads what each case and the rest of a switch meet', () => {
    const answers = probe(
      `
function onError(err) {
  switch (err.code) {
    case 'ECONNRESET':
    case 'EPIPE':
      reconnect();
      break;
    case 'ETIMEDOUT':
      log('timeout');
  }
}
`,
      (_context, report) => ({
        SwitchStatement(node: TSESTree.SwitchStatement) {
          for (const switchCase of node.cases) report(switchCase, caseOutcome(node, switchCase));
          report(node, `rest ${switchRestOutcome(node, null)}`);
        },
      }),
    ).map(({ line, message }) => `${line}: ${message}`);
    expect(answers).toEqual(['3: rest silent', '4: handled', '5: handled', '8: silent']);
  });
});

describe('isLoggingCall', () => {
  it('counts calls of loggers, not methods named error on anything else', () => {
    const answers = probe(
      `
console.error(err);
this.log.warn(err);
debug('closed');
logError(err);
auditLogger.info(err);
this.error(err);
socket.destroy(err);
`,
      (_context, report) => ({
        ExpressionStatement(node: TSESTree.ExpressionStatement) {
          report(node, String(isLoggingCall(node.expression)));
        },
      }),
    ).map(({ message }) => message);
    expect(answers).toEqual(['true', 'true', 'true', 'true', 'true', 'false', 'false']);
  });
});

describe('forwardedBefore and inBooleanPredicate', () => {
  it('knows an error handed on earlier in the same function', () => {
    const answers = probe(
      `
class WrappedError extends Error {
  constructor(error) {
    super(error.message, error);
    if (error.code === 'ECONNRESET') this.retry = true;
  }
}
function onError(err) {
  console.error(err);
  if (err.code === 'EPIPE') return;
  callback(err);
}
`,
      (context, report) => ({
        IfStatement(node: TSESTree.IfStatement) {
          const scope = context.sourceCode.getScope(node);
          const test = node.test as TSESTree.BinaryExpression;
          const read = readCode(test.left, scope);
          report(node, String(read !== null && forwardedBefore(read, node, scope)));
        },
      }),
    ).map(({ line, message }) => `${line}: ${message}`);
    expect(answers).toEqual(['5: true', '10: false']);
  });

  it('knows a function that only classifies errors', () => {
    const answers = probe(
      `
function isRetryable(err) {
  if (err.code === 'ECONNRESET') return true;
  return err.code === 'EPIPE' || err.code === 'ETIMEDOUT';
}
const isDead = (err) => err.code === 'EPIPE';
function onError(err) {
  if (err.code === 'ECONNRESET') return reconnect();
  return false;
}
`,
      (_context, report) => ({
        BinaryExpression(node: TSESTree.BinaryExpression) {
          if (node.left.type !== AST_NODE_TYPES.MemberExpression || node.parent.type === AST_NODE_TYPES.LogicalExpression) return;
          report(node, String(inBooleanPredicate(node)));
        },
      }),
    ).map(({ line, message }) => `${line}: ${message}`);
    expect(answers).toEqual(['3: true', '6: true', '8: false']);
  });
});
