import { createRequire } from 'node:module';

import { ASTUtils, AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import type * as ts from 'typescript';

import { readCode, readCodeSwitch, readCodeTest, readString } from '../src/code-dispatch.js';
import {
  SOCKET_ERROR_CODES,
  SOCKET_ERROR_KINDS,
  SOCKET_ERRORS,
  socketErrorCodesOfKind,
  type SocketErrorKind,
} from '../src/codes.js';
import { createRule } from '../src/create-rule.js';
import { isHelperCall } from '../src/helper-imports.js';
import { libraryObjectOf, libraryObjects } from '../src/libraries.js';
import { calleeName, getListenerCall, LISTEN_METHODS, referenceKey } from '../src/listeners.js';
import { askType } from '../src/type-questions.js';
import {
  createSocketDetector, mayHaveSockets,
  DEFAULT_STRICT_SOCKET_NAME_PATTERN,
  defaultSocketOptions,
  socketOptionsSchema,
  type SocketOptions,
} from '../src/socket.js';
import { propertyName, skipWrappers } from '../src/model/ast.js';
import { resolveFunction } from '../src/model/functions.js';

export interface NoFatalCloseErrorsOptions extends SocketOptions {
  codes?: string[];
  fatalFunctions?: string[];
  benignGuards?: string[];
  reemitIsFatal?: boolean;
}

type Options = [NoFatalCloseErrorsOptions];
type MessageIds = 'fatalCloseError' | 'fatalReemit' | 'addGuard';

type Node = TSESTree.Node;
type SourceCode = Readonly<TSESLint.SourceCode>;
type FunctionNode = TSESTree.ArrowFunctionExpression | TSESTree.FunctionExpression | TSESTree.FunctionDeclaration;

/** The codes every server meets when a connection ends (the recommended default). */
export const RECOMMENDED_CLOSE_CODES = ['ENOTCONN', 'ECONNRESET', 'EPIPE'];
/** Every code the table calls routine on close (the strict default). */
export const STRICT_CLOSE_CODES: string[] = SOCKET_ERROR_CODES.filter((code) => SOCKET_ERRORS[code].benignOnClose);
const BENIGN_CODES: ReadonlySet<string> = new Set(STRICT_CLOSE_CODES);

/** In a set of codes reaching a point: "the error may be absent" (callbacks are called with none on success). */
const NO_ERROR = '';
type Reach = ReadonlySet<string>;
const NOTHING: Reach = new Set();

const TIMER_CALLS = new Set(['setTimeout', 'setImmediate', 'queueMicrotask', 'nextTick']);
const CALLBACK_METHODS = new Set(['end', 'write', 'close']);
const STREAM_HELPERS = new Set(['pipeline', 'finished']);
const CLOSE_EVENTS = new Set(['close', 'finish', 'end']);
const ASSERT_CALLEES = new Set(['assert', 'assert.ok', 'assert.strict', 'assert.strict.ok', 'strict', 'ok']);
const DEFAULT_GUARD_NAMES = new Set(['isBenignCloseError']);
/** Test frameworks' test and hook functions (mocha, jest, vitest, node:test, tap). */
const TEST_CALLS = new Set(['it', 'test', 'specify', 'describe', 'suite', 'before', 'after', 'beforeEach', 'afterEach', 'beforeAll', 'afterAll']);
/** Characters of codes a message names before it counts the rest: messages fit an editor hover. */
const LISTED_IN_MESSAGE = 30;

interface Source {
  kind: 'listener' | 'callback' | 'catch';
  /** What the message calls it: "'error' listener", "`end()` callback", "catch block". */
  label: string;
  /** The statements that run with the error. */
  body: TSESTree.BlockStatement | TSESTree.Expression;
  fn: FunctionNode | undefined;
  /** The parameter (or catch binding) holding the error, when it is a plain name. */
  errName: TSESTree.Identifier | undefined;
  /** The first parameter or catch binding as written (destructured, absent...). */
  errParam: TSESTree.Parameter | TSESTree.CatchClause['param'] | undefined;
  /** Fixes may be applied unattended: the handler is written right there and nothing else calls it. */
  inline: boolean;
  /** The error arrives while this code ends the connection: re-emitting it is what `reemitIsFatal` is about. */
  closeTime: boolean;
  /** For catch blocks: a rethrow ends the process (top-level await, an async callback nobody awaits). */
  throwIsFatal: boolean;
  /** Callbacks are called without an error too: only paths where it is present count. */
  mayHaveNoError: boolean;
  /** Codes that never reach the handler: `ignoreBenignClose(fn)` drops the benign ones before calling `fn`. */
  excluded?: ReadonlySet<string>;
  /** The socket an 'error' listener is registered on. */
  target?: Node;
  /** More sockets the same listener is registered on. */
  extraTargets?: Node[];
}

interface Sink {
  node: TSESTree.ThrowStatement | TSESTree.CallExpression;
  label: string;
  /** The sink uses the error itself (`throw err`, `assert.ifError(err)`): it only fires when there is one. */
  consumesError: boolean;
  reemit: boolean;
  reach: Reach;
}

interface WalkContext {
  source: Source;
  errVariable: TSESLint.Scope.Variable | null;
  /** A `throw` here is caught by a `try` inside the handler. */
  caught: boolean;
  /** Inside a `catch` of the handler: a throw there rethrows some other error. */
  inNestedCatch: boolean;
  sinks: Sink[];
}

interface Flow {
  next: Reach;
  /** Codes that leave the innermost `switch` through `break`. */
  broken: Reach;
}

function union(...sets: Reach[]): Reach {
  const result = new Set<string>();
  for (const set of sets) for (const value of set) result.add(value);
  return result;
}
function intersect(set: Reach, keep: ReadonlySet<string>): Reach {
  return new Set([...set].filter((value) => keep.has(value)));
}
function without(set: Reach, drop: ReadonlySet<string> | string): Reach {
  return new Set([...set].filter((value) => (typeof drop === 'string' ? value !== drop : !drop.has(value))));
}
const onlyNoError = (set: Reach): Reach => (set.has(NO_ERROR) ? new Set([NO_ERROR]) : NOTHING);

function isFunction(node: Node): node is FunctionNode {
  return (
    node.type === AST_NODE_TYPES.ArrowFunctionExpression ||
    node.type === AST_NODE_TYPES.FunctionExpression ||
    node.type === AST_NODE_TYPES.FunctionDeclaration
  );
}

function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}

/** `a.b.c` for identifiers and static members, else undefined. */
function dottedName(node: Node): string | undefined {
  const target = skipWrappers(node);
  if (target.type === AST_NODE_TYPES.Identifier) return target.name;
  if (target.type === AST_NODE_TYPES.ThisExpression) return 'this';
  if (target.type === AST_NODE_TYPES.MemberExpression) {
    const object = dottedName(target.object);
    const name = propertyName(target);
    return object !== undefined && name !== undefined ? `${object}.${name}` : undefined;
  }
  return undefined;
}

function isStdio(node: Node): boolean {
  return /^process\.std(?:in|out|err)$/u.test(dottedName(node) ?? '');
}

/** `A, B and C`, or `A, B, C and 10 more` past a few codes. */
function listCodes(codes: readonly string[]): string {
  const all = codes.length > 1 ? `${codes.slice(0, -1).join(', ')} and ${codes.at(-1)}` : (codes[0] ?? '');
  let shown = 1;
  while (shown < codes.length && codes.slice(0, shown + 1).join(', ').length <= LISTED_IN_MESSAGE) shown += 1;
  const some = `${codes.slice(0, shown).join(', ')} and ${codes.length - shown} more`;
  return all.length <= Math.max(LISTED_IN_MESSAGE, some.length) ? all : some;
}

function leadingWhitespace(sourceCode: SourceCode, node: Node): string {
  const line = sourceCode.lines[node.loc.start.line - 1] ?? '';
  return /^\s*/u.exec(line)?.[0] ?? '';
}

let typescript: typeof ts | undefined;
function loadTypeScript(): typeof ts {
  typescript ??= createRequire(import.meta.url)('typescript') as typeof ts;
  return typescript;
}

export default createRule<Options, MessageIds>({
  name: 'no-fatal-close-errors',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow crashing the process on the errors a connection routinely raises when it ends',
      recommended: 'recommended',
      strictOptions: { codes: STRICT_CLOSE_CODES, reemitIsFatal: true, socketNamePattern: DEFAULT_STRICT_SOCKET_NAME_PATTERN },
    },
    fixable: 'code',
    hasSuggestions: true,
    messages: {
      fatalCloseError:
        'This {{source}} reaches `{{sink}}` on {{codes}}, which are routine on close.',
      fatalReemit:
        "`{{sink}}` re-emits {{codes}} on close, crashing apps with no 'error' listener.",
      addGuard: 'Return early for {{codes}} before `{{sink}}`.',
    },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          ...socketOptionsSchema,
          codes: {
            type: 'array',
            description:
              "Error codes that must not reach a fatal sink (default: ENOTCONN, ECONNRESET and EPIPE; strict: every code the table marks benign on close).",
            items: { type: 'string', pattern: '^[A-Z][A-Z0-9_]*$' },
            uniqueItems: true,
          },
          fatalFunctions: {
            type: 'array',
            description:
              'Your own functions that end the process, by name (`die`) or dotted path (`logger.fatal`); a bare name also matches methods of that name.',
            items: { type: 'string', minLength: 1 },
            uniqueItems: true,
          },
          benignGuards: {
            type: 'array',
            description:
              'Your own predicates that return true for benign close errors (like isBenignCloseError), by name or dotted path: a path where one returned false excluded the codes.',
            items: { type: 'string', minLength: 1 },
            uniqueItems: true,
          },
          reemitIsFatal: {
            type: 'boolean',
            description:
              "Count `emitter.emit('error', err)` as fatal when it re-emits a socket's error while the code ends that socket (an `end()` callback, or an 'error' listener on a socket the module calls `end()` on).",
          },
        },
      },
    ],
    defaultOptions: [
      {
        ...defaultSocketOptions,
        codes: RECOMMENDED_CLOSE_CODES,
        fatalFunctions: [],
        benignGuards: [],
        reemitIsFatal: false,
      },
    ],
  },
  create(context, [options]) {
    const sourceCode = context.sourceCode;
    // Nothing to report in a file where nothing can be a socket (most files of a code base).
    if (!mayHaveSockets(context, options) && libraryObjects(sourceCode).size === 0) return {};
    const sockets = createSocketDetector(context, options);
    const configuredCodes = options.codes ?? RECOMMENDED_CLOSE_CODES;
    const fatalFunctions = options.fatalFunctions ?? [];
    const guardNames = new Set([...DEFAULT_GUARD_NAMES, ...(options.benignGuards ?? [])]);
    const reemitIsFatal = options.reemitIsFatal === true;
    const sources: Source[] = [];
    /** Keys of the objects this module calls `end()` / `destroySoon()` on. */
    const endedKeys = new Set<string>();
    const endCalls: TSESTree.MemberExpression[] = [];

    const scopeOf = (node: Node) => sourceCode.getScope(node);

    function matchesName(call: TSESTree.CallExpression, names: Iterable<string>): boolean {
      const full = dottedName(call.callee);
      const last = calleeName(call);
      for (const name of names) {
        if (name === full || (!name.includes('.') && name === last)) return true;
      }
      return false;
    }

    // --- Functions given as handlers ---------------------------------------------------------

    interface Listener {
      fn: FunctionNode;
      inline: boolean;
      excluded: ReadonlySet<string> | undefined;
    }

    /** `ignoreBenignClose(fn)` imported from our codes module (a local function of that name does not count). */
    function wrappedByHelper(node: Node): Listener | undefined {
      const call = skipWrappers(node);
      if (!isHelperCall(call, 'ignoreBenignClose', scopeOf(call), sourceCode)) return undefined;
      const argument = call.arguments[0];
      if (!argument || argument.type === AST_NODE_TYPES.SpreadElement) return undefined;
      const fn = resolveFunction(argument, sourceCode);
      return fn && { fn, inline: fn === skipWrappers(argument), excluded: BENIGN_CODES };
    }

    /** The value a `const` (or never reassigned `let`) or a class field `this.name` is initialised with. */
    function initialValue(node: Node): Node | undefined {
      if (node.type === AST_NODE_TYPES.Identifier) {
        const variable = ASTUtils.findVariable(scopeOf(node), node.name);
        const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
        if (!variable || variable.references.some((ref) => ref.isWrite() && !ref.init)) return undefined;
        return def?.node.type === AST_NODE_TYPES.VariableDeclarator && def.node.id === def.name ? (def.node.init ?? undefined) : undefined;
      }
      if (node.type !== AST_NODE_TYPES.MemberExpression || node.object.type !== AST_NODE_TYPES.ThisExpression) return undefined;
      const name = propertyName(node);
      let body: Node | undefined = node.parent;
      while (body && body.type !== AST_NODE_TYPES.ClassBody) body = body.parent;
      if (!name || !body) return undefined;
      const field = body.body.find(
        (element): element is TSESTree.PropertyDefinition =>
          element.type === AST_NODE_TYPES.PropertyDefinition &&
          !element.static &&
          !element.computed &&
          element.key.type === AST_NODE_TYPES.Identifier &&
          element.key.name === name,
      );
      return field?.value ?? undefined;
    }

    /**
     * The function a listener argument runs, as `resolveFunction` finds it, or the one
     * `ignoreBenignClose` wraps (inline, or held in a `const` or class field): the benign codes never
     * reach that one, exactly as after `if (isBenignCloseError(err)) return;`.
     */
    function resolveListener(node: Node): Listener | undefined {
      const fn = resolveFunction(node, sourceCode);
      if (fn) return { fn, inline: fn === skipWrappers(node), excluded: undefined };
      const target = skipWrappers(node);
      const direct = wrappedByHelper(target);
      if (direct) return direct;
      const value = initialValue(target);
      const held = value && wrappedByHelper(value);
      // Other code may call the wrapper it is held in: the guard is only suggested there.
      return held ? { ...held, inline: false } : undefined;
    }

    function functionSource(
      fn: FunctionNode,
      kind: 'listener' | 'callback',
      label: string,
      inline: boolean,
      closeTime: boolean,
    ): Source {
      const param = fn.params[0];
      const errName =
        param?.type === AST_NODE_TYPES.Identifier
          ? param
          : param?.type === AST_NODE_TYPES.AssignmentPattern && param.left.type === AST_NODE_TYPES.Identifier
            ? param.left
            : undefined;
      return {
        kind,
        label,
        body: fn.body,
        fn,
        errName,
        errParam: param,
        inline,
        closeTime,
        throwIsFatal: true,
        mayHaveNoError: kind === 'callback',
      };
    }

    // --- Awaited closes (for catch blocks) ---------------------------------------------------

    function isSocket(node: Node | undefined): boolean {
      return node !== undefined && node.type !== AST_NODE_TYPES.SpreadElement && !isStdio(node) && sockets.match(node) !== undefined;
    }

    /** `promisify(socket.end)`, `promisify(socket.end.bind(socket))`, `promisify(socket.end).bind(socket)`. */
    function isPromisifiedClose(node: Node, depth = 0): boolean {
      let target = skipWrappers(node);
      if (depth > 3) return false;
      if (target.type === AST_NODE_TYPES.Identifier) {
        const variable = ASTUtils.findVariable(scopeOf(target), target.name);
        const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
        return def?.node.type === AST_NODE_TYPES.VariableDeclarator && def.node.init ? isPromisifiedClose(def.node.init, depth + 1) : false;
      }
      if (target.type !== AST_NODE_TYPES.CallExpression) return false;
      if (target.callee.type === AST_NODE_TYPES.MemberExpression && propertyName(target.callee) === 'bind') {
        target = skipWrappers(target.callee.object);
        if (target.type !== AST_NODE_TYPES.CallExpression) return false;
      }
      if (calleeName(target) !== 'promisify') return false;
      let method = target.arguments[0] && skipWrappers(target.arguments[0]);
      if (
        method?.type === AST_NODE_TYPES.CallExpression &&
        method.callee.type === AST_NODE_TYPES.MemberExpression &&
        propertyName(method.callee) === 'bind'
      ) {
        method = skipWrappers(method.callee.object);
      }
      return (
        method?.type === AST_NODE_TYPES.MemberExpression &&
        ['end', 'close'].includes(propertyName(method) ?? '') &&
        isSocket(method.object)
      );
    }

    /** Does this awaited value settle when a socket closes (and reject with its error)? */
    function isAwaitedClose(argument: Node): boolean {
      const target = skipWrappers(argument);
      if (target.type === AST_NODE_TYPES.CallExpression) {
        const name = calleeName(target);
        if (name && STREAM_HELPERS.has(name)) return target.arguments.some((arg) => isSocket(arg));
        // events.once(socket, 'close') rejects when the socket emits 'error' first.
        if (name === 'once' && isSocket(target.arguments[0])) {
          const event = target.arguments[1] && readString(target.arguments[1], scopeOf(target));
          return event !== null && event !== undefined && CLOSE_EVENTS.has(event.value);
        }
        return isPromisifiedClose(target.callee);
      }
      if (
        target.type === AST_NODE_TYPES.NewExpression &&
        target.callee.type === AST_NODE_TYPES.Identifier &&
        target.callee.name === 'Promise' &&
        target.arguments[0]
      ) {
        const executor = skipWrappers(target.arguments[0]);
        if (!isFunction(executor)) return false;
        let found = false;
        visit(executor.body, (node) => {
          if (
            node.type === AST_NODE_TYPES.CallExpression &&
            node.callee.type === AST_NODE_TYPES.MemberExpression &&
            CALLBACK_METHODS.has(propertyName(node.callee) ?? '') &&
            propertyName(node.callee) !== 'write' &&
            isSocket(node.callee.object)
          ) {
            found = true;
          }
        });
        return found;
      }
      return false;
    }

    /** Calls `fn` on every node under `root`, not entering nested functions. */
    function visit(root: Node, fn: (node: Node) => void): void {
      fn(root);
      for (const key of sourceCode.visitorKeys[root.type] ?? []) {
        const value = (root as unknown as Record<string, unknown>)[key];
        for (const child of Array.isArray(value) ? value : [value]) {
          if (isNode(child) && !isFunction(child)) visit(child, fn);
        }
      }
    }

    // --- Paths: which codes reach a point ----------------------------------------------------

    function isError(node: Node, ctx: WalkContext): boolean {
      const target = skipWrappers(node);
      if (target.type !== AST_NODE_TYPES.Identifier || !ctx.errVariable) return false;
      return ASTUtils.findVariable(scopeOf(target), target.name) === ctx.errVariable;
    }

    function mentionsError(node: Node, ctx: WalkContext): boolean {
      let found = false;
      visit(node, (child) => {
        if (!found && child.type === AST_NODE_TYPES.Identifier && isError(child, ctx)) found = true;
      });
      return found;
    }

    /** Does a test look at codes in a way `narrowLeaf` could not read? Then it is trusted to exclude them. */
    function mentionsCodes(node: Node): boolean {
      let found = false;
      visit(node, (child) => {
        if (found) return;
        if (child.type === AST_NODE_TYPES.MemberExpression && ['code', 'errno'].includes(propertyName(child) ?? '')) found = true;
        else if (child.type === AST_NODE_TYPES.CallExpression && (matchesName(child, guardNames) || calleeName(child) === 'classifySocketError')) {
          found = true;
        } else if (child.type === AST_NODE_TYPES.Literal) {
          const text = typeof child.value === 'string' ? child.value : 'regex' in child ? child.regex.pattern : '';
          if (configuredCodes.some((code) => text.includes(code))) found = true;
        }
      });
      return found;
    }

    function kindCodes(kind: string): ReadonlySet<string> | undefined {
      return (SOCKET_ERROR_KINDS as readonly string[]).includes(kind) ? new Set(socketErrorCodesOfKind(kind as SocketErrorKind)) : undefined;
    }

    function isClassifyCall(node: Node): boolean {
      const target = skipWrappers(node);
      return target.type === AST_NODE_TYPES.CallExpression && calleeName(target) === 'classifySocketError';
    }

    /** The codes that reach the branch where `test` is `truth`. */
    function narrow(test: Node, truth: boolean, reach: Reach, ctx: WalkContext): Reach {
      if (reach.size === 0) return reach;
      const target = skipWrappers(test);
      if (target.type === AST_NODE_TYPES.UnaryExpression && target.operator === '!') return narrow(target.argument, !truth, reach, ctx);
      if (target.type === AST_NODE_TYPES.LogicalExpression && target.operator !== '??') {
        const leftTrue = narrow(target.left, true, reach, ctx);
        const leftFalse = narrow(target.left, false, reach, ctx);
        if (target.operator === '&&') {
          return truth ? narrow(target.right, true, leftTrue, ctx) : union(leftFalse, narrow(target.right, false, leftTrue, ctx));
        }
        return truth ? union(leftTrue, narrow(target.right, true, leftFalse, ctx)) : narrow(target.right, false, leftFalse, ctx);
      }
      return narrowLeaf(target, truth, reach, ctx);
    }

    function narrowLeaf(target: Node, truth: boolean, reach: Reach, ctx: WalkContext): Reach {
      const present = without(reach, NO_ERROR);
      if (isError(target, ctx)) return truth ? present : onlyNoError(reach);
      if (target.type === AST_NODE_TYPES.BinaryExpression && target.left.type !== AST_NODE_TYPES.PrivateIdentifier) {
        const { left, right, operator } = target;
        if (operator === 'in' && isError(right, ctx)) return truth ? present : onlyNoError(reach);
        if (operator === 'instanceof' && isError(left, ctx)) return truth ? present : reach;
        if (['==', '===', '!=', '!=='].includes(operator)) {
          const equal = operator === '==' || operator === '===';
          const loose = operator === '==' || operator === '!=';
          for (const [side, other] of [
            [left, right],
            [right, left],
          ] as const) {
            const value = skipWrappers(other);
            const nullish =
              (value.type === AST_NODE_TYPES.Literal && value.value === null && !('regex' in value)) ||
              (value.type === AST_NODE_TYPES.Identifier && value.name === 'undefined');
            if (isError(side, ctx) && nullish) {
              const absent = truth === equal;
              if (absent) return onlyNoError(reach);
              return loose ? present : reach;
            }
            const typeOf = skipWrappers(side);
            if (typeOf.type === AST_NODE_TYPES.UnaryExpression && typeOf.operator === 'typeof' && isError(typeOf.argument, ctx)) {
              const kind = readString(other, scopeOf(target));
              if (kind?.value === 'object') return truth === equal ? present : onlyNoError(reach);
            }
            // classifySocketError(err) === 'connection-lost'
            if (isClassifyCall(side)) {
              const kind = readString(other, scopeOf(target));
              const codes = kind && kindCodes(kind.value);
              if (codes) return truth === equal ? intersect(reach, codes) : without(reach, codes);
            }
          }
        }
      }
      const codeTest = target.type === AST_NODE_TYPES.BinaryExpression || target.type === AST_NODE_TYPES.CallExpression ? readCodeTest(target, scopeOf(target)) : null;
      if (codeTest && !codeTest.read.byNameOnly) {
        const named = new Set(codeTest.codes.map((code) => code.value));
        if (truth === codeTest.matches) return intersect(reach, named);
        return codeTest.open ? NOTHING : without(reach, named);
      }
      if (target.type === AST_NODE_TYPES.MemberExpression && readCode(target, scopeOf(target))) {
        return truth ? present : onlyNoError(reach);
      }
      if (target.type === AST_NODE_TYPES.CallExpression) {
        if (calleeName(target) === 'isBenignCloseError') return truth ? intersect(reach, BENIGN_CODES) : without(reach, BENIGN_CODES);
        if (matchesName(target, guardNames)) return truth ? present : onlyNoError(reach);
      }
      return mentionsCodes(target) ? NOTHING : reach;
    }

    // --- Walking a handler -------------------------------------------------------------------

    function walkStatements(statements: readonly TSESTree.Statement[], reach: Reach, ctx: WalkContext): Flow {
      let next = reach;
      let broken: Reach = NOTHING;
      for (const statement of statements) {
        const flow = walkStatement(statement, next, ctx);
        next = flow.next;
        broken = union(broken, flow.broken);
      }
      return { next, broken };
    }

    function walkStatement(statement: TSESTree.Statement, reach: Reach, ctx: WalkContext): Flow {
      const through = (next: Reach): Flow => ({ next, broken: NOTHING });
      switch (statement.type) {
        case AST_NODE_TYPES.BlockStatement:
          return walkStatements(statement.body, reach, ctx);
        case AST_NODE_TYPES.ExpressionStatement:
          walkExpression(statement.expression, reach, ctx);
          return through(isProcessExit(statement.expression) ? NOTHING : reach);
        case AST_NODE_TYPES.ThrowStatement:
          walkExpression(statement.argument, reach, ctx);
          recordThrow(statement, reach, ctx);
          return through(NOTHING);
        case AST_NODE_TYPES.ReturnStatement:
          if (statement.argument) walkExpression(statement.argument, reach, ctx);
          return through(NOTHING);
        case AST_NODE_TYPES.IfStatement: {
          walkExpression(statement.test, reach, ctx);
          const consequent = walkStatement(statement.consequent, narrow(statement.test, true, reach, ctx), ctx);
          const otherwise = narrow(statement.test, false, reach, ctx);
          const alternate = statement.alternate ? walkStatement(statement.alternate, otherwise, ctx) : through(otherwise);
          return { next: union(consequent.next, alternate.next), broken: union(consequent.broken, alternate.broken) };
        }
        case AST_NODE_TYPES.SwitchStatement:
          return through(walkSwitch(statement, reach, ctx));
        case AST_NODE_TYPES.TryStatement: {
          const block = walkStatement(statement.block, reach, { ...ctx, caught: ctx.caught || statement.handler !== null });
          const handler = statement.handler
            ? walkStatement(statement.handler.body, reach, { ...ctx, inNestedCatch: true })
            : through(NOTHING);
          const finalizer = statement.finalizer ? walkStatement(statement.finalizer, reach, ctx) : undefined;
          const next = finalizer && finalizer.next.size === 0 && reach.size > 0 ? NOTHING : union(block.next, handler.next);
          return { next, broken: union(block.broken, handler.broken) };
        }
        case AST_NODE_TYPES.ForStatement:
        case AST_NODE_TYPES.ForInStatement:
        case AST_NODE_TYPES.ForOfStatement:
        case AST_NODE_TYPES.WhileStatement:
        case AST_NODE_TYPES.DoWhileStatement: {
          for (const key of ['init', 'test', 'update', 'right'] as const) {
            const part = (statement as unknown as Record<string, unknown>)[key];
            if (isNode(part)) walkExpressionOrDeclaration(part, reach, ctx);
          }
          const bodyReach = statement.type === AST_NODE_TYPES.WhileStatement || statement.type === AST_NODE_TYPES.ForStatement
            ? statement.test
              ? narrow(statement.test, true, reach, ctx)
              : reach
            : reach;
          walkStatement(statement.body, bodyReach, ctx);
          // Loops are not followed: what runs after one sees every code.
          return through(reach);
        }
        case AST_NODE_TYPES.LabeledStatement: {
          const body = walkStatement(statement.body, reach, ctx);
          return through(union(reach, body.next));
        }
        case AST_NODE_TYPES.BreakStatement:
          return { next: NOTHING, broken: statement.label ? NOTHING : reach };
        case AST_NODE_TYPES.ContinueStatement:
          return through(NOTHING);
        case AST_NODE_TYPES.VariableDeclaration:
          for (const declarator of statement.declarations) if (declarator.init) walkExpression(declarator.init, reach, ctx);
          return through(reach);
        case AST_NODE_TYPES.FunctionDeclaration:
        case AST_NODE_TYPES.ClassDeclaration:
          return through(reach);
        default:
          return through(reach);
      }
    }

    function walkExpressionOrDeclaration(node: Node, reach: Reach, ctx: WalkContext): void {
      if (node.type === AST_NODE_TYPES.VariableDeclaration) {
        for (const declarator of node.declarations) if (declarator.init) walkExpression(declarator.init, reach, ctx);
      } else {
        walkExpression(node, reach, ctx);
      }
    }

    function walkSwitch(statement: TSESTree.SwitchStatement, reach: Reach, ctx: WalkContext): Reach {
      walkExpression(statement.discriminant, reach, ctx);
      const scope = scopeOf(statement);
      const codeSwitch = readCodeSwitch(statement, scope);
      const kindSwitch = !codeSwitch && isClassifyCall(statement.discriminant);
      // The codes each case label sends into its body; undefined: not a dispatch on codes.
      const labelCodes = (test: TSESTree.Expression): ReadonlySet<string> | null => {
        const value = readString(test, scope);
        if (!value) return null;
        if (kindSwitch) return kindCodes(value.value) ?? new Set();
        return new Set([value.value]);
      };
      let named: ReadonlySet<string> = NOTHING;
      let open = false;
      if (codeSwitch || kindSwitch) {
        for (const switchCase of statement.cases) {
          if (!switchCase.test) continue;
          const codes = labelCodes(switchCase.test);
          if (codes) named = union(named, codes);
          else open = true;
        }
      }
      let running: Reach = NOTHING;
      let out: Reach = NOTHING;
      for (const switchCase of statement.cases) {
        let entry: Reach;
        if (!codeSwitch && !kindSwitch) entry = reach;
        else if (!switchCase.test) entry = open ? NOTHING : without(reach, named);
        else entry = intersect(reach, labelCodes(switchCase.test) ?? NOTHING);
        const flow = walkStatements(switchCase.consequent, union(running, entry), ctx);
        out = union(out, flow.broken);
        running = flow.next;
      }
      out = union(out, running);
      const hasDefault = statement.cases.some((switchCase) => !switchCase.test);
      if (!hasDefault) out = union(out, codeSwitch || kindSwitch ? (open ? NOTHING : without(reach, named)) : reach);
      return out;
    }

    function walkExpression(expression: Node, reach: Reach, ctx: WalkContext): void {
      switch (expression.type) {
        case AST_NODE_TYPES.ArrowFunctionExpression:
        case AST_NODE_TYPES.FunctionExpression:
        case AST_NODE_TYPES.ClassExpression:
          return;
        case AST_NODE_TYPES.LogicalExpression: {
          walkExpression(expression.left, reach, ctx);
          const right =
            expression.operator === '&&'
              ? narrow(expression.left, true, reach, ctx)
              : expression.operator === '||'
                ? narrow(expression.left, false, reach, ctx)
                : reach;
          walkExpression(expression.right, right, ctx);
          return;
        }
        case AST_NODE_TYPES.ConditionalExpression:
          walkExpression(expression.test, reach, ctx);
          walkExpression(expression.consequent, narrow(expression.test, true, reach, ctx), ctx);
          walkExpression(expression.alternate, narrow(expression.test, false, reach, ctx), ctx);
          return;
        case AST_NODE_TYPES.CallExpression: {
          recordCall(expression, reach, ctx);
          walkExpression(expression.callee, reach, ctx);
          const timer = TIMER_CALLS.has(calleeName(expression) ?? '');
          for (const argument of expression.arguments) {
            const value = skipWrappers(argument);
            if (timer && (value.type === AST_NODE_TYPES.ArrowFunctionExpression || value.type === AST_NODE_TYPES.FunctionExpression)) {
              // A throw in a timer callback is uncaught all the same.
              const inner = { ...ctx, caught: false, inNestedCatch: false };
              if (value.body.type === AST_NODE_TYPES.BlockStatement) walkStatements(value.body.body, reach, inner);
              else walkExpression(value.body, reach, inner);
            } else {
              walkExpression(argument, reach, ctx);
            }
          }
          return;
        }
        default:
          for (const key of sourceCode.visitorKeys[expression.type] ?? []) {
            const value = (expression as unknown as Record<string, unknown>)[key];
            for (const child of Array.isArray(value) ? value : [value]) if (isNode(child)) walkExpression(child, reach, ctx);
          }
      }
    }

    function isProcessExit(node: Node): boolean {
      const target = skipWrappers(node);
      if (target.type !== AST_NODE_TYPES.CallExpression) return false;
      const name = dottedName(target.callee);
      return name === 'process.exit' || name === 'process.abort';
    }

    /** Inside a test (`it(..., () => {...})`): the runner turns a throw or failed assertion into a failed test. */
    function inTest(node: Node): boolean {
      for (let current: Node | undefined = node.parent; current; current = current.parent) {
        if (!isFunction(current)) continue;
        const call = current.parent;
        if (call?.type !== AST_NODE_TYPES.CallExpression || !call.arguments.includes(current as TSESTree.CallExpressionArgument)) continue;
        const callee = skipWrappers(call.callee);
        const base = callee.type === AST_NODE_TYPES.MemberExpression ? skipWrappers(callee.object) : callee;
        if (base.type === AST_NODE_TYPES.Identifier && TEST_CALLS.has(base.name)) return true;
        if (callee.type === AST_NODE_TYPES.MemberExpression && propertyName(callee) === 'test') return true;
      }
      return false;
    }

    function recordThrow(statement: TSESTree.ThrowStatement, reach: Reach, ctx: WalkContext): void {
      if (ctx.caught || !ctx.source.throwIsFatal || inTest(statement)) return;
      const consumesError = mentionsError(statement.argument, ctx);
      if (ctx.inNestedCatch && !consumesError) return;
      ctx.sinks.push({ node: statement, label: 'throw', consumesError, reemit: false, reach });
    }

    function recordCall(call: TSESTree.CallExpression, reach: Reach, ctx: WalkContext): void {
      const name = dottedName(call.callee);
      const push = (label: string, consumesError: boolean, reemit = false): void => {
        ctx.sinks.push({ node: call, label, consumesError, reemit, reach });
      };
      if (isProcessExit(call)) return push(`${name}()`, false);
      const [first, second] = call.arguments;
      if (!ctx.caught && !inTest(call)) {
        if (calleeName(call) === 'ifError' && first && mentionsError(first, ctx)) return push(`${name ?? 'ifError'}()`, true);
        const negated = first && skipWrappers(first);
        if (
          name !== undefined &&
          ASSERT_CALLEES.has(name) &&
          negated?.type === AST_NODE_TYPES.UnaryExpression &&
          negated.operator === '!' &&
          isError(negated.argument, ctx)
        ) {
          return push(`${name}(!${sourceCode.getText(negated.argument)})`, true);
        }
      }
      if (fatalFunctions.length > 0 && matchesName(call, fatalFunctions)) {
        return push(`${name ?? calleeName(call)}()`, call.arguments.some((argument) => mentionsError(argument, ctx)));
      }
      if (reemitIsFatal && ctx.source.closeTime && calleeName(call) === 'emit' && first && second) {
        const event = readString(first, scopeOf(call));
        if (event?.value === 'error' && mentionsError(second, ctx)) push(`${name ?? 'emit'}('error', ...)`, true, true);
      }
    }

    // --- Types ---------------------------------------------------------------------------------

    interface ErrorType {
      /** The `code` property can only hold these strings (a literal union): other codes cannot reach. */
      codes: ReadonlySet<string> | undefined;
      /** Known to be an object (`Error`), so `'code' in err` type-checks and cannot throw. */
      object: boolean;
    }

    function errorType(name: TSESTree.Identifier | undefined): ErrorType {
      const services = sourceCode.parserServices;
      if (!name || !sockets.hasTypes || !services?.program || !services.esTreeNodeToTSNodeMap) return { codes: undefined, object: false };
      const { TypeFlags } = loadTypeScript();
      const checker = services.program.getTypeChecker();
      const tsNode = services.esTreeNodeToTSNodeMap.get(name);
      let type: ts.Type;
      try {
        type = askType(context, name, () => checker.getTypeAtLocation(tsNode));
      } catch {
        return { codes: undefined, object: false };
      }
      if (type.flags & (TypeFlags.Any | TypeFlags.Unknown)) return { codes: undefined, object: false };
      const nonNullable = checker.getNonNullableType(type);
      const object = nonNullable === type && (type.flags & TypeFlags.Object) !== 0;
      const codes = new Set<string>();
      for (const part of nonNullable.isUnion() ? nonNullable.types : [nonNullable]) {
        const property = part.getProperty('code');
        if (!property) return { codes: undefined, object };
        const propertyType = checker.getTypeOfSymbolAtLocation(property, tsNode);
        for (const member of propertyType.isUnion() ? propertyType.types : [propertyType]) {
          if (member.isStringLiteral()) codes.add(member.value);
          else if (!(member.flags & (TypeFlags.Undefined | TypeFlags.Null))) return { codes: undefined, object };
        }
      }
      return { codes, object };
    }

    // --- Fixes ---------------------------------------------------------------------------------

    function guardText(subject: string, codes: readonly string[], object: boolean, destructured: boolean, indent: string): string {
      const comparisons = codes.map((code) => `${subject} === '${code}'`);
      let tests: string;
      if (comparisons.length <= 3) {
        tests = comparisons.join(' || ');
      } else {
        const lines: string[] = [];
        for (let i = 0; i < comparisons.length; i += 3) lines.push(comparisons.slice(i, i + 3).join(' || '));
        tests = lines.join(` ||\n${indent}    `);
      }
      if (destructured) return `if (${tests}) return;`;
      const err = subject.slice(0, -'.code'.length);
      const grouped = comparisons.length > 1 ? `(${tests})` : tests;
      const prefix = object ? `'code' in ${err}` : `typeof ${err} === 'object' && ${err} !== null && 'code' in ${err}`;
      return `if (${prefix} && ${grouped}) return;`;
    }

    /** The function a sink returns from (the handler, or a timer callback inside it). */
    function sinkFunction(sink: Sink): FunctionNode | undefined {
      for (let current: Node | undefined = sink.node.parent; current; current = current.parent) if (isFunction(current)) return current;
      return undefined;
    }

    function returnsNothing(fn: FunctionNode | undefined): boolean {
      const annotation = fn?.returnType?.typeAnnotation;
      return (
        !annotation ||
        annotation.type === AST_NODE_TYPES.TSVoidKeyword ||
        annotation.type === AST_NODE_TYPES.TSUndefinedKeyword ||
        annotation.type === AST_NODE_TYPES.TSAnyKeyword ||
        annotation.type === AST_NODE_TYPES.TSUnknownKeyword
      );
    }

    interface GuardEdit {
      fix: TSESLint.ReportFixFunction;
      /** Safe unattended; otherwise offered as a suggestion. */
      safe: boolean;
    }

    /** `if (<err has one of codes>) return;` right before the sink's statement, braced where needed. */
    function guardEdit(source: Source, sink: Sink, codes: readonly string[], type: ErrorType): GuardEdit | undefined {
      const statement =
        sink.node.type === AST_NODE_TYPES.ThrowStatement
          ? sink.node
          : sink.node.parent.type === AST_NODE_TYPES.ExpressionStatement
            ? sink.node.parent
            : sink.node.parent.type === AST_NODE_TYPES.AwaitExpression && sink.node.parent.parent.type === AST_NODE_TYPES.ExpressionStatement
              ? sink.node.parent.parent
              : undefined;
      // `(err) => assert.ifError(err)`: the body becomes a block (a suggestion: the arrow's value changes).
      const arrow = sink.node.parent.type === AST_NODE_TYPES.ArrowFunctionExpression && sink.node.parent.body === sink.node ? sink.node.parent : undefined;
      const position = statement ?? arrow;
      if (!position) return undefined;
      const owner = sinkFunction(sink);
      if (source.kind === 'catch' && !owner) return undefined; // `return` is not allowed at the top level
      if (!returnsNothing(owner)) return undefined;

      let subject: string;
      let destructured = false;
      let addParam: ((fixer: TSESLint.RuleFixer) => TSESLint.RuleFix) | undefined;
      if (source.errName) {
        const variable = ASTUtils.findVariable(scopeOf(source.errName), source.errName.name);
        const visible = ASTUtils.findVariable(scopeOf(sink.node), source.errName.name);
        if (!variable || visible !== variable) return undefined;
        subject = `${source.errName.name}.code`;
      } else if (source.errParam?.type === AST_NODE_TYPES.ObjectPattern) {
        const property = source.errParam.properties.find(
          (p): p is TSESTree.Property =>
            p.type === AST_NODE_TYPES.Property && !p.computed && p.key.type === AST_NODE_TYPES.Identifier && p.key.name === 'code' && p.value.type === AST_NODE_TYPES.Identifier,
        );
        if (!property) return undefined;
        subject = (property.value as TSESTree.Identifier).name;
        destructured = true;
      } else if (!source.errParam && source.fn && source.kind === 'listener') {
        const bodyText = sourceCode.getText(source.fn.body);
        const name = ['err', 'error', 'socketError'].find(
          (candidate) => !ASTUtils.findVariable(scopeOf(sink.node), candidate) && !new RegExp(`\\b${candidate}\\b`, 'u').test(bodyText),
        );
        if (!name) return undefined;
        const fn = source.fn;
        const open = sourceCode.getFirstToken(fn, (token) => token.value === '(');
        if (!open) return undefined;
        subject = `${name}.code`;
        addParam = (fixer) => fixer.insertTextAfter(open, name);
      } else {
        return undefined;
      }

      const indent = leadingWhitespace(sourceCode, position);
      if (!statement) {
        const guard = guardText(subject, codes, type.object, destructured, indent);
        const body = sink.node;
        const edit: TSESLint.ReportFixFunction = (fixer) => {
          const fixes = [fixer.replaceText(body, `{ ${guard} ${sourceCode.getText(body)}; }`)];
          if (addParam) fixes.push(addParam(fixer));
          return fixes;
        };
        return { fix: edit, safe: false };
      }
      const container = statement.parent;
      const inList =
        container?.type === AST_NODE_TYPES.BlockStatement ||
        container?.type === AST_NODE_TYPES.SwitchCase ||
        container?.type === AST_NODE_TYPES.Program;
      const ownLine = inList && sourceCode.lines[statement.loc.start.line - 1]?.slice(0, statement.loc.start.column).trim() === '';
      const guard = guardText(subject, codes, type.object, destructured, indent);
      const edit: TSESLint.ReportFixFunction = (fixer) => {
        const fixes = [
          ownLine
            ? fixer.insertTextBefore(statement, `${guard}\n${indent}`)
            : inList
              ? fixer.insertTextBefore(statement, `${guard} `)
              : fixer.insertTextBefore(statement, `{ ${guard} `),
        ];
        if (!inList) fixes.push(fixer.insertTextAfter(statement, ' }'));
        if (addParam) fixes.push(addParam(fixer));
        return fixes;
      };
      const safe = source.inline && source.kind !== 'catch' && !destructured && !addParam;
      return { fix: edit, safe };
    }

    // --- Checking a source -------------------------------------------------------------------

    function check(source: Source): void {
      const type = errorType(source.errName);
      const codes = type.codes ? configuredCodes.filter((code) => type.codes!.has(code)) : configuredCodes;
      if (codes.length === 0) return;
      const errVariable = source.errName ? ASTUtils.findVariable(scopeOf(source.errName), source.errName.name) : null;
      const ctx: WalkContext = { source, errVariable, caught: false, inNestedCatch: false, sinks: [] };
      let start: Reach = new Set(source.mayHaveNoError ? [...codes, NO_ERROR] : codes);
      if (source.excluded) start = without(start, source.excluded);
      if (without(start, NO_ERROR).size === 0) return;
      if (source.body.type === AST_NODE_TYPES.BlockStatement) walkStatements(source.body.body, start, ctx);
      else walkExpression(source.body, start, ctx);
      for (const sink of ctx.sinks) {
        if (!sink.consumesError && sink.reach.has(NO_ERROR)) continue;
        const reaching = codes.filter((code) => sink.reach.has(code));
        if (reaching.length === 0) continue;
        const edit = guardEdit(source, sink, reaching, type);
        const data = { source: source.label, sink: sink.label, codes: listCodes(reaching) };
        context.report({
          node: sink.node,
          messageId: sink.reemit ? 'fatalReemit' : 'fatalCloseError',
          data,
          fix: edit?.safe ? edit.fix : null,
          suggest: edit && !edit.safe ? [{ messageId: 'addGuard', data, fix: edit.fix }] : [],
        });
      }
    }

    return {
      CallExpression(node) {
        const name = calleeName(node);
        if (name === undefined) return;
        const callee = skipWrappers(node.callee);
        if ((name === 'end' || name === 'destroySoon') && callee.type === AST_NODE_TYPES.MemberExpression) endCalls.push(callee);
        if (LISTEN_METHODS.has(name)) {
          const listener = getListenerCall(node, scopeOf(node));
          if (listener?.event !== 'error' || !listener.listener || isStdio(listener.target)) return;
          // A pool's, a Redis client's or a WebSocket's 'error' (src/libraries.ts) is a connection's error too.
          if (!sockets.match(listener.target) && !libraryObjectOf(listener.target, sourceCode)) return;
          const resolved = resolveListener(listener.listener);
          if (!resolved) return;
          const source = functionSource(resolved.fn, 'listener', "'error' listener", resolved.inline, false);
          sources.push({ ...source, excluded: resolved.excluded, target: listener.target });
          return;
        }
        if (!CALLBACK_METHODS.has(name) && !STREAM_HELPERS.has(name)) return;
        const last = node.arguments.at(-1);
        const fn = last && last.type !== AST_NODE_TYPES.SpreadElement ? resolveFunction(last, sourceCode) : undefined;
        if (!fn || !last) return;
        const inline = fn === skipWrappers(last);
        if (CALLBACK_METHODS.has(name) && callee.type === AST_NODE_TYPES.MemberExpression && isSocket(callee.object)) {
          sources.push(functionSource(fn, 'callback', `\`${name}()\` callback`, inline, name !== 'write'));
        } else if (STREAM_HELPERS.has(name) && node.arguments.slice(0, -1).some((arg) => isSocket(arg))) {
          sources.push(functionSource(fn, 'callback', `\`${name}()\` callback`, inline, false));
        }
      },
      CatchClause(node) {
        const tryStatement = node.parent;
        let awaitsClose = false;
        visit(tryStatement.block, (child) => {
          if (!awaitsClose && child.type === AST_NODE_TYPES.AwaitExpression && isAwaitedClose(child.argument)) awaitsClose = true;
        });
        if (!awaitsClose) return;
        const owner = (() => {
          for (let current: Node | undefined = tryStatement.parent; current; current = current.parent) if (isFunction(current)) return current;
          return undefined;
        })();
        // A rethrow rejects the function's promise; that only ends the process when nobody awaits it.
        const holder = owner?.parent;
        const throwIsFatal =
          !owner ||
          (owner.async &&
            (holder?.type === AST_NODE_TYPES.CallExpression || holder?.type === AST_NODE_TYPES.NewExpression) &&
            holder.arguments.includes(owner as TSESTree.CallExpressionArgument));
        sources.push({
          kind: 'catch',
          label: 'catch block',
          body: node.body,
          fn: undefined,
          errName: node.param?.type === AST_NODE_TYPES.Identifier ? node.param : undefined,
          errParam: node.param ?? undefined,
          inline: true,
          closeTime: true,
          throwIsFatal,
          mayHaveNoError: false,
        });
      },
      'Program:exit'() {
        // One handler registered several times (on a socket and on its request, say) is checked once.
        const byFunction = new Map<Node, Source>();
        const unique: Source[] = [];
        for (const source of sources) {
          const known = source.fn && byFunction.get(source.fn);
          if (!known) {
            if (source.fn) byFunction.set(source.fn, source);
            unique.push(source);
            continue;
          }
          known.inline = false;
          // Benign codes are excluded only when every registration goes through ignoreBenignClose().
          if (!source.excluded) known.excluded = undefined;
          else if (known.excluded) known.excluded = intersect(known.excluded, source.excluded);
          known.mayHaveNoError ||= source.mayHaveNoError;
          known.closeTime ||= source.closeTime;
          if (source.target) known.extraTargets = [...(known.extraTargets ?? []), source.target];
        }
        sources.splice(0, sources.length, ...unique);
        for (const member of endCalls) {
          const key = referenceKey(member.object, sourceCode);
          if (key) endedKeys.add(key);
        }
        for (const source of sources) {
          if (source.kind === 'listener' && source.target) {
            // Only a raw socket's end() ends the connection (a request's end() finishes sending it).
            source.closeTime = [source.target, ...(source.extraTargets ?? [])].some((target) => {
              const key = referenceKey(target, sourceCode);
              return key !== undefined && endedKeys.has(key) && sockets.match(target)?.kind === 'socket';
            });
          }
          check(source);
        }
      },
    };

  },
});
