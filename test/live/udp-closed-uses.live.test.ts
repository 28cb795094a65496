/**
 * A UDP socket its 'error' listener closes, used again from a timer (src/model/udp-closed-uses.ts):
 * a closed UDP socket throws ERR_SOCKET_DGRAM_NOT_RUNNING synchronously, and in a timer that ends
 * the process. Each case runs in a child Node process on 127.0.0.1: a second socket binds a port
 * the first holds, its bind fails (EADDRINUSE), its 'error' listener closes it, and a timer set
 * beside the bind uses it again.
 */
import { spawnSync } from 'node:child_process';

import { describe, expect, it } from 'vitest';

function discovery(timer: string): { status: number | null; stdout: string; stderr: string } {
  const source = `
const dgram = require('node:dgram');
const holder = dgram.createSocket('udp4');
holder.bind(0, '127.0.0.1', () => {
  const port = holder.address().port;
  const socket = dgram.createSocket('udp4');
  socket.on('error', (err) => { console.log('error ' + err.code); socket.close(); });
  socket.bind(port, '127.0.0.1');
  ${timer}
  setTimeout(() => { holder.close(); console.log('survived'); }, 300);
});
setTimeout(() => process.exit(3), 5000).unref();
`;
  const child = spawnSync(process.execPath, ['-e', source], { encoding: 'utf8', timeout: 10_000 });
  return { status: child.status, stdout: child.stdout, stderr: child.stderr };
}

describe("a UDP socket closed by its 'error' listener", () => {
  it("throws from close() in a timer: the process ends", () => {
    const run = discovery('setTimeout(() => socket.close(() => console.log("closed")), 100);');
    expect(run.stdout).toContain('error EADDRINUSE');
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/ERR_SOCKET_DGRAM_NOT_RUNNING/);
  });

  it('throws from send() with a callback as well: the callback does not take the error', () => {
    const run = discovery("setTimeout(() => socket.send('ping', 9, '127.0.0.1', (err) => console.log('callback ' + (err && err.code))), 100);");
    expect(run.status).toBe(1);
    expect(run.stdout).not.toContain('callback');
    expect(run.stderr).toMatch(/ERR_SOCKET_DGRAM_NOT_RUNNING/);
  });

  it('a timer cleared by the listener, or a close() in a try, lets the process live', () => {
    const cleared = discovery("const t = setTimeout(() => socket.close(), 100);\n  socket.on('close', () => clearTimeout(t));");
    expect(cleared.status).toBe(0);
    expect(cleared.stdout).toContain('survived');
    const caught = discovery('setTimeout(() => { try { socket.close(); } catch (err) { console.log("caught " + err.code); } }, 100);');
    expect(caught.status).toBe(0);
    expect(caught.stdout).toContain('caught ERR_SOCKET_DGRAM_NOT_RUNNING');
  });
});
