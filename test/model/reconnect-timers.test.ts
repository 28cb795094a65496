/**
 * Close methods that leave a reconnect timer scheduled (src/model/reconnect-timers.ts): each
 * snippet lists `line method field reconnect` for every one the model finds.
 */
import { describe, expect, it } from 'vitest';

import { keptReconnects } from '../../src/model/reconnect-timers.js';
import { probe } from '../support/probe.js';

function kept(code: string): string[] {
  return probe(code, (context, report) => ({
    'Program:exit'() {
      const isSocket = (value: { type: string }) => value.type === 'NewExpression';
      for (const { close, field, reconnect } of keptReconnects(context.sourceCode, isSocket)) report(close, `${context.sourceCode.getText(close.key)} ${field} ${reconnect}`);
    },
  })).map(({ line, message }) => `${line} ${message}`);
}

describe('keptReconnects', () => {
  it('finds a close method that never names the timer, through the methods it calls', () => {
    expect(
      kept(`
class Feed {
  open() { this.ws = new Socket(); this.ws.on('close', () => { this.timer = setTimeout(() => this.open(), 10); }); }
  stop() { this.ws.close(); }
}
class Careful {
  open() { this.ws = new Socket(); this.ws.on('close', () => { this.timer = setTimeout(() => this.open(), 10); }); }
  stop() { this.cancel(); this.ws.close(); }
  cancel() { clearTimeout(this.timer); }
}
class Flagged {
  open() { this.ws = new Socket(); this.ws.on('close', () => { this.timer = setTimeout(() => { if (!this.stopped) this.open(); }, 10); }); }
  stop() { this.stopped = true; this.ws.close(); }
}
class NoSocket {
  open() { this.state = 'open'; this.timer = setTimeout(() => this.open(), 10); }
  stop() { this.state = 'stopped'; }
}
`),
    ).toEqual(['4 stop timer open']);
  });
});

describe('keptReconnects of a class with a teardown of its own', () => {
  it('leaves close methods that a method clearing the timer runs, and keeps them when it closes the socket itself', () => {
    expect(
      kept(`
class Stepped {
  open() { this.ws = new Socket(); this.ws.on('close', () => { this.timer = setTimeout(() => this.open(), 10); }); }
  terminate() { this.ws.terminate(); }
  close() { this.ws.close(); }
  killAll() { this.terminate(); clearTimeout(this.timer); }
}
class Direct {
  open() { this.ws = new Socket(); this.ws.on('close', () => { this.timer = setTimeout(() => this.open(), 10); }); }
  terminate() { this.ws.terminate(); }
  killAll() { this.ws.terminate(); clearTimeout(this.timer); }
}
`),
    ).toEqual(['10 terminate timer open']);
  });
});

describe('keptReconnects of a retry whose handle is dropped', () => {
  function dropped(code: string): string[] {
    return probe(code, (context, report) => ({
      'Program:exit'() {
        const isSocket = (value: { type: string }) => value.type === 'NewExpression';
        for (const { close, field, timer, reconnect } of keptReconnects(context.sourceCode, isSocket)) {
          if (field === undefined) report(timer, `${context.sourceCode.getText(close.key)} ${reconnect}`);
        }
      },
    })).map(({ line, message }) => `${line} ${message}`);
  }

  it('finds one nothing tests, also awaited in a try; leaves one that tests what the close method sets', () => {
    expect(
      dropped(`
class Plain {
  open() { this.ws = new Socket(); }
  retry() { setTimeout(() => this.open(), 10); }
  stop() { this.ws.close(); }
}
class Async {
  async open() { this.ws = new Socket(); }
  retry() {
    setTimeout(async () => {
      try {
        await this.open();
      } catch (err) {
        console.warn(err);
      }
    }, 10);
  }
  disconnect() { this.ws.close(); }
}
class Flagged {
  open() { if (this.stopped) return; this.ws = new Socket(); }
  retry() { setTimeout(() => this.open(), 10); }
  stop() { this.stopped = true; this.ws.close(); }
}
class Kept {
  open() { this.ws = new Socket(); }
  retry() { this.timer = setTimeout(() => this.open(), 10); }
  stop() { clearTimeout(this.timer); this.ws.close(); }
}
`),
    ).toEqual(['4 stop open', '10 disconnect open']);
  });

  it("does not count the reconnect method's test of its own socket field when the close only empties it", () => {
    expect(
      dropped(`
class Emptied {
  open() { if (this.ws && this.ws.readyState !== 3) return; this.ws = new Socket(); }
  retry() { setTimeout(() => this.open(), 10); }
  stop() { this.ws.close(); this.ws = undefined; }
}
class Replaced {
  open() { if (this.ws && this.ws.readyState !== 3) return; this.ws = new Socket(); }
  retry() { setTimeout(() => this.open(), 10); }
  stop() { this.ws.close(); this.ws = CLOSED; }
}
class Tested {
  open() { this.ws = new Socket(); }
  retry() { setTimeout(() => { if (this.ws) this.open(); }, 10); }
  stop() { this.ws.close(); this.ws = null; }
}
`),
    ).toEqual(['4 stop open']);
  });
});
