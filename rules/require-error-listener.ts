import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';

import { createRule } from '../src/create-rule.js';
import { quietForSockets } from '../src/model/file-words.js';
import { afterStatementFix, bodyStartFix, type ListenerFix, suggestedListener } from '../src/fixes/require-error-listener.js';
import { libraryObjectByType, libraryObjects, type LibraryObject } from '../src/libraries.js';
import { calleeName, findVariable, LISTEN_METHODS, listenerCallOf } from '../src/listeners.js';
import { inDeadBranch, isFunction, paramIdentifier, propertyName, runtimeParams } from '../src/model/ast.js';
import { resolveFunction } from '../src/model/functions.js';
import type { SocketFlow } from '../src/model/socket-flow.js';
import { strippedListeners } from '../src/model/listener-removals.js';
import { restoresBorrowed } from '../src/model/borrowed-sockets.js';
import { ListenerPaths } from '../src/model/listener-paths.js';
import { arrivesNextTurn, listenerArrival, neverConnected, otherCaseOfSameSwitch, timing, uncoveredBranch } from '../src/model/listener-state.js';
import { onceButEmitted } from '../src/model/once-reemits.js';
import { shortLivedPool } from '../src/model/pool-lifetimes.js';
import { quietUdpRead, quietUdpSocket } from '../src/model/udp-quiet.js';
import { relaysNoNewError } from '../src/model/relayed-errors.js';
import { holdsOnlyOwnListenerTls, keepsNodesErrorListener, onceOnTls } from '../src/model/once-tls.js';
import { displayName } from '../src/model/dead-socket.js';
import { uncoveredFieldBranches } from '../src/model/field-branches.js';
import { fedStreams, mayFeedStreams } from '../src/model/fed-streams.js';
import { mayCreateSockets } from '../src/model/file-facts.js';
import { feedResourceWalk } from '../src/model/resource-walk.js';
import { CONNECTION_EVENTS, connectRequest, coveredByConnectionListener, foreignUpgradeHandlers, HANDED_OVER_EVENTS, isHttp2Session, ownedByAnotherConnectionListener, pausedOnConnect, type Registration, soleHandoverListener } from '../src/model/server-events.js';
import { mayUseAsSocket } from '../src/model/socket-evidence.js';
import { compileNamePattern } from '../src/model/options.js';
import { followCreation, followParameter, receiversOf } from '../src/model/summaries.js';
import { catchesUncaught } from '../src/model/uncaught-handlers.js';
import {
  createSocketDetector, mayHaveSockets,
  DEFAULT_STRICT_SOCKET_NAME_PATTERN,
  defaultSocketOptions,
  socketOptionsSchema,
  type SocketKind,
  type SocketOptions,
} from '../src/socket.js';

type Options = [SocketOptions];
type MessageIds =
  | 'missingListener'
  | 'lateListener'
  | 'lateHandOff'
  | 'pauseUncovered'
  | 'strippedListener'
  | 'strippedKept'
  | 'strippedAfterAbort'
  | 'branchUncovered'
  | 'fieldBranchUncovered'
  | 'onceButReemitted'
  | 'onceOnTls'
  | 'addListener'
  | 'useOn';

type Node = TSESTree.Node;

/** What each kind is called in messages. Request/response objects of HTTP servers are Node's to handle. */
const CREATED_KINDS: Partial<Record<SocketKind, string>> = {
  socket: 'socket',
  'client-request': 'request',
  'http2-session': 'HTTP/2 session',
  'http2-stream': 'HTTP/2 stream',
};

/** The kinds whose data a stream piped from them receives from the peer (src/model/fed-streams.ts). */
const FED_BY: ReadonlySet<SocketKind> = new Set(['socket', 'incoming-message', 'http2-stream']);

/** Names of the calls and classes that create a socket (the detector says which really do). */
const CREATING_CALLS = new Set(['connect', 'createConnection', 'request', 'get']);
/** How many hand-offs deep the functions a socket is handed to are checked for a branch that keeps it. */
const RECEIVER_DEPTH = 2;

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
      lateHandOff:
        '`{{name}}` is handed on only {{when}}, so an error before then crashes the process.',
      pauseUncovered:
        "`{{name}}` has no 'error' listener on a path to this `{{pause}}`, so an error while it waits crashes the process.",
      strippedListener:
        "`{{name}}` loses its 'error' listener here, yet `{{method}}()` follows: an error then crashes the process.",
      strippedAfterAbort:
        "`{{name}}` loses its 'error' listener just after `{{method}}()`: an aborted handshake's 'error' crashes the process.",
      strippedKept:
        "`{{name}}` loses its 'error' listener and stays open without `destroy()`: its next error crashes the process.",
      branchUncovered:
        "`{{name}}` is kept on a branch without 'error' listener or hand-off: its next error crashes the process.",
      fieldBranchUncovered:
        "`{{name}}` gets no 'error' listener on this branch, unlike line {{line}}: its first error crashes the process.",
      onceButReemitted:
        "`{{name}}` listens once for 'error', yet this file emits 'error' on it: the next error crashes the process.",
      onceOnTls:
        "TLS socket `{{name}}` listens once for 'error' but outlives a bad record: its next error crashes the process.",
      addListener: "Add `{{listener}}` right after the {{noun}} is {{obtained}}.",
      useOn: "Listen with `on('error', …)`, which stays for every error.",
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
    if (quietForSockets(sourceCode, options.socketNamePattern)) return {};
    // Sockets are created or received only where the detector or the library table can name one.
    const mayHold = mayHaveSockets(context, options) || libraryObjects(sourceCode).size > 0;
    // Nothing to report in a file where nothing can be a socket (most files of a code base).
    if (!mayHold && !mayUseAsSocket(sourceCode) && !mayFeedStreams(sourceCode)) return {};
    // The file's own 'uncaughtException' handler takes every unheard 'error' and the process lives.
    if (catchesUncaught(sourceCode)) return {};
    const sockets = createSocketDetector(context, options);
    /** Can a call of the file make a socket by syntax (src/model/factories.ts follows Node's creations only)? */
    const mayCreate = mayCreateSockets(sourceCode);
    const creations: (TSESTree.CallExpression | TSESTree.NewExpression)[] = [];
    const registrations: Registration[] = [];
    const paths = new ListenerPaths(sourceCode);
    /** Parameters of the file's functions already checked as receivers of a hand-off. */
    const receiversDone = new Set<Node>();
    const keptReported = new Set<Node>();

    function hasVariable(identifier: TSESTree.Identifier): boolean {
      return findVariable(sourceCode.getScope(identifier), identifier.name) !== null;
    }

    /** Reports the socket of `flow` unless it gets an 'error' listener, is handed on, or is destroyed right away. */
    function check(reportNode: Node, flow: SocketFlow, kind: SocketKind | LibraryObject, fallbackName: string, fix: ListenerFix, obtained: string, paused = false, untouched = false): void {
      const noun = typeof kind === 'string' ? CREATED_KINDS[kind] : kind.noun;
      // Code no run reaches (`if (false) { … }`) makes no socket.
      if (!noun || inDeadBranch(reportNode)) return;
      const { first, destroyed, handedOnFirst } = listenerArrival(flow, sourceCode);
      // A socket paused on connect does no I/O before the application's: a later listener is in time.
      if (paused && (first === 'callback' || first === 'await')) return;
      if (first === 'now') checkReceivers(flow, kind);
      // Handled right away on one path, yet kept for later, or waited on, on another that does nothing to it.
      const gaps = first === 'now' ? paths.gaps(flow, untouched) : {};
      // A path that never touches a socket only this listener receives keeps it all the same.
      const found = first === 'now' ? (uncoveredBranch(flow, sourceCode) ?? gaps.kept ?? (gaps.left && flow.origin.node.type === AST_NODE_TYPES.Identifier ? flow.origin.node : undefined)) : undefined;
      // Read in a case of a second `switch` on the same value that the socket's own case never leads to.
      const kept = found && !otherCaseOfSameSwitch(found, flow.origin.node, sourceCode) ? found : undefined;
      const pause = kept ? undefined : gaps.pause;
      if ((first === 'now' && !kept && !pause) || (first === undefined && destroyed)) return;
      const name = flow.names[0]?.name ?? fallbackName;
      const fixer = fix(name);
      const listener = suggestedListener(name, flow.names[0] !== undefined || obtained === 'received', typeof kind === 'string' ? undefined : kind);
      const suggest = fixer ? [{ messageId: 'addListener' as const, data: { listener, noun, obtained }, fix: fixer }] : undefined;
      if (kept) {
        // Three `var socket = …` of a `switch` reach one branch that keeps it: one report there.
        if (keptReported.has(kept) || (typeof kind !== 'string' && kind.id === 'dgram.createSocket' && quietUdpRead(kept, sourceCode))) return;
        keptReported.add(kept);
        context.report({ node: kept, messageId: 'branchUncovered', data: { name: kept.name }, suggest });
      } else if (pause) {
        const data = { name, pause: pause.type === AST_NODE_TYPES.YieldExpression ? 'yield' : 'await' };
        context.report({ node: pause, messageId: 'pauseUncovered', data, suggest });
      } else if (first) {
        const when = first === 'await' ? 'after an `await`' : 'in a later callback';
        context.report({ node: reportNode, messageId: handedOnFirst ? 'lateHandOff' : 'lateListener', data: { name, when }, suggest });
      } else {
        context.report({ node: reportNode, messageId: 'missingListener', data: { noun, name }, suggest });
      }
    }

    /**
     * A function of the file the socket is handed to listens on some of its paths only: the paths
     * where it does not are reported there, once per function (the socket arrives with none).
     */
    function checkReceivers(flow: SocketFlow, kind: SocketKind | LibraryObject, depth = 0): void {
      // A socket its holder listens to itself is covered whatever the functions it is handed to do;
      // so is one it hands elsewhere right away (`end(req, body); eos(req, done)`): a stream emits
      // its errors on a later tick, after the holder's run.
      if (flow.uses.some((use) => use.effect === 'listener')) return;
      const receivers = receiversOf(flow, sourceCode);
      const receiverCalls = new Set<Node>(receivers.map(({ call }) => call));
      if (flow.uses.some((use) => use.effect === 'escape' && !receiverCalls.has(use.at) && timing(use, flow.origin, sourceCode) === 'now')) return;
      for (const { fn, param } of receivers) {
        if (receiversDone.has(param) || !hasVariable(param)) continue;
        receiversDone.add(param);
        const handed = followParameter(fn, param, sourceCode, flow.library);
        if (listenerArrival(handed, sourceCode).first !== 'now') continue;
        const { kept, pause } = paths.gaps(handed);
        // Covered on every path of its own: by what it hands the socket to, whose paths decide in turn
        // (`onConnection(socket)` choosing between `authorize(socket)` and `accept(socket)`).
        if (!kept && !pause && depth < RECEIVER_DEPTH) checkReceivers(handed, kind, depth + 1);
        if (!kept && !pause) continue;
        check(param, handed, kind, param.name, typeof kind === 'string' ? bodyStartFix(fn, sourceCode) : bodyStartFix(fn, sourceCode, kind), 'received');
      }
    }

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
      // `new tls.TLSSocket()` keeps the constructor's own 'error' listener (src/model/once-tls.ts).
      if (keepsNodesErrorListener(creation, sourceCode)) return;
      // Values typed as sockets count as new ones only when constructed here (`new Tunnel()`) or
      // opened on a session (`session.request()`): a factory may well have attached a listener already.
      if (found.via === 'type' && creation.type !== AST_NODE_TYPES.NewExpression && found.kind !== 'http2-stream') return;
      const flow = followCreation(creation, sourceCode);
      const callee = sourceCode.getText(creation.callee);
      const fallback = storedName(creation) ?? (creation.type === AST_NODE_TYPES.NewExpression ? `new ${callee}()` : `${callee}()`);
      check(creation, flow, found.kind, fallback, afterStatementFix(flow, creation, sourceCode), 'created');
    }

    /** The field a creation is stored on at once (`this.pub = createClient()`, `pub = createClient()` in a class body): its name. */
    function storedName(creation: Node): string | undefined {
      const store = creation.parent;
      if (store?.type === AST_NODE_TYPES.AssignmentExpression && store.right === creation && store.left.type === AST_NODE_TYPES.MemberExpression && propertyName(store.left) !== undefined) {
        return sourceCode.getText(store.left);
      }
      if (store?.type !== AST_NODE_TYPES.PropertyDefinition || store.value !== creation || store.computed || store.static) return undefined;
      const key = store.key;
      return key.type === AST_NODE_TYPES.Identifier ? `this.${key.name}` : key.type === AST_NODE_TYPES.PrivateIdentifier ? `this.#${key.name}` : undefined;
    }

    /** A library object (src/libraries.ts) created here: the same checks, with its own chain methods and listener. */
    function checkLibraryObject(creation: Node, library: LibraryObject): void {
      if (library.create === 'listener') return checkLibraryParam(creation, library);
      // A WebSocket server that only relays its own HTTP server's errors, which crash without it too.
      if (library.id === 'ws.WebSocketServer' && relaysNoNewError(creation, sourceCode)) return;
      // A pool that lives for one run of awaited queries never holds an idle client across a turn.
      if (library.id === 'pg.Pool' && shortLivedPool(creation, sourceCode)) return;
      // A UDP socket bound and sent from only with callbacks, never connected: no 'error' can come.
      if (library.id === 'dgram.createSocket' && quietUdpSocket(creation, sourceCode)) return;
      const flow = followCreation(creation, sourceCode, library);
      if (neverConnected(flow)) return; // a pg client never connected opens nothing
      const made = creation.type === AST_NODE_TYPES.AwaitExpression ? creation.argument : creation;
      const callee = made.type === AST_NODE_TYPES.CallExpression || made.type === AST_NODE_TYPES.NewExpression ? sourceCode.getText(made.callee) : library.export;
      const fallback = storedName(creation) ?? `${made.type === AST_NODE_TYPES.NewExpression ? 'new ' : ''}${callee}()`;
      check(creation, flow, library, fallback, afterStatementFix(flow, creation, sourceCode, library), 'created');
    }

    /** A library object received as a listener's parameter (a WebSocket server's connections). */
    function checkLibraryParam(param: Node, library: LibraryObject): void {
      const fn = param.parent;
      if (param.type !== AST_NODE_TYPES.Identifier || !fn || !isFunction(fn) || !hasVariable(param)) return;
      check(param, followParameter(fn, param, sourceCode, library), library, param.name, bodyStartFix(fn, sourceCode, library), 'received');
    }

    function checkRegistration(registration: Registration, done: Set<Node>): void {
      const { fn, event } = registration;
      if (HANDED_OVER_EVENTS.has(event) && coveredByConnectionListener(registration.receiver, registrations, sourceCode)) return;
      if (event === 'upgrade' && connectRequest(registration.receiver, registrations, sockets, sourceCode)) return;
      if (event === 'connect' && isHttp2Session(registration.receiver, sockets, sourceCode)) return;
      const param = runtimeParams(fn)[HANDED_OVER_EVENTS.has(event) ? 1 : 0];
      const identifier = param && paramIdentifier(param);
      if (!identifier || done.has(identifier)) return;
      const found = sockets.match(identifier);
      const handedOverBy = HANDED_OVER_EVENTS.has(event) && registration.receiver ? sockets.serverFamily(registration.receiver) : undefined;
      // One handler given 'request' and 'upgrade' (`(req, res)`): on an HTTP server's 'upgrade' the
      // second argument is the socket, whatever its other registration makes of it.
      if (found?.kind !== 'socket' && handedOverBy !== 'http') return;
      // An HTTPS server's 'upgrade' and 'connect' sockets keep the TLS server's own 'error'
      // listener when the HTTP server takes its away (test/live/require-error-listener.live.test.ts).
      if (handedOverBy === 'https') return;
      if (!HANDED_OVER_EVENTS.has(event)) {
        // Only a plain net.Server leaves its connections without a listener: HTTP servers attach
        // their own, and TLS servers keep one that swallows errors after the handshake.
        if (!found || found.via === 'name') return;
        const family = sockets.serverFamily(event === 'createServer' ? registration.call : registration.receiver!);
        if (family !== 'net') return;
        if (ownedByAnotherConnectionListener(registration, registrations, sourceCode)) return;
      }
      done.add(identifier);
      if (!hasVariable(identifier)) return;
      const paused = !HANDED_OVER_EVENTS.has(event) && pausedOnConnect(registration, sourceCode);
      const untouched = handedOverBy === 'http' && soleHandoverListener(registration, registrations, sourceCode);
      const flow = followParameter(fn, identifier, sourceCode);
      if (!HANDED_OVER_EVENTS.has(event) && arrivesNextTurn(flow)) return; // a new connection reads nothing before the next turn
      check(identifier, flow, 'socket', identifier.name, bodyStartFix(fn, sourceCode), 'received', paused, untouched);
    }

    /** With a socket name pattern: `handleUpgrade(req, socket)` called by another module, with Node's handed-over socket. */
    function checkForeignUpgradeHandlers(done: Set<Node>): void {
      const namePattern = compileNamePattern(options.socketNamePattern);
      if (!namePattern) return;
      for (const { fn, param, read } of foreignUpgradeHandlers(sourceCode, namePattern)) {
        if (done.has(param) || receiversDone.has(param) || !hasVariable(param)) continue;
        done.add(param);
        if (read) check(read, followCreation(read, sourceCode), 'socket', sourceCode.getText(read), bodyStartFix(fn, sourceCode), 'received');
        else check(param, followParameter(fn, param, sourceCode), 'socket', param.name, bodyStartFix(fn, sourceCode), 'received');
      }
    }

    /** `createServer(fn)` / `new Server(fn)`: `fn` receives the server's connections. */
    function serverCallback(node: TSESTree.CallExpression | TSESTree.NewExpression): TSESTree.FunctionLike | undefined {
      const last = node.arguments.at(-1);
      return last && node.arguments.length <= 2 ? resolveFunction(last, sourceCode) : undefined;
    }

    /** A field filled on several branches of a function, one of which skips the listener the others give (src/model/field-branches.ts). */
    function checkFieldBranches(): void {
      if (!mayCreate) return;
      const isSocketCreation = (node: Node): boolean =>
        (node.type === AST_NODE_TYPES.CallExpression || node.type === AST_NODE_TYPES.NewExpression) && sockets.createdBy(node) === 'socket';
      for (const { site, covered } of uncoveredFieldBranches(sourceCode, isSocketCreation)) {
        const data = { name: sourceCode.getText(site.left), line: String(covered.loc.start.line) };
        context.report({ node: site, messageId: 'fieldBranchUncovered', data });
      }
    }

    /** Decompression streams fed from a connection (src/model/fed-streams.ts). */
    function checkFedStreams(): void {
      const isConnection = (node: TSESTree.Expression): boolean => {
        const kind = sockets.match(node)?.kind;
        return kind !== undefined && FED_BY.has(kind);
      };
      for (const [creation, stream] of fedStreams(sourceCode, isConnection)) checkLibraryObject(creation, stream);
    }

    /** 'error' listeners taken away from a socket still in use, or given once while the file emits 'error' itself. */
    function checkRemovals(): void {
      const isSocket = (node: TSESTree.Expression): boolean => {
        const kind = sockets.match(node)?.kind;
        return kind !== undefined && CREATED_KINDS[kind] !== undefined;
      };
      for (const { removal, socket, method, abortedBefore } of strippedListeners(sourceCode, isSocket)) {
        // `new tls.TLSSocket(raw)` keeps Node's own 'error' listener when the file's are gone.
        if (holdsOnlyOwnListenerTls(socket, sourceCode)) continue;
        const name = sourceCode.getText(socket);
        if (method) context.report({ node: removal, messageId: abortedBefore ? 'strippedAfterAbort' : 'strippedListener', data: { name, method } });
        else if (!restoresBorrowed(removal, socket, sourceCode)) context.report({ node: removal, messageId: 'strippedKept', data: { name } });
      }
      const reported = new Set<Node>();
      const reportOnce = (once: TSESTree.CallExpression, socket: TSESTree.Expression, messageId: 'onceButReemitted' | 'onceOnTls'): void => {
        if (reported.has(once)) return;
        reported.add(once);
        const callee = once.callee.type === AST_NODE_TYPES.MemberExpression && !once.callee.computed ? once.callee.property : undefined;
        const fix = callee && callee.type === AST_NODE_TYPES.Identifier && callee.name === 'once' ? callee : undefined;
        context.report({
          node: once,
          messageId,
          data: { name: messageId === 'onceOnTls' ? displayName(socket, sourceCode) : sourceCode.getText(socket) },
          suggest: fix ? [{ messageId: 'useOn' as const, fix: (fixer) => fixer.replaceText(fix, 'on') }] : undefined,
        });
      };
      for (const { once, socket } of onceButEmitted(sourceCode, isSocket)) reportOnce(once, socket, 'onceButReemitted');
      for (const { once, socket } of onceOnTls(sourceCode)) reportOnce(once, socket, 'onceOnTls');
    }

    // No socket to create or receive: only the streams fed and the listeners taken away or given once.
    if (!mayHold) {
      return feedResourceWalk(sourceCode, {
        ...paths.listeners,
        'Program:exit'() {
          checkFedStreams();
          checkRemovals();
        },
      });
    }

    return feedResourceWalk(sourceCode, {
      ...paths.listeners,
      CallExpression(node) {
        const name = calleeName(node);
        if (name === undefined) return;
        // A function of the file that returns a new socket makes one too (src/model/factories.ts).
        if (CREATING_CALLS.has(name) || (mayCreate && sockets.createdBy(node))) creations.push(node);
        // `net.Server(cb)` without `new` makes the same server (measured).
        if (name === 'createServer' || (name === 'Server' && sockets.serverFamily(node) === 'net')) {
          const fn = serverCallback(node);
          if (fn) registrations.push({ fn, event: 'createServer', receiver: undefined, call: node });
          return;
        }
        if (!LISTEN_METHODS.has(name)) return;
        const listener = listenerCallOf(node, sourceCode);
        if (!listener?.listener || (!CONNECTION_EVENTS.has(listener.event) && !HANDED_OVER_EVENTS.has(listener.event))) return;
        const fn = resolveFunction(listener.listener, sourceCode);
        if (fn) registrations.push({ fn, event: listener.event, receiver: listener.target, call: node });
      },
      NewExpression(node) {
        const name = calleeName(node);
        if (name === 'Server') {
          const fn = serverCallback(node);
          if (fn && sockets.serverFamily(node) === 'net') registrations.push({ fn, event: 'createServer', receiver: undefined, call: node });
          return;
        }
        // Any `new` may construct a socket by type (a subclass, or a type named in socketTypes);
        // `new net.createConnection()` is the factory's socket.
        if (name === 'Socket' || name === 'TLSSocket' || sockets.hasTypes || (mayCreate && sockets.createdBy(node))) creations.push(node);
      },
      'Program:exit'() {
        for (const creation of creations) checkCreation(creation);
        for (const [creation, library] of libraryObjects(sourceCode)) checkLibraryObject(creation, library);
        checkFedStreams();
        const done = new Set<Node>();
        for (const registration of registrations) checkRegistration(registration, done);
        checkForeignUpgradeHandlers(done);
        checkRemovals();
        checkFieldBranches();
      },
    });
  },
});
