/**
 * The shared socket error-code definition: one table, one entry per code.
 *
 * The rules read this table, users import it (`eslint-plugin-socket-errors/codes`), the reference in
 * `docs/error-codes.md` is generated from it, and `test/codes.live.test.ts` provokes the codes on real
 * sockets on 127.0.0.1 and checks that each is classified as written here.
 *
 * No runtime dependencies: this module must load in any server, from TypeScript or plain JS.
 */
export { KNOWN_ERROR_CODES, KNOWN_ERROR_CODE_PREFIXES, isKnownErrorCode } from './known-codes.js';
export { type ClosableStream, type EndGracefullyOptions, endGracefully, ignoreBenignClose, onSocketClose } from './socket-helpers.js';

/** What went wrong, at the level a server decides on: retry, clean up, alert, or fix the code. */
export type SocketErrorKind =
  | 'connection-lost'
  | 'timeout'
  | 'refused'
  | 'unreachable'
  | 'dns'
  | 'address'
  | 'resources'
  | 'tls'
  | 'protocol'
  | 'cancelled'
  | 'misuse';

/** Every kind, in the order of the union above (for exhaustive checks and docs). */
export const SOCKET_ERROR_KINDS = [
  'connection-lost',
  'timeout',
  'refused',
  'unreachable',
  'dns',
  'address',
  'resources',
  'tls',
  'protocol',
  'cancelled',
  'misuse',
] as const satisfies readonly SocketErrorKind[];

/** One line per kind, for docs and messages. */
export const SOCKET_ERROR_KIND_SUMMARIES: Readonly<Record<SocketErrorKind, string>> = {
  'connection-lost': 'The peer or the network ended the connection; it is gone. Clean up and move on.',
  timeout: 'Nothing happened in time; the attempt or connection is abandoned.',
  refused: 'Nobody accepts connections at that address and port.',
  unreachable: 'The network cannot route to the host.',
  dns: 'The host name could not be resolved.',
  address: 'The local or remote address cannot be used (taken, or not on this host).',
  resources: 'The process or kernel ran out of descriptors or buffers.',
  tls: 'The TLS handshake or a certificate check failed.',
  protocol: 'The peer sent bytes the protocol parser rejects.',
  cancelled: 'The operation was cancelled on purpose (abort signal, destroy, close).',
  misuse: 'A programming error: the code used a socket or stream the wrong way.',
};

export interface SocketErrorInfo {
  /** What went wrong, at the level a server decides on. */
  readonly kind: SocketErrorKind;
  /** Is the socket unusable after this error? (Node has destroyed it, or will.) */
  readonly dead: boolean;
  /** Routine when it shows up while closing or after the peer left: never worth a crash. */
  readonly benignOnClose: boolean;
  /** Where Node reports it (`err.syscall`); empty when Node sets no syscall. */
  readonly syscalls: readonly string[];
  /** One line, shown in docs and messages. */
  readonly summary: string;
}

/**
 * The table. Facts measured on Node 20, Linux, loopback, unless the summary says otherwise;
 * `test/codes.live.test.ts` proves the ones that can be provoked on 127.0.0.1.
 */
export const SOCKET_ERRORS = {
  // connection-lost: the connection is gone; routine for any server.
  ECONNRESET: {
    kind: 'connection-lost',
    dead: true,
    benignOnClose: true,
    syscalls: ['read', 'write', 'connect'],
    summary: 'The peer reset the connection (RST); HTTP reports it as "socket hang up" or "aborted" with no syscall.',
  },
  EPIPE: {
    kind: 'connection-lost',
    dead: true,
    benignOnClose: true,
    syscalls: ['write'],
    summary: 'A write after the peer closed its side; also "This socket has been ended by the other party".',
  },
  ENOTCONN: {
    kind: 'connection-lost',
    dead: true,
    benignOnClose: true,
    syscalls: ['shutdown', 'getpeername', 'getsockname'],
    summary: 'shutdown() on a connection the peer already dropped (Node 20 swallows it and reports read ECONNRESET).',
  },
  ECONNABORTED: {
    kind: 'connection-lost',
    dead: true,
    benignOnClose: true,
    syscalls: ['accept', 'read', 'write'],
    summary: 'The connection was aborted locally, typically before accept() or by the TCP stack.',
  },
  ESHUTDOWN: {
    kind: 'connection-lost',
    dead: true,
    benignOnClose: true,
    syscalls: ['write'],
    summary: 'A send after this side shut the connection down.',
  },
  ERR_STREAM_PREMATURE_CLOSE: {
    kind: 'connection-lost',
    dead: true,
    benignOnClose: true,
    syscalls: [],
    summary: 'The stream closed before it ended or finished (stream.finished, stream.pipeline).',
  },

  // timeout
  ETIMEDOUT: {
    kind: 'timeout',
    dead: true,
    benignOnClose: true,
    syscalls: ['connect', 'read', 'write'],
    summary: 'The kernel gave up: connect got no answer, or a live connection stopped acknowledging.',
  },
  ERR_SOCKET_CONNECTION_TIMEOUT: {
    kind: 'timeout',
    dead: true,
    benignOnClose: false,
    syscalls: [],
    summary: 'A connection attempt with autoSelectFamily ran out of time on every address.',
  },
  ERR_TLS_HANDSHAKE_TIMEOUT: {
    kind: 'timeout',
    dead: true,
    benignOnClose: false,
    syscalls: [],
    summary: "The TLS handshake did not finish within handshakeTimeout ('tlsClientError'; Node leaves the socket open: destroy it).",
  },
  ERR_HTTP_REQUEST_TIMEOUT: {
    kind: 'timeout',
    dead: false,
    benignOnClose: false,
    syscalls: [],
    summary: "A request did not arrive within requestTimeout ('clientError'; the socket is still open for a 408 reply).",
  },

  // refused
  ECONNREFUSED: {
    kind: 'refused',
    dead: true,
    benignOnClose: false,
    syscalls: ['connect'],
    summary: 'Nothing listens on that address and port (err.address and err.port say where).',
  },

  // unreachable
  EHOSTUNREACH: {
    kind: 'unreachable',
    dead: true,
    benignOnClose: false,
    syscalls: ['connect', 'read', 'write'],
    summary: 'No route to the host.',
  },
  ENETUNREACH: {
    kind: 'unreachable',
    dead: true,
    benignOnClose: false,
    syscalls: ['connect', 'read', 'write'],
    summary: 'No route to the network.',
  },
  ENETDOWN: {
    kind: 'unreachable',
    dead: true,
    benignOnClose: false,
    syscalls: ['connect', 'read', 'write'],
    summary: 'The local network interface is down.',
  },
  EHOSTDOWN: {
    kind: 'unreachable',
    dead: true,
    benignOnClose: false,
    syscalls: ['connect'],
    summary: 'The host is down.',
  },

  // dns
  ENOTFOUND: {
    kind: 'dns',
    dead: true,
    benignOnClose: false,
    syscalls: ['getaddrinfo', 'queryA', 'queryAaaa'],
    summary: 'The host name does not resolve (Node maps EAI_NONAME and EAI_NODATA to it).',
  },
  EAI_AGAIN: {
    kind: 'dns',
    dead: true,
    benignOnClose: false,
    syscalls: ['getaddrinfo'],
    summary: 'A temporary name-resolution failure; the same lookup may work later.',
  },
  EAI_FAIL: {
    kind: 'dns',
    dead: true,
    benignOnClose: false,
    syscalls: ['getaddrinfo'],
    summary: 'A permanent name-resolution failure.',
  },
  ESERVFAIL: {
    kind: 'dns',
    dead: true,
    benignOnClose: false,
    syscalls: ['queryA', 'queryAaaa'],
    summary: 'The DNS server returned a general failure.',
  },
  EREFUSED: {
    kind: 'dns',
    dead: true,
    benignOnClose: false,
    syscalls: ['queryA', 'queryAaaa'],
    summary: 'The DNS server refused the query.',
  },
  ETIMEOUT: {
    kind: 'dns',
    dead: true,
    benignOnClose: false,
    syscalls: ['queryA', 'queryAaaa'],
    summary: 'The DNS query timed out (dns.Resolver; not the socket ETIMEDOUT).',
  },

  // address
  EADDRINUSE: {
    kind: 'address',
    dead: true,
    benignOnClose: false,
    syscalls: ['listen', 'bind', 'connect'],
    summary: 'The local address and port are taken (server.listen, or a client bound to localPort).',
  },
  EADDRNOTAVAIL: {
    kind: 'address',
    dead: true,
    benignOnClose: false,
    syscalls: ['listen', 'bind', 'connect'],
    summary: 'The address is not on this host, or no ephemeral port is free.',
  },

  // resources
  EMFILE: {
    kind: 'resources',
    dead: true,
    benignOnClose: false,
    syscalls: ['accept', 'connect', 'socket'],
    summary: 'The process has no file descriptor left (ulimit -n).',
  },
  ENFILE: {
    kind: 'resources',
    dead: true,
    benignOnClose: false,
    syscalls: ['accept', 'connect', 'socket'],
    summary: 'The system has no file descriptor left.',
  },
  ENOBUFS: {
    kind: 'resources',
    dead: true,
    benignOnClose: false,
    syscalls: ['connect', 'write', 'socket'],
    summary: 'The kernel has no buffer space for the operation.',
  },

  // tls
  EPROTO: {
    kind: 'tls',
    dead: true,
    benignOnClose: false,
    syscalls: ['write', 'read'],
    summary: 'A TLS failure reported to a pending write ("write EPROTO" + OpenSSL\'s reason, e.g. the peer does not speak TLS).',
  },
  ERR_SSL_WRONG_VERSION_NUMBER: {
    kind: 'tls',
    dead: true,
    benignOnClose: false,
    syscalls: [],
    summary: 'The peer does not speak TLS on this port (often plain HTTP or a proxy).',
  },
  ERR_SSL_HTTP_REQUEST: {
    kind: 'tls',
    dead: true,
    benignOnClose: false,
    syscalls: [],
    summary: "A client sent plain HTTP to a TLS port ('tlsClientError' on the server).",
  },
  ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE: {
    kind: 'tls',
    dead: true,
    benignOnClose: false,
    syscalls: [],
    summary: 'The peer aborted the handshake, e.g. no shared cipher (a TLS version mismatch is ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION).',
  },
  ERR_SSL_TLSV1_ALERT_UNKNOWN_CA: {
    kind: 'tls',
    dead: true,
    benignOnClose: false,
    syscalls: [],
    summary: 'The peer does not trust the certificate authority of our certificate.',
  },
  ERR_TLS_CERT_ALTNAME_INVALID: {
    kind: 'tls',
    dead: true,
    benignOnClose: false,
    syscalls: [],
    summary: "The server certificate does not name the host connected to.",
  },
  DEPTH_ZERO_SELF_SIGNED_CERT: {
    kind: 'tls',
    dead: true,
    benignOnClose: false,
    syscalls: [],
    summary: 'The peer presented a self-signed certificate that is not trusted.',
  },
  SELF_SIGNED_CERT_IN_CHAIN: {
    kind: 'tls',
    dead: true,
    benignOnClose: false,
    syscalls: [],
    summary: 'The certificate chain ends in a self-signed root that is not trusted.',
  },
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: {
    kind: 'tls',
    dead: true,
    benignOnClose: false,
    syscalls: [],
    summary: 'The issuer of the peer certificate is not known (an intermediate is missing).',
  },
  CERT_HAS_EXPIRED: {
    kind: 'tls',
    dead: true,
    benignOnClose: false,
    syscalls: [],
    summary: 'The peer certificate has expired.',
  },

  // protocol
  HPE_HEADER_OVERFLOW: {
    kind: 'protocol',
    dead: false,
    benignOnClose: false,
    syscalls: [],
    summary: "An HTTP request's headers exceed maxHeaderSize ('clientError'; the socket is still open for a 431 reply).",
  },
  HPE_INVALID_METHOD: {
    kind: 'protocol',
    dead: false,
    benignOnClose: false,
    syscalls: [],
    summary: "A client sent a request line that is not HTTP ('clientError'; the socket is still open for a 400 reply).",
  },
  HPE_INVALID_CONSTANT: {
    kind: 'protocol',
    dead: false,
    benignOnClose: false,
    syscalls: [],
    summary: "The peer sent bytes that break HTTP framing ('clientError' can still reply; a client request's socket is destroyed).",
  },
  ERR_HTTP2_STREAM_ERROR: {
    kind: 'protocol',
    dead: true,
    benignOnClose: false,
    syscalls: [],
    summary: 'An HTTP/2 stream was reset with an error code (RST_STREAM).',
  },
  ERR_HTTP2_SESSION_ERROR: {
    kind: 'protocol',
    dead: true,
    benignOnClose: false,
    syscalls: [],
    summary: 'An HTTP/2 session closed with an error code.',
  },
  ERR_HTTP2_GOAWAY_SESSION: {
    kind: 'protocol',
    dead: true,
    benignOnClose: true,
    syscalls: [],
    summary: 'request() on an HTTP/2 session that is closing (close() was called or the peer sent GOAWAY).',
  },

  // cancelled
  ABORT_ERR: {
    kind: 'cancelled',
    dead: true,
    benignOnClose: true,
    syscalls: [],
    summary: 'An AbortSignal cancelled the operation (the socket is destroyed with this error; Node 20 still connects it if the signal was aborted before net.connect()).',
  },
  ECANCELED: {
    kind: 'cancelled',
    dead: true,
    benignOnClose: true,
    syscalls: ['write', 'connect'],
    summary: 'A pending operation was cancelled because its handle closed.',
  },
  ERR_STREAM_DESTROYED: {
    kind: 'cancelled',
    dead: true,
    benignOnClose: true,
    syscalls: [],
    summary: "A write after destroy(): reported to the write callback only, no 'error' event.",
  },
  ERR_SOCKET_CLOSED_BEFORE_CONNECTION: {
    kind: 'cancelled',
    dead: true,
    benignOnClose: true,
    syscalls: [],
    summary: "A write queued while connecting, when the connect failed (its callback gets this; 'error' gets the cause).",
  },
  ERR_HTTP2_STREAM_CANCEL: {
    kind: 'cancelled',
    dead: true,
    benignOnClose: true,
    syscalls: [],
    summary: 'The HTTP/2 stream was cancelled before it sent its data.',
  },

  // misuse: programming errors, not network events.
  ERR_STREAM_WRITE_AFTER_END: {
    kind: 'misuse',
    dead: true,
    benignOnClose: false,
    syscalls: [],
    summary: "write() after end(): a bug; reported to the callback and as 'error'.",
  },
  ERR_STREAM_ALREADY_FINISHED: {
    kind: 'misuse',
    dead: false,
    benignOnClose: false,
    syscalls: [],
    summary: 'end() with data or a callback on a stream that already finished.',
  },
  ERR_SOCKET_CLOSED: {
    kind: 'misuse',
    dead: true,
    benignOnClose: false,
    syscalls: [],
    summary: 'write() or resetAndDestroy() on a socket with no open handle (never connected, or already closed).',
  },
  ERR_HTTP_HEADERS_SENT: {
    kind: 'misuse',
    dead: false,
    benignOnClose: false,
    syscalls: [],
    summary: 'setHeader() or writeHead() after the headers were sent.',
  },
  ERR_HTTP2_INVALID_SESSION: {
    kind: 'misuse',
    dead: true,
    benignOnClose: false,
    syscalls: [],
    summary: 'An action on an HTTP/2 session that was already destroyed.',
  },
  EBADF: {
    kind: 'misuse',
    dead: true,
    benignOnClose: false,
    syscalls: ['read', 'write', 'close'],
    summary: 'A descriptor that is not open: the handle was closed under the code using it.',
  },
  EINVAL: {
    kind: 'misuse',
    dead: false,
    benignOnClose: false,
    syscalls: ['connect', 'bind', 'listen', 'setsockopt'],
    summary: 'An invalid argument reached the kernel (bad address, option or state).',
  },
  ENOTSOCK: {
    kind: 'misuse',
    dead: true,
    benignOnClose: false,
    syscalls: ['connect', 'listen'],
    summary: 'A socket operation on a descriptor that is not a socket.',
  },
} as const satisfies Record<string, SocketErrorInfo>;

/** Every code of the table, as a literal union. */
export type SocketErrorCode = keyof typeof SOCKET_ERRORS;

/** Every code of the table, in table order. */
export const SOCKET_ERROR_CODES = Object.keys(SOCKET_ERRORS) as SocketErrorCode[];

/** The codes of one kind, as a literal union: `SocketErrorCodeOf<'connection-lost'>`. */
export type SocketErrorCodeOf<K extends SocketErrorKind> = {
  [C in SocketErrorCode]: (typeof SOCKET_ERRORS)[C]['kind'] extends K ? C : never;
}[SocketErrorCode];

/**
 * An error Node raised on a socket, server or stream, with a code from the table.
 * Usable as the parameter type of an `'error'` listener.
 */
export interface SocketError extends Error {
  code: SocketErrorCode;
  errno?: number;
  syscall?: string;
  address?: string;
  port?: number;
}

function codeOf(error: unknown): unknown {
  return typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
}

/** Is `code` one of the table's codes? */
export function isSocketErrorCode(code: unknown): code is SocketErrorCode {
  return typeof code === 'string' && Object.hasOwn(SOCKET_ERRORS, code);
}

/** The table entry of a code, or `undefined` when it is not in the table. */
export function getSocketErrorInfo(code: unknown): SocketErrorInfo | undefined {
  return isSocketErrorCode(code) ? SOCKET_ERRORS[code] : undefined;
}

/**
 * Is `error` an error whose `code` is in the table? Looks at `error.code` only (not at `cause`),
 * and accepts any object, so errors from another realm or a plain `{ code }` count.
 */
export function isSocketError(error: unknown): error is SocketError {
  return isSocketErrorCode(codeOf(error));
}

/** The kind of a socket error, or `undefined` when its code is not in the table. */
export function classifySocketError(error: unknown): SocketErrorKind | undefined {
  return getSocketErrorInfo(codeOf(error))?.kind;
}

/** Is the socket that raised `error` unusable now? (`destroy()` it, release what it holds.) */
export function isDeadSocketError(error: unknown): error is SocketError {
  return getSocketErrorInfo(codeOf(error))?.dead === true;
}

/**
 * Is `error` routine when a connection ends (ECONNRESET, EPIPE, ENOTCONN, premature close...)?
 * Such an error is never worth a crash: clean up and move on.
 */
export function isBenignCloseError(error: unknown): error is SocketError {
  return getSocketErrorInfo(codeOf(error))?.benignOnClose === true;
}

/** The table's codes of one kind, in table order. */
export function socketErrorCodesOfKind<K extends SocketErrorKind>(kind: K): SocketErrorCodeOf<K>[] {
  return SOCKET_ERROR_CODES.filter((code) => SOCKET_ERRORS[code].kind === kind) as SocketErrorCodeOf<K>[];
}
