/**
 * Whether the class looks after a socket it keeps on an instance field (src/model/instance-fields.ts):
 * it listens for 'error' on the field, hands the field's value on, or never listens to it at all.
 */
import { describe, expect, it } from 'vitest';

import { fileNodes } from '../../src/model/file-nodes.js';
import { instanceFieldHandled } from '../../src/model/instance-fields.js';
import { probe } from '../support/probe.js';

/** `handled <field>` or `unheard <field>` for each field the snippet names in its last line, `// fields: a b`. */
function answers(code: string): string[] {
  const fields = /\/\/ fields: (.*)$/mu.exec(code)?.[1]?.split(' ') ?? [];
  return probe(code, (context, report) => ({
    'Program:exit'(program) {
      for (const name of fields) report(program, `${instanceFieldHandled(name, fileNodes(context.sourceCode).calls, context.sourceCode) ? 'handled' : 'unheard'} ${name}`);
    },
  })).map(({ message }) => message);
}

describe('instanceFieldHandled', () => {
  it("reads ws's handler properties: `onerror` listens for 'error', `onmessage`/`onopen`/`onclose` for others", () => {
    expect(
      answers(`
class Feed {
  open(url) {
    this.socket = new WebSocket(url);
    this.socket.onmessage = (event) => this.parse(event.data);
    this.socket.onclose = () => this.open(url);
    this.heard = new WebSocket(url);
    this.heard.onclose = () => this.open(url);
    this.heard.onerror = (event) => this.log(event.message);
    this.compared = new WebSocket(url);
    if (this.compared.onclose == null) this.log('no handler');
    this.other = new WebSocket(url);
    this.other.ondata = () => {};
  }
}
// fields: socket heard compared other
`),
    ).toEqual(['unheard socket', 'handled heard', 'handled compared', 'handled other']);
  });

  it('takes a field tested with `&&` for no hand-off, and a field chosen with `||` and passed on for one', () => {
    const tested = (use: string) => `
class Rio {
  connect() {
    ${use}
    this.watch = new Socket();
    this.watch.on('data', (data) => this.read(data));
  }
}
// fields: watch
`;
    expect(answers(tested('if (this.watch && this.watch.writable) return;'))).toEqual(['unheard watch']);
    expect(answers(tested('if (!this.watch || !this.watch.writable) log("reconnecting");'))).toEqual(['unheard watch']);
    expect(answers(tested('adopt(this.watch || this.spare);'))).toEqual(['handled watch']);
    expect(answers(tested('const up = this.watch && this.watch.pipe;'))).toEqual(['unheard watch']);
  });

  it("counts a field piped into as unheard: pipe() gives its destination no 'error' listener that keeps it alive", () => {
    expect(
      answers(`
function Peer(req) {
  this.stream = req.socket;
  this.stream.on('data', (chunk) => this.parse(chunk));
  this.parser.pipe(this.stream);
}
// fields: stream
`),
    ).toEqual(['unheard stream']);
  });

  it('reads a getter that only returns the field as the field: listened to through it, and no hand-off by its return', () => {
    expect(
      answers(`
class Provider {
  #socket;
  #quiet;
  get socket() { return this.#socket; }
  get quiet() { return this.#quiet; }
  get other() { log(this.#quiet); return this.#quiet; }
  constructor(path) {
    this.#socket = net.connect(path);
    this.socket.on('data', (data) => this.parse(data));
    this.#quiet = net.connect(path);
    this.quiet.on('data', (data) => this.parse(data));
  }
}
// fields: #socket #quiet
`),
    ).toEqual(['unheard #socket', 'handled #quiet']);
  });

  it('reads a method that only returns a field (a getter method) as the field: traffic and listeners through it; its return hands on only when the class never calls it', () => {
    expect(
      answers(`
function Conn() {}
Conn.prototype.getStream = function () { return this.stream; };
Conn.prototype.getHeard = function () { return this.heard; };
Conn.prototype.open = function () {
  this.stream = net.connect(1);
  this.heard = net.connect(2);
  this.getHeard().on('error', () => {});
};
Conn.prototype.getShared = function () { return this.shared; };
Conn.prototype.send = function (line) {
  this.getStream().write(line);
  this.getHeard().write(line);
  this.shared = this.shared || net.connect(3);
  this.shared.write(line);
};
// fields: stream heard shared
`),
    ).toEqual(['unheard stream', 'handled heard', 'handled shared']);
  });

  it("counts a field heard, handed to a function, or only set up (its class's users may listen) as handled, one it writes on as unheard", () => {
    expect(
      answers(`
class A {
  open() {
    this.heard = net.connect(1);
    this.heard.on('data', () => {});
    this.heard.on('error', () => this.heard.destroy());
    this.handed = net.connect(2);
    this.handed.on('data', () => {});
    track(this.handed);
    this.quiet = net.connect(3);
    this.quiet.setNoDelay(true);
    this.quiet.unref();
    this.used = net.connect(4);
    this.used.write('x');
  }
}
// fields: heard handed quiet used
`),
    ).toEqual(['handled heard', 'handled handed', 'handled quiet', 'unheard used']);
  });
});

describe('instanceFieldHandled for a database pool or client', () => {
  it('counts a field the class queries itself as used, one it neither queries nor listens to as left to its users', () => {
    const answers = probe(
      `
class Repository {
  constructor(url) {
    this.pool = new Pool({ connectionString: url });
    this.spare = new Pool({ connectionString: url });
  }
  find(id) { return this.pool.query('SELECT * FROM jobs WHERE id = $1', [id]); }
}
`,
      (context, report) => ({
        'Program:exit'(program) {
          for (const name of ['pool', 'spare']) {
            report(program, `${name} ${instanceFieldHandled(name, fileNodes(context.sourceCode).calls, context.sourceCode) ? 'handled' : 'unheard'}`);
          }
        },
      }),
    ).map(({ message }) => message);
    expect(answers).toEqual(['pool unheard', 'spare handled']);
  });

  it('follows a copy into another field of the instance: that field is heard or handed on, or the socket is not', () => {
    expect(
      answers(`
class Link {
  open(port) {
    this.pending = net.connect(port, () => {
      this.connection = this.pending;
      this.connection.on('data', (chunk) => this.parse(chunk));
    });
    this.waiting = net.connect(port, () => {
      this.live = this.waiting;
      this.live.on('data', (chunk) => this.parse(chunk));
      this.live.on('error', (err) => this.fail(err));
    });
    this.queued = net.connect(port, () => {
      this.ready = this.queued;
      this.emit('ready', this.ready);
    });
  }
}
// fields: pending waiting queued
`),
    ).toEqual(['unheard pending', 'handled waiting', 'handled queued']);
  });
});
