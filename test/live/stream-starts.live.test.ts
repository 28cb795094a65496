/**
 * Web streams run `start(controller)` inside their constructor: a socket's listeners added there
 * are on before the code that made the stream goes on, the fact behind `runsRightAway` in
 * src/model/listener-state.ts (require-error-listener's `lateListener`).
 */
import net from 'node:net';

import { describe, expect, it } from 'vitest';

import { closedPort, LOOPBACK, within } from '../support/loopback.js';

describe("a web stream's start()", () => {
  it('runs before each constructor returns', () => {
    const order: string[] = [];
    new ReadableStream({ start: () => void order.push('readable') });
    order.push('constructed');
    new WritableStream({ start: () => void order.push('writable') });
    order.push('constructed');
    new TransformStream({ start: () => void order.push('transform') });
    order.push('constructed');
    expect(order).toEqual(['readable', 'constructed', 'writable', 'constructed', 'transform', 'constructed']);
  });

  it("gives a refused connect's error to the listener added there", async () => {
    const socket = net.connect(await closedPort(), LOOPBACK);
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        socket.on('data', (chunk: Buffer) => controller.enqueue(chunk));
        socket.on('error', (err) => controller.error(err));
      },
    });
    const failure = (await within(
      stream.getReader().read().then(
        () => undefined,
        (err: unknown) => err,
      ),
      'the read to fail',
    )) as NodeJS.ErrnoException | undefined;
    expect(failure?.code).toBe('ECONNREFUSED');
    expect(socket.destroyed).toBe(true);
  });
});
