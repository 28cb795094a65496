/**
 * A process's stdout whose reader goes away: the next write fails with EPIPE and no other code of
 * ours, through an OS pipe (`| head`) and through the socketpair a parent Node gives its child.
 * The fact behind src/model/endpoints.ts's standard streams (exhaustive-error-codes).
 */
import { spawn } from 'node:child_process';

import { describe, expect, it } from 'vitest';

import { run, within } from '../support/loopback.js';

/** Writes to stdout until a write fails, then prints the error's code on stderr and exits. */
const WRITER = `
process.stdout.on('error', (err) => { process.stderr.write('code=' + err.code + '\\n'); process.exit(0); });
const line = 'x'.repeat(1024) + '\\n';
const tick = () => { process.stdout.write(line); setImmediate(tick); };
tick();
setTimeout(() => { process.stderr.write('code=none\\n'); process.exit(0); }, 5000);
`;

describe("a process's stdout when its reader goes away", () => {
  it.skipIf(process.platform === 'win32')('fails with EPIPE through an OS pipe', async () => {
    const { stderr } = await run('sh', ['-c', `"$0" -e "$1" | head -c 1 > /dev/null`, process.execPath, WRITER], 'the pipeline');
    expect(stderr.trim()).toBe('code=EPIPE');
  });

  it("fails with EPIPE through a parent Node's socketpair", async () => {
    const child = spawn(process.execPath, ['-e', WRITER], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    try {
      await within(new Promise((resolve) => child.stdout.once('data', resolve)), 'the first line');
      child.stdout.destroy();
      await within(new Promise((resolve) => child.once('close', resolve)), 'the child to exit', 10_000);
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill();
    }
    expect(stderr.trim()).toBe('code=EPIPE');
  });
});
