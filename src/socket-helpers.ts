/**
 * Three small helpers for the conventions in `docs/conventions.md`, exported from
 * `eslint-plugin-socket-errors/codes`. Like the rest of that module they have no runtime
 * dependencies, and they are typed structurally, so they accept a `net.Socket`, a `tls.TLSSocket`,
 * the `stream.Duplex` an HTTP server hands to `'upgrade'`/`'connect'`, or any duplex stream.
 *
 * The socket facts behind them (Node 20, measured on 127.0.0.1): after a peer reset Node emits
 * `'error'` then `'close'`, never `'end'`; `end(cb)` after `destroy()` never calls `cb`. `'close'`
 * is the one event that always comes, so that is what these helpers wait for.
 */
import { isBenignCloseError } from './codes.js';

/**
 * What the helpers need of a socket: the events of a stream, `end` and `destroy`.
 * `net.Socket`, `tls.TLSSocket` and `stream.Duplex` all fit.
 */
export interface ClosableStream {
  /** `destroy()` was called, or Node destroyed the stream after an error. */
  readonly destroyed: boolean;
  /** `'close'` was emitted (Node 18+ streams). */
  readonly closed?: boolean;
  end(): unknown;
  destroy(error?: Error): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  once(event: 'close', listener: () => void): unknown;
  removeListener(event: 'close' | 'error', listener: (...args: never[]) => void): unknown;
}

/**
 * Runs `cleanup` exactly once, when `socket` closes, whatever closed it: a clean end, a peer
 * reset, a timeout, `destroy()`. When the socket has already closed, `cleanup` runs in a microtask.
 * Returns a function that cancels the cleanup (for a socket handed to another owner).
 */
export function onSocketClose(socket: ClosableStream, cleanup: () => void): () => void {
  let pending = true;
  const run = (): void => {
    if (!pending) return;
    pending = false;
    socket.removeListener('close', run);
    cleanup();
  };
  if (socket.closed === true) queueMicrotask(run);
  else socket.once('close', run);
  return () => {
    pending = false;
    socket.removeListener('close', run);
  };
}

export interface EndGracefullyOptions {
  /**
   * How long the peer has to finish its side after our `end()`; then the socket is destroyed.
   * A peer that never reads or never closes would otherwise hold the socket forever.
   */
  readonly timeoutMs: number;
}

/**
 * Ends `socket` (sends FIN), waits for its `'close'`, and destroys it when the peer has not finished
 * within `timeoutMs`. Resolves once the socket has closed: after a clean close, after the timeout,
 * and after a routine teardown error (ECONNRESET, EPIPE, ENOTCONN... any code for which
 * `isBenignCloseError` is true). Rejects only with any other error, and only once the socket has
 * closed. Safe to call on a socket that is already ended, destroyed or closed, and more than once.
 */
export function endGracefully(socket: ClosableStream, { timeoutMs }: EndGracefullyOptions): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let failure: Error | undefined;
    const onError = (error: Error): void => {
      // The first error is the one that closed the socket; later ones are echoes of the teardown.
      if (failure === undefined && !isBenignCloseError(error)) failure = error;
    };
    const onClose = (): void => {
      clearTimeout(timer);
      socket.removeListener('error', onError);
      if (failure === undefined) resolve();
      else reject(failure);
    };
    // Listen before ending: an error during the shutdown must not become an unhandled 'error'.
    socket.on('error', onError);
    const timer = setTimeout(() => socket.destroy(), timeoutMs);
    if (socket.closed === true) {
      onClose();
      return;
    }
    socket.once('close', onClose);
    // end() on a destroyed socket never finishes (and its callback never runs): just wait for 'close'.
    if (!socket.destroyed) socket.end();
  });
}

/**
 * Wraps an `'error'` listener so that routine teardown errors (ECONNRESET, EPIPE, ENOTCONN... any
 * code for which `isBenignCloseError` is true) never reach it; every other error does.
 * `socket.on('error', ignoreBenignClose((err) => log.error(err)))`.
 * The socket is destroyed either way (Node destroys it before `'error'`): release what it holds
 * in `'close'`, not here.
 */
export function ignoreBenignClose<E extends Error>(handler: (error: E) => void): (error: E) => void {
  return (error) => {
    if (!isBenignCloseError(error)) handler(error);
  };
}
