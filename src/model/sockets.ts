/**
 * What counts as a socket: the one answer every rule shares (DESIGN.md §4; user docs: docs/sockets.md).
 *
 * A value is a socket when, in this order (the first answer wins, so a wrong type never hides syntax):
 * 1. Syntax says so. Values of `net.connect`/`createConnection`, `tls.connect`, `new net.Socket()`,
 *    `new tls.TLSSocket()` ('socket'), `http(s).request`/`get` ('client-request'), `http2.connect`
 *    ('http2-session'), however the module was imported (`net` or `node:net`; default, namespace,
 *    named, renamed, `require`, destructured `require`, `import net = require('net')`). The
 *    parameters of listeners whose arguments Node documents: `net.createServer(cb)`, `http.createServer
 *    ((req, res) => …)`, `server.on('connection' | 'upgrade' | 'connect' | 'clientError' | …, cb)`, given
 *    inline or by reference to a function, const or class method of the same module, also on `this` of
 *    a class extending Node's server. A type annotation naming one of Node's socket classes
 *    (`socket: net.Socket`, src/model/annotations.ts). Data flow stays
 *    simple: a variable (or `this.x` of the same class) is a socket when every value ever assigned to
 *    it is one (`null`/`undefined` aside), and `.on()`/`.setTimeout()`/… chains return the same socket.
 * 2. Types say so (type-aware linting only): the type is, extends or has in its union a class of
 *    @types/node's `net`, `tls`, `http` or `http2` modules, or a type named in `socketTypes`.
 *    A bare `stream.Duplex` is not a socket by type (every stream is one); it counts only where
 *    syntax already said so (Node types the `'upgrade'` socket as `Duplex`).
 * 3. The name says so (only when `socketNamePattern` is set, as `strict` does), unless types prove
 *    the value cannot hold a `net.Socket` or it is plainly a string, number, object literal or function.
 *
 * Precision first: anything the detector cannot follow is not a socket. `'connection'` listeners
 * count only on servers known to come from node's own modules, because `ws`'s `WebSocketServer`
 * emits `'connection'` with a WebSocket. Nothing is followed across modules; an unannotated helper
 * parameter (`function abort(socket) {}`) is reached by types and the name pattern only (rules that
 * follow a socket into a helper of the file do so with src/model/functions.ts).
 *
 * Cost: one detector per file in a rule's `create`. It scans the imports once per file, on first
 * use, caches every answer per node, and shares what does not depend on the options with the other
 * rules' detectors for the file (the type checker is asked at most once per node for all of them);
 * it keeps nothing between files. `mayHaveSockets()` tells, without walking the tree, that nothing in
 * a file can be a socket (also `mayHaveSockets(context, options)`, before making a detector).
 * TypeScript is loaded only when the file has type information (an optional peer dependency).
 */
import type { ParserServicesWithTypeInformation, TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES, ASTUtils, ESLintUtils, TSESLint } from '@typescript-eslint/utils';

import { findVariable } from '../listeners.js';
import { annotatedSocketKind } from './annotations.js';
import { createCallbackRoles } from './callback-params.js';
import { callSites, createCallSiteRoles, plainWrites, weakest } from './call-sites.js';
import { isForeignWrapper } from './foreign-wrappers.js';
import { calleeMember, isFunctionLike, isPlainlyNotSocket, isWrapper, keyName, outermost, paramIdentifier, propertyName, runtimeParams } from './ast.js';
import { type ClassMember, classBodyOf, classMembers, thisAliased } from './classes.js';
import { mayHaveSockets, moduleOrigins } from './file-facts.js';
import { factoryKind } from './factories.js';
import { tableEntryReads } from './functions.js';
import { mayMakeSocketAsModuleValue, moduleValueOrigin } from './module-values.js';
import { instanceOwner, prototypeFields, prototypeMethodReads } from './prototypes.js';
import { EMITTER_CHAIN, KIND_CHAIN, KIND_EVENTS, LISTEN_METHODS, type Origin, type Roles, SERVER_CHAIN, SERVER_EVENTS, type ServerFamily, type SocketKind, SOCKET_RESULT_METHODS, unknownReceiverRoles } from './node-api.js';
import { compileNamePattern, type SocketEvidence, type SocketMatch, type SocketOptions } from './options.js';
import { createTypeQuestions } from './types.js';
import { fallbackValue, isReassigned } from './param-fallbacks.js';
import { readsLikeHttpHandler } from './handler-shape.js';
import { serverClassMatch } from './server-classes.js';
import { checkNodeTypes } from '../node-types.js';

export interface SocketDetector {
  /**
   * Classify an expression (identifier, `this.socket`, call, `new`, …) or a parameter's identifier.
   * Undefined means "not known to be a socket": callers must not report it as one.
   */
  match(node: TSESTree.Node): SocketMatch | undefined;
  /** True when the parser services have a TypeScript program (type-aware mode). */
  readonly hasTypes: boolean;
  /**
   * False when `match` answers undefined for every node of the file, known cheaply: no type
   * information, no `net`/`tls`/`http`/`https`/`http2` module used, no name the name pattern
   * matches, no listener for an event whose arguments are sockets on any receiver
   * (`'clientError'`, `'tlsClientError'`, `'upgrade'`, `'connect'`). A rule that reports only
   * about sockets returns no listeners for such a file (most files of a code base), before it
   * makes a detector: `if (!mayHaveSockets(context, options)) return {};` in `create`.
   */
  mayHaveSockets(): boolean;
  /**
   * The kind of socket a call or `new` of Node's own modules makes (`net.connect(…)`,
   * `new tls.TLSSocket(…)`, `http.request(…)`), from syntax alone: the type checker is not asked.
   */
  createdBy(node: TSESTree.CallExpression | TSESTree.NewExpression): SocketKind | undefined;
  /**
   * Which of Node's server families (`net`, `tls`, `http`, `https`, `http2`) a server expression
   * holds, or a `createServer()` / `new Server()` call makes: from syntax (through variables,
   * `this.server` and `.listen()`/`.on()` chains), then from types. Undefined when unknown.
   */
  serverFamily(node: TSESTree.Node): ServerFamily | undefined;
  /**
   * The parameters of `fn` that `match` classifies: listener and callback parameters first (the
   * socket of `net.createServer(cb)`, of `server.on('upgrade', (req, socket, head) => …)`, also for
   * listeners given by reference), then typed parameters, then the name pattern.
   * Destructured and rest parameters are never included.
   */
  socketParams(fn: TSESTree.FunctionLike): Map<TSESTree.Parameter, SocketMatch>;
}

type Variable = TSESLint.Scope.Variable;

/** Values written to a variable or member: undefined when a write is not a plain `=`/initialiser. */
type Writes = { values: TSESTree.Node[] } | undefined;

type ServerMatch = { family: ServerFamily; via: SocketEvidence };

/**
 * `compute()` for `node`, asked once per node and file. A node met again while its own answer is
 * being computed (a value defined through itself) is answered `undefined`: it is not followed.
 */
function memoized<T>(cache: WeakMap<TSESTree.Node, T | null>, inProgress: Set<TSESTree.Node>, node: TSESTree.Node, compute: () => T | undefined): T | undefined {
  const cached = cache.get(node);
  if (cached !== undefined) return cached ?? undefined;
  if (inProgress.has(node)) return undefined;
  inProgress.add(node);
  let result: T | undefined;
  try {
    result = compute();
  } finally {
    inProgress.delete(node);
  }
  cache.set(node, result ?? null);
  return result;
}

/**
 * What depends on the file alone and not on a rule's options, shared by the detectors of every
 * rule that lints the same file: the module references, variables, the values written to them,
 * class members, and what the type checker says of a node. Keyed by the file's own nodes,
 * variables and types, so nothing outlives the file's AST and no two files share an entry. The
 * answers of `match` depend on the options: rules with equal options share one detector per file
 * (`createSocketDetector`), rules with others get their own.
 */
const variableCache = new WeakMap<TSESTree.Identifier, Variable | null>();
const writesCache = new WeakMap<Variable, Writes | null>();
/**
 * Create the socket detector for one file: call it in a rule's `create` (it keeps nothing between
 * files). Throws an Error with a readable one-line message when `socketNamePattern` is not a
 * regular expression (ESLint shows it with the rule's name).
 *
 * ```ts
 * schema: [{ type: 'object', properties: { ...socketOptionsSchema, codes: {...} }, additionalProperties: false }],
 * docs: { ..., strictOptions: { socketNamePattern: DEFAULT_STRICT_SOCKET_NAME_PATTERN } },
 * defaultOptions: [{ ...defaultSocketOptions, codes: [] }],
 * create(context, [options]) {
 *   const sockets = createSocketDetector(context, options);
 *   return { CallExpression(node) { if (isMethodCall(node, 'end') && sockets.match(node.callee.object)) ... } };
 * }
 * ```
 *
 * `typeShortcuts: false` asks the type checker about every value, also those answered without it
 * (`new Map()`, `const next: Rec`): the tests compare both ways to show the shortcuts change nothing.
 */
export function createSocketDetector(
  context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>,
  options: SocketOptions,
  { typeShortcuts = true }: { typeShortcuts?: boolean } = {},
): SocketDetector {
  // The rules of one config pass equal options: they share one detector, and its answers, per file.
  const key = JSON.stringify([options.socketNamePattern ?? null, options.socketTypes ?? [], typeShortcuts]);
  const byOptions = detectorsByProgram.get(context.sourceCode.ast) ?? new Map<string, SocketDetector>();
  detectorsByProgram.set(context.sourceCode.ast, byOptions);
  let detector = byOptions.get(key);
  if (!detector) byOptions.set(key, (detector = makeSocketDetector(context, options, typeShortcuts)));
  return detector;
}
const detectorsByProgram = new WeakMap<TSESTree.Program, Map<string, SocketDetector>>();

function makeSocketDetector(
  context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>,
  options: SocketOptions,
  typeShortcuts: boolean,
): SocketDetector {
  const namePattern = compileNamePattern(options.socketNamePattern);
  const socketTypes = options.socketTypes ?? [];
  const sourceCode = context.sourceCode;
  const services: ParserServicesWithTypeInformation | undefined = sourceCode.parserServices?.program
    ? (ESLintUtils.getParserServices(context, true) as ParserServicesWithTypeInformation)
    : undefined;
  if (services) checkNodeTypes(services.program, context.filename, sourceCode.text);

  const { isPlainConstruction, isPlainlyDeclared, isPlainMember, typeOf, matchByType, nodeTypeOf, couldHoldSocket } = createTypeQuestions({
    context,
    sourceCode,
    services,
    socketTypes,
    typeShortcuts,
    variableOf,
    isReassigned,
  });

  const matchCache = new WeakMap<TSESTree.Node, SocketMatch | null>();
  const serverCache = new WeakMap<TSESTree.Node, ServerMatch | null>();
  const rolesCache = new WeakMap<TSESTree.FunctionLike, readonly (SocketMatch | undefined)[]>();
  const matching = new Set<TSESTree.Node>();
  const matchingServers = new Set<TSESTree.Node>();
  let origins: Map<TSESTree.Node, Origin> | undefined;
  /**
   * A parameter of a function of this file that every call passes a socket to (`function
   * tunnel(req, client) {}` called as `tunnel(req, socket)`): src/model/call-sites.ts.
   */
  const callSiteRole = createCallSiteRoles(match, (fn) => callSites(fn, sourceCode, { variableOf, variableWrites }));
  /** The parameter of a callback a function of this file calls with a socket (src/model/callback-params.ts). */
  const callbackRole = createCallbackRoles(match, sourceCode);

  // --- Module references -------------------------------------------------------------------

  function getOrigins(): Map<TSESTree.Node, Origin> {
    return (origins ??= moduleOrigins(sourceCode));
  }

  /** What a call of Node's modules makes: named directly, or through a module held as a value (src/model/module-values.ts). */
  function originOf(node: TSESTree.CallExpression | TSESTree.NewExpression): Origin | undefined {
    return getOrigins().get(node) ?? moduleValueOrigin(node, sourceCode);
  }

  // --- Variables and class members -----------------------------------------------------------

  function variableOf(identifier: TSESTree.Identifier): Variable | null {
    let variable = variableCache.get(identifier);
    if (variable === undefined) {
      // By name from the innermost scope: passing the node would rescan sibling scopes by range.
      variable = findVariable(sourceCode.getScope(identifier), identifier.name);
      variableCache.set(identifier, variable);
    }
    return variable;
  }

  /** Every value a variable holds, when each write is an initialiser or a plain `=` (read only: shared). */
  function variableWrites(variable: Variable): Writes {
    const cached = writesCache.get(variable);
    if (cached !== undefined) return cached ?? undefined;
    const writes = plainWrites(variable);
    writesCache.set(variable, writes ?? null);
    return writes;
  }

  /** The values `node` (an identifier or `this.x`) can hold, when the detector can list them all. */
  function writesOf(node: TSESTree.Node): Writes {
    if (node.type === AST_NODE_TYPES.Identifier) {
      const variable = variableOf(node);
      const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
      if (!variable || def?.type !== TSESLint.Scope.DefinitionType.Variable) return undefined;
      if (def.node.id !== def.name) return undefined; // destructured
      const declaration = def.node.parent;
      if (
        declaration.parent.type === AST_NODE_TYPES.ForInStatement ||
        declaration.parent.type === AST_NODE_TYPES.ForOfStatement
      ) {
        return undefined;
      }
      return variableWrites(variable);
    }
    if (node.type === AST_NODE_TYPES.MemberExpression && node.object.type === AST_NODE_TYPES.ThisExpression) {
      const member = thisMember(node);
      if (member) return member.opaque ? undefined : { values: member.values };
    }
    if (node.type === AST_NODE_TYPES.MemberExpression && node.object.type === AST_NODE_TYPES.Identifier) {
      // `self.sock` in a class, where `const self = this`.
      const self = thisAliased(node.object, sourceCode);
      const member = self && classBodyOf(self) ? thisMember(node, self) : undefined;
      if (member) return member.opaque ? undefined : { values: member.values };
    }
    if (node.type === AST_NODE_TYPES.MemberExpression && !node.computed) {
      // A field of a pre-ES2015 class, through `this` or `var self = this` (src/model/prototypes.ts).
      const name = propertyName(node);
      const owner = name === undefined ? undefined : instanceOwner(node.object, sourceCode);
      const member = owner === undefined ? undefined : prototypeFields(owner, sourceCode).get(name!);
      return member && !member.opaque ? { values: member.values } : undefined;
    }
    return undefined;
  }

  /** What the class declares and assigns of `this.name`. */
  function thisMember(node: TSESTree.MemberExpression, self: TSESTree.Node = node): ClassMember | undefined {
    const name = propertyName(node);
    const body = classBodyOf(self);
    return name !== undefined && body ? classMembers(body, sourceCode).get(name) : undefined;
  }

  /** `check` on every value of `writes`: the weakest answer when all agree, else undefined. */
  function allValues<T extends { via: SocketEvidence }>(
    writes: Writes,
    check: (value: TSESTree.Node) => T | undefined,
  ): T | undefined {
    if (!writes || writes.values.length === 0) return undefined;
    let result: T | undefined;
    for (const value of writes.values) {
      const found = check(value);
      if (!found) return undefined;
      result = result ? { ...result, via: weakest(result.via, found.via) } : found;
    }
    return result;
  }

  // --- Listener parameters -------------------------------------------------------------------

  /** Where a function value is passed as an argument: directly, by name, as `this.method`, `.bind()`-ed. */
  function argumentSites(fn: TSESTree.FunctionLike): { call: TSESTree.CallExpression | TSESTree.NewExpression; index: number }[] {
    const positions: TSESTree.Node[] = [];
    if (fn.type === AST_NODE_TYPES.FunctionExpression || fn.type === AST_NODE_TYPES.ArrowFunctionExpression) {
      positions.push(fn);
      const holder = outermost(fn).parent;
      if (holder?.type === AST_NODE_TYPES.VariableDeclarator && holder.id.type === AST_NODE_TYPES.Identifier) {
        positions.push(...readsOfOnlyValue(holder.id));
      } else if (
        (holder?.type === AST_NODE_TYPES.MethodDefinition && holder.kind === 'method') ||
        holder?.type === AST_NODE_TYPES.PropertyDefinition
      ) {
        const name = holder.static || holder.computed ? undefined : keyName(holder.key);
        const member = name !== undefined && holder.parent.type === AST_NODE_TYPES.ClassBody ? classMembers(holder.parent, sourceCode).get(name) : undefined;
        if (member && !member.opaque) positions.push(...member.reads);
      } else {
        // A method of a pre-ES2015 class (`Proxy.prototype.onConnect = function (req, socket) {}`),
        // given as `this.onConnect` / `self.onConnect` in its constructor and methods.
        positions.push(...prototypeMethodReads(fn, sourceCode));
      }
    } else if (fn.type === AST_NODE_TYPES.FunctionDeclaration && fn.id) {
      const variable = variableOf(fn.id);
      if (variable && variable.references.every((ref) => !ref.isWrite())) positions.push(...readsOf(variable));
    }

    const sites: { call: TSESTree.CallExpression | TSESTree.NewExpression; index: number }[] = [];
    for (const position of positions) {
      let value = outermost(position);
      // `handler.bind(this)` is the handler with the same parameters.
      const parent = value.parent;
      if (
        parent?.type === AST_NODE_TYPES.MemberExpression &&
        parent.object === value &&
        propertyName(parent) === 'bind' &&
        parent.parent.type === AST_NODE_TYPES.CallExpression &&
        parent.parent.callee === parent &&
        parent.parent.arguments.length <= 1
      ) {
        value = outermost(parent.parent);
      }
      const call = value.parent;
      // `var start = this._start.bind(this)`, then `net.createServer(start)`: where the name is read.
      if (value !== fn && call?.type === AST_NODE_TYPES.VariableDeclarator && call.init === value && call.id.type === AST_NODE_TYPES.Identifier) {
        positions.push(...readsOfOnlyValue(call.id).filter((read) => !positions.includes(read)));
        continue;
      }
      // An entry of a table of the instance's handlers: where the entry is read back.
      if (call?.type === AST_NODE_TYPES.Property) positions.push(...tableEntryReads(value, sourceCode).filter((read) => !positions.includes(read)));
      if (call?.type !== AST_NODE_TYPES.CallExpression && call?.type !== AST_NODE_TYPES.NewExpression) continue;
      const index = call.arguments.indexOf(value as TSESTree.CallExpressionArgument);
      if (index >= 0) sites.push({ call, index });
    }
    return sites;
  }

  function readsOf(variable: Variable): TSESTree.Node[] {
    return variable.references.filter((ref) => ref.isRead()).map((ref) => ref.identifier);
  }

  /** The reads of the variable `name` declares, when it only ever holds its initialiser. */
  function readsOfOnlyValue(name: TSESTree.Identifier): TSESTree.Node[] {
    const variable = variableOf(name);
    return variable && variableWrites(variable)?.values.length === 1 ? readsOf(variable) : [];
  }

  /** What each parameter of a listener/callback is, from every place it is registered. */
  function listenerRoles(fn: TSESTree.FunctionLike): readonly (SocketMatch | undefined)[] {
    const cached = rolesCache.get(fn);
    if (cached) return cached;
    const roles: (SocketMatch | undefined)[] = [];
    rolesCache.set(fn, roles); // a listener registered inside itself sees no roles yet
    const paramCount = runtimeParams(fn).length;
    for (const { call, index } of argumentSites(fn)) {
      const found = rolesAtSite(call, index, paramCount, fn);
      if (!found) continue;
      found.roles.forEach((kind, position) => {
        if (kind && !roles[position]) roles[position] = { kind, via: found.via };
      });
    }
    return roles;
  }

  function rolesAtSite(
    call: TSESTree.CallExpression | TSESTree.NewExpression,
    index: number,
    paramCount: number,
    fn: TSESTree.FunctionLike,
  ): { roles: Roles; via: SocketEvidence } | undefined {
    const origin = originOf(call);
    if (origin) {
      const { callbackParams, callbackMaxIndex = 0 } = origin;
      return callbackParams && index === call.arguments.length - 1 && index <= callbackMaxIndex
        ? { roles: callbackParams, via: 'syntax' }
        : undefined;
    }
    if (call.type !== AST_NODE_TYPES.CallExpression || index !== 1) return undefined;
    const method = calleeMember(call);
    if (!method || !LISTEN_METHODS.has(method.name)) return undefined;
    const [eventNode] = call.arguments;
    const event =
      eventNode && eventNode.type !== AST_NODE_TYPES.SpreadElement
        ? ASTUtils.getStringIfConstant(eventNode, sourceCode.getScope(eventNode))
        : null;
    if (event == null) return undefined;

    const server = matchServer(method.object);
    if (server) {
      const roles = SERVER_EVENTS[server.family][event];
      return roles ? { roles, via: server.via } : undefined;
    }
    const emitter = match(method.object);
    if (emitter) {
      const roles = KIND_EVENTS[emitter.kind]?.[event];
      return roles ? { roles, via: emitter.via } : undefined;
    }
    const roles = unknownReceiverRoles(event, paramCount);
    return roles && (event !== 'connect' || readsLikeHttpHandler(fn, sourceCode)) ? { roles, via: 'syntax' } : undefined;
  }

  // --- Servers (receivers of 'connection', 'upgrade', …) -------------------------------------

  function matchServer(node: TSESTree.Node): ServerMatch | undefined {
    return memoized(serverCache, matchingServers, node, () => serverBySyntax(node) ?? serverByType(node));
  }

  function serverBySyntax(node: TSESTree.Node): ServerMatch | undefined {
    if (isWrapper(node)) return matchServer(node.expression);
    switch (node.type) {
      case AST_NODE_TYPES.NewExpression:
      case AST_NODE_TYPES.CallExpression: {
        const family = originOf(node)?.server;
        if (family) return { family, via: 'syntax' };
        if (node.type === AST_NODE_TYPES.CallExpression) {
          const method = calleeMember(node);
          if (method && SERVER_CHAIN.has(method.name)) return matchServer(method.object);
        }
        return undefined;
      }
      case AST_NODE_TYPES.Identifier:
      case AST_NODE_TYPES.MemberExpression:
        return allValues(writesOf(node), matchServer);
      case AST_NODE_TYPES.ThisExpression: // `class Relay extends net.Server`
        return serverClassMatch(node, sourceCode);
      case AST_NODE_TYPES.AssignmentExpression: // `var server = module.exports = net.createServer()`
        return node.operator === '=' ? matchServer(node.right) : undefined;
      default:
        return undefined;
    }
  }

  function serverByType(node: TSESTree.Node): ServerMatch | undefined {
    if (!services || isPlainConstruction(node) || isPlainlyDeclared(node) || isPlainMember(node)) return undefined;
    const type = typeOf(node);
    const family = type && nodeTypeOf(type)?.server;
    return family ? { family, via: 'type' } : undefined;
  }

  // --- Sockets -------------------------------------------------------------------------------

  function match(node: TSESTree.Node): SocketMatch | undefined {
    return memoized(matchCache, matching, node, () => matchBySyntax(node) ?? matchByType(node) ?? matchByName(node));
  }

  function matchBySyntax(node: TSESTree.Node): SocketMatch | undefined {
    if (isWrapper(node)) return match(node.expression);
    switch (node.type) {
      case AST_NODE_TYPES.NewExpression:
      case AST_NODE_TYPES.CallExpression: {
        const kind = createdBy(node);
        if (kind) return { kind, via: 'syntax' };
        if (node.type !== AST_NODE_TYPES.CallExpression) return undefined;
        const method = calleeMember(node);
        if (!method || !SOCKET_RESULT_METHODS.has(method.name)) return undefined;
        const receiver = match(method.object);
        if (!receiver) return undefined;
        if (EMITTER_CHAIN.has(method.name) || KIND_CHAIN[receiver.kind].has(method.name)) return receiver;
        if (receiver.kind === 'http2-session' && method.name === 'request') return { kind: 'http2-stream', via: receiver.via };
        return undefined;
      }
      case AST_NODE_TYPES.Identifier: {
        const variable = variableOf(node);
        const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
        const annotation = def?.name.type === AST_NODE_TYPES.Identifier ? def.name.typeAnnotation?.typeAnnotation : undefined;
        const annotated = annotatedSocketKind(annotation, sourceCode);
        if (annotated) return { kind: annotated, via: 'syntax' };
        if (variable && def?.type === TSESLint.Scope.DefinitionType.Parameter) return matchParameter(variable, def.node);
        return allValues(writesOf(node), match);
      }
      case AST_NODE_TYPES.MemberExpression: {
        if (node.object.type === AST_NODE_TYPES.ThisExpression) {
          const annotated = annotatedSocketKind(thisMember(node)?.annotation, sourceCode);
          return annotated ? { kind: annotated, via: 'syntax' } : allValues(writesOf(node), match);
        }
        const name = propertyName(node);
        if (node.object.type === AST_NODE_TYPES.Identifier && !node.computed) {
          const field = allValues(writesOf(node), match); // `self.sock` where `var self = this`
          if (field) return field;
        }
        if (name !== 'socket' && name !== 'connection' && name !== 'session') return undefined;
        const owner = match(node.object);
        if (!owner) return undefined;
        // `req.socket`, `res.socket` (`connection` is its deprecated alias), `stream.session`.
        if (name === 'session') return owner.kind === 'http2-stream' ? { kind: 'http2-session', via: owner.via } : undefined;
        return owner.kind === 'client-request' || owner.kind === 'incoming-message' || owner.kind === 'server-response'
          ? { kind: 'socket', via: owner.via }
          : undefined;
      }
      case AST_NODE_TYPES.ConditionalExpression: {
        const consequent = match(node.consequent);
        const alternate = consequent && match(node.alternate);
        return consequent && alternate ? { kind: consequent.kind, via: weakest(consequent.via, alternate.via) } : undefined;
      }
      case AST_NODE_TYPES.AssignmentExpression:
        return node.operator === '=' ? match(node.right) : undefined;
      case AST_NODE_TYPES.SequenceExpression:
        return match(node.expressions[node.expressions.length - 1]!);
      default:
        return undefined;
    }
  }

  function matchParameter(variable: Variable, fnNode: TSESTree.Node): SocketMatch | undefined {
    if (!isFunctionLike(fnNode)) return undefined;
    if (isReassigned(variable)) {
      // Filled by the function itself when the caller gave nothing (src/model/param-fallbacks.ts).
      const made = fallbackValue(variable);
      return made && match(made);
    }
    const declared = variable.defs[0]?.name;
    const index = runtimeParams(fnNode).findIndex((param) => paramIdentifier(param) === declared);
    return index < 0 ? undefined : (listenerRoles(fnNode)[index] ?? callSiteRole(fnNode, index) ?? callbackRole(fnNode, index));
  }

  // --- Factories of the file ----------------------------------------------------------------

  /** The kind of socket a call makes: Node's own call, or a function of this file that only returns one. */
  function createdBy(node: TSESTree.CallExpression | TSESTree.NewExpression): SocketKind | undefined {
    const kind = originOf(node)?.socket;
    if (kind || node.type !== AST_NODE_TYPES.CallExpression) return kind;
    return factoryKind(node, sourceCode, createdBy, mayBeMadeByNode);
  }

  /** Can a call or `new` make a socket of Node's modules by syntax alone (a module held as a value is not followed)? */
  function mayBeMadeByNode(node: TSESTree.CallExpression | TSESTree.NewExpression): boolean {
    const origin = getOrigins().get(node);
    return origin ? origin.socket !== undefined : mayMakeSocketAsModuleValue(node);
  }

  // --- Names ---------------------------------------------------------------------------------

  function matchByName(node: TSESTree.Node): SocketMatch | undefined {
    if (!namePattern) return undefined;
    let name: string | undefined;
    if (node.type === AST_NODE_TYPES.Identifier) {
      const variable = variableOf(node);
      const defType = variable?.defs[0]?.type;
      if (
        defType !== undefined &&
        defType !== TSESLint.Scope.DefinitionType.Variable &&
        defType !== TSESLint.Scope.DefinitionType.Parameter &&
        defType !== TSESLint.Scope.DefinitionType.ImportBinding
      ) {
        return undefined; // functions, classes, enums, types
      }
      name = node.name;
    } else if (node.type === AST_NODE_TYPES.MemberExpression) {
      name = propertyName(node)?.replace(/^#/u, '');
    }
    if (name === undefined || !namePattern.test(name)) return undefined;
    const writes = writesOf(node);
    // A literal, a function, or a package's own socket wrapper with other rules (src/model/foreign-wrappers.ts).
    if (writes && writes.values.length > 0 && writes.values.every((value) => isPlainlyNotSocket(value) || isForeignWrapper(value, sourceCode))) return undefined;
    if (services && !couldHoldSocket(node)) return undefined;
    return { kind: 'socket', via: 'name' };
  }

  return {
    hasTypes: services !== undefined,
    match,
    createdBy,
    serverFamily: (node) => matchServer(node)?.family,
    mayHaveSockets: () => mayHaveSockets(context, options),
    socketParams(fn) {
      const result = new Map<TSESTree.Parameter, SocketMatch>();
      for (const param of runtimeParams(fn)) {
        const identifier = paramIdentifier(param);
        const found = identifier && match(identifier);
        if (found) result.set(param, found);
      }
      return result;
    },
  };
}

