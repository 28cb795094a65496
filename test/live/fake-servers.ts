/**
 * Tiny stand-ins for the servers the client libraries talk to, on 127.0.0.1: each speaks just
 * enough of its protocol for the client to consider itself connected (PostgreSQL's startup reply,
 * Redis's `+OK`, AMQP 0-9-1's connection and channel handshakes, MySQL's handshake), then resets
 * the connection (RST) or makes the server-side error the test needs. No real server is needed, so
 * CI installs nothing. Every server is closed with the connections it accepted by `close()`.
 */
import net from 'node:net';

import { LOOPBACK } from '../support/loopback.js';

export interface FakeServer {
  port: number;
  close: () => Promise<void>;
}

/** How long after the handshake a fake resets the connection: the client is idle by then. */
export const RESET_AFTER_MS = 200;

async function fakeServer(onConnection: (socket: net.Socket) => void): Promise<FakeServer> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    socket.on('error', () => {}); // the peer is a child process that may die mid-handshake
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    onConnection(socket);
  });
  server.on('error', () => {});
  await new Promise<void>((resolve) => server.listen(0, LOOPBACK, resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

function resetSoon(socket: net.Socket): void {
  const timer = setTimeout(() => socket.resetAndDestroy(), RESET_AFTER_MS);
  socket.once('close', () => clearTimeout(timer));
}

/** PostgreSQL: AuthenticationOk and ReadyForQuery in answer to the startup message, then a reset. */
export function fakePostgres(): Promise<FakeServer> {
  return fakeServer((socket) => {
    socket.once('data', () => {
      const authenticationOk = Buffer.from([0x52, 0, 0, 0, 8, 0, 0, 0, 0]);
      const readyForQuery = Buffer.from([0x5a, 0, 0, 0, 5, 0x49]);
      socket.write(Buffer.concat([authenticationOk, readyForQuery]));
      resetSoon(socket);
    });
  });
}

/** PostgreSQL that resets the connection on the client's startup message: a failure while it connects. */
export function fakePostgresResettingStartup(): Promise<FakeServer> {
  return fakeServer((socket) => socket.once('data', () => socket.resetAndDestroy()));
}

/**
 * Redis: `+OK` to every command (RESP arrays), then a reset once the client has been quiet for
 * RESET_AFTER_MS (its handshake commands answered, so it is connected and idle).
 */
export function fakeRedis(): Promise<FakeServer> {
  return fakeServer((socket) => {
    let timer: NodeJS.Timeout | undefined;
    socket.once('close', () => clearTimeout(timer));
    socket.on('data', (data: Buffer) => {
      const commands = data.toString('latin1').match(/(?:^|\r\n)\*\d+\r\n\$/gu)?.length ?? 0;
      socket.write('+OK\r\n'.repeat(commands));
      clearTimeout(timer);
      timer = setTimeout(() => socket.resetAndDestroy(), RESET_AFTER_MS);
    });
  });
}

/** MQTT 3.1.1: a CONNACK with `returnCode` (5: not authorised), then a reset when it accepted. */
export function fakeMqtt(returnCode: number): Promise<FakeServer> {
  return fakeServer((socket) => {
    socket.once('data', () => {
      socket.write(Buffer.from([0x20, 2, 0, returnCode]));
      if (returnCode === 0) resetSoon(socket);
    });
  });
}

// --- AMQP 0-9-1 ------------------------------------------------------------------------------

function u16(value: number): Buffer {
  const buffer = Buffer.alloc(2);
  buffer.writeUInt16BE(value);
  return buffer;
}

function u32(value: number): Buffer {
  const buffer = Buffer.alloc(4);
  buffer.writeUInt32BE(value);
  return buffer;
}

const shortString = (text: string): Buffer => Buffer.concat([Buffer.from([Buffer.byteLength(text)]), Buffer.from(text)]);
const longString = (text: string): Buffer => Buffer.concat([u32(Buffer.byteLength(text)), Buffer.from(text)]);

/** A method frame: type 1, channel, size, class and method ids, arguments, frame end. */
function methodFrame(channel: number, classId: number, methodId: number, args: Buffer): Buffer {
  const payload = Buffer.concat([u16(classId), u16(methodId), args]);
  return Buffer.concat([Buffer.from([1]), u16(channel), u32(payload.length), payload, Buffer.from([0xce])]);
}

/**
 * AMQP 0-9-1: Connection.Start / Tune / Open-Ok, Channel.Open-Ok. Then, for `'reset'`, a reset of
 * the connection; for `'close-channel'`, a Channel.Close 404 on every channel the client opens (what
 * RabbitMQ sends for a queue that does not exist).
 */
export function fakeAmqp(then: 'reset' | 'close-channel'): Promise<FakeServer> {
  return fakeServer((socket) => {
    let pending = Buffer.alloc(0);
    let headerSeen = false;
    socket.on('data', (data: Buffer) => {
      pending = Buffer.concat([pending, data]);
      if (!headerSeen) {
        if (pending.length < 8) return;
        headerSeen = true;
        pending = pending.subarray(8); // "AMQP\0\0\x09\x01"
        const start = Buffer.concat([Buffer.from([0, 9]), u32(0), longString('PLAIN'), longString('en_US')]);
        socket.write(methodFrame(0, 10, 10, start));
      }
      while (pending.length >= 7) {
        const size = pending.readUInt32BE(3);
        if (pending.length < size + 8) return;
        const type = pending[0];
        const channel = pending.readUInt16BE(1);
        const payload = pending.subarray(7, 7 + size);
        pending = pending.subarray(size + 8);
        if (type !== 1) continue;
        const method = `${payload.readUInt16BE(0)}.${payload.readUInt16BE(2)}`;
        if (method === '10.11') {
          socket.write(methodFrame(0, 10, 30, Buffer.concat([u16(0), u32(131_072), u16(0)]))); // Tune, no heartbeat
        } else if (method === '10.40') {
          socket.write(methodFrame(0, 10, 41, shortString(''))); // Open-Ok
          if (then === 'reset') resetSoon(socket);
        } else if (method === '20.10') {
          socket.write(methodFrame(channel, 20, 11, longString(''))); // Channel.Open-Ok
          if (then === 'close-channel') {
            const close = Buffer.concat([u16(404), shortString("NOT_FOUND - no queue 'jobs'"), u16(50), u16(10)]);
            setTimeout(() => socket.write(methodFrame(channel, 20, 40, close)), RESET_AFTER_MS);
          }
        } else if (method === '20.40') {
          socket.write(methodFrame(channel, 20, 41, Buffer.alloc(0))); // Channel.Close-Ok
        } else if (method === '10.50') {
          socket.write(methodFrame(0, 10, 51, Buffer.alloc(0))); // Connection.Close-Ok
        }
      }
    });
  });
}

// --- MySQL -----------------------------------------------------------------------------------

function mysqlPacket(sequence: number, payload: Buffer): Buffer {
  const header = Buffer.alloc(4);
  header.writeUIntLE(payload.length, 0, 3);
  header[3] = sequence;
  return Buffer.concat([header, payload]);
}

function u16le(value: number): Buffer {
  const buffer = Buffer.alloc(2);
  buffer.writeUInt16LE(value);
  return buffer;
}

/** MySQL: a protocol 10 handshake, an OK packet in answer to the client's response, then a reset. */
export function fakeMysql(): Promise<FakeServer> {
  return fakeServer((socket) => {
    // LONG_PASSWORD, FOUND_ROWS?, LONG_FLAG, PROTOCOL_41, TRANSACTIONS, SECURE_CONNECTION, MULTI_STATEMENTS, PLUGIN_AUTH
    const capabilities = 0x0001 | 0x0004 | 0x0200 | 0x2000 | 0x8000 | 0x10000 | 0x80000;
    const scramble = Buffer.alloc(20, 0x61);
    const handshake = Buffer.concat([
      Buffer.from([10]),
      Buffer.from('8.0.36\0'),
      Buffer.from([1, 0, 0, 0]), // connection id
      scramble.subarray(0, 8),
      Buffer.from([0]),
      u16le(capabilities & 0xffff),
      Buffer.from([33]), // utf8_general_ci
      u16le(2), // SERVER_STATUS_AUTOCOMMIT
      u16le(capabilities >>> 16),
      Buffer.from([21]),
      Buffer.alloc(10),
      scramble.subarray(8),
      Buffer.from([0]),
      Buffer.from('mysql_native_password\0'),
    ]);
    socket.write(mysqlPacket(0, handshake));
    socket.once('data', () => {
      socket.write(mysqlPacket(2, Buffer.from([0, 0, 0, 2, 0, 0, 0])));
      resetSoon(socket);
    });
  });
}

/** A port on 127.0.0.1 that nothing listens on (connections to it are refused). */
export async function refusingPort(): Promise<FakeServer> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, LOOPBACK, resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return { port, close: () => Promise.resolve() };
}

/** A port on 127.0.0.1 that is taken (a server there listens until `close()`). */
export function takenPort(): Promise<FakeServer> {
  return fakeServer((socket) => socket.destroy());
}

/** A UDP port on 127.0.0.1 that is taken. */
export async function takenUdpPort(): Promise<FakeServer> {
  const dgram = await import('node:dgram');
  const socket = dgram.createSocket('udp4');
  socket.on('error', () => {});
  await new Promise<void>((resolve) => socket.bind(0, LOOPBACK, resolve));
  return { port: socket.address().port, close: () => new Promise<void>((resolve) => socket.close(() => resolve())) };
}
