import type { InvalidTestCase, ValidTestCase } from '@typescript-eslint/rule-tester';
import type { InferMessageIdsTypeFromRule, InferOptionsTypeFromRule } from '@typescript-eslint/utils/eslint-utils';

import rule from '../../rules/no-use-after-dead.js';
import { DEFAULT_STRICT_SOCKET_NAME_PATTERN } from '../../src/socket.js';
import { ruleTester, typedRuleTester } from '../rule-tester.js';

type Options = InferOptionsTypeFromRule<typeof rule>;
type MessageIds = InferMessageIdsTypeFromRule<typeof rule>;

// Every case runs twice: syntax only, and with type information (which must not change the answer).
const valid: (string | ValidTestCase<Options>)[] = [
    // Writes before destroy() are fine: the socket is still open.
    `
import net from 'node:net';
net.createServer((socket) => {
  socket.write('bye\\n');
  socket.destroy();
});
`,
    // destroy() on one branch only: the write after the if is reached alive on the other path.
    `
import net from 'node:net';
net.createServer((socket) => {
  socket.on('data', (chunk) => {
    if (chunk.length > 65536) socket.destroy();
    socket.write('ok\\n');
  });
});
`,
    // A liveness guard after destroy() (the destroy is on a path that returned).
    `
import net from 'node:net';
net.createServer((socket) => {
  socket.on('data', (chunk) => {
    if (chunk.length > 65536) {
      socket.destroy();
      return;
    }
    socket.write('ok\\n');
  });
});
`,
    // The 'close' listener reconnects the same socket before writing: it is alive again.
    `
import net from 'node:net';
const socket = new net.Socket();
socket.on('error', () => {});
socket.on('close', () => {
  socket.connect(6379, '127.0.0.1');
  socket.write('PING\\r\\n');
});
socket.connect(6379, '127.0.0.1');
`,
    // end() without data after destroy is a no-op, not I/O.
    `
import net from 'node:net';
net.createServer((socket) => {
  socket.on('error', () => {
    socket.end();
  });
});
`,
    // An 'error' listener that only logs: nothing is written.
    `
import net from 'node:net';
net.createServer((socket) => {
  socket.on('error', (err) => console.error('client failed', err.message));
});
`,
    // Guarded by writable inside the listener of another socket's error.
    `
import net from 'node:net';
net.createServer((clientSocket) => {
  const upstream = net.connect(5432, '127.0.0.1');
  upstream.on('error', () => {
    if (clientSocket.writable) clientSocket.end('upstream unavailable\\n');
  });
  clientSocket.on('error', () => upstream.destroy());
});
`,
    // Node's documented 'clientError' guard.
    `
import http from 'node:http';
const server = http.createServer((req, res) => res.end('ok'));
server.on('clientError', (err, socket) => {
  if (err.code === 'ECONNRESET' || !socket.writable) {
    return;
  }
  socket.end('HTTP/1.1 400 Bad Request\\r\\n\\r\\n');
});
`,
    // A parse error leaves the socket open: answering 431 in that branch is what Node expects.
    `
import http from 'node:http';
const server = http.createServer((req, res) => res.end('ok'));
server.on('clientError', (err, socket) => {
  if (err.code === 'HPE_HEADER_OVERFLOW') {
    socket.end('HTTP/1.1 431 Request Header Fields Too Large\\r\\n\\r\\n');
    return;
  }
  socket.destroy();
});
`,
    // The connect callback writes to the client socket, but the client's 'close' destroys the
    // upstream, so the callback never runs once the client is gone.
    `
import http from 'node:http';
import net from 'node:net';
const proxy = http.createServer();
proxy.on('connect', (req, clientSocket, head) => {
  const upstream = net.connect(443, 'example.test', () => {
    clientSocket.write('HTTP/1.1 200 Connection Established\\r\\n\\r\\n');
    upstream.write(head);
    upstream.pipe(clientSocket);
    clientSocket.pipe(upstream);
  });
  clientSocket.on('close', () => upstream.destroy());
  upstream.on('error', () => clientSocket.destroy());
});
`,
    // The connect callback checks the client first.
    `
import http from 'node:http';
import net from 'node:net';
const proxy = http.createServer();
proxy.on('connect', (req, clientSocket) => {
  const upstream = net.connect(443, 'example.test', () => {
    if (clientSocket.destroyed) return upstream.destroy();
    clientSocket.write('HTTP/1.1 200 Connection Established\\r\\n\\r\\n');
  });
  upstream.on('error', () => clientSocket.destroy());
});
`,
    // The upstream's 'error' listener answers 502 only when nothing was sent yet.
    `
import http from 'node:http';
http.createServer((req, res) => {
  const upstream = http.request({ host: '127.0.0.1', port: 8080, path: req.url }, (upstreamRes) => {
    res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.headers);
    upstreamRes.pipe(res);
  });
  upstream.on('error', () => {
    if (res.headersSent) return res.destroy();
    res.writeHead(502);
    res.end('Bad gateway');
  });
  req.pipe(upstream);
});
`,
    // Nothing else writes to res, so headers cannot have been sent before the upstream failed.
    `
import http from 'node:http';
http.createServer((req, res) => {
  const upstream = http.request({ host: '127.0.0.1', port: 8080 });
  upstream.on('error', () => {
    res.writeHead(502);
    res.end('Bad gateway');
  });
  upstream.end();
});
`,
    // Not known to be a socket (a WebSocket wrapper): the rule does not guess.
    `
function attach(ws) {
  ws.on('close', () => {
    ws.write('bye');
  });
}
`,
    // A reconnecting client: the 'close' listener calls a method that may replace this.socket.
    `
import net from 'node:net';
class Client {
  constructor() {
    this.socket = net.connect(6379, '127.0.0.1');
    this.socket.on('close', () => {
      this.reconnect();
      this.socket.write('HELLO\\r\\n');
    });
  }
  reconnect() {
    this.socket = net.connect(6379, '127.0.0.1');
  }
}
`,
    // A let variable that another function replaces is not followed after destroy().
    `
import net from 'node:net';
let conn = net.connect(6379, '127.0.0.1');
function reopen() { conn = net.connect(6379, '127.0.0.1'); }
function restart() {
  conn.destroy();
  reopen();
  conn.write('PING\\r\\n');
}
`,
    // A nested callback created in the 'close' listener runs later: not followed (precision first).
    `
import net from 'node:net';
const socket = net.connect(6379, '127.0.0.1');
socket.on('error', () => {});
socket.on('close', () => {
  setTimeout(() => {
    socket.connect(6379, '127.0.0.1');
  }, 1000);
});
`,
    // writableEnded and a guard kept in a const count too.
    `
import net from 'node:net';
net.createServer((socket) => {
  socket.on('error', () => {
    const open = !socket.destroyed;
    if (open) socket.write('bye');
    if (!socket.writableEnded) socket.setNoDelay(true);
  });
});
`,
    // A check the rule cannot read (readyState) still counts as a guard.
    `
import net from 'node:net';
net.createServer((socket) => {
  socket.on('error', () => {
    if (socket.readyState === 'open') socket.write('bye');
  });
});
`,
    // Loops: whatever was known before the loop is forgotten at its head.
    `
import net from 'node:net';
net.createServer((socket) => {
  socket.destroy();
  for (const line of ['a', 'b']) {
    socket = net.connect(1, '127.0.0.1');
    socket.write(line);
  }
});
`,
    // 'clientError' option off: only known-dead sockets are reported.
    {
      code: `
import http from 'node:http';
const server = http.createServer();
server.on('clientError', (err, socket) => {
  socket.end('HTTP/1.1 400 Bad Request\\r\\n\\r\\n');
});
`,
      options: [{ reportMayBeDead: false }],
    },
    // Without the name pattern, a helper's parameter is not known to be a socket.
    `
function abort(socket) {
  socket.destroy();
  socket.write('late');
}
`,
];

const invalid: InvalidTestCase<MessageIds, Options>[] = [
    {
      code: `
import net from 'node:net';
net.createServer((socket) => {
  socket.on('data', (chunk) => {
    if (chunk.includes('QUIT')) {
      socket.destroy();
      socket.write('bye\\n');
    }
  });
});
`,
      errors: [{ messageId: 'afterDestroy', line: 7, data: { name: 'socket', method: 'write', detail: 'destroy' } }],
    },
    {
      // resetAndDestroy() too, and every I/O method of a socket.
      code: `
import net from 'node:net';
const socket = net.connect(80, '127.0.0.1');
socket.on('error', () => {});
socket.resetAndDestroy();
socket.setKeepAlive(true, 1000);
`,
      errors: [{ messageId: 'afterDestroy', data: { name: 'socket', method: 'setKeepAlive', detail: 'resetAndDestroy' } }],
    },
    {
      code: `
import net from 'node:net';
net.createServer((socket) => {
  socket.on('close', () => {
    socket.write('goodbye\\n');
  });
});
`,
      errors: [{ messageId: 'inDeadListener', data: { name: 'socket', method: 'write', detail: 'close' } }],
    },
    {
      // The socket is already destroyed when 'error' fires; end() with data drops the data.
      code: `
import net from 'node:net';
net.createServer((clientSocket) => {
  clientSocket.on('error', (err) => {
    clientSocket.end('HTTP/1.1 502 Bad Gateway\\r\\n\\r\\n');
  });
});
`,
      errors: [{ messageId: 'inDeadListener', data: { name: 'clientSocket', method: 'end', detail: 'error' } }],
    },
    {
      // A guard on the error code does not revive a socket inside its own 'error' listener.
      code: `
import net from 'node:net';
net.createServer((socket) => {
  socket.on('error', (err) => {
    if (err.code !== 'ECONNRESET') socket.setNoDelay(true);
  });
});
`,
      errors: [{ messageId: 'inDeadListener', data: { name: 'socket', method: 'setNoDelay', detail: 'error' } }],
    },
    {
      // Listener given by reference: the function is only used there.
      code: `
import net from 'node:net';
const socket = net.connect(25, '127.0.0.1');
function onClose() {
  socket.pipe(process.stdout);
}
socket.on('error', () => {});
socket.on('close', onClose);
`,
      errors: [{ messageId: 'inDeadListener', data: { name: 'socket', method: 'pipe', detail: 'close' } }],
    },
    {
      // A branch that established a dead code for an error of the socket (write callback).
      code: `
import net from 'node:net';
net.createServer((socket) => {
  socket.on('error', () => {});
  socket.write('hello\\n', (err) => {
    if (err && (err.code === 'EPIPE' || err.code === 'ECONNRESET')) {
      socket.write('retrying\\n');
    }
  });
});
`,
      errors: [{ messageId: 'deadCodeBranch', data: { name: 'socket', method: 'write', detail: 'EPIPE, ECONNRESET' } }],
    },
    {
      // The same through an early exit, and a switch.
      code: `
import { finished } from 'node:stream';
import net from 'node:net';
net.createServer((socket) => {
  socket.on('error', () => {});
  finished(socket, (err) => {
    if (!err || err.code !== 'ECONNRESET') return;
    socket.cork();
  });
  socket.end('bye', (err) => {
    switch (err?.code) {
      case 'EPIPE':
        socket.uncork();
        break;
      default:
        break;
    }
  });
});
`,
      errors: [
        { messageId: 'deadCodeBranch', data: { name: 'socket', method: 'cork', detail: 'ECONNRESET' } },
        { messageId: 'deadCodeBranch', data: { name: 'socket', method: 'uncork', detail: 'EPIPE' } },
      ],
    },
    {
      // Writing to the 'clientError' socket without checking it is still writable.
      code: `
import http from 'node:http';
const server = http.createServer((req, res) => res.end('ok'));
server.on('clientError', (err, socket) => {
  socket.end('HTTP/1.1 400 Bad Request\\r\\n\\r\\n');
});
`,
      errors: [{ messageId: 'clientErrorSocket', data: { name: 'socket', method: 'end', detail: 'clientError' } }],
    },
    {
      // Excluding ECONNRESET alone still lets a destroyed socket through when the code is EPIPE.
      code: `
import http from 'node:http';
const server = http.createServer();
server.on('clientError', (err, socket) => {
  if (err.code === 'ECONNRESET') {
    socket.write('HTTP/1.1 400 Bad Request\\r\\n\\r\\n');
  }
});
`,
      errors: [{ messageId: 'deadCodeBranch', data: { name: 'socket', method: 'write', detail: 'ECONNRESET' } }],
    },
    {
      // A CONNECT tunnel: the client may have gone while the upstream was connecting.
      code: `
import http from 'node:http';
import net from 'node:net';
const proxy = http.createServer();
proxy.on('connect', (req, clientSocket, head) => {
  const upstream = net.connect(443, 'example.test', () => {
    clientSocket.write('HTTP/1.1 200 Connection Established\\r\\n\\r\\n');
    upstream.write(head);
    upstream.pipe(clientSocket);
    clientSocket.pipe(upstream);
  });
  upstream.on('error', () => clientSocket.destroy());
  clientSocket.on('error', () => upstream.destroy());
});
`,
      errors: [{ messageId: 'whileConnecting', line: 7, data: { name: 'clientSocket', method: 'write', detail: 'upstream' } }],
    },
    {
      // The same with a 'connect' listener.
      code: `
import net from 'node:net';
net.createServer((clientSocket) => {
  const backend = new net.Socket();
  backend.on('connect', () => {
    clientSocket.setNoDelay(true);
  });
  backend.on('error', () => clientSocket.destroy());
  backend.connect(5432, '127.0.0.1');
});
`,
      errors: [{ messageId: 'whileConnecting', data: { name: 'clientSocket', method: 'setNoDelay', detail: 'backend' } }],
    },
    {
      // The upstream failed; the client may already be gone, and a 502 into a tunnel is garbage anyway.
      code: `
import http from 'node:http';
import net from 'node:net';
const proxy = http.createServer();
proxy.on('connect', (req, clientSocket) => {
  const upstream = net.connect(443, 'example.test');
  upstream.on('error', () => {
    clientSocket.end('HTTP/1.1 502 Bad Gateway\\r\\n\\r\\n');
  });
  clientSocket.on('error', () => upstream.destroy());
});
`,
      errors: [{ messageId: 'afterPeerError', data: { name: 'clientSocket', method: 'end', detail: 'upstream' } }],
    },
    {
      // A proxy's upstream 'error' listener answering 502 after the response may have started.
      code: `
import http from 'node:http';
http.createServer((req, res) => {
  const upstream = http.request({ host: '127.0.0.1', port: 8080, path: req.url }, (upstreamRes) => {
    res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.headers);
    upstreamRes.pipe(res);
  });
  upstream.on('error', () => {
    res.writeHead(502);
    res.end('Bad gateway');
  });
  req.pipe(upstream);
});
`,
      errors: [{ messageId: 'headersMaybeSent', line: 9, data: { name: 'res', method: 'writeHead', detail: 'upstream' } }],
    },
    {
      // One report per socket and function: the later writes repeat the same problem.
      code: `
import net from 'node:net';
net.createServer((socket) => {
  socket.on('close', (hadError) => {
    socket.write('a');
    socket.write('b');
  });
});
`,
      errors: [{ messageId: 'inDeadListener', line: 5 }],
    },
    {
      // A guard before destroy() does not cover a write after it.
      code: `
import net from 'node:net';
net.createServer((socket) => {
  if (!socket.writable) return;
  socket.destroy();
  socket.write('late');
});
`,
      errors: [{ messageId: 'afterDestroy' }],
    },
    {
      // destroy() on both branches: dead on every path.
      code: `
import net from 'node:net';
net.createServer((socket) => {
  socket.on('data', (chunk) => {
    if (chunk[0] === 0) {
      socket.destroy();
    } else {
      socket.destroy(new Error('bad frame'));
    }
    socket.write('x');
  });
});
`,
      errors: [{ messageId: 'afterDestroy', line: 10 }],
    },
    {
      // HTTP response destroyed, then written.
      code: `
import http from 'node:http';
http.createServer((req, res) => {
  req.on('error', () => {});
  if (!req.headers.authorization) {
    res.destroy();
  }
  else return;
  res.setHeader('x-reason', 'denied');
});
`,
      errors: [{ messageId: 'afterDestroy', data: { name: 'res', method: 'setHeader', detail: 'destroy' } }],
    },
    {
      // Strict: a helper's parameter named like a socket.
      code: `
function abort(socket) {
  socket.destroy();
  socket.write('late');
}
`,
      options: [{ socketNamePattern: DEFAULT_STRICT_SOCKET_NAME_PATTERN }],
      errors: [{ messageId: 'afterDestroy' }],
    },
];

ruleTester.run('no-use-after-dead', rule, { valid, invalid });

typedRuleTester.run('no-use-after-dead (typed)', rule, {
  valid: [
    ...valid,
    // A typed helper that only logs.
    `
import type { Socket } from 'node:net';
export function onError(socket: Socket, err: Error): void {
  console.error(socket.remoteAddress, err.message);
}
`,
    // Typed: destroyed on one branch, guarded afterwards.
    `
import type { Socket } from 'node:net';
export function reply(socket: Socket, line: string): void {
  if (line === 'QUIT') socket.destroy();
  if (socket.destroyed) return;
  socket.write(line);
}
`,
    // A user type called Socket is not Node's socket.
    `
class Socket { destroy(): void {} write(_line: string): void {} }
export function run(socket: Socket): void {
  socket.destroy();
  socket.write('x');
}
`,
  ],
  invalid: [
    ...invalid,
    {
      // Types reach a helper's parameter that syntax alone cannot see.
      code: `
import type { Socket } from 'node:net';
export function reject(socket: Socket, reason: string): void {
  socket.destroy();
  socket.write(reason);
}
`,
      errors: [{ messageId: 'afterDestroy', data: { name: 'socket', method: 'write', detail: 'destroy' } }],
    },
    {
      code: `
import type { ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
export function watch(upstream: Socket, res: ServerResponse): void {
  upstream.pipe(res);
  upstream.on('error', () => {
    res.setHeader('retry-after', '1');
  });
}
`,
      errors: [{ messageId: 'headersMaybeSent', data: { name: 'res', method: 'setHeader', detail: 'upstream' } }],
    },
    {
      code: `
import { connect } from 'node:tls';
const secure = connect({ host: '127.0.0.1', port: 8443 });
secure.on('close', () => {
  secure.setTimeout(1000);
});
`,
      errors: [{ messageId: 'inDeadListener', data: { name: 'secure', method: 'setTimeout', detail: 'close' } }],
    },
  ],
});
