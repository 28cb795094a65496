/**
 * With types, the socket detector answers some values without the type checker (src/socket.ts):
 * `new Map()` and plain classes of the file (`isPlainConstruction`), and constants or parameters
 * declared with a type that is plainly no socket (`isPlainlyDeclared`: `const next: Rec`,
 * `(message: string)`). These shortcuts must change no answer. Here one typed program holds every
 * rule test case and docs example, a generated server code base (the benchmark's generator) and
 * files written to trip the shortcuts (declaration merging across files, narrowing by `instanceof`,
 * type guards and assertion functions, type parameters); a probe compares, for every expression
 * and parameter, the detector's answer with the shortcuts and without them.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { AST_NODE_TYPES, ESLintUtils, type TSESTree } from '@typescript-eslint/utils';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { beforeAll, describe, expect, it } from 'vitest';

import { generateCorpus } from '../bench/generate.mjs';
import { createSocketDetector, defaultSocketOptions, type SocketMatch, type SocketOptions } from '../src/socket.js';
import { SOURCE_FILES } from './support/lint.js';
import { casePrograms, docPrograms } from './support/programs.js';
import { makeTypedProject, removeStaleTypedProjects } from './support/typed-project.js';

const describeMatch = (found: SocketMatch | undefined): string => (found ? `${found.kind} by ${found.via}` : 'none');

const probe = ESLintUtils.RuleCreator.withoutDocs<[SocketOptions], 'differs' | 'registered'>({
  meta: {
    type: 'problem',
    messages: {
      differs: '{{text}}: {{fast}} with the shortcuts, {{full}} without',
      registered: '{{text}} is {{found}}{{how}}',
    },
    schema: [{ type: 'object', additionalProperties: true }],
  },
  defaultOptions: [defaultSocketOptions],
  create(context, [options]) {
    const fast = createSocketDetector(context, options);
    const full = createSocketDetector(context, options, { typeShortcuts: false });
    // Counts the type checker's answers, to show which values the shortcuts answer without it.
    let typeQuestions = 0;
    const services = context.sourceCode.parserServices;
    if (services?.program && services.getTypeAtLocation) {
      const getTypeAtLocation = services.getTypeAtLocation.bind(services);
      services.getTypeAtLocation = (node) => {
        typeQuestions += 1;
        return getTypeAtLocation(node);
      };
    }
    const compare = (node: TSESTree.Node, fastMatch = fast.match(node), fullMatch = full.match(node)): void => {
      if (describeMatch(fastMatch) !== describeMatch(fullMatch)) {
        context.report({
          node,
          messageId: 'differs',
          data: { text: context.sourceCode.getText(node).slice(0, 60), fast: describeMatch(fastMatch), full: describeMatch(fullMatch) },
        });
      }
    };
    return {
      MemberExpression: (node) => compare(node),
      CallExpression(node) {
        compare(node);
        // What the files below test: each `registry.add(value)` says what the detector makes of the value.
        const [value] = node.arguments;
        const callee = node.callee;
        if (
          value &&
          callee.type === AST_NODE_TYPES.MemberExpression &&
          callee.object.type === AST_NODE_TYPES.Identifier &&
          callee.object.name === 'registry'
        ) {
          const before = typeQuestions;
          const found = describeMatch(fast.match(value));
          const how = typeQuestions === before ? ' (no type question)' : '';
          context.report({ node: value, messageId: 'registered', data: { text: context.sourceCode.getText(value), found, how } });
        }
      },
      NewExpression: (node) => compare(node),
      ':function'(fn: TSESTree.FunctionLike) {
        const fastParams = fast.socketParams(fn);
        const fullParams = full.socketParams(fn);
        for (const param of fn.params) compare(param, fastParams.get(param), fullParams.get(param));
      },
      'Program:exit'() {
        for (const scope of context.sourceCode.scopeManager?.scopes ?? []) {
          for (const ref of scope.references) if (ref.isRead()) compare(ref.identifier);
        }
      },
    };
  },
});

/** Files that would fool a shortcut that read only this file's syntax. */
const TRICKY: Record<string, string> = {
  'records.ts': `export interface Rec { id: string }
export interface Augmented { id: string }
export function makeRec(): Rec { return { id: 'a' }; }
`,
  // A module augmentation in another file makes an exported interface a socket.
  'augment.ts': `import type { Socket } from 'node:net';
declare module './records.js' {
  interface Augmented extends Socket {}
}
declare module './user.js' {
  interface Pool extends Socket {}
}
declare global {
  interface GlobalConnection extends Socket {}
}
declare module './stores.js' {
  interface Exported { put(record: Socket): void }
}
export {};
`,
  // A script: its interface is global and merges with the one declared in augment.ts.
  'script.ts': `interface GlobalConnection { id: string }
const registry = new Set<unknown>();
function keepGlobal(connection: GlobalConnection) { registry.add(connection); }
`,
  'user.ts': `import net from 'node:net';
import type { Socket } from 'node:net';
import { type Augmented, type Rec, makeRec } from './records.js';

declare function isSocket(value: unknown): value is Socket;
declare function assertSocket(value: unknown): asserts value is Socket;
const registry = new Set<unknown>();

export function plain(rec: Rec, label: string, size: number) { registry.add(rec); registry.add(label); registry.add(size); }
export function constant() { const rec: Rec = makeRec(); registry.add(rec); return rec; }
export function augmented(value: Augmented) { registry.add(value); }
export function byInstanceof(rec: Rec) { if (rec instanceof net.Socket) registry.add(rec); }
export function byGuard(rec: Rec) { if (isSocket(rec)) registry.add(rec); }
export function byAliasedGuard(rec: Rec) { const ok = isSocket(rec); if (ok) registry.add(rec); }
export function byAssertion(rec: Rec) { assertSocket(rec); registry.add(rec); }
export function generic<T extends Socket>(value: T) { registry.add(value); }
type MaybeSocket = Socket | undefined;
export function aliased(value: MaybeSocket) { registry.add(value); }
interface Base extends Socket {}
interface Derived extends Base {}
export function derived(value: Derived) { registry.add(value); }
interface Twice { id: string }
interface Twice extends Socket {}
export function merged(value: Twice) { registry.add(value); }
export class Connection extends net.Socket {}
export function subclass(value: Connection) { registry.add(value); }
export class Pool {}
class Plain {}
export function constructed() { registry.add(new Pool()); registry.add(new Plain()); registry.add(new Map()); }
`,
  // Parameters typed by the place of their function: an object literal of an annotated type.
  'stores.ts': `import type { Socket } from 'node:net';
import type { Augmented, Rec } from './records.js';

declare function isSocket(value: unknown): value is Socket;
const registry = new Set<unknown>();
interface Store { put(record: Rec): void; keep: (record: Rec, extra: Socket) => void }
interface SocketStore { put(record: Socket): void }
interface Merged { put(record: Rec): void }
interface Merged { put(record: Socket): void }
export interface Exported { put(record: Rec): void }
interface WithThis { put(this: Rec, record: Socket): void }
interface Rest { put(...records: Socket[]): void }
interface Generic { put<T>(record: T): void }
interface OfAugmented { put(record: Augmented): void }
interface Extended extends SocketStore { other(): void }
type Alias = SocketStore;
export const a: Store = { put: (record) => { registry.add(record); }, keep: (record, extra) => { registry.add(record); registry.add(extra); } };
export const b: SocketStore = { put(record) { registry.add(record); } };
export const c: Merged = { put: (record) => { registry.add(record); } };
export const d: Exported = { put: (record) => { registry.add(record); } };
export const e: WithThis = { put(record) { registry.add(record); } };
export const f: Rest = { put: (record) => { registry.add(record); } };
export const g: Generic = { put: (record) => { registry.add(record); } };
export const h: OfAugmented = { put: (record) => { registry.add(record); } };
export const i: Extended = { put: (record) => { registry.add(record); }, other() {} };
export const j: Alias = { put: (record) => { registry.add(record); } };
export function k(): Store { return { put: (record) => { if (isSocket(record)) registry.add(record); }, keep() {} }; }
export const l = (): Store => ({ put(record) { registry.add(record); }, 'keep': (record, extra) => { registry.add(extra); } });
export class Holder { store: SocketStore = { put: (record) => { registry.add(record); } }; }
`,
  // Calls and `new` answered from what the callee declares (src/type-questions.ts), and those that
  // still need the checker: overloads, generic factories, class hierarchies.
  'factories.ts': `import net from 'node:net';
import tls from 'node:tls';
import type { Rec } from './records.js';

const registry = new Set<unknown>();
class Base extends net.Socket {}
class Middle extends Base {}
export class Leaf extends Middle {}
export class Secure extends tls.TLSSocket {}
interface Commands { get(key: string): Promise<string>; set(key: string, value: string): Promise<'OK'>; del(...keys: string[]): Promise<number> }
export class Client { constructor(port: number); constructor(path: string); constructor(options: { host: string }); constructor(_arg: unknown) {} }
export interface Client extends Commands {}
export class Tunnel extends net.Socket { constructor(port: number); constructor(path: string); constructor(_arg?: unknown) { super(); } }
export class Box<T> { constructor(private readonly value: T) {} get(): T { return this.value; } }
declare function make<T extends net.Socket>(): T;
declare function open(port: number): net.Socket;
declare function open(path: string): net.Socket;
declare function pick(port: number): net.Socket;
declare function pick(path: string): Rec;
declare function label(): string;
declare const Wrapped: { new (port: number): net.Socket; new (path: string): Rec };
export function build(args: [number]) {
  registry.add(new Leaf());
  registry.add(new Secure(new net.Socket()));
  registry.add(new Client(...args));
  registry.add(new Tunnel(...args));
  registry.add(new Box(new net.Socket()));
  registry.add(new Box(new net.Socket()).get());
  registry.add(make());
  registry.add(make<tls.TLSSocket>());
  registry.add(open(...args));
  registry.add(pick(1));
  registry.add(pick('a'));
  registry.add(label());
  registry.add(new Wrapped(1));
  registry.add(new Wrapped('a'));
  registry.add(new Client(1).get('key'));
}
declare function isSocket(value: unknown): value is net.Socket;
// Properties declared with a plain type: asking the checker about \`this.instance\` would narrow it
// by the assignment before it, and so resolve \`new Client(...args)\`.
export class Subscriber {
  private instance: Client | null = null;
  private conn: Client | null = null;
  private peer: Client | undefined;
  private socket: net.Socket | null = null;
  start(args: [number]) {
    this.instance = new Client(...args);
    if (!this.instance || this.instance === null) return;
    registry.add(this.instance);
    this.conn = new Client(...args);
    if (this.conn instanceof net.Socket) registry.add(this.conn);
    if (isSocket(this.peer)) registry.add(this.peer);
    this.socket = new net.Socket();
    registry.add(this.socket);
  }
}
`,
  // Local variables declared with a type that has no socket part, read as the checker reads it (a
  // stream of zlib is no socket): \`let\` too, whose assignments only narrow it to parts of that type.
  'locals.ts': `import net from 'node:net';
import zlib from 'node:zlib';

declare function isSocket(value: unknown): value is net.Socket;
declare function pickStream(): zlib.Gunzip | net.Socket;
const registry = new Set<unknown>();
export function locals(flag: boolean) {
  let stream: zlib.Gunzip | zlib.Deflate;
  if (flag) stream = zlib.createGunzip(); else stream = zlib.createDeflate();
  registry.add(stream);
  let narrowed: zlib.Gunzip | null = null;
  narrowed = zlib.createGunzip();
  if (narrowed instanceof net.Socket) registry.add(narrowed);
  let guarded: zlib.Gunzip | undefined;
  if (isSocket(guarded)) registry.add(guarded);
  let either: zlib.Gunzip | net.Socket = pickStream();
  registry.add(either);
  let loose: any = new net.Socket();
  registry.add(loose);
  let unannotated = zlib.createGunzip();
  registry.add(unannotated);
  const gz: zlib.Gunzip = zlib.createGunzip();
  registry.add(gz);
  let counter: zlib.Gunzip | number = 0;
  counter += 1;
  registry.add(counter);
}
export function params<T extends net.Socket>(stream: zlib.Gunzip, other: zlib.Gunzip, open: T | zlib.Gunzip) {
  registry.add(stream);
  if (isSocket(other)) registry.add(other);
  registry.add(open);
}
`,
  // TypeScript merges the blocks of a namespace: in the second, `Item` is the socket of the first,
  // while this file's scopes see only the module's own `Item`.
  'namespaces.ts': `import type { Socket } from 'node:net';
const registry = new Set<unknown>();
interface Item { id: string }
export function outer(item: Item) { registry.add(item); }
namespace Pool {
  export interface Item extends Socket {}
}
namespace Pool {
  export function inner(item: Item) { registry.add(item); }
}
`,
  // Functions whose return type the checker infers from their body: read from the `return`s when
  // each hands back a variable declared without a socket part (no overloads, generics, async).
  'returns.ts': `import net from 'node:net';
import http2 from 'node:http2';
import type { Socket, Server } from 'node:net';
declare function isSocket(value: unknown): value is Socket;
type MaybeConn = Socket | null;
class Leaf extends net.Socket {}
const registry = new Set<unknown>();
export class Host {
  createServer(secure: boolean) { let server: http2.Http2Server | http2.Http2SecureServer; if (secure) server = http2.createSecureServer({}); else server = http2.createServer(); server.on('error', () => {}); return server; }
  createSocket() { let socket: Socket | null = null; if (Math.random() > 0.5) socket = new net.Socket(); return socket; }
  createLeaf() { const leaf: Leaf = new Leaf(); return leaf; }
  createNarrowed(value: Server) { if (value instanceof net.Socket) return value; return null; }
  createGuarded(value: Server) { if (isSocket(value)) return value; return null; }
  createAliased() { let conn: MaybeConn = null; return conn; }
  createUnannotated() { const socket = new net.Socket(); return socket; }
  createGeneric<T>(value: T) { const kept: T = value; return kept; }
  async createLater() { const server: Server = net.createServer(); return server; }
  createOverloaded(): Server;
  createOverloaded(port: number): Server;
  createOverloaded(port?: number) { const server: Server = net.createServer(); server.listen(port); return server; }
  run() {
    const server = this.createServer(true); registry.add(this.createServer(false)); registry.add(server);
    registry.add(this.createSocket()); registry.add(this.createLeaf()); registry.add(this.createNarrowed(net.createServer()));
    registry.add(this.createGuarded(net.createServer())); registry.add(this.createAliased()); registry.add(this.createUnannotated());
    registry.add(this.createGeneric(new net.Socket())); registry.add(this.createOverloaded()); registry.add(passServer(net.createServer()));
  }
}
function passServer(server: Server) { return server; }
`,
  // Calls of functions and methods whose every signature declares a plainly non-socket return
  // type: overloads that return different plain types, generic factories of plain containers,
  // aliases, imported declarations, and a constant such a call initializes. A return type that is a
  // type parameter, \`this\`, a union or alias with a socket part, a type merged with one elsewhere,
  // or a property of a function type goes to the type checker.
  'calls.ts': `import net from 'node:net';
import { type Augmented, type Rec, makeRec } from './records.js';

const registry = new Set<unknown>();
class Leaf extends net.Socket {}
type Reply = Rec | string | null;
type MaybeConn = net.Socket | null;
declare function parse(text: string): Rec;
declare function parse(size: number): string;
declare function load<T>(): Promise<T>;
declare function same<T>(value: T): T;
declare function reply(): Reply;
declare function conn(): MaybeConn;
declare function either(): Leaf | Rec;
declare function augmentedOf(): Augmented;
declare function tag(): Rec;
declare namespace tag { const size: number }
interface Api { fetch(): Promise<Rec>; fetch(id: string): Rec[] }
class Holder<T> { constructor(private readonly items: T[]) {} all(): T[] { return this.items; } first(): T { return this.items[0]!; } self(): this { return this; } }
class Dialer { make: () => net.Socket = () => new net.Socket(); async open(): Promise<net.Socket> { return new net.Socket(); } leaf(): Leaf { return new Leaf(); } }
export function calls(api: Api, dialer: Dialer) {
  registry.add(Buffer.from('data', 'utf8'));
  registry.add(parse('text'));
  registry.add(parse(1));
  registry.add(load<net.Socket>());
  registry.add(same(new net.Socket()));
  registry.add(reply());
  registry.add(conn());
  registry.add(either());
  registry.add(augmentedOf());
  registry.add(makeRec());
  registry.add(tag());
  registry.add(api.fetch());
  registry.add(api.fetch('id'));
  const holder = new Holder([new net.Socket()]);
  registry.add(holder.all());
  registry.add(holder.first());
  registry.add(holder.self());
  registry.add(dialer.make());
  registry.add(dialer.open());
  registry.add(dialer.leaf());
  const parsed = parse('text');
  registry.add(parsed);
  const timer = setTimeout(() => {}, 10);
  registry.add(timer);
}
// The callee's own type (a property read or a name, narrowed as the checker narrows it): each of
// its signatures declares a result with no socket part, or it is \`any\`. Construct signatures of a
// class give its instances (overloaded constructors, generic classes); a type parameter as the
// result, a union or narrowed callee, or a socket part go to the checker.
export class Job<T = unknown> { constructor(name: string); constructor(name: string, data: T); constructor(_name: string, _data?: T) {} }
class Session extends net.Socket {}
declare const Response: { new (body: string): Rec; new (): Rec[] };
declare const Make: new <T>() => T;
declare const loose: any;
declare function isSocketFactory(value: unknown): value is () => net.Socket;
export class Queue {
  readonly build: () => Rec = makeRec;
  protected get Job(): typeof Job { return Job; }
  protected get Session(): typeof Session { return Session; }
  run(name: string) {
    registry.add(new this.Job<string>(name, 'data'));
    registry.add(new this.Job(name));
    registry.add(new this.Session());
    registry.add(this.build());
    registry.add(new Response('body'));
    registry.add(new Make<net.Socket>());
    registry.add(loose.open(name));
    let factory: () => Rec = makeRec;
    if (isSocketFactory(factory)) registry.add(factory());
    const job = new this.Job(name);
    registry.add(job);
    const session = new Session();
    registry.add(session);
    const response = new Response();
    registry.add(response);
  }
}
`,
  // \`f.bind(thisArg)\` of a plain function is typed by the function's own type, without resolving
  // the generic \`bind\`; anything else (an intersection with a socket, \`Function\`, a class) goes to
  // the type checker.
  'bound.ts': `import net from 'node:net';
const registry = new Set<unknown>();
class Decoder { decode(value: string) { return value; } withThis(this: Decoder, size: number) { return size; } }
declare const callable: net.Socket & (() => void);
declare const loose: Function;
export function bound(decoder: Decoder) {
  registry.add(decoder.decode.bind(decoder));
  registry.add(decoder.withThis.bind(decoder));
  registry.add(callable.bind(null));
  registry.add(loose.bind(null));
  registry.add(net.Socket.bind(null));
}
`,
};

describe('type shortcuts change no answer', () => {
  let project = '';
  let programCount = 0;

  beforeAll(() => {
    removeStaleTypedProjects();
    // TypeScript 6 makes every file a module by default; here a file without imports is a script
    // again, so its interfaces are global (see script.ts).
    project = makeTypedProject('shortcuts', { moduleDetection: 'auto' });
    const src = path.join(project, 'src');
    mkdirSync(path.join(src, 'cases'));
    // Each case is made a module (`export {}`): as scripts they would all share one global scope.
    const programs = [...casePrograms(), ...docPrograms()];
    for (const [i, program] of programs.entries()) {
      const commonJS = program.filename.endsWith('.cjs');
      writeFileSync(path.join(src, 'cases', `case-${i}-${program.filename}`), commonJS ? program.code : `${program.code}\nexport {};\n`);
    }
    generateCorpus({ lines: 3000, out: path.join(project, 'generated'), seed: 7 });
    const generated = path.join(project, 'generated', 'src');
    for (const entry of readdirSync(generated, { recursive: true, withFileTypes: true })) {
      if (!entry.isFile()) continue;
      const from = path.join(entry.parentPath, entry.name);
      const to = path.join(src, 'corpus', path.relative(generated, from));
      mkdirSync(path.dirname(to), { recursive: true });
      writeFileSync(to, readFileSync(from, 'utf8'));
    }
    mkdirSync(path.join(src, 'tricky'));
    for (const [name, code] of Object.entries(TRICKY)) writeFileSync(path.join(src, 'tricky', name), code);
    programCount = programs.length;
  });

  it('on every test case, docs example, a generated code base and the tricky files', async () => {
    const eslint = new ESLint({
      cwd: project,
      overrideConfigFile: true,
      overrideConfig: [
        { files: SOURCE_FILES, languageOptions: { parser: tseslint.parser, parserOptions: { projectService: true, tsconfigRootDir: project } } },
        { files: SOURCE_FILES, plugins: { probe: { rules: { agree: probe as never } } }, rules: { 'probe/agree': 'error' } },
      ],
    });
    const results = await eslint.lintFiles(['src']);
    expect(results.length).toBeGreaterThan(programCount);
    const fatal = results.flatMap((r) => r.messages.filter((m) => m.fatal).map((m) => `${path.relative(project, r.filePath)}: ${m.message}`));
    // Some docs examples are deliberately incomplete TypeScript; none may stop the probe.
    expect(fatal).toEqual([]);
    const differences = results.flatMap((r) =>
      r.messages.filter((m) => m.messageId === 'differs').map((m) => `${path.relative(project, r.filePath)}:${m.line}: ${m.message}`),
    );
    expect(differences).toEqual([]);

    const registered = (file: string) =>
      results
        .find((r) => r.filePath.endsWith(path.join('tricky', file)))!
        .messages.filter((m) => m.messageId === 'registered')
        .map((m) => `${m.line}: ${m.message}`);
    expect(registered('script.ts')).toEqual(['3: connection is socket by type']);
    expect(registered('bound.ts')).toEqual([
      '7: decoder.decode.bind(decoder) is none',
      '8: decoder.withThis.bind(decoder) is none',
      '9: callable.bind(null) is socket by type',
      '10: loose.bind(null) is none (no type question)',
      '11: net.Socket.bind(null) is none',
    ]);
    // Declared with a type that has no socket part: no question, unless a read may narrow it into
    // one (\`instanceof\`, a type guard), it is written by \`+=\`, or its type is open (\`any\`, \`T\`).
    expect(registered('locals.ts')).toEqual([
      '10: stream is none (no type question)',
      '13: narrowed is socket by type',
      '15: guarded is socket by type',
      '17: either is socket by type (no type question)',
      '19: loose is socket by syntax (no type question)',
      '21: unannotated is none',
      '23: gz is none (no type question)',
      '26: counter is none',
      '29: stream is none (no type question)',
      '30: other is socket by type',
      '31: open is socket by type',
    ]);
    // A function that declares no return type: its `return`s are read when each hands back a variable
    // declared without a socket part and never narrowed into one (servers, a parameter); sockets
    // (also a subclass), narrowing, an alias with a socket part, an unannotated local and
    // generics go to the type checker.
    expect(registered('returns.ts')).toEqual([
      '22: this.createServer(false) is none (no type question)',
      '22: server is none (no type question)',
      '23: this.createSocket() is socket by type',
      '23: this.createLeaf() is socket by type',
      '23: this.createNarrowed(net.createServer()) is none',
      '24: this.createGuarded(net.createServer()) is none',
      '24: this.createAliased() is none',
      '24: this.createUnannotated() is socket by type',
      '25: this.createGeneric(new net.Socket()) is socket by type',
      '25: this.createOverloaded() is none (no type question)',
      '25: passServer(net.createServer()) is none (no type question)',
    ]);
    // Every signature declares a plain return type: no question, whatever overload or type argument
    // the checker would pick. A type parameter, \`this\`, a socket part (also through an alias or a
    // merged interface) or a property of a function type: the declared type or the checker answers.
    expect(registered('calls.ts')).toEqual([
      "22: Buffer.from('data', 'utf8') is none (no type question)",
      "23: parse('text') is none (no type question)",
      '24: parse(1) is none (no type question)',
      '25: load<net.Socket>() is none (no type question)',
      '26: same(new net.Socket()) is socket by type',
      '27: reply() is none (no type question)',
      '28: conn() is socket by type',
      '29: either() is socket by type (no type question)',
      '30: augmentedOf() is socket by type (no type question)',
      '31: makeRec() is none (no type question)',
      '32: tag() is none (no type question)',
      '33: api.fetch() is none (no type question)',
      "34: api.fetch('id') is none (no type question)",
      '36: holder.all() is none (no type question)',
      '37: holder.first() is socket by type',
      '38: holder.self() is none',
      '39: dialer.make() is socket by type',
      '40: dialer.open() is none (no type question)',
      '41: dialer.leaf() is socket by type (no type question)',
      '43: parsed is none (no type question)',
      '45: timer is none (no type question)',
      // Asked: the callee's type, not the construction or call.
      "62: new this.Job<string>(name, 'data') is none",
      '63: new this.Job(name) is none',
      '64: new this.Session() is socket by type',
      '65: this.build() is none',
      "66: new Response('body') is none",
      '67: new Make<net.Socket>() is socket by type',
      '68: loose.open(name) is none',
      '70: factory() is none',
      '72: job is none (no type question)',
      '74: session is socket by type (no type question)',
      '76: response is none (no type question)',
    ]);
    expect(registered('namespaces.ts')).toEqual(['4: item is none (no type question)', '9: item is socket by type']);
    // Typed by the interface of the object they are in: a plain record without a question; a
    // socket, merged declarations (and the one augmented in augment.ts), `this` and rest
    // parameters, generics, `extends`, aliases and narrowing all go to the type checker.
    expect(registered('stores.ts')).toEqual([
      '17: record is none (no type question)',
      '17: record is none (no type question)',
      '17: extra is socket by type',
      '18: record is socket by type',
      '19: record is socket by type',
      '20: record is socket by type',
      '21: record is socket by type',
      '22: record is socket by type',
      '23: record is none',
      '24: record is socket by type',
      '25: record is socket by type',
      '26: record is socket by type',
      '27: record is socket by type',
      '28: record is none (no type question)',
      '28: extra is socket by type',
      '29: record is socket by type',
    ]);
    expect(registered('user.ts')).toEqual([
      '9: rec is none (no type question)',
      '9: label is none (no type question)',
      '9: size is none (no type question)',
      '10: rec is none (no type question)',
      '11: value is socket by type',
      '12: rec is socket by type',
      '13: rec is socket by type',
      '14: rec is socket by type',
      '15: rec is socket by type',
      '16: value is socket by type',
      '18: value is socket by type',
      '21: value is socket by type',
      '24: value is socket by type',
      '26: value is socket by type',
      // The class's declared type (merged with the augmentation in augment.ts), without resolving the call.
      '29: new Pool() is socket by type (no type question)',
      '29: new Plain() is none (no type question)',
      '29: new Map() is none (no type question)',
    ]);
    // A class's instances, its subclasses' through any depth and a function whose every overload
    // declares one plain return type are read from the declarations: no call is resolved (what
    // made `new Redis(...args)` take seconds). Generic signatures, overloads that return different
    // types and values of an interface type with construct signatures go to the type checker, and
    // so do properties that a read may narrow into a socket (\`instanceof\`, a type guard).
    expect(registered('factories.ts')).toEqual([
      '23: new Leaf() is socket by type (no type question)',
      '24: new Secure(new net.Socket()) is socket by type (no type question)',
      '25: new Client(...args) is none (no type question)',
      '26: new Tunnel(...args) is socket by type (no type question)',
      '27: new Box(new net.Socket()) is none (no type question)',
      '28: new Box(new net.Socket()).get() is socket by type',
      '29: make() is socket by type',
      '30: make<tls.TLSSocket>() is socket by type',
      '31: open(...args) is socket by type (no type question)',
      '32: pick(1) is socket by type',
      "33: pick('a') is none",
      '34: label() is none (no type question)',
      '35: new Wrapped(1) is socket by type',
      "36: new Wrapped('a') is none",
      "37: new Client(1).get('key') is none (no type question)",
      '50: this.instance is none (no type question)',
      '52: this.conn is socket by type',
      '53: this.peer is socket by type',
      '55: this.socket is socket by syntax (no type question)',
    ]);
  }, 240_000);
});
