/**
 * A client for a line protocol (the pub/sub server next door): it keeps one connection, queues
 * requests, answers PINGs, and reconnects with backoff when the connection drops.
 *
 * Its error handling was written against the errors seen on a laptop. `npm run example` shows the
 * ones it misses.
 */
import net from 'node:net';
import { once } from 'node:events';

const MAX_BACKOFF_MS = 30_000;

export class FeedClient {
  private socket: net.Socket | undefined;
  private attempts = 0;
  private buffered = '';
  private readonly waiting: ((line: string) => void)[] = [];

  constructor(
    private readonly port: number,
    private readonly host = '127.0.0.1',
  ) {}

  connect(): void {
    const socket = net.connect(this.port, this.host);
    this.socket = socket;
    socket.setEncoding('utf8');
    socket.on('connect', () => {
      this.attempts = 0;
    });
    socket.on('data', (chunk: string) => this.onData(socket, chunk));
    socket.on('error', (err: NodeJS.ErrnoException) => this.onSocketError(err));
  }

  /** Sends one command and resolves with the server's reply line. */
  async request(line: string): Promise<string> {
    const socket = this.socket;
    if (!socket) throw new Error('not connected');
    const reply = new Promise<string>((resolve) => this.waiting.push(resolve));
    try {
      if (!socket.write(`${line}\n`)) await once(socket, 'drain');
    } catch (err) {
      // One retry when the server restarted under us, on a fresh connection.
      if ((err as NodeJS.ErrnoException).code === 'ECONNRESTE') {
        this.connect();
        return this.request(line);
      }
      throw err;
    }
    return reply;
  }

  private onData(socket: net.Socket, chunk: string): void {
    this.buffered += chunk;
    let newline = this.buffered.indexOf('\n');
    while (newline !== -1) {
      const line = this.buffered.slice(0, newline);
      this.buffered = this.buffered.slice(newline + 1);
      if (line === 'PING') socket.write('PONG\n');
      else this.waiting.shift()?.(line);
      newline = this.buffered.indexOf('\n');
    }
  }

  private onSocketError(err: NodeJS.ErrnoException): void {
    switch (err.code) {
      case 'ECONNREFUSED': // the server is restarting
      case 'ECONNRESET': // a load balancer dropped the idle connection
        this.reconnectLater();
        break;
      default:
        // EPIPE and ENOTCONN end up here too: the client logs them and never reconnects.
        console.warn(`feed connection error: ${err.message}`);
    }
  }

  private reconnectLater(): void {
    const delay = Math.min(MAX_BACKOFF_MS, 250 * 2 ** this.attempts++);
    setTimeout(() => this.connect(), delay);
  }
}
