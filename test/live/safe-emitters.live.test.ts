/**
 * What an 'error' nobody listens for does on the emitters src/model/safe-emitters.ts knows: the
 * fact that makes `no-fatal-close-errors` leave a re-emit on such an emitter alone.
 */
import { EventEmitter as NodeEmitter } from 'node:events';

import EventEmitter3, { EventEmitter as NamedEventEmitter3 } from 'eventemitter3';
import { describe, expect, it } from 'vitest';

describe("an 'error' with no listener", () => {
  it("throws on Node's EventEmitter", () => {
    class Client extends NodeEmitter {}
    expect(() => new Client().emit('error', new Error('read ECONNRESET'))).toThrow('read ECONNRESET');
  });

  it("is dropped by eventemitter3's (emit returns false), through either export", () => {
    class Client extends NamedEventEmitter3 {}
    expect(new Client().emit('error', new Error('read ECONNRESET'))).toBe(false);
    expect(EventEmitter3).toBe(NamedEventEmitter3);
  });
});
