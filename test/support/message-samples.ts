/**
 * Realistic, long-ish placeholder values for every messageId of every rule: what an editor hover
 * shows on a real server's code. The names are the long ones real code uses (`upstreamSocket`,
 * `this.heartbeatTimer`), code lists hold three codes, and each placeholder takes the longest
 * value the rule can put there (`in the callback of \`end()\``, `HTTP/2 session`).
 * `reports` are the messages of findings, `suggestions` the texts of their suggestions.
 */
type Data = Record<string, string>;

export interface RuleSamples {
  reports: Record<string, Data[]>;
  suggestions: Record<string, Data[]>;
}

const socket = 'this.upstreamSocket';
const threeCodes = 'ENOTCONN, ECONNRESET and EPIPE';

export const messageSamples: Record<string, RuleSamples> = {
  'cleanup-dead-socket': {
    reports: {
      timerNotCleared: [{ handle: 'this.heartbeatTimer', timer: 'an interval', socket }],
      connectTimerNotCleared: [
        { handle: 'this.dialTimer', event: 'secureConnect', socket: 'upstreamSocket', effect: 'ends the connection' },
        { handle: 'dialTimer', event: 'connect', socket, effect: "emits 'error'" },
      ],
      registryNotCleaned: [{ socket: 'upstreamSocket', collection: 'this.activeConnections' }],
      ownDestroyUnheard: [{ socket: 'upstreamSocket', collection: 'this.activeConnections', line: '142' }],
      wrapperNotCleaned: [{ wrapper: 'connection', socket: 'upstreamSocket', collection: 'this.activeConnections' }],
      wrapperLeavesOnEvent: [{ wrapper: 'connection', collection: 'this.activeConnections', event: 'requestResolved', socket: 'upstreamSocket' }],
      removalWithoutSocket: [{ callee: 'this.removeUpstreamSocket', socket: 'upstreamSocket', collection: 'this.activeConnections' }],
      cleanupOnEnd: [
        { where: 'in the callback of `end()`', socket },
        { where: "in a 'finish' listener", socket },
      ],
      endInErrorListener: [
        { socket, dropped: '' },
        { socket, dropped: ' (its data is lost)' },
      ],
      endCallbackStranded: [{ socket: 'this.upstreamSocket', line: '1204' }],
      repliesFailedOnErrorOnly: [{ collection: 'pendingReplies', socket: 'this.upstreamSocket' }],
      repliesNeverFailed: [{ collection: 'pendingReplies', socket: 'this.upstreamSocket' }],
      teardownOnErrorOnly: [{ peer: 'client.relaySocket', socket: 'this.serviceSocket' }],
      removedTwice: [{ collection: 'this.connectedSockets' }],
      reconnectTwice: [{ socket: 'this.upstreamConnection' }],
      reconnectAtOnce: [{ socket: 'this.upstreamConnection' }],
      connectCallbackStacks: [{ socket: 'this.upstreamConnection', event: 'close' }],
      sharedField: [{ field: 'upstreamConnection' }],
      reconnectsOwnClose: [{ method: 'disconnect', socket: 'this.upstreamConnection' }],
      timeoutKeepsOpen: [{ socket: 'conn' }],
      endWhileConnecting: [{ socket: 'probe' }],
      reconnectAfterClose: [{ method: 'disconnect', field: 'reconnectTimeout', reconnect: 'connectWebSocket' }],
      retryDropped: [{ method: 'disconnect', reconnect: 'connectWebSocket' }],
      watcherDropped: [{ socket: 'this.upstreamConnection' }],
      endOnlyResponse: [{}],
      replyOnlySettles: [{ socket: 'this.connection' }],
      replyOnlyCallsBack: [{ socket: 'this.connection', callback: 'healthCallback' }],
      dataOnlySettles: [{ socket: 'this.upstreamConnection' }],
      connectOnlySettles: [{ socket: 'this.upstreamConnection' }],
      bindOnlySettles: [{ socket: 'this.discoverySocket' }],
      intervalDropped: [{ socket: 'this.connection' }],
      listenerKept: [{ emitter: 'ProcessLifecycle.eventEmitter', event: 'stopping', socket: 'socket' }],
      listenerPerCall: [{ method: 'sendCommandToReceiver', event: 'data', socket: 'this.receiverConnection' }],
      reconnectsOwnCloseConnecting: [{ method: 'destroy', socket: 'this.notificationsSocket' }],
      clearsNewSocket: [{ opener: 'reconnectToAccessory', field: 'this.accessorySocket' }],
    },
    suggestions: {
      moveToClose: [{}],
      checkFirst: [{}],
      destroyOnTimeout: [{ socket: 'conn' }],
      removeOnClose: [{ socket: 'socket' }],
      passSocket: [{ socket: 'upstreamSocket', param: 'closedSocket' }],
      useDestroy: [{}],
    },
  },
  'exhaustive-error-codes': {
    reports: {
      missingSiblings: [
        { named: 'ECONNRESET', missing: 'EPIPE, ENOTCONN, ECONNABORTED', kind: 'connection-lost' },
        { named: 'ETIMEDOUT', missing: 'ERR_SOCKET_CONNECTION_TIMEOUT, ERR_TLS_HANDSHAKE_TIMEOUT', kind: 'timeout' },
      ],
      refusedOnly: [{ named: 'ECONNREFUSED', missing: 'ECONNRESET, ETIMEDOUT and 12 more' }],
      incompleteList: [
        { kind: 'connection-lost', missing: 'EPIPE, ECONNABORTED' },
        { kind: 'connection-lost', missing: 'ERR_STREAM_PREMATURE_CLOSE and 3 more' },
      ],
      missingDefault: [{ subject: 'upstreamError.code' }],
      unionNotExhaustive: [
        { missing: 'undefined, timeout, refused, unreachable' },
        { missing: 'ETIMEDOUT, ERR_TLS_HANDSHAKE_TIMEOUT' },
      ],
    },
    suggestions: {
      addSiblings: [{ named: 'ECONNRESET', missing: 'EPIPE, ENOTCONN, ECONNABORTED', kind: 'connection-lost' }],
      addToList: [{ missing: 'EPIPE, ECONNABORTED', kind: 'connection-lost' }],
      addDefault: [{}],
      addMissingCases: [{ missing: 'timeout, refused, unreachable' }],
    },
  },
  'no-fatal-close-errors': {
    reports: {
      fatalCloseError: [
        { source: '`finished()` callback', sink: 'assert.ifError()', codes: threeCodes },
        { source: "'error' listener", sink: 'process.exit()', codes: threeCodes },
        { source: 'catch block', sink: 'assert(!upstreamError)', codes: threeCodes },
      ],
      fatalReemit: [
        { source: "'error' listener", sink: "this.emit('error', ...)", codes: threeCodes },
        { source: '`end()` callback', sink: "session.emit('error', ...)", codes: threeCodes },
      ],
    },
    suggestions: {
      addGuard: [{ source: "'error' listener", sink: "this.emit('error', ...)", codes: threeCodes }],
    },
  },
  'no-unknown-error-code': {
    reports: {
      typo: [{ value: 'ERR_STREAM_PREMATURE_CLSE', nearest: 'ERR_STREAM_PREMATURE_CLOSE' }],
      unlisted: [{ value: 'ERR_SOCKET_CONNECTION_LOST' }],
      errnoIsNumber: [{ errno: 'upstreamError.errno', value: 'ECONNRESET', code: 'upstreamError.code' }],
      errnoSign: [{ errno: 'upstreamError.errno', constant: 'os.constants.errno.ECONNRESET', code: 'upstreamError.code', value: 'ECONNRESET' }],
      messageMatch: [{ value: 'ECONNRESET, ETIMEDOUT', message: 'upstreamError.message', code: 'upstreamError.code' }],
      addresslessMessage: [{ message: 'err.message', text: 'connect ECONNREFUSED' }],
    },
    suggestions: {
      replaceCode: [{ value: 'ERR_STREAM_PREMATURE_CLSE', nearest: 'ERR_STREAM_PREMATURE_CLOSE' }],
      compareCode: [{ errno: 'upstreamError.errno', value: 'ECONNRESET', code: 'upstreamError.code' }],
      useCode: [{ code: 'upstreamError.code', value: 'ERR_SOCKET_CONNECTION_TIMEOUT' }],
    },
  },
  'no-use-after-dead': {
    reports: {
      afterDestroy: [{ name: socket, method: 'setKeepAlive', detail: 'resetAndDestroy' }],
      afterEnd: [{ name: socket, method: 'write', detail: 'endGracefully' }],
      afterStopInBranch: [
        { name: 'this.upstreamSocket', method: 'write', stop: 'destroy', line: '1024', outcome: 'cannot reach the peer' },
        { name: socket, method: 'write', stop: 'endGracefully', line: '12', outcome: 'fails (write after end)' },
      ],
      inDeadListener: [{ name: socket, method: 'setKeepAlive', detail: 'error' }],
      deadCodeBranch: [
        { name: socket, method: 'setKeepAlive', detail: 'EPIPE, ECONNRESET, ENOTCONN' },
        { name: socket, method: 'setKeepAlive', detail: '`destroyed` is true' },
      ],
      clientErrorSocket: [{ name: 'clientSocket', method: 'write', detail: 'tlsClientError' }],
      whileConnecting: [{ name: 'clientSocket', method: 'setNoDelay', detail: 'upstreamSocket' }],
      endedWhileConnecting: [{ name: 'this.upstreamSocket', method: 'write', peer: 'clientSocket', event: 'close', line: '1024' }],
      afterPeerError: [{ name: 'clientSocket', method: 'end', detail: 'upstreamSocket' }],
      headersMaybeSent: [{ name: 'clientResponse', method: 'writeHead', detail: 'upstreamRequest' }],
      fieldNulled: [{ name: 'this.upstreamSocket', method: 'write', detail: 'error' }],
      fieldMayBeDead: [{ name: 'this._state.upstreamSocket', method: 'write', detail: 'close' }],
      fieldNullChecked: [{ name: 'this._state.upstreamSocket', method: 'write', detail: 'close' }],
      fieldReusedAfterClose: [{ name: 'this._state.upstreamSocket', detail: 'error' }],
      deadInHelper: [{ name: 'this.upstreamSocket', detail: 'destroyed by `destroy()`', helper: 'this.notifyClient', method: 'write' }],
      closedUdpInTimer: [{ name: 'this.discoverySocket', method: 'close', line: '1204' }],
    },
    suggestions: {
      guardUse: [
        { method: 'setKeepAlive', guard: '!(socket as net.Socket).destroyed' },
        { method: 'writeHead', guard: '!clientResponse.headersSent' },
      ],
      returnAfterStop: [{ stop: 'resetAndDestroy' }],
    },
  },
  'require-error-listener': {
    reports: {
      missingListener: [
        { noun: 'HTTP/2 session', name: 'upstreamSession' },
        { noun: 'socket', name: 'upstreamSocket' },
      ],
      lateListener: [
        { name: 'upstreamSession', when: 'in a later callback' },
        { name: 'upstreamSocket', when: 'after an `await`' },
      ],
      lateHandOff: [
        { name: 'upstreamSession', when: 'in a later callback' },
        { name: 'upstreamSocket', when: 'after an `await`' },
      ],
      fieldBranchUncovered: [
        { name: 'this.upstreamSocket', line: '1262' },
        { name: 'self._connection', line: '88' },
      ],
      pauseUncovered: [
        { name: 'upstreamSocket', pause: 'await' },
        { name: 'upstreamSession', pause: 'yield' },
      ],
      strippedListener: [
        { name: 'this.upstreamSocket', method: 'setKeepAlive' },
        { name: 'upstreamSocket', method: 'end' },
      ],
      strippedKept: [{ name: 'this.upstreamSocket' }, { name: 'upstreamSocket' }],
      strippedAfterAbort: [{ name: 'this.socket', method: 'terminate' }, { name: 'ws', method: 'close' }],
      onceButReemitted: [{ name: 'this.upstreamSocket' }, { name: 'upstreamSocket' }],
      onceOnTls: [{ name: 'this.upstreamSocket' }, { name: 'secureSocket' }],
    },
    suggestions: {
      useOn: [{}],
      addListener: [
        { listener: "upstreamSocket.on('error', () => upstreamSocket.destroy())", noun: 'socket', obtained: 'received' },
        { listener: ".on('error', (err) => console.error(err))", noun: 'HTTP/2 session', obtained: 'created' },
      ],
    },
  },
};

/** ESLint's interpolation: `{{ name }}` becomes the value of `name`; unknown names stay as they are. */
export function renderMessage(template: string, data: Data): string {
  return template.replace(/\{\{\s*([^{}]+?)\s*\}\}/gu, (whole, key: string) => (key in data ? data[key]! : whole));
}

// Added with the branch check of require-error-listener: a socket kept on a branch that does nothing to it.
messageSamples['require-error-listener']!.reports.branchUncovered = [{ name: 'upstreamSocket' }, { name: 'this.upstreamSocket' }];
