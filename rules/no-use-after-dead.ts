import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { createRule } from '../src/create-rule.js';
import { quietForSockets } from '../src/model/file-words.js';
import { guardSuggestion } from '../src/fixes/no-use-after-dead.js';
import { propertyName, skipWrappers } from '../src/model/ast.js';
import { ANY_IO_METHOD, displayName, endsWithData, isIoCall, QUIET_WHEN_DEAD, readMethodCall, referenceKey, type MethodCall } from '../src/model/dead-socket.js';
import { type FallThroughStop, stopFallingThrough } from '../src/model/fallthrough-stops.js';
import { fieldDeathUses, fieldReuseTests } from '../src/model/field-liveness.js';
import { headersMaySendElsewhere, peerEndsWhileConnecting, pipedInCallback, stopsPeerOnClose } from '../src/model/liveness-peers.js';
import { helperIo } from '../src/model/helper-io.js';
import { udpClosedUses } from '../src/model/udp-closed-uses.js';
import { ioCallsOf, LivenessTracker, type MayBeDead } from '../src/model/liveness.js';
import {
  createSocketDetector, mayHaveSockets,
  DEFAULT_STRICT_SOCKET_NAME_PATTERN,
  defaultSocketOptions,
  socketOptionsSchema,
  type SocketKind,
  type SocketOptions,
} from '../src/socket.js';

export interface NoUseAfterDeadOptions extends SocketOptions {
  reportMayBeDead?: boolean;
}

type Options = [NoUseAfterDeadOptions];
type MessageIds =
  | 'afterDestroy'
  | 'afterEnd'
  | 'afterStopInBranch'
  | 'inDeadListener'
  | 'deadCodeBranch'
  | 'clientErrorSocket'
  | 'whileConnecting'
  | 'endedWhileConnecting'
  | 'afterPeerError'
  | 'headersMaybeSent'
  | 'fieldNulled'
  | 'fieldMayBeDead'
  | 'fieldNullChecked'
  | 'fieldReusedAfterClose'
  | 'deadInHelper'
  | 'closedUdpInTimer'
  | 'guardUse'
  | 'returnAfterStop';

/** A use that may be reported once the whole file is known (the headers sent elsewhere, a peer stopped on close). */
interface Deferred {
  node: TSESTree.CallExpression;
  key: string;
  name: string;
  source: Extract<MayBeDead, { reason: 'connecting' | 'peer-error' }>;
  messageId: MessageIds;
  call: MethodCall;
  kind: SocketKind;
}

const DEATH_MESSAGES = { destroyed: 'afterDestroy', ended: 'afterEnd', 'dead-code': 'deadCodeBranch', close: 'inDeadListener', error: 'inDeadListener' } as const;

export default createRule<Options, MessageIds>({
  name: 'no-use-after-dead',
  meta: {
    type: 'problem',
    hasSuggestions: true,
    docs: {
      description: 'Disallow I/O on a socket on a code path where it is known to be dead',
      recommended: 'recommended',
      strictOptions: { socketNamePattern: DEFAULT_STRICT_SOCKET_NAME_PATTERN },
    },
    messages: {
      afterDestroy:
        '`{{name}}` was destroyed by `{{detail}}()` on this path, so `{{method}}()` cannot reach the peer.',
      afterEnd:
        '`{{name}}` was ended by `{{detail}}()` on this path, so `{{method}}()` fails (write after end).',
      afterStopInBranch:
        '`{{name}}` was stopped by `{{stop}}()` at line {{line}} with no return: `{{method}}()` {{outcome}}.',
      inDeadListener:
        "`{{name}}` is already destroyed in its own '{{detail}}' listener, so `{{method}}()` cannot reach the peer.",
      deadCodeBranch:
        '`{{name}}` is dead in this branch ({{detail}}), so `{{method}}()` cannot reach the peer.',
      clientErrorSocket:
        "`{{name}}` may already be destroyed when '{{detail}}' fires, so `{{method}}()` can fail.",
      whileConnecting:
        '`{{name}}` may have closed while `{{detail}}` was connecting, so `{{method}}()` can fail.',
      endedWhileConnecting:
        "`{{name}}` may be ended by `{{peer}}` on '{{event}}' (line {{line}}) while connecting: `{{method}}()` emits 'error'.",
      afterPeerError:
        '`{{name}}` may already be closed when `{{detail}}` fails, so `{{method}}()` can fail.',
      headersMaybeSent:
        '`{{name}}` may have sent headers before `{{detail}}` failed: `{{method}}()` can throw ERR_HTTP_HEADERS_SENT.',
      fieldNulled:
        "`{{name}}` is set to null by its '{{detail}}' listener, so this unchecked `{{method}}()` can throw a TypeError.",
      fieldMayBeDead:
        "`{{name}}` may have closed (see its '{{detail}}' listener): unchecked, `{{method}}()` can lose its data.",
      fieldNullChecked:
        "`{{name}}` stays set once closed (see its '{{detail}}' listener): a null check lets `{{method}}()` lose data.",
      fieldReusedAfterClose:
        "`{{name}}` is nulled on '{{detail}}' only, but a clean close emits none: this test may reuse a dead socket.",
      deadInHelper: '`{{helper}}()` calls `{{method}}()` on `{{name}}`, which is dead here ({{detail}}).',
      closedUdpInTimer:
        "`{{name}}` may be closed by its 'error' listener (line {{line}}): `{{method}}()` in this timer throws.",
      guardUse: 'Call `{{method}}()` only when `{{guard}}`.',
      returnAfterStop: 'Return after `{{stop}}()`.',
    },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          ...socketOptionsSchema,
          reportMayBeDead: {
            type: 'boolean',
            description:
              "Also report I/O on a socket that may be dead when the code runs: the socket of a 'clientError' listener, another socket used in a connect callback or in an upstream's 'error' listener.",
          },
        },
      },
    ],
    defaultOptions: [{ ...defaultSocketOptions, reportMayBeDead: true }],
  },
  create(context, [options]) {
    const sourceCode = context.sourceCode;
    // Nothing to report in a file where nothing can be a socket (most files of a code base).
    if (quietForSockets(sourceCode, options.socketNamePattern)) return {};
    /** A UDP socket closed by its 'error' listener and used again from a timer (src/model/udp-closed-uses.ts). */
    function reportClosedUdpUses(): void {
      for (const use of udpClosedUses(sourceCode)) {
        const name = displayName(use.object, sourceCode);
        context.report({ node: use.call, messageId: 'closedUdpInTimer', data: { name, method: use.method, line: String(use.close.loc.start.line) } });
      }
    }
    // A file whose only sockets are UDP ones (no stream socket can be told).
    if (!mayHaveSockets(context, options)) return { 'Program:exit': reportClosedUdpUses };
    const sockets = createSocketDetector(context, options);
    // Every report is about an I/O call: a file that calls no I/O method has none (with types,
    // where the detector cannot rule sockets out, most files are skipped here).
    if (!ioCallsOf(sourceCode).any) return { 'Program:exit': reportClosedUdpUses };
    const liveness = new LivenessTracker(sourceCode, sockets);
    const reportMayBeDead = options.reportMayBeDead !== false;
    /** Keys already reported in a function: the first use says it, the rest would repeat it. */
    const reported = new WeakMap<object, Set<string>>();
    const deferred: Deferred[] = [];
    /** Calls the path analysis already speaks of: the field check adds nothing there. */
    const spoken = new WeakSet<TSESTree.CallExpression>();
    const suggest = (method: MethodCall, kind: SocketKind, ended: boolean) => guardSuggestion(context, sockets, method, kind, ended);

    function checkUse(node: TSESTree.CallExpression): void {
      // Most calls are not I/O by their name: no need to read them further.
      const callee = skipWrappers(node.callee);
      if (callee.type !== AST_NODE_TYPES.MemberExpression || !ANY_IO_METHOD.has(propertyName(callee) ?? '')) {
        checkHelperCall(node);
        return;
      }
      const method = readMethodCall(node);
      const codePath = liveness.codePath;
      if (!method || !ANY_IO_METHOD.has(method.name) || !codePath) return;
      const key = referenceKey(method.object, sourceCode);
      let done = reported.get(codePath);
      if (!done) reported.set(codePath, (done = new Set()));
      if (key === undefined || done.has(key)) return;
      const known = liveness.deathAt(key, method.name);
      // A call that does nothing loud on a dead socket cannot fail on one that only may be dead.
      const source = known || !reportMayBeDead || QUIET_WHEN_DEAD.has(method.name) ? undefined : liveness.mayBeDeadAt(key, method.object);
      // Stopped in an `if` above that goes on to here (a forgotten `return`): dead whenever that branch ran.
      const fell = known || source ? undefined : stopFallingThrough(node, key, method.name, sourceCode);
      if (!known && !source && !fell) {
        if (reportMayBeDead) checkEndedWhileConnecting(node, method, key, done);
        return;
      }
      spoken.add(node);
      const socket = liveness.matchSocket(method.object);
      if (!socket || !isIoCall(method, socket.kind, sourceCode)) return;
      const name = displayName(method.object, sourceCode);
      if (fell) {
        done.add(key);
        const data = { name, method: method.name, stop: fell.detail, line: String(fell.stop.loc.start.line), outcome: fell.type === 'ended' ? 'fails (write after end)' : 'cannot reach the peer' };
        context.report({ node, messageId: 'afterStopInBranch', data, suggest: fell.returnLeaves ? [{ messageId: 'returnAfterStop', data: { stop: fell.detail }, fix: returnAfter(fell) }] : [] });
        return;
      }
      if (known) {
        done.add(key);
        const { death, ended } = known;
        const data = { name, method: method.name, detail: death.detail };
        context.report({ node, messageId: DEATH_MESSAGES[death.reason], data, suggest: suggest(method, socket.kind, ended) });
        return;
      }
      if (!source) return;
      if (source.reason === 'client-error') {
        done.add(key);
        const data = { name, method: method.name, detail: source.event };
        context.report({ node, messageId: 'clientErrorSocket', data, suggest: suggest(method, socket.kind, false) });
        return;
      }
      if (source.reason === 'peer-error') {
        // After an upstream's error: the response's headers may be out, or the client's socket closed.
        const headers = socket.kind === 'server-response' && (method.name === 'writeHead' || method.name === 'setHeader');
        const raw = socket.kind === 'socket' && (method.name === 'write' || method.name === 'end');
        if (!headers && !raw) return;
        done.add(key);
        deferred.push({ node, key, name, source, messageId: headers ? 'headersMaybeSent' : 'afterPeerError', call: method, kind: socket.kind });
        return;
      }
      done.add(key);
      deferred.push({ node, key, name, source, messageId: 'whileConnecting', call: method, kind: socket.kind });
    }

    /** A write in a socket's own connect callback, when another emitter's listener may have ended it meanwhile. */
    function checkEndedWhileConnecting(node: TSESTree.CallExpression, method: MethodCall, key: string, done: Set<string>): void {
      if (method.name !== 'write' && method.name !== 'end') return;
      const connected = liveness.connectingSelfAt(key);
      if (!connected || (method.name === 'end' && !endsWithData(node, sourceCode))) return;
      const peer = peerEndsWhileConnecting(key, connected, node, sourceCode);
      const socket = peer && liveness.matchSocket(method.object);
      if (!peer || socket?.kind !== 'socket') return;
      done.add(key);
      spoken.add(node);
      const data = { name: displayName(method.object, sourceCode), method: method.name, peer: peer.peerName, event: peer.event, line: String(peer.registration.loc.start.line) };
      context.report({ node, messageId: 'endedWhileConnecting', data, suggest: suggest(method, socket.kind, true) });
    }

    /** `return;` at the end of the branch that stops the socket: it leaves, as the code after it expects. */
    function returnAfter(fell: FallThroughStop): (fixer: TSESLint.RuleFixer) => TSESLint.RuleFix {
      const consequent = fell.branch.consequent;
      if (consequent.type === AST_NODE_TYPES.BlockStatement) {
        const last = consequent.body.at(-1) ?? fell.statement;
        const indent = ' '.repeat(last.loc.start.column);
        return (fixer) => fixer.insertTextAfter(last, `\n${indent}return;`);
      }
      return (fixer) => fixer.replaceText(consequent, `{ ${sourceCode.getText(consequent)} return; }`);
    }

    /** A call of a helper of the file that does I/O on a socket dead here (src/model/helper-io.ts). */
    function checkHelperCall(node: TSESTree.CallExpression): void {
      const codePath = liveness.codePath;
      if (!codePath || !liveness.knowsDeathHere()) return;
      let done = reported.get(codePath);
      for (const { method, key } of helperIo(node, sourceCode)) {
        if (done?.has(key)) continue;
        const known = liveness.deathAt(key, method.name);
        const socket = known && liveness.matchSocket(method.object);
        if (!known || !socket || !isIoCall(method, socket.kind, sourceCode)) continue;
        if (!done) reported.set(codePath, (done = new Set()));
        done.add(key);
        const { reason, detail } = known.death;
        const why = reason === 'destroyed' ? `destroyed by \`${detail}()\`` : reason === 'ended' ? `ended by \`${detail}()\`` : reason === 'dead-code' ? detail : `in its own '${detail}' listener`;
        const data = { name: displayName(method.object, sourceCode), detail: why, helper: sourceCode.getText(node.callee), method: method.name };
        context.report({ node, messageId: 'deadInHelper', data });
      }
    }

    function settleDeferred(): void {
      reportClosedUdpUses();
      if (reportMayBeDead) reportFieldUses();
      for (const entry of deferred) {
        const { source } = entry;
        if (entry.messageId === 'headersMaybeSent') {
          // Only when something outside this listener can have sent the headers already.
          if (!headersMaySendElsewhere(entry.key, source.fn, entry.node, sourceCode, source.peerKey)) continue;
        } else if (source.reason === 'connecting' && source.peerKey !== undefined && stopsPeerOnClose(entry.key, source.peerKey, source.fn, sourceCode, pipesInto(entry.call, source.peerKey) || pipedInCallback(entry.key, source.peerKey, source.fn, sourceCode))) {
          continue;
        }
        context.report({
          node: entry.node,
          messageId: entry.messageId,
          data: { name: entry.name, method: entry.call.name, detail: source.peerName },
          suggest: suggest(entry.call, entry.kind, false),
        });
      }
    }

    /** `client.pipe(upstream)`: the call pipes into the peer. */
    function pipesInto(call: MethodCall, peerKey: string): boolean {
      const [destination] = call.call.arguments;
      return call.name === 'pipe' && destination !== undefined && referenceKey(destination, sourceCode) === peerKey;
    }

    /** Writes to a socket field whose death the file handles elsewhere, with nothing checking it first. */
    function reportFieldUses(): void {
      for (const use of fieldDeathUses(sourceCode, sockets)) {
        if (spoken.has(use.call)) continue;
        const data = { name: displayName(use.object, sourceCode), method: use.method.name, detail: use.event };
        context.report({
          node: use.call,
          messageId: use.nullChecked ? 'fieldNullChecked' : use.nulled ? 'fieldNulled' : 'fieldMayBeDead',
          data,
          suggest: guardSuggestion(context, sockets, use.method, use.kind, false, use.nulled),
        });
      }
      for (const { read, event } of fieldReuseTests(sourceCode, sockets)) {
        context.report({ node: read, messageId: 'fieldReusedAfterClose', data: { name: displayName(read, sourceCode), detail: event } });
      }
    }

    return { ...liveness.listeners, CallExpression: checkUse, 'Program:exit': settleDeferred };
  },
});
