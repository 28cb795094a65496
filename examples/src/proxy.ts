/**
 * A small HTTP proxy in front of one backend: plain requests are forwarded, WebSocket upgrades
 * are spliced onto a raw connection to the backend, and CONNECT opens a TCP tunnel (HTTPS through
 * the proxy).
 *
 * Each handler is the version that shipped first, before the first browser closed a tab in the
 * middle of a download: `npm run example` shows what goes wrong.
 */
import http from 'node:http';
import net from 'node:net';

const BACKEND = { host: '127.0.0.1', port: 8080 };

export const proxy = http.createServer((req, res) => {
  const upstream = http.request(
    { ...BACKEND, method: req.method, path: req.url, headers: req.headers },
    (upstreamRes) => {
      res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.headers);
      upstreamRes.pipe(res);
    },
  );
  upstream.on('error', (err) => {
    // The backend can fail halfway through a response that is already streaming to the client.
    console.error(`backend failed for ${req.url ?? '/'}: ${err.message}`);
    res.writeHead(502, { 'content-type': 'text/plain' });
    res.end('Bad gateway\n');
  });
  req.pipe(upstream);
});

// WebSocket (and other) upgrades. Node hands the raw client socket over and removes its own
// 'error' listener from it first.
proxy.on('upgrade', (req: http.IncomingMessage, socket: net.Socket, head: Buffer) => {
  const backend = net.connect(BACKEND.port, BACKEND.host, () => {
    const headers = Object.entries(req.headers)
      .map(([name, value]) => `${name}: ${Array.isArray(value) ? value.join(', ') : (value ?? '')}`)
      .join('\r\n');
    backend.write(`${req.method ?? 'GET'} ${req.url ?? '/'} HTTP/1.1\r\n${headers}\r\n\r\n`);
    backend.write(head);
    socket.pipe(backend).pipe(socket);
  });
  backend.on('error', () => socket.destroy());
  socket.on('close', () => backend.destroy());
});

// CONNECT host:port — the client speaks TLS to the target through this tunnel.
proxy.on('connect', (req: http.IncomingMessage, clientSocket: net.Socket, head: Buffer) => {
  const [host = '', port = '443'] = (req.url ?? '').split(':');
  const target = net.connect(Number(port), host, () => {
    clientSocket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
    target.write(head);
    target.pipe(clientSocket);
    clientSocket.pipe(target);
  });
  target.on('error', (err: NodeJS.ErrnoException) => {
    console.warn(`tunnel to ${host}:${port} failed: ${err.code ?? err.message}`);
    clientSocket.end('HTTP/1.1 502 Bad Gateway\r\n\r\n');
  });
});

// Malformed requests: answer 400 and hang up.
proxy.on('clientError', (err: NodeJS.ErrnoException, socket: net.Socket) => {
  console.warn(`bad request from ${socket.remoteAddress ?? '?'}: ${err.code ?? err.message}`);
  socket.end('HTTP/1.1 400 Bad Request\r\n\r\n');
});
