/**
 * Verdict check (verdicts.md, node-http-proxy ws-incoming.js:157): a proxied WebSocket whose
 * target resets the connection after the 101 crashes an app that added no 'error' listener to the
 * proxy server, even though the app listens on the client socket.
 *
 *   node http-proxy-ws-reset.mjs <node-http-proxy checkout, dependencies installed>
 *
 * Loopback only (127.0.0.1), ends within 3 s. Prints "crashed: ECONNRESET" or "survived".
 */
import http from 'node:http';
import net from 'node:net';

import { runScenario } from './harness.mjs';

runScenario(import.meta.url, 'node-http-proxy', (requireFromCheckout) => {
  const httpProxy = requireFromCheckout('./lib/http-proxy');
  // The upstream WebSocket server: accepts the upgrade, then resets the connection.
  const upstream = net.createServer((socket) => {
    socket.on('error', () => {});
    socket.once('data', () => {
      socket.write('HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n');
      setTimeout(() => socket.resetAndDestroy(), 100);
    });
  });
  upstream.listen(0, '127.0.0.1', () => {
    const proxy = httpProxy.createProxyServer({ target: `http://127.0.0.1:${upstream.address().port}` });
    const server = http.createServer();
    server.on('upgrade', (req, socket, head) => {
      socket.on('error', () => {}); // the app guards its own side
      proxy.ws(req, socket, head); // ...but adds no proxy.on('error')
    });
    server.listen(0, '127.0.0.1', () => {
      const client = net.connect(server.address().port, '127.0.0.1', () => {
        client.write('GET / HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n');
      });
      client.on('error', () => {});
    });
  });
});
