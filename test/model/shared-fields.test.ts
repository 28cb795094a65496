/**
 * A socket each connection's run keeps on a field of the instance that serves them all
 * (src/model/shared-fields.ts): each snippet lists the line of every such assignment, with its field.
 */
import { describe, expect, it } from 'vitest';

import { sharedConnectionFields } from '../../src/model/shared-fields.js';
import { createSocketDetector } from '../../src/socket.js';
import { probe } from '../support/probe.js';

function shared(code: string): string[] {
  return probe(code, (context, report) => ({
    'Program:exit'() {
      const sockets = createSocketDetector(context, {});
      for (const { assignment, field } of sharedConnectionFields(context.sourceCode, (made) => sockets.createdBy(made) !== undefined)) report(assignment, field);
    },
  })).map(({ line, message }) => `${line}: ${message}`);
}

const relay = (serve: string, register = "server.on('connection', (conn) => this.serve(conn));"): string => `
import net from 'node:net';
class Relay {
  constructor(server) {
    const self = this;
    ${register}
  }
  serve(conn) {
${serve}
  }
}
`;

describe('sharedConnectionFields', () => {
  it("finds the field a method every 'connection' runs fills with a socket its connection's listeners use", () => {
    const serve = "    this.upstream = net.connect(6000);\n    conn.on('data', (chunk) => this.upstream.write(chunk));";
    expect(shared(relay(serve))).toEqual(['9: upstream']);
    // Through `self = this`, with the method given more arguments, once however many listeners call it.
    expect(shared(relay(serve, "server.on('connection', (conn, req) => self.serve(conn, req));\n    other.on('connection', (conn) => self.serve(conn));"))).toEqual(['10: upstream']);
  });

  it('leaves a field the listeners never use, a value that is no socket made there, and a method not given the connection', () => {
    expect(shared(relay("    this.upstream = net.connect(6000);\n    conn.on('data', (chunk) => console.log(chunk.length));"))).toEqual([]);
    expect(shared(relay("    this.upstream = pool.take();\n    conn.on('data', (chunk) => this.upstream.write(chunk));"))).toEqual([]);
    expect(shared(relay("    this.upstream = net.connect(6000);\n    conn.on('data', (chunk) => this.upstream.write(chunk));", "server.on('connection', () => this.serve(defaultConn));"))).toEqual([]);
  });
});
