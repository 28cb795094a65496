/**
 * Registrations judged against the file's releases (src/model/kept-registrations.ts): which sockets
 * and wrappers of sockets stay in a collection after they close, and how.
 */
import { describe, expect, it } from 'vitest';

import { keptRegistrations } from '../../src/model/kept-registrations.js';
import { createSocketDetector } from '../../src/socket.js';
import { probe } from '../support/probe.js';

/** One line per kept registration: its line, its kind and what the kind adds. */
function kept(code: string): string[] {
  return probe(code, (context, report) => ({
    'Program:exit'(program) {
      const sockets = createSocketDetector(context, {});
      const found = keptRegistrations(context, (node) => sockets.match(node)).map((entry) => {
        if (entry.kind === 'onEnd') return `${entry.ends[0]!.release.node.loc.start.line} onEnd`;
        const line = entry.registration.node.loc.start.line;
        if (entry.kind === 'socket') return `${line} socket ${entry.form}${entry.quietDestroy ? ` destroy@${entry.quietDestroy.loc.start.line}` : ''}`;
        return `${line} wrapper${entry.leavesOn ? ` on ${entry.leavesOn.event}` : ''}`;
      });
      report(program, found.join(', ') || 'none');
    },
  })).map(({ message }) => message);
}

/** A server keeping its connections in `store` (declared as `init`), with `listeners` on each. */
const server = (init: string, add: string, listeners: string): string => `
import net from 'node:net';
const store = ${init};
net.createServer((sock) => {
  ${add};
  ${listeners}
});
`;

describe('keptRegistrations', () => {
  it("finds a socket nothing takes out, and one taken out on 'end' only", () => {
    expect(kept(server('new Set()', 'store.add(sock)', "sock.on('error', () => {});"))).toEqual(['5 socket set']);
    expect(kept(server('new Set()', 'store.add(sock)', "sock.on('end', () => store.delete(sock));"))).toEqual(['6 onEnd']);
  });

  it("names the file's own destroy() when the removal runs on 'error' and 'end' only", () => {
    const code = server('new Map()', 'store.set(sock, Date.now())', "sock.on('error', () => store.delete(sock));\n  sock.on('end', () => store.delete(sock));\n  setTimeout(() => sock.destroy(), 1000);");
    expect(kept(code)).toEqual(['5 socket map destroy@8']);
  });

  it("leaves a socket taken out on 'close', and collections that do not take values that way", () => {
    expect(kept(server('new Set()', 'store.add(sock)', "sock.on('close', () => store.delete(sock));"))).toEqual(['none']);
    expect(kept(server('new WeakSet()', 'store.add(sock)', ''))).toEqual(['none']);
    expect(kept(server('[]', 'store.add(sock)', ''))).toEqual(['none']);
    expect(kept(server('[]', 'store.push(sock)', ''))).toEqual(['5 socket array']);
    // A collection of another module: push is how an array takes values; add and set may be a weak one's.
    expect(kept(server("require('./state').list", 'store.push(sock)', ''))).toEqual(['5 socket array']);
    expect(kept(server("require('./state').seen", 'store.add(sock)', ''))).toEqual(['none']);
  });

  it('finds a socket made into table[id] of a table the file never shows being made, unless its close deletes the entry', () => {
    const relay = (value: string, listeners: string) => `
import net from 'node:net';
import { upstreams } from './state';
export function relay(ws) {
  const id = Date.now();
  upstreams[id] = ${value};
  upstreams[id].on('error', () => ws.close());
  ${listeners}
}
`;
    expect(kept(relay("net.connect(80, 'example.org')", "ws.on('close', () => upstreams[id].end());"))).toEqual(['6 socket object']);
    expect(kept(relay("net.connect(80, 'example.org')", "upstreams[id].on('close', () => { delete upstreams[id]; });"))).toEqual(['none']);
    // A value the file did not make there is not known to be a socket kept by id.
    expect(kept(relay('ws', "ws.on('close', () => upstreams[id].end());"))).toEqual(['none']);
  });

  it('leaves a table of responses that the reply ends and deletes, not one the reply only deletes', () => {
    const pings = (answer: string) => `
import http from 'node:http';
const waiting = {};
let n = 0;
http.createServer((req, res) => { waiting[++n] = res; ask(n); });
export function onReply(id, body) {
  const res = waiting[id];
  ${answer}
  delete waiting[id];
}
`;
    expect(kept(pings('res.end(body);'))).toEqual(['none']);
    expect(kept(pings('console.log(res.statusCode);'))).toEqual(['5 socket object']);
  });

  it('finds a wrapper of the socket nothing takes out, or taken out only on an event of its own', () => {
    const wrapper = (listeners: string) => `
import net from 'node:net';
import { Peer } from './peer';
const peers = new Set();
net.createServer((sock) => {
  const peer = new Peer(sock);
  peers.add(peer);
  ${listeners}
});
`;
    expect(kept(wrapper(''))).toEqual(['7 wrapper']);
    expect(kept(wrapper("peer.on('kicked', () => peers.delete(peer));"))).toEqual(['7 wrapper on kicked']);
    expect(kept(wrapper("peer.on('close', () => peers.delete(peer));"))).toEqual(['none']);
  });
});

describe('keptRegistrations of a socket an instance keeps for life', () => {
  /** A client listing its one socket in `links`; `connect` reconnects it, `destroy` is what leaves the list. */
  const client = (connect: string, destroy: string): string => `
import net from 'node:net';
const links = [];
export class Link {
  constructor(port) {
    this.port = port;
    this.socket = new net.Socket();
    this.socket.on('error', () => setTimeout(() => this.connect(), 1000));
    links.push(this.socket);
  }
  connect() { ${connect} }
  destroy() { ${destroy} this.socket.destroy(); }
}
`;
  const leaves = 'links.splice(links.indexOf(this.socket), 1);';

  it('leaves one connected again in place and taken out by another method; not one replaced, nor one never taken out', () => {
    expect(kept(client('this.socket.connect(this.port);', leaves))).toEqual(['none']);
    expect(kept(client('this.socket = net.connect(this.port);', leaves))).toEqual(['9 socket array']);
    expect(kept(client('this.socket.connect(this.port);', ''))).toEqual(['9 socket array']);
  });
});
