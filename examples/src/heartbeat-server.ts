/**
 * A line-based pub/sub server. Clients send `SUB <topic>` and `PUB <topic> <text>`; the server
 * pings every client every 10 seconds and hangs up on the ones that stop answering.
 *
 * It passes every test where clients quit politely. Under real traffic (phones changing networks,
 * load balancers resetting idle connections) it leaks and crashes: `npm run example` shows where.
 */
import net from 'node:net';

const HEARTBEAT_MS = 10_000;

/** Every connected client, for broadcasts. */
const clients = new Set<net.Socket>();
const subscriptions = new WeakMap<net.Socket, Set<string>>();

export const server = net.createServer((socket) => {
  socket.setEncoding('utf8');
  socket.setNoDelay(true);
  clients.add(socket);
  subscriptions.set(socket, new Set());

  let lastSeen = Date.now();
  const heartbeat = setInterval(() => {
    if (Date.now() - lastSeen > 3 * HEARTBEAT_MS) {
      socket.end('BYE idle\n');
      return;
    }
    socket.write('PING\n');
  }, HEARTBEAT_MS);

  let pending = '';
  socket.on('data', (chunk: string) => {
    lastSeen = Date.now();
    pending += chunk;
    let newline = pending.indexOf('\n');
    while (newline !== -1) {
      handleLine(socket, pending.slice(0, newline).trim());
      pending = pending.slice(newline + 1);
      newline = pending.indexOf('\n');
    }
  });

  // A client that quits politely sends FIN, so 'end' fires. One that resets never gets here:
  // Node emits 'error' then 'close', and the client stays in `clients` with its timer running.
  socket.on('end', () => {
    clients.delete(socket);
  });

  socket.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'ETIMEDOUT') {
      console.warn(`client ${socket.remoteAddress ?? '?'} timed out`);
      socket.end();
      return;
    }
    throw err; // anything else is unexpected: let the process manager restart us
  });
});

function handleLine(socket: net.Socket, line: string): void {
  const [command = '', topic = '', ...words] = line.split(' ');
  switch (command) {
    case 'PONG':
      return;
    case 'SUB':
      subscriptions.get(socket)?.add(topic);
      socket.write(`OK ${topic}\n`);
      return;
    case 'PUB':
      broadcast(topic, words.join(' '));
      return;
    default:
      socket.write(`ERR unknown command ${command}\n`);
  }
}

function broadcast(topic: string, text: string): void {
  for (const client of clients) {
    if (subscriptions.get(client)?.has(topic)) client.write(`MSG ${topic} ${text}\n`);
  }
}

export function shutdown(): void {
  server.close();
  for (const client of clients) client.end('BYE shutdown\n');
}
