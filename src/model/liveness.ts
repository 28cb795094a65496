/**
 * Where a socket is known dead along the code paths of a file: destroyed or ended on this path,
 * inside its own 'close'/'error' listener, in a branch a condition proves it dead (`if
 * (socket.destroyed)`, a dead error code), and where it may have closed while the function runs
 * (a connect callback, an upstream's 'error', a server's 'clientError').
 *
 * Paths are ESLint's code path analysis, which reaches a rule only through its listeners: the
 * rule returns `tracker.listeners` (merged with its own) and asks `deathAt` / `mayBeDeadAt` from
 * its visitors, which run between the segment events, so each answer is about the point the
 * traversal is at.
 */
import type { TSESLint } from '@typescript-eslint/utils';
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';

import { referenceKey } from '../listeners.js';
import { type FunctionNode, isFunction, isLoop } from './ast.js';
import { visitChildren } from './classes.js';
import { branchOf, type ConditionFacts, createConditionFacts, type Fact } from './condition-facts.js';
import { ANY_IO_METHOD, callsWithin, matchOncePerObject } from './dead-socket.js';
import { ENDED_IO, lifecycleEffect } from './liveness-calls.js';
import { mayCallIoHelper } from './helper-io.js';
import { isOuter } from './liveness-keys.js';
import { type Death, type LivenessSeeds, livenessSeeds, type MayBeDead } from './liveness-seeds.js';
import { mayRun } from './reopened-sockets.js';
import type { SocketMatch } from './options.js';
import type { SocketDetector } from './sockets.js';

export type { Death, MayBeDead } from './liveness-seeds.js';

type Segment = TSESLint.CodePathSegment;
type CodePath = TSESLint.CodePath;
type SourceCode = Readonly<TSESLint.SourceCode>;

/**
 * What holds at the end of a segment: sockets dead on every path that reaches it, and sockets a
 * guard proved alive on every path (`checked`: a liveness property such as `writable`; `code`: a
 * branch on an error code that does not kill the socket, which only answers "may be dead").
 */
interface State {
  dead: Map<string, Death>;
  alive: Map<string, 'checked' | 'code'>;
}

interface Frame {
  upper: Frame | undefined;
  codePath: CodePath;
  fn: TSESTree.Node;
  current: Set<Segment>;
  /**
   * No I/O call in the function (nor in the functions inside it, which are paths of their own):
   * nothing in it can be asked about, so its paths keep no state (nor are its seeds found).
   */
  inert: boolean;
}

const NO_FACTS: readonly Fact[] = [];

/** The keys a loop assigns (`null`: a target with no key), when it calls nothing that changes a socket. */
type LoopWrites = ReadonlySet<string | null>;

function emptyState(): State {
  return { dead: new Map(), alive: new Map() };
}

/**
 * The state of most segments: nothing known. Shared by every such segment (and never changed:
 * a segment that learns something gets its own copy first, see `#updateCurrent`).
 */
const NOTHING_KNOWN: State = emptyState();

function isEmpty(state: State): boolean {
  return state.dead.size === 0 && state.alive.size === 0;
}

function copyState(state: State): State {
  return { dead: new Map(state.dead), alive: new Map(state.alive) };
}

function applyFacts(state: State, facts: readonly Fact[]): void {
  for (const fact of facts) {
    if (fact.type === 'dead') {
      state.dead.set(fact.key, { reason: 'dead-code', detail: fact.detail });
      state.alive.delete(fact.key);
    } else if (fact.strength === 'checked') {
      state.dead.delete(fact.key);
      state.alive.set(fact.key, 'checked');
    } else if (!state.alive.has(fact.key)) {
      state.alive.set(fact.key, 'code');
    }
  }
}

/** What holds on every one of the states (one of them, unchanged, when they are all the same). */
function intersect(states: readonly State[]): State {
  const [first, ...rest] = states;
  if (!first) return NOTHING_KNOWN;
  if (rest.every((other) => other === first)) return first;
  if (states.some(isEmpty)) return NOTHING_KNOWN;
  const result = copyState(first);
  for (const other of rest) {
    for (const key of result.dead.keys()) if (!other.dead.has(key)) result.dead.delete(key);
    for (const key of result.alive.keys()) {
      const theirs = other.alive.get(key);
      if (!theirs) result.alive.delete(key);
      else if (theirs === 'code') result.alive.set(key, 'code');
    }
  }
  return result;
}

const ioCallsCache = new WeakMap<TSESTree.Program, ReturnType<typeof callsWithin>>();

/**
 * Can the file (`any`), or a part of it (`within(node)`), call an I/O method? Every question of
 * the liveness model is about an I/O call: a file or function without one has nothing to ask.
 */
export function ioCallsOf(sourceCode: SourceCode): ReturnType<typeof callsWithin> {
  let found = ioCallsCache.get(sourceCode.ast);
  if (!found) {
    found = callsWithin(sourceCode, ANY_IO_METHOD);
    ioCallsCache.set(sourceCode.ast, found);
  }
  return found;
}

/** Why a call fails on every path here, and whether every path only ended the socket. */
export interface KnownDeath {
  death: Death;
  ended: boolean;
}

export class LivenessTracker {
  /** `detector.match` once per reference key: the answers the seeds were found with. */
  readonly matchSocket: (node: TSESTree.Node) => SocketMatch | undefined;
  readonly #sourceCode: SourceCode;
  readonly #seeds: LivenessSeeds;
  readonly #conditions: ConditionFacts;
  readonly #within: (node: TSESTree.Node) => boolean;
  // Maps, not weak ones: the tracker lives for one file's lint, and a weak map costs more per entry.
  readonly #states = new Map<Segment, State>();
  /**
   * States more than one segment holds (a segment that learns nothing keeps its predecessor's
   * state): never changed in place, copied by the segment that changes it.
   */
  readonly #shared = new Set<State>([NOTHING_KNOWN]);
  /** The branch a segment's fork sent to its labelled successor; its other successor gets the opposite. */
  readonly #forks = new Map<Segment, { successor: Segment; test: TSESTree.Expression; value: boolean }>();
  /** What each loop met so far may do to a socket (`#loopWrites`). */
  readonly #loopChanges = new Map<TSESTree.Node, LoopWrites | undefined>();
  #frame: Frame | undefined;

  constructor(sourceCode: SourceCode, sockets: SocketDetector) {
    this.#sourceCode = sourceCode;
    this.matchSocket = matchOncePerObject(sockets, sourceCode);
    this.#seeds = livenessSeeds(sourceCode, sockets, this.matchSocket);
    this.#conditions = createConditionFacts(sourceCode, (error) => this.#seeds.errorKeyOf(error));
    // A function with no I/O call of its own may still call a helper that does (src/model/helper-io.ts).
    const io = ioCallsOf(sourceCode);
    this.#within = (node) => io.within(node) || (isFunction(node) && mayCallIoHelper(node, sourceCode, io));
  }

  /** The code path being walked (a function, the program, a class field's initialiser). */
  get codePath(): CodePath | undefined {
    return this.#frame?.codePath;
  }

  /** The listeners that feed the tracker: the rule returns them with its own. */
  get listeners(): TSESLint.RuleListener {
    // An inert function keeps no segments: with none, every question there answers as with
    // states that know nothing (no death, nothing proved alive, nothing to update).
    const onSegmentStart = (segment: Segment, node: TSESTree.Node): void => {
      const frame = this.#frame;
      if (!frame || frame.inert) return;
      frame.current.add(segment);
      if (segment.reachable) this.#states.set(segment, this.#startState(segment, node));
    };
    const onSegmentEnd = (segment: Segment): void => {
      const frame = this.#frame;
      if (frame && !frame.inert) frame.current.delete(segment);
    };
    return {
      onCodePathStart: (codePath: CodePath, node: TSESTree.Node) => {
        const inert = isFunction(node) && !this.#within(node);
        // Found now, before any use in the function asks the detector about a key.
        if (isFunction(node) && !inert) this.#seeds.of(node);
        this.#frame = { upper: this.#frame, codePath, fn: node, current: new Set(), inert };
      },
      onCodePathEnd: () => {
        this.#frame = this.#frame?.upper;
      },
      onCodePathSegmentStart: onSegmentStart,
      onUnreachableCodePathSegmentStart: onSegmentStart,
      onCodePathSegmentEnd: onSegmentEnd,
      onUnreachableCodePathSegmentEnd: onSegmentEnd,
      'CallExpression:exit': (node: TSESTree.CallExpression) => {
        // `s?.destroy()`: the code path forks on `s` being nullish; the death holds after the
        // chain, where both forks meet (on the other fork `s` is nullish, and `s.write()` throws).
        if (node.parent.type !== AST_NODE_TYPES.ChainExpression) this.#afterCall(node);
      },
      'ChainExpression:exit': (node: TSESTree.ChainExpression) => {
        if (node.expression.type === AST_NODE_TYPES.CallExpression) this.#afterCall(node.expression);
      },
      'AssignmentExpression:exit': (node: TSESTree.AssignmentExpression) => {
        // A new value: whatever was known of the old one no longer holds.
        if (!this.#statesHere().some((state) => state.dead.size > 0)) return;
        const key = referenceKey(node.left, this.#sourceCode);
        if (key === undefined) return;
        const replaced = (dead: string) => dead === key || dead.startsWith(`${key}.`);
        this.#updateCurrent(
          (state) => [...state.dead.keys()].some(replaced),
          (state) => {
            for (const dead of state.dead.keys()) if (replaced(dead)) state.dead.delete(dead);
          },
        );
      },
    } as unknown as TSESLint.RuleListener;
  }

  /**
   * Why `method` on the socket `key` fails on every path that reaches this point: destroyed,
   * closed, in a dead branch, or ended (only writes fail after `end()`: reading and the socket
   * options still work on a half-closed socket). Undefined when some path may have it alive.
   */
  deathAt(key: string, method: string): KnownDeath | undefined {
    const deaths = this.#statesHere().map((state) => state.dead.get(key));
    const matters = (entry: Death | undefined) => entry !== undefined && (entry.reason !== 'ended' || ENDED_IO.has(method));
    const death = deaths.every(matters) ? deaths[0] : undefined;
    return death && { death, ended: deaths.every((entry) => entry?.reason === 'ended') };
  }

  /**
   * Why the socket `key` (read as `object`) may be dead here, when no guard proved it alive on
   * every path: the socket of the 'clientError' listener being walked, or a socket from outside
   * a connect callback or an upstream's 'error' listener.
   */
  mayBeDeadAt(key: string, object: TSESTree.Node): MayBeDead | undefined {
    const frame = this.#frame;
    if (!frame || !isFunction(frame.fn) || frame.inert || this.#seeds.of(frame.fn).mayBeDead === undefined) return undefined;
    if (this.#statesHere().every((state) => state.alive.has(key))) return undefined;
    const source = this.#seeds.mayBeDead(frame.fn);
    if (!source) return undefined;
    if (source.reason === 'client-error') return source.socketKey === key ? source : undefined;
    if (key === source.peerKey || !isOuter(object, source.fn, this.#sourceCode)) return undefined;
    return source;
  }

  /**
   * The connect callback being walked, when `key` is the socket it connects and no guard proved
   * that socket alive on every path here (`peerEndsWhileConnecting` says whether it may be ended).
   */
  connectingSelfAt(key: string): FunctionNode | undefined {
    const frame = this.#frame;
    if (!frame || !isFunction(frame.fn) || frame.inert || this.#seeds.of(frame.fn).mayBeDead === undefined) return undefined;
    if (this.#statesHere().every((state) => state.alive.has(key))) return undefined;
    const source = this.#seeds.mayBeDead(frame.fn);
    return source?.reason === 'connecting' && source.peerKey === key ? source.fn : undefined;
  }

  /** Is some socket known dead on some path here (the rare case every question about a death needs)? */
  knowsDeathHere(): boolean {
    const frame = this.#frame;
    if (!frame || frame.inert) return false;
    for (const segment of frame.current) if ((this.#states.get(segment)?.dead.size ?? 0) > 0) return true;
    return false;
  }

  #statesHere(): State[] {
    if (!this.#frame) return [];
    const states: State[] = [];
    for (const segment of this.#frame.current) if (segment.reachable) states.push(this.#states.get(segment) ?? NOTHING_KNOWN);
    return states;
  }

  #afterCall(node: TSESTree.CallExpression): void {
    // A function with no I/O call keeps no state: what a call does there is never asked.
    if (!this.#frame || this.#frame.inert) return;
    // A call that may run the function that refills a seeded variable gives it a new socket.
    const reopened = isFunction(this.#frame.fn) ? this.#seeds.of(this.#frame.fn).reopened : undefined;
    for (const [key, reopener] of reopened ?? []) {
      if (!this.#statesHere().some((state) => state.dead.has(key)) || !mayRun(node, reopener, this.#sourceCode)) continue;
      this.#updateCurrent(
        (state) => state.dead.has(key),
        (state) => {
          state.dead.delete(key);
        },
      );
    }
    const effect = lifecycleEffect(node, this.#sourceCode);
    if (!effect) return;
    if (effect.type === 'this-call') {
      const ofThis = (key: string) => key.startsWith('this@');
      this.#updateCurrent(
        (state) => [...state.dead.keys()].some(ofThis),
        (state) => {
          for (const key of state.dead.keys()) if (ofThis(key)) state.dead.delete(key);
        },
      );
    } else if (effect.type === 'connected') {
      this.#updateCurrent(
        (state) => state.dead.has(effect.key) || state.alive.get(effect.key) !== 'checked',
        (state) => {
          state.dead.delete(effect.key);
          state.alive.set(effect.key, 'checked');
        },
      );
    } else {
      this.#updateCurrent(
        (state) => effect.type === 'destroyed' || !state.dead.has(effect.key),
        (state) => {
          state.dead.set(effect.key, { reason: effect.type, detail: effect.detail });
          state.alive.delete(effect.key);
        },
      );
    }
  }

  /** Applies `change` to the state of each segment being walked where `changes` says it does something. */
  #updateCurrent(changes: (state: State) => boolean, change: (state: State) => void): void {
    if (!this.#frame) return;
    for (const segment of this.#frame.current) {
      let state = segment.reachable ? this.#states.get(segment) : undefined;
      if (!state || !changes(state)) continue;
      if (this.#shared.has(state)) {
        state = copyState(state);
        this.#states.set(segment, state);
      }
      change(state);
    }
  }

  #startState(segment: Segment, node: TSESTree.Node): State {
    const frame = this.#frame;
    if (!frame) return NOTHING_KNOWN;
    if (segment === frame.codePath.initialSegment) {
      if (!isFunction(frame.fn)) return NOTHING_KNOWN;
      const { seeds } = this.#seeds.of(frame.fn);
      if (seeds.length === 0) return NOTHING_KNOWN;
      const state = emptyState();
      for (const [key, death] of seeds) state.dead.set(key, death);
      return state;
    }
    // A loop head is also reached from the end of the loop body, not walked yet: no death is known
    // there. A guard's proof holds around a loop that does nothing to a socket (`if (s.writable) {
    // for (…) buf[i] = 0; s.write(buf); }`).
    if (node.parent && isLoop(node.parent) && !(node.parent.type === AST_NODE_TYPES.ForStatement && node.parent.init === node)) {
      return this.#loopHeadState(segment, node.parent);
    }
    const branch = branchOf(node);
    const caseFacts = this.#conditions.switchCaseFacts(node);
    const incoming: State[] = [];
    for (const previous of segment.prevSegments) {
      const before = this.#states.get(previous);
      if (!before) return NOTHING_KNOWN; // a back edge not walked yet
      let facts: readonly Fact[] = NO_FACTS;
      if (branch) {
        facts = this.#conditions.facts(branch.test, branch.value);
        this.#forks.set(previous, { successor: segment, ...branch });
      } else {
        const fork = this.#forks.get(previous);
        if (fork && fork.successor !== segment) facts = this.#conditions.facts(fork.test, !fork.value);
      }
      if (caseFacts && caseFacts.length > 0) facts = [...facts, ...caseFacts];
      if (facts.length === 0) {
        incoming.push(before);
        continue;
      }
      const edge = copyState(before);
      applyFacts(edge, facts);
      incoming.push(edge);
    }
    const state = intersect(incoming);
    // Kept by this segment and by the one it came from: neither may change it in place.
    if (segment.prevSegments.some((previous) => this.#states.get(previous) === state)) this.#shared.add(state);
    return state;
  }

  /**
   * What the loop (its functions included) may do to a socket: `undefined` when a call in it ends,
   * destroys or reconnects a socket or calls a method of `this`; otherwise the keys it assigns
   * (`null` for an assignment whose target has no key). The loop's own nodes are read, once per
   * loop: asking for the file's calls here, while the linter is still walking, would make the
   * model walk the whole tree a second time.
   */
  #loopWrites(loop: TSESTree.Node): LoopWrites | undefined {
    if (this.#loopChanges.has(loop)) return this.#loopChanges.get(loop);
    let changes = false;
    const assigned = new Set<string | null>();
    const write = (target: TSESTree.Node): void => {
      assigned.add(referenceKey(target, this.#sourceCode) ?? null);
    };
    const visit = (node: TSESTree.Node): void => {
      if (changes) return;
      if (node.type === AST_NODE_TYPES.CallExpression && lifecycleEffect(node, this.#sourceCode) !== undefined) {
        changes = true;
        return;
      }
      if (node.type === AST_NODE_TYPES.AssignmentExpression) write(node.left);
      // `for (s of list)`: each turn gives the name another value.
      else if ((node.type === AST_NODE_TYPES.ForOfStatement || node.type === AST_NODE_TYPES.ForInStatement) && node.left.type !== AST_NODE_TYPES.VariableDeclaration) write(node.left);
      visitChildren(node, visit, this.#sourceCode);
    };
    visit(loop);
    const found = changes ? undefined : assigned;
    this.#loopChanges.set(loop, found);
    return found;
  }

  /**
   * What holds on every way into the loop, when no call in the loop can change a socket: the
   * sockets proved alive, and those dead whose name the loop gives no new value (a dead socket
   * stays dead however often the loop turns: `while (queue.length) socket.write(queue.shift())`).
   */
  #loopHeadState(segment: Segment, loop: TSESTree.Node): State {
    const walked = (segments: readonly Segment[]): State[] => segments.flatMap((previous) => this.#states.get(previous) ?? []);
    let entered = walked(segment.prevSegments);
    // `for (x of list)`: the head (at `x`) starts before the segment that reads `list`, which the
    // loop's own nodes are (`#loopWrites`): what holds before that segment holds at the head.
    if (entered.length === 0) entered = segment.prevSegments.flatMap((previous) => walked(previous.prevSegments));
    const entry = intersect(entered);
    if (entry.alive.size === 0 && entry.dead.size === 0) return NOTHING_KNOWN;
    const assigned = this.#loopWrites(loop);
    if (!assigned) return NOTHING_KNOWN;
    const state = emptyState();
    for (const [key, strength] of entry.alive) state.alive.set(key, strength);
    if (!assigned.has(null)) {
      for (const [key, death] of entry.dead) {
        if (![...assigned].some((written) => written === key || key.startsWith(`${written}.`))) state.dead.set(key, death);
      }
    }
    return state.alive.size === 0 && state.dead.size === 0 ? NOTHING_KNOWN : state;
  }
}
