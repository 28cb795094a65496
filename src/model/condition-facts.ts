/**
 * What a condition tells about liveness on each of its sides: `if (socket.destroyed)` proves it
 * dead, `if (socket.writable)` alive, `if (isDeadSocketError(err))` or `case 'ECONNRESET':` on a
 * socket's error proves that socket dead, a code that does not kill it only answers "may be dead",
 * and a test that reads the socket in a way not modelled counts as a liveness check.
 */
import type { TSESLint } from '@typescript-eslint/utils';
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';

import { type CodeSwitch, type CodeTest, readCodeSwitch, readCodeTest } from '../code-dispatch.js';
import { getSocketErrorInfo } from '../codes.js';
import { referenceKey } from '../listeners.js';
import { isEquality, propertyName, skipWrappers } from './ast.js';
import { variableOf } from './dead-socket.js';

type SourceCode = Readonly<TSESLint.SourceCode>;

export type Fact =
  | { type: 'dead'; key: string; detail: string }
  /** `checked`: a liveness property such as `writable`; `code`: a code that does not kill the socket. */
  | { type: 'alive'; key: string; strength: 'checked' | 'code' };

/** The test a branch depends on, and the value it had to take. */
export interface Branch {
  test: TSESTree.Expression;
  value: boolean;
}

/** Properties whose `true` means the socket can no longer be used (`false` proves it alive). */
const GONE_WHEN_TRUE = new Set([
  'destroyed',
  'closed',
  'errored',
  'writableEnded',
  'writableFinished',
  'writableAborted',
  'headersSent',
  'aborted',
  'finished',
]);
/** `true` of these proves the socket dead outright. */
const DEAD_WHEN_TRUE = new Set(['destroyed', 'closed']);
/** Properties whose `true` proves the socket alive. */
const ALIVE_WHEN_TRUE = new Set(['writable', 'readable', 'connecting', 'pending']);
const EXITS = new Set<string>([
  AST_NODE_TYPES.BreakStatement,
  AST_NODE_TYPES.ReturnStatement,
  AST_NODE_TYPES.ThrowStatement,
  AST_NODE_TYPES.ContinueStatement,
]);

export interface ConditionFacts {
  /** The facts that hold when `test` evaluates to `value`. */
  facts(test: TSESTree.Node, value: boolean): Fact[];
  /** `case 'ECONNRESET': …` on a socket's error: the facts at the start of this case's body (`node`). */
  switchCaseFacts(node: TSESTree.Node): Fact[] | undefined;
}

/** Facts that hold on both sides: kept only when each side has them (weakest alive strength). */
export function factsOfEither(a: readonly Fact[], b: readonly Fact[]): Fact[] {
  const result: Fact[] = [];
  for (const fact of a) {
    const other = b.find((candidate) => candidate.key === fact.key && candidate.type === fact.type);
    if (!other) continue;
    if (fact.type === 'alive' && other.type === 'alive') {
      result.push({ ...fact, strength: fact.strength === 'code' || other.strength === 'code' ? 'code' : 'checked' });
    } else if (fact.type === 'dead' && other.type === 'dead' && other.detail !== fact.detail) {
      result.push({ ...fact, detail: `${fact.detail}, ${other.detail}` });
    } else {
      result.push(fact);
    }
  }
  return result;
}

/** The branch a code path segment starting at `node` is on: the test and the value it had. */
export function branchOf(node: TSESTree.Node): Branch | undefined {
  const parent = node.parent;
  if (!parent) return undefined;
  switch (parent.type) {
    case AST_NODE_TYPES.IfStatement:
    case AST_NODE_TYPES.ConditionalExpression:
      if (parent.consequent === node) return { test: parent.test, value: true };
      if (parent.alternate === node) return { test: parent.test, value: false };
      return undefined;
    case AST_NODE_TYPES.LogicalExpression:
      if (parent.right !== node || parent.operator === '??') return undefined;
      return { test: parent.left, value: parent.operator === '&&' };
    case AST_NODE_TYPES.WhileStatement:
    case AST_NODE_TYPES.ForStatement:
      return parent.body === node && parent.test ? { test: parent.test, value: true } : undefined;
    default:
      return undefined;
  }
}

/** Facts that hold when the code named by `codes` is (or is not) the error's code. */
function codeFacts(socketKey: string, codes: readonly string[], detail: string): Fact[] {
  const infos = codes.map((code) => getSocketErrorInfo(code));
  if (codes.length > 0 && infos.every((info) => info?.dead === true)) return [{ type: 'dead', key: socketKey, detail }];
  if (codes.length > 0 && infos.every((info) => info?.dead !== true)) return [{ type: 'alive', key: socketKey, strength: 'code' }];
  return [];
}

/**
 * The condition facts of a file. `errorKeyOf` names the socket whose error a variable holds
 * (see `LivenessSeeds.errorKeyOf`): a code test on it speaks of that socket.
 */
export function createConditionFacts(sourceCode: SourceCode, errorKeyOf: (error: TSESTree.Node) => string | undefined): ConditionFacts {
  const keyOf = (node: TSESTree.Node): string | undefined => referenceKey(node, sourceCode);
  const switches = new WeakMap<TSESTree.SwitchStatement, CodeSwitch | null>();

  function facts(node: TSESTree.Node, value: boolean, depth = 0): Fact[] {
    const test = skipWrappers(node);
    if (depth > 8) return [];
    switch (test.type) {
      case AST_NODE_TYPES.ChainExpression:
        // `socket?.writable`: true only when the socket is there and writable.
        return facts(test.expression, value, depth + 1);
      case AST_NODE_TYPES.UnaryExpression:
        return test.operator === '!' ? facts(test.argument, !value, depth + 1) : [];
      case AST_NODE_TYPES.LogicalExpression: {
        if (test.operator === '??') return [];
        const left = facts(test.left, value, depth + 1);
        const right = facts(test.right, value, depth + 1);
        // `a && b` true / `a || b` false: both hold. Otherwise one of them does.
        return (test.operator === '&&') === value ? [...left, ...right] : factsOfEither(left, right);
      }
      case AST_NODE_TYPES.MemberExpression: {
        const property = propertyName(test);
        const key = keyOf(test.object);
        if (property === undefined || key === undefined) return mentions(test);
        if (GONE_WHEN_TRUE.has(property)) {
          if (!value) return [{ type: 'alive', key, strength: 'checked' }];
          return DEAD_WHEN_TRUE.has(property) ? [{ type: 'dead', key, detail: `\`${property}\` is true` }] : [];
        }
        if (ALIVE_WHEN_TRUE.has(property)) return value ? [{ type: 'alive', key, strength: 'checked' }] : [];
        return mentions(test);
      }
      case AST_NODE_TYPES.Identifier: {
        // `const open = !socket.destroyed; if (open) …`
        const variable = variableOf(test, sourceCode);
        const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
        if (
          def?.node.type === AST_NODE_TYPES.VariableDeclarator &&
          def.node.init &&
          def.parent?.type === AST_NODE_TYPES.VariableDeclaration &&
          def.parent.kind === 'const'
        ) {
          return facts(def.node.init, value, depth + 1);
        }
        return [];
      }
      case AST_NODE_TYPES.BinaryExpression: {
        const boolSide = [test.left, test.right].find(
          (side): side is TSESTree.BooleanLiteral => side.type === AST_NODE_TYPES.Literal && typeof side.value === 'boolean',
        );
        if (boolSide && isEquality(test)) {
          const other = boolSide === test.left ? test.right : test.left;
          const equal = test.operator === '===' || test.operator === '==';
          return facts(other, equal === value ? boolSide.value : !boolSide.value, depth + 1);
        }
        const codeTest = readCodeTest(test, sourceCode.getScope(test));
        if (codeTest) return codeTestFacts(codeTest, value);
        return mentions(test);
      }
      case AST_NODE_TYPES.CallExpression: {
        const callee = skipWrappers(test.callee);
        const [argument] = test.arguments;
        if (callee.type === AST_NODE_TYPES.Identifier && callee.name === 'isDeadSocketError' && argument) {
          const socketKey = errorKeyOf(argument);
          if (socketKey !== undefined && value) return [{ type: 'dead', key: socketKey, detail: 'a dead error code' }];
        }
        const codeTest = readCodeTest(test, sourceCode.getScope(test));
        if (codeTest) return codeTestFacts(codeTest, value);
        return mentions(test);
      }
      default:
        return [];
    }
  }

  function codeTestFacts(codeTest: CodeTest, value: boolean): Fact[] {
    if (codeTest.open || value !== codeTest.matches) return [];
    const object = codeTest.read.member?.object;
    const socketKey = object ? errorKeyOf(object) : undefined;
    if (socketKey === undefined) return [];
    const codes = codeTest.codes.map((code) => code.value);
    return codeFacts(socketKey, codes, codes.join(', '));
  }

  /**
   * A test that reads a socket in a way the model does not follow (`socket.readyState === 'open'`,
   * `isOpen(socket)`) is taken as a liveness check on both sides: precision first.
   */
  function mentions(node: TSESTree.Node): Fact[] {
    const found: Fact[] = [];
    const visit = (current: TSESTree.Node, depth: number): void => {
      if (depth > 6) return;
      const target = skipWrappers(current);
      if (target.type === AST_NODE_TYPES.MemberExpression) {
        const key = keyOf(target.object);
        if (key !== undefined) found.push({ type: 'alive', key, strength: 'checked' });
        visit(target.object, depth + 1);
        return;
      }
      if (target.type === AST_NODE_TYPES.CallExpression) {
        for (const argument of target.arguments) {
          const key = argument.type === AST_NODE_TYPES.SpreadElement ? undefined : keyOf(argument);
          if (key !== undefined) found.push({ type: 'alive', key, strength: 'checked' });
          else visit(argument, depth + 1);
        }
        visit(target.callee, depth + 1);
        return;
      }
      if (target.type === AST_NODE_TYPES.BinaryExpression || target.type === AST_NODE_TYPES.LogicalExpression) {
        if (target.left.type !== AST_NODE_TYPES.PrivateIdentifier) visit(target.left, depth + 1);
        visit(target.right, depth + 1);
      } else if (target.type === AST_NODE_TYPES.UnaryExpression) {
        visit(target.argument, depth + 1);
      }
    };
    visit(node, 0);
    return found;
  }

  function switchCaseFacts(node: TSESTree.Node): Fact[] | undefined {
    const switchCase = node.parent;
    if (switchCase?.type !== AST_NODE_TYPES.SwitchCase || switchCase.consequent[0] !== node) return undefined;
    const statement = switchCase.parent;
    let dispatch = switches.get(statement);
    if (dispatch === undefined) {
      dispatch = readCodeSwitch(statement, sourceCode.getScope(statement));
      switches.set(statement, dispatch);
    }
    const object = dispatch?.read.member?.object;
    const socketKey = object ? errorKeyOf(object) : undefined;
    if (!dispatch || socketKey === undefined) return [];
    const codes: string[] = [];
    for (let index = statement.cases.indexOf(switchCase); index >= 0; index--) {
      const current = statement.cases[index]!;
      if (current !== switchCase && current.consequent.length > 0) {
        const last = current.consequent.at(-1)!;
        if (!EXITS.has(last.type)) return []; // falls through from a case we did not read
        break;
      }
      const code = current.test ? dispatch.cases.find((entry) => entry.switchCase === current)?.code : undefined;
      if (!code) return [];
      codes.push(code.value);
    }
    return codeFacts(socketKey, codes, codes.join(', '));
  }

  return { facts: (test, value) => facts(test, value), switchCaseFacts };
}
