/**
 * Keys that name the same object through a plain copy (src/model/key-aliases.ts), and the walk the
 * resource model reads the file with (src/model/resource-walk.ts).
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';

import { referenceKey } from '../../src/dead-socket.js';
import { keyAliases } from '../../src/model/key-aliases.js';
import { resourceNodes } from '../../src/model/resource-walk.js';
import { probe } from '../support/probe.js';

type SourceCode = Readonly<TSESLint.SourceCode>;

/** The reference key of each `const`/`let` of the file, by name. */
function keysByName(sourceCode: SourceCode): Map<string, string> {
  const keys = new Map<string, string>();
  for (const node of resourceNodes(sourceCode).nodes) {
    if (node.type !== AST_NODE_TYPES.VariableDeclarator || node.id.type !== AST_NODE_TYPES.Identifier) continue;
    const key = referenceKey(node.id, sourceCode);
    if (key !== undefined) keys.set(node.id.name, key);
  }
  return keys;
}

function answers(code: string, ask: (sourceCode: SourceCode) => string[]): string[] {
  return probe(code, (context, report) => ({
    'Program:exit'(program) {
      for (const answer of ask(context.sourceCode)) report(program, answer);
    },
  })).map(({ message }) => message);
}

describe('keyAliases', () => {
  it('joins the names a plain copy gives one object, and nothing else', () => {
    expect(
      answers(
        `
import net from 'node:net';
const socket = net.connect(7000);
const conn = socket;
let other;
other = conn;
const wrapped = wrap(socket);
`,
        (sourceCode) => {
          const keys = keysByName(sourceCode);
          const aliases = keyAliases(sourceCode);
          const same = (a: string, b: string): string => `${a}=${b} ${aliases.same(keys.get(a)!, keys.get(b)!)}`;
          return [same('socket', 'conn'), same('socket', 'other'), same('socket', 'wrapped')];
        },
      ),
    ).toEqual(['socket=conn true', 'socket=other true', 'socket=wrapped false']);
  });

  it('joins the two names one chained assignment gives a value', () => {
    expect(
      answers(
        `
import net from 'node:net';
let kept;
const socket = kept = net.connect(7000);
let spare;
const other = spare = net.connect(7001);
`,
        (sourceCode) => {
          const keys = keysByName(sourceCode);
          const declared = (name: string): string => referenceKey(sourceCode.ast.body.flatMap((statement) => (statement.type === AST_NODE_TYPES.VariableDeclaration ? statement.declarations : [])).find((d) => d.id.type === AST_NODE_TYPES.Identifier && d.id.name === name)!.id, sourceCode)!;
          const aliases = keyAliases(sourceCode);
          return [`socket=kept ${aliases.same(keys.get('socket')!, declared('kept'))}`, `socket=spare ${aliases.same(keys.get('socket')!, declared('spare'))}`];
        },
      ),
    ).toEqual(['socket=kept true', 'socket=spare false']);
  });

  it("joins a bound method's parameter with what every call of it gives it, and leaves methods never bound", () => {
    const code = `
import net from 'node:net';
class Hub {
  start() {
    const socket = net.connect(7000);
    socket.once('data', this.welcome.bind(this, socket));
    this.watch(socket);
    const other = net.connect(7001);
    this.count(socket);
    this.count(other);
  }
  welcome(peer, first) {}
  watch(target) {}
  count(conn) {}
}
`;
    expect(
      answers(code, (sourceCode) => {
        const aliases = keyAliases(sourceCode);
        const keys = keysByName(sourceCode);
        const params = new Map<string, string>();
        const hub = sourceCode.ast.body.find((statement) => statement.type === AST_NODE_TYPES.ClassDeclaration)!;
        for (const member of hub.body.body) {
          if (member.type !== AST_NODE_TYPES.MethodDefinition) continue;
          for (const param of member.value.params) if (param.type === AST_NODE_TYPES.Identifier) params.set(param.name, referenceKey(param, sourceCode)!);
        }
        return ['peer', 'target', 'conn'].map((name) => `${name}=socket ${aliases.same(params.get(name)!, keys.get('socket')!)}`);
      }),
    ).toEqual(['peer=socket true', 'target=socket false', 'conn=socket false']);
  });

  it("joins a constructor's parameter with what every `new` of its class gives it", () => {
    const code = `
import net from 'node:net';
class Framed {
  constructor(private link: net.Socket) {}
  static make(port: number): Framed { const socket = net.connect(port); return new Framed(socket); }
}
class Twice {
  constructor(conn: net.Socket) { conn.on('data', () => {}); }
}
export function open(port: number, typed: (f: Framed) => void): void {
  const first = net.connect(port);
  new Twice(first);
  new Twice(net.connect(port + 1));
  if (typed instanceof Framed) typed(Framed.make(port));
}
`;
    expect(
      answers(code, (sourceCode) => {
        const aliases = keyAliases(sourceCode);
        const keys = keysByName(sourceCode);
        const made: TSESTree.MethodDefinition[] = [];
        for (const statement of sourceCode.ast.body) {
          if (statement.type !== AST_NODE_TYPES.ClassDeclaration) continue;
          for (const member of statement.body.body) if (member.type === AST_NODE_TYPES.MethodDefinition && member.kind === 'constructor') made.push(member);
        }
        const param = (index: number): string => {
          const first = made[index]!.value.params[0]!;
          return referenceKey(first.type === AST_NODE_TYPES.TSParameterProperty ? first.parameter : first, sourceCode)!;
        };
        return [`link=socket ${aliases.same(param(0), keys.get('socket')!)}`, `conn=first ${aliases.same(param(1), keys.get('first')!)}`];
      }),
    ).toEqual(['link=socket true', 'conn=first false']);
  });

  it('does not join two names through a global they were both given', () => {
    expect(
      answers(
        `
import net from 'node:net';
let socket = net.connect(7000);
let failure = new Error('x');
socket = undefined;
failure = undefined;
`,
        (sourceCode) => {
          const keys = keysByName(sourceCode);
          return [`socket=failure ${keyAliases(sourceCode).same(keys.get('socket')!, keys.get('failure')!)}`];
        },
      ),
    ).toEqual(['socket=failure false']);
  });
});

describe('resourceNodes', () => {
  it('lists the nodes in the order the linter visits them, and the calls made directly in each function', () => {
    expect(
      answers(
        `
const clients = new Set();
function close(socket) {
  clients.delete(socket);
  socket.on('close', () => log(socket));
}
delete registry[id];
`,
        (sourceCode) => {
          const walk = resourceNodes(sourceCode);
          const order = walk.nodes.map((node) => `${node.type}@${node.loc.start.line}`).join(' ');
          const calls = [...walk.callsIn].map(([fn, calls]) => `${fn.loc.start.line}: ${calls.map((call) => call.loc.start.column).join(',')}`);
          return [order, ...calls];
        },
      ),
    ).toEqual([
      'VariableDeclarator@2 CallExpression@4 CallExpression@5 CallExpression@5 UnaryExpression@7',
      '3: 2,2',
      '5: 27',
    ]);
  });
});

describe('keyAliases of constructor parameter properties', () => {
  it('joins `this.session` with the parameter `private session`', () => {
    expect(
      answers(
        `
import http2 from 'node:http2';
class Transport {
  constructor(private session: http2.ClientHttp2Session, other: number) {
    session.once('close', () => this.stop());
  }
  stop() { this.session.destroy(); }
}
`,
        (sourceCode) => {
          const aliases = keyAliases(sourceCode);
          const program = sourceCode.ast;
          const ctor = (program.body[1] as TSESTree.ClassDeclaration).body.body[0] as TSESTree.MethodDefinition;
          const [session, other] = ctor.value.params;
          const classStart = program.body[1]!.range[0];
          const sessionKey = referenceKey((session as TSESTree.TSParameterProperty).parameter, sourceCode)!;
          const otherKey = referenceKey(other!, sourceCode)!;
          return [`session ${aliases.same(`this@${classStart}.session`, sessionKey)}`, `other ${aliases.same(`this@${classStart}.other`, otherKey)}`];
        },
      ),
    ).toEqual(['session true', 'other false']);
  });
});

describe('keyAliases through a helper that returns its parameter', () => {
  /** Whether the key of `target` (a declarator's name) names the same object as the helper's parameter `socket`. */
  const joined = (code: string): string[] =>
    answers(code, (sourceCode) => {
      const keys = keysByName(sourceCode);
      const aliases = keyAliases(sourceCode);
      const param = [...resourceNodes(sourceCode).nodes]
        .flatMap((node) => (node.type === AST_NODE_TYPES.CallExpression && node.arguments[0]?.type === AST_NODE_TYPES.Literal ? [node] : []))
        .map((call) => (call.callee as TSESTree.MemberExpression).object)[0]!;
      return [...keys].filter(([name]) => name.startsWith('held')).map(([name, key]) => `${name} ${aliases.same(key, referenceKey(param, sourceCode)!)}`);
    });

  it('joins what its result is kept in with the parameter it listens on, a fallback made first included', () => {
    expect(
      joined(`
import net from 'node:net';
function setUp(socket) {
  if (!socket) socket = new net.Socket();
  socket.on('close', onClose);
  return socket;
}
const held = setUp(null);
`),
    ).toEqual(['held true']);
  });

  it('joins nothing when results go to two names, or when the helper may return something else', () => {
    expect(
      joined(`
import net from 'node:net';
function setUp(socket) {
  socket.on('close', onClose);
  return socket;
}
const heldA = setUp(net.connect(1));
const heldB = setUp(net.connect(2));
`),
    ).toEqual(['heldA false', 'heldB false']);
    expect(
      joined(`
import net from 'node:net';
function setUp(socket, spare) {
  socket.on('close', onClose);
  if (spare) return spare;
  return socket;
}
const held = setUp(net.connect(1), null);
`),
    ).toEqual(['held false']);
  });
  it("joins a helper's parameter with the object every call passes it, and no other", () => {
    expect(
      answers(
        `
import net from 'node:net';
function watch(conn) { conn.setTimeout(1000); }
function log(peer) { console.log(peer.remoteAddress); }
export function open() {
  const socket = net.connect(7000);
  const other = net.connect(7001);
  watch(socket);
  log(socket);
  log(other);
}
`,
        (sourceCode) => {
          const keys = keysByName(sourceCode);
          const params = new Map<string, string>();
          for (const node of sourceCode.ast.body) {
            if (node.type !== AST_NODE_TYPES.FunctionDeclaration) continue;
            for (const param of node.params) if (param.type === AST_NODE_TYPES.Identifier) params.set(param.name, referenceKey(param, sourceCode)!);
          }
          const aliases = keyAliases(sourceCode);
          return [`conn=socket ${aliases.same(params.get('conn')!, keys.get('socket')!)}`, `peer=socket ${aliases.same(params.get('peer')!, keys.get('socket')!)}`];
        },
      ),
    ).toEqual(['conn=socket true', 'peer=socket false']);
  });
});
