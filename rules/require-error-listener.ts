import type { TSESLint } from '@typescript-eslint/utils';
import { ASTUtils, AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';

import { isLoggingCall } from '../src/code-dispatch.js';
import { createRule } from '../src/create-rule.js';
import { helperOf } from '../src/helper-imports.js';
import {
  LIBRARY_CHAIN_METHODS,
  libraryListener,
  libraryListensAt,
  libraryObjectByType,
  libraryObjects,
  type LibraryObject,
} from '../src/libraries.js';
import { calleeName, getListenerCall, LISTEN_METHODS, referenceKey } from '../src/listeners.js';
import {
  createSocketDetector, mayHaveSockets,
  DEFAULT_STRICT_SOCKET_NAME_PATTERN,
  defaultSocketOptions,
  socketOptionsSchema,
  type SocketKind,
  type SocketOptions,
} from '../src/socket.js';
import { isFunction, paramIdentifier, propertyName, runtimeParams, skipWrappers } from '../src/model/ast.js';
import { resolveFunction } from '../src/model/functions.js';
import { visitChildren } from '../src/model/classes.js';
import { instanceFieldHandled, instanceFieldName } from '../src/model/instance-fields.js';
import { strippedUses } from '../src/model/listener-removals.js';

type Options = [SocketOptions];
type MessageIds = 'missingListener' | 'lateListener' | 'strippedListener' | 'addListener';

type Node = TSESTree.Node;
type Owner = TSESTree.FunctionLike | TSESTree.Program;
type SourceCode = Readonly<TSESLint.SourceCode>;

/** What each kind is called in messages. Request/response objects of HTTP servers are Node's to handle. */
const CREATED_KINDS: Partial<Record<SocketKind, string>> = {
  socket: 'socket',
  'client-request': 'request',
  'http2-session': 'HTTP/2 session',
  'http2-stream': 'HTTP/2 stream',
};

/** Names of the calls and classes that create a socket (the detector says which really do). */
const CREATING_CALLS = new Set(['connect', 'createConnection', 'request', 'get']);

/** Methods that return the socket they are called on. */
const CHAIN_METHODS = new Set([
  ...LISTEN_METHODS,
  'off',
  'removeListener',
  'removeAllListeners',
  'setMaxListeners',
  'setTimeout',
  'setNoDelay',
  'setKeepAlive',
  'setEncoding',
  'ref',
  'unref',
  'pause',
  'resume',
  'cork',
  'uncork',
  'connect',
]);
const DESTROY_METHODS = new Set(['destroy', 'resetAndDestroy']);

/** Callbacks these run before they return, so what they do counts as done right away. */
const SYNC_CALLBACK_METHODS = new Set(['forEach', 'map', 'filter', 'some', 'every', 'find', 'findIndex', 'flatMap', 'reduce']);

/** Node's 'upgrade'/'connect' sockets have lost the HTTP server's own 'error' listener. */
const HANDED_OVER_EVENTS = new Set(['upgrade', 'connect']);
/** Every socket of a server passes through these first (the TLS socket for 'secureConnection'). */
const CONNECTION_EVENTS = new Set(['connection', 'secureConnection']);

type Effect = 'listener' | 'escape' | 'destroy' | 'none';

interface Use {
  effect: Effect;
  /** The node whose position says when it happens (the listener call, the hand-off). */
  at: Node;
  /** For a hand-off to a function of this file: when that function listens or hands the socket on. */
  when?: Timing;
}

type Timing = 'now' | 'callback' | 'await';

interface Registration {
  fn: TSESTree.FunctionLike;
  /** 'connection', 'upgrade', 'connect', or 'createServer' for the callback of `createServer()`/`new Server()`. */
  event: string;
  /** The server or request the listener is registered on (undefined for `createServer` callbacks). */
  receiver: TSESTree.Expression | undefined;
  /** The call that registers it. */
  call: TSESTree.CallExpression | TSESTree.NewExpression;
}

/** The nearest function around `node`, or the program. */
function ownerOf(node: Node): Owner {
  let current = node.parent;
  while (current) {
    if (isFunction(current)) return current;
    if (current.type === AST_NODE_TYPES.Program) return current;
    current = current.parent;
  }
  throw new Error('node outside a program');
}

function leadingWhitespace(sourceCode: SourceCode, node: Node): string {
  const line = sourceCode.lines[node.loc.start.line - 1] ?? '';
  return /^\s*/u.exec(line)?.[0] ?? '';
}

export default createRule<Options, MessageIds>({
  name: 'require-error-listener',
  meta: {
    type: 'problem',
    docs: {
      description: "Require an 'error' listener on every socket a function creates or receives from Node",
      recommended: 'recommended',
      strictOptions: { socketNamePattern: DEFAULT_STRICT_SOCKET_NAME_PATTERN },
    },
    hasSuggestions: true,
    messages: {
      missingListener:
        "The {{noun}} `{{name}}` gets no 'error' listener, so its first error crashes the process.",
      lateListener:
        "`{{name}}` gets its 'error' listener only {{when}}, so an earlier error crashes the process.",
      strippedListener:
        "`{{name}}` loses its 'error' listener here, yet `{{method}}()` follows: an error then crashes the process.",
      addListener: "Add `{{listener}}` right after the {{noun}} is {{obtained}}.",
    },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: { ...socketOptionsSchema },
      },
    ],
    defaultOptions: [{ ...defaultSocketOptions }],
  },
  create(context, [options]) {
    const sourceCode = context.sourceCode;
    // Nothing to report in a file where nothing can be a socket (most files of a code base).
    if (!mayHaveSockets(context, options) && libraryObjects(sourceCode).size === 0) return {};
    const sockets = createSocketDetector(context, options);
    const creations: (TSESTree.CallExpression | TSESTree.NewExpression)[] = [];
    const registrations: Registration[] = [];
    /** Every call of the file, in source order (where an 'error' listener is taken away, and what follows). */
    const calls: TSESTree.CallExpression[] = [];
    /** Every `await`, `yield` and `for await`, by the function they pause. */
    const pauses = new Map<Owner, Node[]>();

    function variableOf(identifier: TSESTree.Identifier): TSESLint.Scope.Variable | null {
      return ASTUtils.findVariable(sourceCode.getScope(identifier), identifier.name);
    }

    // --- Functions given as listeners --------------------------------------------------------


    // --- What happens to a socket ------------------------------------------------------------

    /**
     * Where a function that contains `node` runs, seen from `owner`: right away (its own body, a
     * promise executor, an IIFE, an array callback) or later (any other callback).
     */
    function deferringFunction(node: Node, owner: Owner): TSESTree.FunctionLike | undefined {
      for (let current = node.parent; current && current !== owner; current = current.parent) {
        if (!isFunction(current)) continue;
        if (!runsRightAway(current)) return current;
      }
      return undefined;
    }

    function runsRightAway(fn: TSESTree.FunctionLike): boolean {
      let holder: Node = fn;
      while (holder.parent && (holder.parent.type === AST_NODE_TYPES.TSAsExpression || holder.parent.type === AST_NODE_TYPES.TSNonNullExpression)) {
        holder = holder.parent;
      }
      const parent = holder.parent;
      if (!parent) return false;
      if (parent.type === AST_NODE_TYPES.CallExpression && parent.callee === holder) return true; // IIFE
      if (parent.type === AST_NODE_TYPES.NewExpression && parent.arguments[0] === holder) {
        return parent.callee.type === AST_NODE_TYPES.Identifier && parent.callee.name === 'Promise';
      }
      if (parent.type === AST_NODE_TYPES.CallExpression && parent.arguments[0] === holder) {
        const callee = skipWrappers(parent.callee);
        return callee.type === AST_NODE_TYPES.MemberExpression && SYNC_CALLBACK_METHODS.has(propertyName(callee) ?? '');
      }
      return false;
    }

    /** Is `variable` declared inside `owner` (so its other uses are still `owner`'s business)? */
    function isLocalTo(variable: TSESLint.Scope.Variable, owner: Owner): boolean {
      const declared = variable.defs[0]?.name;
      if (!declared || declared.range[0] < owner.range[0] || declared.range[1] > owner.range[1]) return false;
      // `export const socket = ...` hands it to every importer.
      const declaration = variable.defs[0]?.parent;
      return declaration?.parent?.type !== AST_NODE_TYPES.ExportNamedDeclaration;
    }

    interface Flow {
      uses: Use[];
      /** The variables the socket was stored in, in order (for messages and the suggestion). */
      names: TSESTree.Identifier[];
      /** Set when the object is a library's (src/libraries.ts): its own chain methods and listener shapes. */
      library?: LibraryObject;
    }

    /** Follows the socket's value from `start` (a creation or a read of its variable) and records what is done with it. */
    function follow(start: Node, owner: Owner, flow: Flow, seen: Set<TSESLint.Scope.Variable>): void {
      let node = start;
      for (;;) {
        const parent = node.parent;
        if (!parent) return;
        switch (parent.type) {
          case AST_NODE_TYPES.TSAsExpression:
          case AST_NODE_TYPES.TSNonNullExpression:
          case AST_NODE_TYPES.TSSatisfiesExpression:
          case AST_NODE_TYPES.TSTypeAssertion:
          case AST_NODE_TYPES.ChainExpression:
          case AST_NODE_TYPES.SequenceExpression:
            if (parent.type === AST_NODE_TYPES.SequenceExpression && parent.expressions.at(-1) !== node) return;
            node = parent;
            continue;
          case AST_NODE_TYPES.ConditionalExpression:
            if (parent.test === node) return;
            node = parent;
            continue;
          case AST_NODE_TYPES.LogicalExpression:
            if (parent.operator === '&&' && parent.left === node) return;
            node = parent;
            continue;
          case AST_NODE_TYPES.MemberExpression: {
            if (parent.object !== node) return flow.uses.push({ effect: 'escape', at: parent }), undefined;
            if (flow.library && libraryListensAt(parent, flow.library)) return flow.uses.push({ effect: 'listener', at: parent }), undefined;
            const call = parent.parent;
            if (call.type !== AST_NODE_TYPES.CallExpression || call.callee !== parent) return;
            const method = propertyName(parent) ?? '';
            if (LISTEN_METHODS.has(method)) {
              const listener = getListenerCall(call, sourceCode.getScope(call));
              // A listener for an event that is not a constant may well be the 'error' one.
              if (!listener || listener.event === 'error') {
                flow.uses.push({ effect: 'listener', at: call });
                return;
              }
            }
            if (DESTROY_METHODS.has(method) || flow.library?.releasedBy?.includes(method)) {
              flow.uses.push({ effect: 'destroy', at: call });
              return;
            }
            if (!(flow.library ? LIBRARY_CHAIN_METHODS : CHAIN_METHODS).has(method)) return;
            node = call;
            continue;
          }
          case AST_NODE_TYPES.CallExpression:
          case AST_NODE_TYPES.NewExpression: {
            if (parent.callee === node) return;
            const callee = skipWrappers(parent.callee);
            // `source.pipe(socket)` adds no listener that keeps errors from crashing, and returns the socket.
            if (callee.type === AST_NODE_TYPES.MemberExpression && propertyName(callee) === 'pipe') {
              node = parent;
              continue;
            }
            if (isLoggingCall(parent)) return;
            if (parent.type === AST_NODE_TYPES.CallExpression && parent.arguments[0] === node && keepsNoErrorListener(parent)) return;
            const helper = parent.type === AST_NODE_TYPES.CallExpression ? helperSummary(parent, node) : undefined;
            // A function of this file is followed: it handles the socket only if it listens or hands it on.
            if (helper === 'none') return;
            flow.uses.push(helper === undefined || helper === 'now' ? { effect: 'escape', at: parent } : { effect: 'escape', at: parent, when: helper });
            return;
          }
          case AST_NODE_TYPES.VariableDeclarator:
            if (parent.init !== node) return;
            if (parent.id.type === AST_NODE_TYPES.Identifier) track(parent.id, parent.id, owner, flow, seen);
            else if (parent.id.type !== AST_NODE_TYPES.ObjectPattern) flow.uses.push({ effect: 'escape', at: parent });
            return;
          case AST_NODE_TYPES.AssignmentExpression:
            if (parent.right !== node) return;
            if (parent.left.type === AST_NODE_TYPES.Identifier) track(parent.left, parent, owner, flow, seen);
            else if (!storedUnheard(parent.left, flow)) flow.uses.push({ effect: 'escape', at: parent });
            node = parent;
            continue;
          case AST_NODE_TYPES.ExpressionStatement:
          case AST_NODE_TYPES.IfStatement:
          case AST_NODE_TYPES.WhileStatement:
          case AST_NODE_TYPES.DoWhileStatement:
          case AST_NODE_TYPES.ForStatement:
          case AST_NODE_TYPES.UnaryExpression:
          case AST_NODE_TYPES.BinaryExpression:
          case AST_NODE_TYPES.TemplateLiteral:
          case AST_NODE_TYPES.SwitchStatement:
          case AST_NODE_TYPES.SwitchCase:
            return;
          case AST_NODE_TYPES.ArrowFunctionExpression:
            // What a listener returns is dropped; what any other arrow returns is handed on.
            if (parent.body !== node || isListenerArgument(parent)) return;
            flow.uses.push({ effect: 'escape', at: parent });
            return;
          default:
            // Returned, yielded, thrown, exported, put in an object or array, spread...: handed on.
            flow.uses.push({ effect: 'escape', at: parent });
            return;
        }
      }
    }

    /**
     * Our `onSocketClose(socket, …)` and `endGracefully(socket, …)` (imported from
     * `eslint-plugin-socket-errors/codes`) take no ownership of the socket: the first only waits for
     * 'close', the second listens to 'error' only while it ends the socket. The project's own
     * function of either name may attach a listener, so it still counts as a hand-off.
     */
    function keepsNoErrorListener(call: TSESTree.CallExpression): boolean {
      const helper = helperOf(call.callee, sourceCode.getScope(call), sourceCode);
      return helper === 'onSocketClose' || helper === 'endGracefully';
    }

    /** Is `fn` given to `x.on(event, fn)` or `createServer(fn)`, whose return value nobody reads? */
    function isListenerArgument(fn: Node): boolean {
      const call = fn.parent;
      if (call?.type !== AST_NODE_TYPES.CallExpression && call?.type !== AST_NODE_TYPES.NewExpression) return false;
      if (!call.arguments.includes(fn as TSESTree.CallExpressionArgument)) return false;
      const callee = skipWrappers(call.callee);
      const name =
        callee.type === AST_NODE_TYPES.MemberExpression ? propertyName(callee) : callee.type === AST_NODE_TYPES.Identifier ? callee.name : undefined;
      return name !== undefined && (LISTEN_METHODS.has(name) || name === 'createServer' || name === 'Server');
    }

    /**
     * Stored on the instance (`this.conn = net.connect()`), and the file never listens for 'error'
     * on that field nor hands it on (src/model/instance-fields.ts): still without a listener.
     * Only for Node's own sockets (library objects keep their own rules).
     */
    function storedUnheard(target: TSESTree.Expression, flow: Flow): boolean {
      if (flow.library) return false;
      const name = instanceFieldName(target, sourceCode);
      return name !== undefined && !instanceFieldHandled(name, calls, sourceCode);
    }

    /** The socket was stored in `identifier`: a local variable is followed, anything else is handed on. */
    function track(identifier: TSESTree.Identifier, at: Node, owner: Owner, flow: Flow, seen: Set<TSESLint.Scope.Variable>): void {
      const variable = variableOf(identifier);
      if (!variable || !isLocalTo(variable, owner)) {
        flow.uses.push({ effect: 'escape', at });
        return;
      }
      if (seen.has(variable)) return;
      seen.add(variable);
      flow.names.push(identifier);
      for (const ref of variable.references) {
        if (ref.isRead()) follow(ref.identifier, owner, flow, seen);
      }
    }

    /** Are `a` and `b` in different branches of one `if`, `?:` or `switch` (never both on one path)? */
    function exclusive(a: Node, b: Node): boolean {
      const ancestors = new Set<Node>();
      for (let current: Node | undefined = a; current; current = current.parent) ancestors.add(current);
      let child: Node = b;
      let common: Node | undefined = b.parent;
      while (common && !ancestors.has(common)) {
        child = common;
        common = common.parent;
      }
      if (!common || common === a) return false;
      let other: Node = a;
      while (other.parent && other.parent !== common) other = other.parent;
      switch (common.type) {
        case AST_NODE_TYPES.IfStatement:
        case AST_NODE_TYPES.ConditionalExpression:
          return child !== common.test && other !== common.test && child !== other;
        case AST_NODE_TYPES.SwitchStatement:
          return child !== common.discriminant && other !== common.discriminant && child !== other;
        default:
          return false;
      }
    }

    /**
     * What a function of this file does with the socket it is given at `argument` of `call`: listens
     * or hands it on right away ('now'), only in a callback or after an `await`, or never ('none').
     * Undefined when the callee is not a function of this file or its parameter cannot be followed
     * (destructured, rest, spread arguments): the socket then counts as handed on. Each parameter is
     * summarised once; a function that reaches itself again counts as handing the socket on.
     */
    function helperSummary(call: TSESTree.CallExpression, argument: Node): Timing | 'none' | undefined {
      const index = call.arguments.indexOf(argument as TSESTree.CallExpressionArgument);
      if (index < 0 || call.arguments.slice(0, index).some((arg) => arg.type === AST_NODE_TYPES.SpreadElement)) return undefined;
      const fn = resolveFunction(call.callee, sourceCode);
      if (!fn) return undefined;
      const param = runtimeParams(fn)[index];
      const identifier = param && paramIdentifier(param);
      if (!identifier) return undefined;
      const summaries = helperSummaries.get(fn) ?? new Map<number, Timing | 'none' | 'pending'>();
      helperSummaries.set(fn, summaries);
      const known = summaries.get(index);
      if (known === 'pending') return undefined;
      if (known !== undefined) return known;
      summaries.set(index, 'pending');
      const { flow, from } = paramFlow(fn, identifier);
      const timings = flow.uses
        .filter((use) => use.effect === 'listener' || use.effect === 'escape')
        .map((use) => timing(use, fn, identifier, from));
      const summary: Timing | 'none' = timings.includes('now') || destroyedOnTheSpot(flow, fn, identifier, from) ? 'now' : (timings[0] ?? 'none');
      summaries.set(index, summary);
      return summary;
    }
    const helperSummaries = new Map<TSESTree.FunctionLike, Map<number, Timing | 'none' | 'pending'>>();

    /** What `fn` does with its parameter `identifier`, and where its body starts (for `timing`). */
    function paramFlow(fn: TSESTree.FunctionLike, identifier: TSESTree.Identifier, library?: LibraryObject): { flow: Flow; from: number } {
      const variable = variableOf(identifier);
      const flow: Flow = library ? { uses: [], names: [], library } : { uses: [], names: [] };
      for (const ref of variable?.references ?? []) if (ref.isRead()) follow(ref.identifier, fn, flow, new Set(variable ? [variable] : []));
      return { flow, from: fn.body ? fn.body.range[0] : fn.range[0] };
    }

    /** When a use happens: right away, in a callback that runs later, or after the function awaited. */
    function timing(use: Use, owner: Owner, origin: Node, from: number): Timing {
      if (deferringFunction(use.at, owner)) return 'callback';
      const paused = (pauses.get(owner) ?? []).some(
        (pause) =>
          pause.range[0] >= from &&
          pause.range[1] <= use.at.range[0] &&
          !deferringFunction(pause, owner) &&
          // An await in another branch (`if (a) socket = connect(); else await x;`) is not on the way.
          !exclusive(pause, origin) &&
          !exclusive(pause, use.at),
      );
      return paused ? 'await' : (use.when ?? 'now');
    }

    /**
     * `socket.destroy()` as a statement of the function itself, with nothing done to the socket after it.
     * A library object must also be destroyed (released) before any `await`: its errors come while it waits.
     */
    function destroyedOnTheSpot(flow: Flow, owner: Owner, origin: Node, from: number): boolean {
      const body = owner.type === AST_NODE_TYPES.Program ? owner : owner.body;
      return flow.uses.some((use) => {
        if (use.effect !== 'destroy') return false;
        if (flow.library && timing(use, owner, origin, from) !== 'now') return false;
        const statement = use.at.parent;
        const onTheSpot = body === use.at || (statement?.type === AST_NODE_TYPES.ExpressionStatement && statement.parent === body);
        return (
          onTheSpot &&
          // `if (handled(req, socket)) return; socket.destroy();`: the path that returned keeps the socket.
          !(statement && body?.type !== AST_NODE_TYPES.Program && returnsBefore(body, statement)) &&
          flow.uses.every((other) => other === use || (other.at.range[1] <= use.at.range[0] && !deferringFunction(other.at, owner)))
        );
      });
    }

    /** Does a statement of `body` before `statement` return from the function (not from a nested one)? */
    function returnsBefore(body: TSESTree.BlockStatement | TSESTree.Expression | undefined, statement: Node): boolean {
      if (body?.type !== AST_NODE_TYPES.BlockStatement) return false;
      let found = false;
      const visit = (node: Node): void => {
        if (found || isFunction(node)) return;
        if (node.type === AST_NODE_TYPES.ReturnStatement) {
          found = true;
          return;
        }
        visitChildren(node, visit, sourceCode);
      };
      for (const earlier of body.body) {
        if (earlier === statement) break;
        visit(earlier);
      }
      return found;
    }

    function check(
      reportNode: Node,
      owner: Owner,
      origin: Node,
      from: number,
      kind: SocketKind | LibraryObject,
      flow: Flow,
      fallbackName: string,
      suggest: (name: string) => TSESLint.ReportFixFunction | undefined,
      obtained: string,
    ): void {
      const noun = typeof kind === 'string' ? CREATED_KINDS[kind] : kind.noun;
      if (!noun) return;
      const timed = flow.uses
        .filter((use) => use.effect === 'listener' || use.effect === 'escape')
        .map((use) => ({ use, when: timing(use, owner, origin, from) }));
      if (timed.some(({ when }) => when === 'now')) return;
      if (timed.length === 0 && destroyedOnTheSpot(flow, owner, origin, from)) return;
      const name = flow.names[0]?.name ?? fallbackName;
      const fix = suggest(name);
      const listener =
        typeof kind !== 'string'
          ? libraryListener(flow.names[0] || obtained === 'received' ? name : undefined)
          : flow.names[0] || obtained === 'received' ? `${name}.on('error', () => ${name}.destroy())` : ".on('error', (err) => console.error(err))";
      const suggestion = fix ? [{ messageId: 'addListener' as const, data: { listener, noun, obtained }, fix }] : undefined;
      const late = timed[0];
      if (late) {
        const when = late.when === 'await' ? 'after an `await`' : 'in a later callback';
        context.report({ node: reportNode, messageId: 'lateListener', data: { name, when }, suggest: suggestion });
      } else {
        context.report({ node: reportNode, messageId: 'missingListener', data: { noun, name }, suggest: suggestion });
      }
    }

    // --- Suggestions -------------------------------------------------------------------------

    /** Inserts `name.on('error', ...)` after the statement that stores a new socket in `name`. */
    function afterStatementFix(flow: Flow, creation: Node, library?: LibraryObject): ((name: string) => TSESLint.ReportFixFunction | undefined) {
      return (name) => {
        const holder = flow.names[0];
        if (holder) {
          let statement: Node | undefined = holder.parent;
          // The declaration or assignment that stores the creation itself, as a statement of a block.
          while (statement && statement.type !== AST_NODE_TYPES.VariableDeclaration && statement.type !== AST_NODE_TYPES.ExpressionStatement) {
            statement = statement.parent;
          }
          if (
            !statement ||
            (statement.type === AST_NODE_TYPES.ExpressionStatement && holder.parent?.type !== AST_NODE_TYPES.AssignmentExpression) ||
            !(creation.range[0] >= statement.range[0] && creation.range[1] <= statement.range[1])
          ) {
            return undefined;
          }
          const container = statement.parent;
          if (
            container?.type !== AST_NODE_TYPES.BlockStatement &&
            container?.type !== AST_NODE_TYPES.Program &&
            container?.type !== AST_NODE_TYPES.SwitchCase &&
            container?.type !== AST_NODE_TYPES.StaticBlock
          ) {
            return undefined;
          }
          const indent = leadingWhitespace(sourceCode, statement);
          const target = statement;
          const listener = library ? libraryListener(name) : `${name}.on('error', () => ${name}.destroy())`;
          return (fixer) => fixer.insertTextAfter(target, `\n${indent}${listener};`);
        }
        // `(await amqp.connect(url)).on(…)` would need parentheses the statement may not have.
        if (creation.type === AST_NODE_TYPES.AwaitExpression) return undefined;
        // Not stored: chain the listener onto the creation itself (`on` returns the socket).
        if (creation.type === AST_NODE_TYPES.NewExpression && !sourceCode.getText(creation).trimEnd().endsWith(')')) return undefined;
        return (fixer) => fixer.insertTextAfter(creation, ".on('error', (err) => console.error(err))");
      };
    }

    /** Inserts `socket.on('error', ...)` as the first statement of the listener that receives it. */
    function bodyStartFix(fn: TSESTree.FunctionLike, library?: LibraryObject): (name: string) => TSESLint.ReportFixFunction | undefined {
      return (name) => {
        const body = fn.body;
        if (body?.type !== AST_NODE_TYPES.BlockStatement) return undefined;
        const first = body.body[0];
        const ownLine = first !== undefined && first.loc.start.line !== body.loc.start.line;
        const indent = ownLine ? leadingWhitespace(sourceCode, first) : `${leadingWhitespace(sourceCode, body)}  `;
        const text = `${library ? libraryListener(name) : `${name}.on('error', () => ${name}.destroy())`};`;
        return ownLine
          ? (fixer) => fixer.insertTextBefore(first, `${text}\n${indent}`)
          : (fixer) => fixer.insertTextAfterRange([body.range[0], body.range[0] + 1], `\n${indent}${text}`);
      };
    }

    // --- Entry points ------------------------------------------------------------------------

    function checkCreation(creation: TSESTree.CallExpression | TSESTree.NewExpression): void {
      if (libraryObjects(sourceCode).has(creation)) return; // checked as the library's object
      // A call other than `request()` makes a new socket only when it is Node's own (syntax): a value
      // typed as a socket comes from a factory, which may have attached a listener already. So the
      // type checker is not asked about every `map.get(key)`.
      if (creation.type === AST_NODE_TYPES.CallExpression && calleeName(creation) !== 'request' && !sockets.createdBy(creation)) return;
      const found = sockets.match(creation);
      if (!found && creation.type === AST_NODE_TYPES.NewExpression && sockets.hasTypes) {
        const library = libraryObjectByType(creation, sourceCode);
        if (library) return checkLibraryObject(creation, library);
      }
      if (!found || !CREATED_KINDS[found.kind]) return;
      if (found.via === 'name') return;
      // Values typed as sockets count as new ones only when constructed here (`new Tunnel()`) or
      // opened on a session (`session.request()`): a factory may well have attached a listener already.
      if (found.via === 'type' && creation.type !== AST_NODE_TYPES.NewExpression && found.kind !== 'http2-stream') return;
      const owner = ownerOf(creation);
      const flow: Flow = { uses: [], names: [] };
      follow(creation, owner, flow, new Set());
      const callee = sourceCode.getText(creation.callee);
      const fallback = creation.type === AST_NODE_TYPES.NewExpression ? `new ${callee}()` : `${callee}()`;
      check(creation, owner, creation, creation.range[1], found.kind, flow, fallback, afterStatementFix(flow, creation), 'created');
    }

    /** A library object (src/libraries.ts) created here: the same checks, with its own chain methods and listener. */
    function checkLibraryObject(creation: Node, library: LibraryObject): void {
      if (library.create === 'listener') return checkLibraryParam(creation, library);
      const owner = ownerOf(creation);
      const flow: Flow = { uses: [], names: [], library };
      follow(creation, owner, flow, new Set());
      const made = creation.type === AST_NODE_TYPES.AwaitExpression ? creation.argument : creation;
      const callee = made.type === AST_NODE_TYPES.CallExpression || made.type === AST_NODE_TYPES.NewExpression ? sourceCode.getText(made.callee) : library.export;
      const fallback = `${made.type === AST_NODE_TYPES.NewExpression ? 'new ' : ''}${callee}()`;
      check(creation, owner, creation, creation.range[1], library, flow, fallback, afterStatementFix(flow, creation, library), 'created');
    }

    /** A library object received as a listener's parameter (a WebSocket server's connections). */
    function checkLibraryParam(param: Node, library: LibraryObject): void {
      const fn = param.parent;
      if (param.type !== AST_NODE_TYPES.Identifier || !fn || !isFunction(fn)) return;
      if (!variableOf(param)) return;
      const { flow, from } = paramFlow(fn, param, library);
      check(param, fn, param, from, library, flow, param.name, bodyStartFix(fn, library), 'received');
    }

    /**
     * Does a 'connection' / 'secureConnection' listener of the same server attach an 'error'
     * listener to every socket right away? Then the sockets it later hands to 'connect' and
     * 'upgrade' listeners already have one (the listener stays until removed).
     */
    function coveredByConnectionListener(receiver: TSESTree.Expression | undefined): boolean {
      const key = receiver && referenceKey(receiver, sourceCode);
      if (key === undefined) return false;
      return registrations.some((other) => {
        if (!CONNECTION_EVENTS.has(other.event) || !other.receiver || referenceKey(other.receiver, sourceCode) !== key) return false;
        const param = other.fn.params[0];
        const identifier = param && paramIdentifier(param);
        if (!identifier) return false;
        const { flow, from } = paramFlow(other.fn, identifier);
        return flow.uses.some((use) => use.effect === 'listener' && timing(use, other.fn, identifier, from) === 'now');
      });
    }

    function checkRegistration(registration: Registration, done: Set<Node>): void {
      const { fn, event } = registration;
      if (HANDED_OVER_EVENTS.has(event) && coveredByConnectionListener(registration.receiver)) return;
      const index = HANDED_OVER_EVENTS.has(event) ? 1 : 0;
      const param = fn.params[index];
      const identifier = param && paramIdentifier(param);
      if (!identifier || done.has(identifier)) return;
      const found = sockets.match(identifier);
      if (found?.kind !== 'socket') return;
      if (!HANDED_OVER_EVENTS.has(event)) {
        // Only a plain net.Server leaves its connections without a listener: HTTP servers attach
        // their own, and TLS servers keep one that swallows errors after the handshake.
        if (found.via === 'name') return;
        const family = sockets.serverFamily(event === 'createServer' ? registration.call : registration.receiver!);
        if (family !== 'net') return;
      }
      done.add(identifier);
      if (!variableOf(identifier)) return;
      const { flow, from } = paramFlow(fn, identifier);
      check(identifier, fn, identifier, from, 'socket', flow, identifier.name, bodyStartFix(fn), 'received');
    }

    function recordPause(node: Node): void {
      const owner = ownerOf(node);
      const list = pauses.get(owner);
      if (list) list.push(node);
      else pauses.set(owner, [node]);
    }

    return {
      AwaitExpression: recordPause,
      YieldExpression: recordPause,
      ForOfStatement(node) {
        if (node.await) recordPause(node);
      },
      CallExpression(node) {
        calls.push(node);
        const name = calleeName(node);
        if (name === undefined) return;
        if (CREATING_CALLS.has(name)) creations.push(node);
        if (name === 'createServer') {
          const last = node.arguments.at(-1);
          const fn = last && node.arguments.length <= 2 ? resolveFunction(last, sourceCode) : undefined;
          if (fn) registrations.push({ fn, event: 'createServer', receiver: undefined, call: node });
          return;
        }
        if (!LISTEN_METHODS.has(name)) return;
        const listener = getListenerCall(node, sourceCode.getScope(node));
        if (!listener?.listener || (!CONNECTION_EVENTS.has(listener.event) && !HANDED_OVER_EVENTS.has(listener.event))) return;
        const fn = resolveFunction(listener.listener, sourceCode);
        if (fn) registrations.push({ fn, event: listener.event, receiver: listener.target, call: node });
      },
      NewExpression(node) {
        const name = calleeName(node);
        if (name === 'Server') {
          const first = node.arguments.at(-1);
          const fn = first && node.arguments.length <= 2 ? resolveFunction(first, sourceCode) : undefined;
          if (fn && sockets.serverFamily(node) === 'net') registrations.push({ fn, event: 'createServer', receiver: undefined, call: node });
          return;
        }
        // Any `new` may construct a socket by type (a subclass, or a type named in socketTypes).
        if (name === 'Socket' || name === 'TLSSocket' || sockets.hasTypes) creations.push(node);
      },
      'Program:exit'() {
        for (const creation of creations) checkCreation(creation);
        for (const [creation, library] of libraryObjects(sourceCode)) checkLibraryObject(creation, library);
        const done = new Set<Node>();
        for (const registration of registrations) checkRegistration(registration, done);
        const isSocket = (node: TSESTree.Expression): boolean => {
          const kind = sockets.match(node)?.kind;
          return kind !== undefined && CREATED_KINDS[kind] !== undefined;
        };
        for (const { removal, socket, method } of strippedUses(calls, sourceCode, isSocket)) {
          context.report({ node: removal, messageId: 'strippedListener', data: { name: sourceCode.getText(socket), method } });
        }
      },
    };
  },
});
