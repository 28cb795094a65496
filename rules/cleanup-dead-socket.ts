import type { TSESTree } from '@typescript-eslint/utils';

import { createRule } from '../src/create-rule.js';
import { quietForSockets } from '../src/model/file-words.js';
import { contains, displayName, matchOncePerObject, mayAssignIndexed, mayCallAny, readMethodCall } from '../src/dead-socket.js';
import { clearTimerFix, destroyFix, checkFirstFix, destroyOnTimeoutFix, moveToCloseFix, passSocketFix, registryFix, removeOnCloseFix } from '../src/fixes/cleanup-dead-socket.js';
import { libraryObjects } from '../src/libraries.js';
import { enclosingFunction, type FunctionNode } from '../src/model/ast.js';
import { closedOnlyByApplication, mayConfigureSockets, withLibraryObjects } from '../src/model/close-reach.js';
import { afterDeathEffect, connectTimersOf, mayHoldNodeSocket, repeatedCall } from '../src/model/connect-timers.js';
import { endsInOwnErrorListener, strandedEnds } from '../src/model/end-callbacks.js';
import { armedInHook, type EndHook, endHookCandidates, endOnlyFieldResets, foreignEmitterByName, isEndHook, worthMovingToClose } from '../src/model/end-hooks.js';
import { keptRegistrations, shownSocket } from '../src/model/kept-registrations.js';
import { judgeReleases, type Release, releaseIndex, releasesOf } from '../src/model/releases.js';
import { emptyRemovalsOf } from '../src/model/removal-calls.js';
import { feedResourceWalk } from '../src/model/resource-walk.js';
import { handedOn, ownedByReconnectingObject, timersOf, timerUse } from '../src/model/timers.js';
import { clearedWithUdpClose, returnsOnceClosed } from '../src/model/timer-guards.js';
import { errorOnlyDrains, unfailedReplies } from '../src/model/pending-replies.js';
import { endOnlyResponses } from '../src/model/response-ends.js';
import { replyOnlyPromises } from '../src/model/reply-promises.js';
import { doubleReconnects, immediateReconnects, stackedConnectCallbacks } from '../src/model/double-reconnects.js';
import { sharedConnectionFields } from '../src/model/shared-fields.js';
import { ownCloseReconnects } from '../src/model/own-close-reconnects.js';
import { oneWayTeardowns } from '../src/model/peer-teardowns.js';
import { doubleRemovals } from '../src/model/double-removals.js';
import { droppedIntervals } from '../src/model/dropped-timers.js';
import { endedWhileConnecting, openAfterTimeout } from '../src/model/idle-timeouts.js';
import { keptReconnects } from '../src/model/reconnect-timers.js';
import { connectionParameter, keptListeners } from '../src/model/kept-listeners.js';
import { perCallListeners } from '../src/model/per-call-listeners.js';
import { clobberingClears } from '../src/model/clobbered-fields.js';
import { mayMention } from '../src/tokens.js';
import { createSocketDetector, DEFAULT_STRICT_SOCKET_NAME_PATTERN, defaultSocketOptions, mayHaveSockets, socketOptionsSchema, type SocketOptions } from '../src/socket.js';

export type CleanupDeadSocketOptions = SocketOptions;

type Options = [CleanupDeadSocketOptions];
type MessageIds =
  | 'timerNotCleared' | 'connectTimerNotCleared' | 'registryNotCleaned' | 'wrapperNotCleaned' | 'wrapperLeavesOnEvent'
  | 'removalWithoutSocket' | 'passSocket' | 'cleanupOnEnd' | 'moveToClose' | 'endInErrorListener' | 'useDestroy'
  | 'endCallbackStranded' | 'repliesFailedOnErrorOnly' | 'repliesNeverFailed' | 'teardownOnErrorOnly' | 'removedTwice'
  | 'checkFirst' | 'timeoutKeepsOpen' | 'destroyOnTimeout' | 'endWhileConnecting' | 'reconnectAfterClose' | 'listenerKept' | 'clearsNewSocket'
  | 'removeOnClose' | 'endOnlyResponse' | 'ownDestroyUnheard' | 'replyOnlySettles' | 'replyOnlyCallsBack' | 'intervalDropped' | 'dataOnlySettles'
  | 'connectOnlySettles' | 'bindOnlySettles' | 'reconnectTwice' | 'reconnectAtOnce' | 'connectCallbackStacks' | 'sharedField' | 'reconnectsOwnClose' | 'retryDropped' | 'watcherDropped'
  | 'listenerPerCall' | 'reconnectsOwnCloseConnecting';

/** Calls that can start a report: timers, `clearInterval` (qualifies), registrations, `end()`, removals. */
const REPORTABLE_CALLS = new Set(['setInterval', 'setTimeout', 'clearInterval', 'watch', 'add', 'set', 'push', 'end', 'splice', 'delete']);
const END_WORDS = ['end', 'timeout'];
/** What an idle 'timeout' leaves open until the code destroys it. */
const IDLE_KINDS: ReadonlySet<string> = new Set(['socket', 'client-request']);

/** What a connect timeout does when it fires after its socket failed. */
const EFFECTS = { error: "emits 'error'", kill: 'ends the connection' } as const;
/** The message for each kind of promise only some of a socket's events settle (src/model/reply-promises.ts). */
const REPLY_MESSAGES = { reply: 'replyOnlySettles', data: 'dataOnlySettles', connect: 'connectOnlySettles', bind: 'bindOnlySettles' } as const;

export default createRule<Options, MessageIds>({
  name: 'cleanup-dead-socket',
  meta: {
    type: 'problem',
    docs: {
      description: "Require timers and registries that hold a socket to be released in the socket's 'close' listener",
      recommended: 'recommended',
      strictOptions: { socketNamePattern: DEFAULT_STRICT_SOCKET_NAME_PATTERN },
    },
    fixable: 'code',
    hasSuggestions: true,
    messages: {
      timerNotCleared:
        '`{{handle}}` ({{timer}}) uses `{{socket}}` but is not cleared when that socket closes.',
      connectTimerNotCleared:
        "`{{handle}}` is cleared on '{{event}}' only: if `{{socket}}` fails, it still fires and {{effect}}.",
      registryNotCleaned:
        '`{{socket}}` is added to `{{collection}}` but not removed when it closes.',
      ownDestroyUnheard:
        "`{{socket}}` leaves `{{collection}}` on 'end' or 'error', never after the `destroy()` on line {{line}}.",
      wrapperNotCleaned:
        '`{{wrapper}}` holds `{{socket}}` and is added to `{{collection}}`, but nothing ever takes it out.',
      wrapperLeavesOnEvent:
        "`{{wrapper}}` leaves `{{collection}}` only on its '{{event}}': if `{{socket}}` closes first, it stays.",
      removalWithoutSocket:
        '`{{callee}}()` is called without `{{socket}}`, so `{{collection}}` keeps it after it closes.',
      cleanupOnEnd:
        'This cleanup runs only {{where}}, so it never runs when the peer resets `{{socket}}`.',
      moveToClose: "Run it on 'close' instead, which fires after a reset too.",
      passSocket: 'Pass `{{socket}}` as `{{param}}`.',
      endInErrorListener:
        "`{{socket}}` is already destroyed in its 'error' listener: `end()` cannot reach the peer{{dropped}}.",
      endCallbackStranded:
        '`{{socket}}` may be destroyed already (line {{line}}): then `end()` never calls back and this promise hangs.',
      useDestroy: 'Call `destroy()` instead (the arguments of `end()` are dropped).',
      repliesFailedOnErrorOnly:
        "`{{collection}}` is failed only on 'error': when `{{socket}}` closes cleanly, its callbacks wait for ever.",
      endOnlyResponse:
        "Only the response's 'end' settles this: if the server dies mid-body, 'end' never comes and it waits for ever.",
      intervalDropped:
        "This interval writes to `{{socket}}` and its handle is dropped: nothing can clear it once `{{socket}}` closes.",
      watcherDropped: "This watcher sends to `{{socket}}` but is dropped: nothing closes it when `{{socket}}` closes.",
      replyOnlySettles:
        "Only `{{socket}}`'s data or 'error' settles this promise: if the peer closes cleanly first, it waits for ever.",
      replyOnlyCallsBack:
        "Only `{{socket}}`'s data or 'error' calls `{{callback}}`: if the peer closes cleanly first, it is never called.",
      dataOnlySettles:
        "Only `{{socket}}`'s data settles this promise: if it closes or fails first, it waits for ever.",
      connectOnlySettles:
        "Only `{{socket}}`'s connect settles this promise: if the connect fails, it waits for ever.",
      bindOnlySettles: "Only `{{socket}}`'s bind settles this promise: if the bind fails (EADDRINUSE), it waits for ever.",
      reconnectTwice:
        "`{{socket}}`'s 'error' and 'close' listeners both reconnect: a failure emits both, doubling connections.",
      reconnectAtOnce: "`{{socket}}`'s 'error' listener calls its `connect()` at once: a refusing server gets a busy retry loop.",
      connectCallbackStacks:
        "Each failed `connect()` from `{{socket}}`'s '{{event}}' listener keeps its callback: a success runs them all.",
      sharedField:
        "Each connection keeps its socket in `this.{{field}}`: the next replaces it, and these listeners use that one.",
      reconnectsOwnClose: "`{{method}}()` closes `{{socket}}`, and its 'close' listener reconnects it: the client never stays closed.",
      reconnectsOwnCloseConnecting: "`{{method}}()` may close `{{socket}}` while it connects: its 'close' listener sees 1006 and reconnects.",
      removedTwice:
        "`{{collection}}.splice(…indexOf(…), 1)` runs on 'error' and on 'close': the second run removes another entry.",
      checkFirst: 'Remove it only when it is still there.',
      timeoutKeepsOpen:
        "`{{socket}}`'s 'timeout' listener neither ends nor destroys it: an idle timeout leaves the connection open.",
      destroyOnTimeout: 'Destroy `{{socket}}` when it times out.',
      endWhileConnecting: '`{{socket}}` may time out while connecting, and `end()` does not abort a connect: it keeps connecting for minutes.',
      reconnectAfterClose: '`{{method}}()` leaves `this.{{field}}` scheduled: it runs `{{reconnect}}()` after the close anyway.',
      retryDropped: "This retry's handle is dropped, so `{{method}}()` cannot cancel it: it runs `{{reconnect}}()` after the close anyway.",
      listenerKept: "`{{emitter}}` keeps this '{{event}}' listener after `{{socket}}` closes: every connection adds one more.",
      listenerPerCall: "Each call of `{{method}}()` adds one more '{{event}}' listener to `{{socket}}`, which keeps them all.",
      removeOnClose: "Remove it when `{{socket}}` closes.",
      clearsNewSocket: '`{{opener}}()` refills `{{field}}` before the old socket closes: its listener clears the new one.',
      teardownOnErrorOnly:
        "Only an 'error' listener tears down `{{peer}}`: when `{{socket}}` closes cleanly, it stays open.",
      repliesNeverFailed:
        '`{{collection}}` is emptied only by replies: when `{{socket}}` closes or resets, its callbacks wait for ever.',
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
    if (!mayHaveSockets(context, options) && libraryObjects(sourceCode).size === 0 && !mayConfigureSockets(sourceCode)) return {};
    const sockets = createSocketDetector(context, options);
    // Timers and registries may also hold a library's connection (a pg Client, a Redis client, a
    // WebSocket), released on its own last event; `end()` in an 'error' listener is about sockets only.
    const matchRawSocket = matchOncePerObject(sockets, sourceCode);
    const matchSocket = withLibraryObjects(matchRawSocket, sourceCode);
    // Every other report needs a timer, a registration (`add`/`set`/`push`, `registry[id] = …`), an
    // `end()` or an 'end' listener: a file with none of them has only its connections' listeners to check.
    if (!mayCallAny(sourceCode, REPORTABLE_CALLS) && !mayAssignIndexed(sourceCode) && !mayMention(sourceCode, END_WORDS)) {
      return { 'Program:exit'() { checkKeptListeners(); checkReplyPromises(); checkDoubleReconnects(); checkSharedFields(); } };
    }
    // Read from Program:exit on: the model's nodes come from this traversal (feedResourceWalk).
    const judge = (key: string, socketKey: string, ownFunction: TSESTree.Node | undefined, filter: (release: Release) => boolean) =>
      judgeReleases(sourceCode, matchSocket, { key, socketKey, ownFunction, filter });

    const reportedTimers = new Set<TSESTree.Node>();
    /** Intervals, and timeouts that do I/O or re-arm, whose callback uses a socket that can close first. */
    function checkTimers(): void {
      for (const timer of timersOf(sourceCode)) {
        if (releasesOf(sourceCode, timer.handleKey).some((release) => release.timer && contains(timer.callback, release.node))) continue;
        const use = timerUse(timer, matchSocket, sourceCode);
        if (!use) continue;
        // A one-shot timeout that only closes the socket, or returns first once it closed, is harmless after
        // 'close'; not a UDP socket's `close()`, which throws on a closed one (udp-closed-uses.live.test.ts).
        const onlyCloses = !use.io && !closedOnlyByApplication(use.socket, sourceCode);
        if (timer.kind === 'setTimeout' && !use.rearms && (onlyCloses || returnsOnceClosed(timer.callback, use.socketKey, sourceCode))) continue;
        if (clearedWithUdpClose(use.socket, use.socketKey, timer.handleKey, sourceCode, timer.callback)) continue;
        const judged = judge(timer.handleKey, use.socketKey, enclosingFunction(timer.call), (release) => release.timer);
        if (judged.released) continue;
        if (judged.onEnd.length > 0) {
          for (const { release, hook } of judged.onEnd) reportOnEnd(release, hook);
          continue;
        }
        if (handedOn(timer, sourceCode)) continue;
        if (ownedByReconnectingObject(timer, use.socketKey, sourceCode) || foreignEmitterByName(use.socket, use.socketKey, matchSocket, sourceCode)) continue;
        const data = { handle: timer.handleText, timer: timer.kind === 'setInterval' ? 'an interval' : 'a timeout', socket: displayName(use.socket, sourceCode) };
        // Found in a method the callback calls: its `this.x` may not be reachable from the handle's line.
        const fix = use.followed ? null : clearTimerFix(timer, use.socket, use.socketKey, sourceCode);
        reportedTimers.add(timer.call);
        context.report({ node: timer.call, messageId: 'timerNotCleared', data, fix });
      }
      for (const { call, socket, kind } of droppedIntervals(sourceCode, matchSocket)) {
        context.report({ node: call, messageId: kind === 'watcher' ? 'watcherDropped' : 'intervalDropped', data: { socket: displayName(socket, sourceCode) } });
      }
    }

    /** Callbacks waiting for replies that only the socket's 'error' listener fails (src/model/pending-replies.ts). */
    function checkPendingReplies(): void {
      for (const { node, socket, field } of errorOnlyDrains(sourceCode, (target) => matchSocket(target) !== undefined)) {
        context.report({ node, messageId: 'repliesFailedOnErrorOnly', data: { collection: field, socket: displayName(socket, sourceCode) } });
      }
      for (const { node, socket, field } of unfailedReplies(sourceCode, (target) => matchSocket(target) !== undefined)) {
        context.report({ node, messageId: 'repliesNeverFailed', data: { collection: field, socket: displayName(socket, sourceCode) } });
      }
      for (const node of endOnlyResponses(sourceCode, (call) => sockets.createdBy(call) === 'client-request')) {
        context.report({ node, messageId: 'endOnlyResponse' });
      }
      checkReplyPromises();
    }

    /** Promises a socket's reply or 'error' settles, and not its clean close (src/model/reply-promises.ts). */
    function checkReplyPromises(): void {
      for (const { listener, socket, kind, callback } of replyOnlyPromises(sourceCode, (target) => matchRawSocket(target)?.kind === 'socket')) {
        const data = { socket: displayName(socket, sourceCode), callback };
        context.report({ node: listener, messageId: callback === undefined ? REPLY_MESSAGES[kind] : 'replyOnlyCallsBack', data });
      }
    }

    /** Connections both their 'error' and their 'close' listener reconnect, or whose own close the 'close' listener undoes. */
    function checkDoubleReconnects(): void {
      const isConnection = (creation: TSESTree.CallExpression | TSESTree.NewExpression) =>
        sockets.createdBy(creation) === 'socket' || libraryObjects(sourceCode).get(creation)?.id === 'ws.WebSocket';
      const doubled = new Set<TSESTree.CallExpression>();
      for (const { error, close } of doubleReconnects(sourceCode, isConnection)) {
        doubled.add(error.call).add(close.call);
        context.report({ node: error.call, messageId: 'reconnectTwice', data: { socket: displayName(error.target, sourceCode) } });
      }
      const isSocket = (target: TSESTree.Expression) => matchRawSocket(target)?.kind === 'socket';
      for (const error of immediateReconnects(sourceCode, isSocket)) {
        if (doubled.has(error.call)) continue;
        doubled.add(error.call);
        context.report({ node: error.call, messageId: 'reconnectAtOnce', data: { socket: displayName(error.target, sourceCode) } });
      }
      // Where a reconnect was reported already, its message names the stacked callbacks too.
      for (const { call, listener } of stackedConnectCallbacks(sourceCode, isSocket)) {
        if (doubled.has(listener.call)) continue;
        context.report({ node: call, messageId: 'connectCallbackStacks', data: { socket: displayName(listener.target, sourceCode), event: listener.event } });
      }
      for (const { call, method, listener, whileConnecting } of ownCloseReconnects(sourceCode, isConnection)) {
        context.report({ node: call, messageId: whileConnecting ? 'reconnectsOwnCloseConnecting' : 'reconnectsOwnClose', data: { method, socket: displayName(listener.target, sourceCode) } });
      }
    }

    /** A socket each connection's run keeps on a field of the instance that serves them all (src/model/shared-fields.ts). */
    function checkSharedFields(): void {
      const makesSocket = (made: TSESTree.CallExpression | TSESTree.NewExpression) => sockets.createdBy(made) !== undefined || libraryObjects(sourceCode).has(made);
      for (const { assignment, field } of sharedConnectionFields(sourceCode, makesSocket)) {
        context.report({ node: assignment, messageId: 'sharedField', data: { field } });
      }
    }

    /** Connect timeouts cleared when the socket comes up, never when it fails, whose callback then does harm. */
    function checkConnectTimers(): void {
      for (const { timer, success, socketKey } of connectTimersOf(sourceCode)) {
        if (reportedTimers.has(timer.call)) continue;
        // A member given a socket of Node's in one branch and the caller's stream in another: both fail alike.
        // So does a ws WebSocket, whose success event is 'open'.
        const connects = (made: TSESTree.CallExpression | TSESTree.NewExpression) => sockets.createdBy(made) ?? (libraryObjects(sourceCode).get(made)?.id === 'ws.WebSocket' || undefined);
        if (!matchSocket(success.target) && !mayHoldNodeSocket(success.target, connects, sourceCode)) continue;
        const effect = afterDeathEffect(timer.callback, sourceCode);
        // Or it calls again what a failure listener called (`cb(new Error('timeout'))` after `cb(err)`).
        const repeated = effect ? undefined : repeatedCall({ timer, success, socketKey }, sourceCode);
        if (!effect && !repeated) continue;
        if (judge(timer.handleKey, socketKey, enclosingFunction(timer.call), (release) => release.timer).released) continue;
        if (handedOn(timer, sourceCode)) continue;
        const what = effect ? EFFECTS[effect] : `calls \`${repeated!}\` a second time`;
        context.report({
          node: timer.call,
          messageId: 'connectTimerNotCleared',
          data: { handle: timer.handleText, event: success.event, socket: displayName(success.target, sourceCode), effect: what },
        });
      }
    }

    /** Sockets put in a collection that outlives the function and never taken out when they close (src/model/kept-registrations.ts). */
    function checkRegistrations(): void {
      for (const kept of keptRegistrations(context, matchSocket)) {
        if (kept.kind === 'onEnd') {
          for (const { release, hook } of kept.ends) reportOnEnd(release, hook);
          continue;
        }
        const { registration } = kept;
        const names = { collection: displayName(registration.collection, sourceCode), socket: displayName(shownSocket(registration), sourceCode) };
        if (kept.kind === 'socket') {
          const data = { ...names, line: kept.quietDestroy?.loc.start.line };
          const messageId = kept.quietDestroy ? 'ownDestroyUnheard' : 'registryNotCleaned';
          context.report({ node: registration.node, messageId, data, fix: registryFix(registration, kept.form, sourceCode) });
        } else if (kept.leavesOn) {
          const data = { ...names, wrapper: names.socket, socket: displayName(kept.socket, sourceCode), event: kept.leavesOn.event };
          context.report({ node: registration.node, messageId: 'wrapperLeavesOnEvent', data });
        } else {
          const data = { ...names, wrapper: names.socket, socket: displayName(kept.socket, sourceCode) };
          context.report({ node: registration.node, messageId: 'wrapperNotCleaned', data });
        }
      }
    }

    const reportedReleases = new Set<TSESTree.Node>();
    function reportOnEnd(release: Release, hook: EndHook): void {
      if (reportedReleases.has(release.node) || armedInHook(release, hook, sourceCode)) return;
      reportedReleases.add(release.node);
      const event = hook.listener?.event ?? '';
      const where = hook.endCall ? 'in the callback of `end()`' : `in ${/^[aeiou]/u.test(event) ? 'an' : 'a'} '${event}' listener`;
      const fix = moveToCloseFix(hook, sourceCode);
      context.report({
        node: release.node,
        messageId: 'cleanupOnEnd',
        data: { where, socket: displayName(hook.socket, sourceCode) },
        suggest: fix ? [{ messageId: 'moveToClose', fix }] : [],
      });
    }

    /** Cleanup in 'end'/'finish' listeners that is not tied to a timer or registry the rule saw. */
    function checkEndHooks(): void {
      const hooks = endHookCandidates(sourceCode);
      if (hooks.length === 0) return;
      const byOwner = releaseIndex(sourceCode).byListener;
      for (const hook of hooks) {
        const owned = byOwner.get(hook.fn);
        if (!owned || !isEndHook(hook, matchSocket, sourceCode)) continue;
        for (const release of owned) {
          if (reportedReleases.has(release.node) || !worthMovingToClose(release, hook, matchSocket, sourceCode)) continue;
          const judged = judge(release.key, hook.socketKey, undefined, (candidate) => candidate.timer === release.timer);
          if (!judged.released && !judged.quietDestroy) reportOnEnd(release, hook);
        }
      }
      // The field that holds the socket, emptied on 'end' only (src/model/end-hooks.ts).
      for (const { hook, reset } of endOnlyFieldResets(matchSocket, sourceCode)) reportOnEnd({ key: hook.socketKey, node: reset, timer: false }, hook);
    }

    /** `end()` in the socket's own 'error' listener: the socket is destroyed already (src/model/end-callbacks.ts). */
    function checkEndInErrorListener(): void {
      for (const call of endsInOwnErrorListener(sourceCode, matchRawSocket)) {
        const object = readMethodCall(call)!.object;
        const fix = destroyFix(call, sourceCode);
        const data = { socket: displayName(object, sourceCode), dropped: call.arguments.length === 0 ? '' : ' (its data is lost)' };
        if (call.arguments.length === 0) context.report({ node: call, messageId: 'endInErrorListener', data, fix: fix.name });
        else context.report({ node: call, messageId: 'endInErrorListener', data, suggest: [{ messageId: 'useDestroy', fix: fix.whole }] });
      }
    }

    /** A 'close' listener that calls a remover but leaves out the value it removes: nothing is removed. */
    function checkEmptyRemovals(): void {
      for (const { call, listener, param, index, collection } of emptyRemovalsOf(sourceCode)) {
        if (!matchSocket(listener.target)) continue;
        const socket = displayName(listener.target, sourceCode);
        const fix = passSocketFix(call, index, listener.target, sourceCode);
        context.report({
          node: call,
          messageId: 'removalWithoutSocket',
          data: { callee: sourceCode.getText(call.callee), socket, collection: displayName(collection, sourceCode) },
          suggest: fix ? [{ messageId: 'passSocket', data: { socket, param: param.name }, fix }] : [],
        });
      }
    }

    /** `end(cb)` that settles a promise on a socket a plain `destroy()` elsewhere may have closed. */
    function checkStrandedEnds(): void {
      for (const { call, object, destroy } of strandedEnds(sourceCode)) {
        if (!matchSocket(object)) continue;
        const data = { socket: displayName(object, sourceCode), line: String(destroy.loc.start.line) };
        context.report({ node: call, messageId: 'endCallbackStranded', data });
      }
    }

    /** Another socket ended or destroyed on one way of this one's closing only (src/model/peer-teardowns.ts). */
    function checkTeardowns(): void {
      // Raw connections only: a request or response finishes by its own exchange, not by a close.
      for (const teardown of oneWayTeardowns(sourceCode, (target) => matchSocket(target)?.kind === 'socket')) {
        if (teardown.event === 'end') {
          const hook: EndHook = { fn: teardown.fn, socket: teardown.socket, socketKey: teardown.socketKey, listener: teardown.listener, endCall: undefined };
          if (isEndHook(hook, matchSocket, sourceCode)) reportOnEnd({ key: teardown.socketKey, node: teardown.call, timer: false }, hook);
        } else {
          const data = { peer: displayName(teardown.peer, sourceCode), socket: displayName(teardown.socket, sourceCode) };
          context.report({ node: teardown.call, messageId: 'teardownOnErrorOnly', data });
        }
      }
    }

    /** `list.splice(list.indexOf(s), 1)` that a socket's 'error' and 'close' both run (src/model/double-removals.ts). */
    function checkDoubleRemovals(): void {
      for (const { call, collection } of doubleRemovals(sourceCode, (target) => matchSocket(target) !== undefined)) {
        const fix = checkFirstFix(call, sourceCode);
        context.report({ node: call, messageId: 'removedTwice', data: { collection: sourceCode.getText(collection) }, suggest: fix ? [{ messageId: 'checkFirst', fix }] : [] });
      }
    }

    /** A 'timeout' listener that leaves a socket or client request open, or only ends one still connecting (src/model/idle-timeouts.ts). */
    function checkIdleTimeouts(): void {
      for (const { call, socket, fn } of openAfterTimeout(sourceCode, (node) => IDLE_KINDS.has(matchSocket(node)?.kind ?? ''))) {
        const data = { socket: socket.name };
        context.report({ node: call, messageId: 'timeoutKeepsOpen', data, suggest: [{ messageId: 'destroyOnTimeout', data, fix: destroyOnTimeoutFix(fn, socket.name, sourceCode) }] });
      }
      for (const { end, socket } of endedWhileConnecting(sourceCode, (node) => sockets.createdBy(node) === 'socket')) {
        context.report({ node: end, messageId: 'endWhileConnecting', data: { socket: socket.name }, suggest: [{ messageId: 'useDestroy', fix: destroyFix(end, sourceCode).whole }] });
      }
    }

    /** A class's close method that leaves its reconnect timer scheduled (src/model/reconnect-timers.ts). */
    function checkReconnects(): void {
      for (const { close, field, timer, reconnect } of keptReconnects(sourceCode, (value) => matchSocket(value) !== undefined)) {
        const method = sourceCode.getText(close.key);
        if (field === undefined) context.report({ node: timer, messageId: 'retryDropped', data: { method, reconnect } });
        else context.report({ node: close.key, messageId: 'reconnectAfterClose', data: { method, field, reconnect } });
      }
    }

    /** A connection's listener left on an emitter of the module (src/model/kept-listeners.ts). */
    function checkKeptListeners(): void {
      const isConnection = (fn: FunctionNode) => connectionParameter(fn, sourceCode, (node) => sockets.serverFamily(node) !== undefined, (param) => !['incoming-message', undefined].includes(matchSocket(param)?.kind), (param) => libraryObjects(sourceCode).get(param)?.id === 'ws.WebSocketServer#connection');
      for (const kept of keptListeners(sourceCode, isConnection)) {
        const data = { emitter: sourceCode.getText(kept.emitter), event: kept.event, socket: kept.connection.name };
        const fix = removeOnCloseFix(kept, sourceCode);
        context.report({ node: kept.call, messageId: 'listenerKept', data, suggest: fix ? [{ messageId: 'removeOnClose', data, fix }] : [] });
      }
      // A method that adds a listener to the instance's one socket on every call (src/model/per-call-listeners.ts).
      for (const { listener, name } of perCallListeners(sourceCode, (node) => matchSocket(node) !== undefined)) {
        context.report({ node: listener.call, messageId: 'listenerPerCall', data: { method: name, event: listener.event, socket: displayName(listener.target, sourceCode) } });
      }
    }

    /** The old socket's listener clearing the field a reopen has already refilled (src/model/clobbered-fields.ts). */
    function checkClobberedFields(): void {
      for (const { clear, openerName, field } of clobberingClears(sourceCode, (value) => matchSocket(value) !== undefined)) {
        context.report({ node: clear, messageId: 'clearsNewSocket', data: { opener: openerName ?? 'the opener', field: sourceCode.getText(field) } });
      }
    }

    return feedResourceWalk(sourceCode, {
      'Program:exit'() {
        checkTimers();
        checkConnectTimers();
        checkRegistrations();
        checkEndHooks();
        checkEndInErrorListener();
        checkEmptyRemovals();
        checkStrandedEnds();
        checkPendingReplies();
        checkTeardowns();
        checkDoubleRemovals();
        checkIdleTimeouts();
        checkReconnects();
        checkKeptListeners();
        checkClobberedFields();
        checkDoubleReconnects();
        checkSharedFields();
      },
    });
  },
});
