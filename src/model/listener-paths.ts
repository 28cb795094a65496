/**
 * A socket's 'error'-listener state along the code paths of the function that holds it: on which
 * paths it has a listener (or was handed on, or destroyed), where a path pauses (`await`, `yield`,
 * `for await`) while the socket has none, and which reads keep it on a path that never gets one
 * although another path does.
 *
 * Paths are ESLint's code path analysis. The tracker records on which segments each node of
 * interest runs, and the rule asks `gaps(flow)` from `Program:exit`, when every function's paths
 * are complete. ESLint ≥ 9 keeps the steps of its traversal, code path events included
 * (`sourceCode.traverse()`): the tracker reads them on the first question, so a file where no
 * socket is ever asked about costs nothing (most files: a listener on every identifier and segment
 * was most of the rule's time). Reading them, it notes where the nodes of the question are and no
 * others (a question with nodes not yet placed reads the steps again): the place of every
 * identifier of the file was most of the cost of a file with sockets. Where the linter keeps no steps, the rule returns
 * `tracker.listeners` with its own and the tracker records as the linter visits. A function inside
 * the holder is one point of the holder's paths: where it is created (a callback that runs later)
 * or called (one that runs right away, src/model/listener-state.ts).
 *
 * Between a socket's creation and its first listener an error can only be emitted when the
 * function lets the event loop run; an error emitted then, with no 'error' listener, ends the
 * process (measured: test/live/listener-paths.live.test.ts).
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';

import { isFunction, skipWrappers } from './ast.js';
import { branchOf } from './condition-facts.js';
import { awaitsConnect, deferringFunction, pausesOf, readsAddress } from './listener-state.js';
import { firstPause, keptRead, NONE, OPEN, openAtEnd, statesAlong, type Step } from './path-states.js';
import type { Owner, SocketFlow, Use } from './socket-flow.js';

type Node = TSESTree.Node;
type Segment = TSESLint.CodePathSegment;
type CodePath = TSESLint.CodePath;
type SourceCode = Readonly<TSESLint.SourceCode>;

/** What the paths of a socket's holder show that the order of its code does not. */
export interface PathGaps {
  /** The first pause reached on a path where the socket has no 'error' listener, hand-off or `destroy()` yet. */
  pause?: Node;
  /** A read on a path that ends with the socket kept and never listened to, while another path listens. */
  kept?: TSESTree.Identifier;
  /** A path that returns without touching the socket at all while another path listens (for `untouched`). */
  left?: boolean;
}

/** Where a node runs: the segments of its code path the traversal was in. */
interface Place {
  path: CodePath;
  segments: readonly Segment[];
}

interface Frame {
  upper: Frame | undefined;
  path: CodePath;
  current: Set<Segment>;
  /** Where the traversal is, shared by the nodes recorded until a segment starts or ends. */
  place: Place | undefined;
}

/** One step of the linter's traversal (`sourceCode.traverse()`): a node entered (phase 1) or left, or a code path event. */
interface TraversalStep {
  kind: number;
  target: unknown;
  phase?: number;
  args?: readonly unknown[];
}
/** The traversal's steps, and where its code paths are in them (`onCodePathStart` to `onCodePathEnd`). */
interface Spans {
  steps: readonly TraversalStep[];
  /** The step that ends each code path, by the step that starts it. */
  endOf: Map<number, number>;
  /** The step that starts the innermost code path of each node that starts one. */
  startOf: Map<Node, number>;
}

interface Recorder {
  /** Notes where the traversal is for a node of interest (every node, or those `wanted`). */
  record: (node: Node) => void;
  /** The code path events, by name. */
  events: Record<string, ((...args: never[]) => void) | undefined>;
}

const VISIT = 1;
const CALL = 2;
/**
 * The nodes the tracker records where they are entered, and where they are left: a pause lets the
 * event loop run once its operand is evaluated, where its evaluation ends.
 */
const RECORDED_ON_ENTER: ReadonlySet<string> = new Set([AST_NODE_TYPES.Identifier, AST_NODE_TYPES.ForOfStatement]);
const RECORDED_ON_EXIT: ReadonlySet<string> = new Set([
  AST_NODE_TYPES.CallExpression,
  AST_NODE_TYPES.NewExpression,
  AST_NODE_TYPES.AwaitExpression,
  AST_NODE_TYPES.YieldExpression,
]);

interface Fork {
  successor: Segment;
  test: TSESTree.Expression;
  value: boolean;
}

export class ListenerPaths {
  readonly #places = new WeakMap<Node, Place>();
  readonly #pathOf = new WeakMap<Node, CodePath>();
  readonly #ends = new WeakMap<CodePath, readonly Segment[]>();
  /** Segments that start a `catch` clause. */
  readonly #catches = new WeakSet<Segment>();
  /** The branch a segment's fork sent to its labelled successor; its other successors get the opposite value. */
  readonly #forks = new WeakMap<Segment, Fork>();
  /** The segments each segment loops back to (the start of a loop's next iteration). */
  readonly #loops = new WeakMap<Segment, Set<Segment>>();
  readonly #sourceCode: SourceCode;
  #frame: Frame | undefined;
  /** The linter's traversal, read on the first question (undefined: recorded by `listeners`). */
  #traversal: (() => Iterable<TraversalStep>) | undefined;
  /** The traversal's steps, and where each code path starts and ends in them (read once, on the first question). */
  #spans: Spans | undefined;
  /** Holders whose code path facts above were read from the traversal: later readings look for places only. */
  readonly #factsRead = new WeakSet<Node>();
  /** Where the program's paths are at its exit, as the last reading of its steps left them. */
  #programEnds: readonly Segment[] | undefined;
  /** Per holder, the nodes whose place a reading of its steps looked for (recorded when it is one of the recorded nodes). */
  readonly #placed = new WeakMap<Node, WeakSet<Node>>();

  /** Answered `{}` without reading the steps where the holder has one path and no pause (off: tests compare both ways). */
  readonly #straightCut: boolean;

  /** `replay: false` records from the rule's listeners even where the linter keeps its traversal (tests compare both). */
  constructor(sourceCode: SourceCode, { replay = true, straightCut = true }: { replay?: boolean; straightCut?: boolean } = {}) {
    this.#sourceCode = sourceCode;
    this.#straightCut = straightCut;
    const traverse = (sourceCode as { traverse?: unknown }).traverse;
    if (replay && typeof traverse === 'function') this.#traversal = () => traverse.call(sourceCode) as Iterable<TraversalStep>;
  }

  /** The listeners that feed the tracker: the rule returns them with its own (none when it reads the linter's traversal). */
  get listeners(): TSESLint.RuleListener {
    if (this.#traversal) return {};
    const { record, events } = this.#recorder();
    const listeners: Record<string, unknown> = { ...events };
    for (const type of RECORDED_ON_ENTER) listeners[type] = record;
    for (const type of RECORDED_ON_EXIT) listeners[`${type}:exit`] = record;
    return listeners as TSESLint.RuleListener;
  }

  /** What each code path event and recorded node does to the tracker's state. */
  #recorder(wanted?: ReadonlySet<Node>, again = false, replaying = false): Recorder {
    // A second reading of the traversal (nodes not placed yet) finds the same code path facts: only frames and places.
    const record = (node: Node): void => {
      const frame = this.#frame;
      if (frame && (!wanted || wanted.has(node))) this.#places.set(node, (frame.place ??= { path: frame.path, segments: [...frame.current] }));
    };
    const onSegmentStart = (segment: Segment, node: Node): void => {
      if (!again) {
        if (node.type === AST_NODE_TYPES.CatchClause) this.#catches.add(segment);
        const branch = branchOf(node);
        if (branch) for (const previous of segment.prevSegments) this.#forks.set(previous, { successor: segment, ...branch });
      }
      if (!this.#frame) return;
      this.#frame.current.add(segment);
      this.#frame.place = undefined;
    };
    const onSegmentEnd = (segment: Segment): void => {
      if (!this.#frame) return;
      this.#frame.current.delete(segment);
      this.#frame.place = undefined;
    };
    const events = {
      onCodePathStart: (path: CodePath, node: Node) => {
        // A function is a point of the paths around it: where it is created.
        record(node);
        // A reading of the traversal sets the path of its holder alone (the innermost path its node starts).
        if (!again && !replaying) this.#pathOf.set(node, path);
        this.#frame = { upper: this.#frame, path, current: new Set(), place: undefined };
      },
      onCodePathEnd: (path: CodePath) => {
        if (!again) this.#ends.set(path, path.returnedSegments);
        this.#frame = this.#frame?.upper;
      },
      onCodePathSegmentLoop: (from: Segment, to: Segment) => {
        if (again) return;
        let targets = this.#loops.get(from);
        if (!targets) this.#loops.set(from, (targets = new Set()));
        targets.add(to);
      },
      onCodePathSegmentStart: onSegmentStart,
      onUnreachableCodePathSegmentStart: onSegmentStart,
      onCodePathSegmentEnd: onSegmentEnd,
      onUnreachableCodePathSegmentEnd: onSegmentEnd,
    };
    return { record, events };
  }

  /**
   * Reads the steps of `owner`'s code path in the linter's traversal, as its listeners would have
   * seen them up to `Program:exit` (where the rule asks): the same events in the same order, the
   * program's own end not yet. The steps of a function inside it are passed over (only where the
   * function is created is a point of the holder's paths: the other events there are the inner
   * function's own). It places the nodes of `wanted` only, and reads the steps only when some of
   * them were not looked for yet for this holder (a node is placed where the traversal is when it
   * is met, whichever reading meets it).
   */
  #replay(owner: Node, wanted: ReadonlySet<Node>): void {
    const traversal = this.#traversal;
    if (!traversal) return;
    this.#spans ??= spansOf(traversal());
    const { steps, endOf, startOf } = this.#spans;
    const start = startOf.get(owner);
    // Not the start of a code path: no paths to read.
    if (start === undefined) return;
    let placed = this.#placed.get(owner);
    if (!placed) this.#placed.set(owner, (placed = new WeakSet()));
    const again = this.#factsRead.has(owner);
    if (again && [...wanted].every((node) => placed.has(node))) return;
    for (const node of wanted) placed.add(node);
    const { record, events } = this.#recorder(wanted, again, true);
    // Each reading starts outside every function; one of the program leaves the tracker in its frame.
    this.#frame = undefined;
    this.#pathOf.set(owner, steps[start]!.args![0] as CodePath);
    const program = this.#sourceCode.ast;
    const end = endOf.get(start)!;
    for (let index = start; index <= end; index++) {
      const step = steps[index]!;
      if (step.kind === CALL) {
        const args = step.args ?? [];
        if (step.target === 'onCodePathStart' && index !== start) {
          const inner = args[1] as Node;
          // A function inside the holder is a point where it is created: its own steps are passed
          // over (not the path of a class field's initialiser around its function: its node is met again).
          if (startOf.get(inner) === index) {
            record(inner);
            index = endOf.get(index)!;
            continue;
          }
        }
        const event = events[step.target as string] as ((...args: readonly unknown[]) => void) | undefined;
        event?.(...args);
        continue;
      }
      if (step.kind !== VISIT) continue;
      const node = step.target as Node;
      if (!wanted.has(node)) {
        if (node === program && step.phase !== 1) break;
      } else if (step.phase === 1) {
        if (RECORDED_ON_ENTER.has(node.type)) record(node);
      } else {
        if (node === program) break;
        if (RECORDED_ON_EXIT.has(node.type)) record(node);
      }
    }
    // The program's paths are read up to its exit, not to their end: its ends are where they are then.
    const frame = this.#frame as Frame | undefined;
    if (owner === program && frame) this.#programEnds = [...frame.current];
    this.#factsRead.add(owner);
  }

  /**
   * Where the socket of `flow` goes without an 'error' listener on some path of its holder only
   * (the paths where it has none on every path are the order of the code's business,
   * src/model/listener-state.ts). Empty when the holder's paths were not recorded.
   */
  gaps(flow: SocketFlow, untouched = false): PathGaps {
    const { owner } = flow.origin;
    // One path through the holder and nothing on it that waits: no path differs from another and
    // none pauses, so there is nothing to find (most holders; their steps are not read).
    if (this.#straightCut && this.#straight(flow)) return {};
    if (this.#traversal) this.#replay(owner, this.#asked(flow));
    const path = this.#pathOf.get(owner);
    if (!path) return {};
    const steps = this.#steps(flow, path);
    if (!steps) return {};
    const ends =
      this.#ends.get(path) ??
      (this.#traversal && owner.type === AST_NODE_TYPES.Program ? this.#programEnds : undefined) ??
      [...(this.#frame?.path === path ? this.#frame.current : [])];
    // A parameter holds the socket from the start; a creation, from where it runs.
    const states = statesAlong(path, steps, isParameter(flow) ? OPEN : NONE, {
      catches: this.#catches,
      // A creation in a loop makes a new socket each time round: the previous one is not followed.
      loops: isParameter(flow) ? undefined : this.#loops,
      absent: (from, to) => absentOn(this.#forks.get(from), to, flow),
    });
    // Two forks on one condition (\`if (tls) a(); … if (tls) b();\`) make paths the code never takes: not compared.
    if (this.#correlated(states.keys())) return {};
    const gaps: PathGaps = {};
    // A socket made by `new` does no I/O before it is told to connect: a pause then cannot meet an error.
    if (flow.origin.node.type !== AST_NODE_TYPES.NewExpression || flow.library) {
      gaps.pause = firstPause(path, steps, states);
    }
    const kept = keptRead(path, steps, states, ends);
    if (kept) gaps.kept = kept;
    // A timer that destroys the socket later ends it on its path, as for `kept`.
    else if (untouched && !flow.uses.some((use) => use.effect === 'destroy' && deferringFunction(use.at, owner)) && openAtEnd(steps, states, ends)) gaps.left = true;
    return gaps;
  }

  /** Does the holder of `flow` have a single code path (no fork) and no pause that the socket can meet? */
  #straight(flow: SocketFlow): boolean {
    const { owner } = flow.origin;
    const spans = this.#traversal ? (this.#spans ??= spansOf(this.#traversal())) : undefined;
    const start = spans?.startOf.get(owner);
    const path = spans ? (start === undefined ? undefined : (spans.steps[start]!.args![0] as CodePath)) : this.#pathOf.get(owner);
    return path !== undefined && !forks(path) && flowPauses(flow, this.#sourceCode).length === 0;
  }

  /** The steps of `flow` on each segment of `path`, in order; undefined when a step's place is unknown. */
  #steps(flow: SocketFlow, path: CodePath): Map<Segment, Step[]> | undefined {
    const { owner } = flow.origin;
    const bySegment = new Map<Segment, Step[]>();
    let complete = true;
    const add = (node: Node, kind: Step['kind'], at: number): void => {
      const place = this.#placeIn(node, owner);
      if (!place || place.path !== path) {
        complete = false;
        return;
      }
      for (const segment of place.segments) {
        let list = bySegment.get(segment);
        if (!list) bySegment.set(segment, (list = []));
        list.push({ at, kind, node });
      }
    };
    if (!isParameter(flow)) add(flow.origin.node, 'origin', flow.origin.from);
    for (const use of flow.uses) {
      // Where the use completes (a call's end) when that was recorded, else where its read is.
      const at = pointOf(use.at, owner);
      if (covers(use, owner)) add(this.#places.has(at) ? use.at : use.from, 'cover', Math.max(at.range[1], flow.origin.from));
    }
    // A callback that destroys the socket later is taken as its end on that path (a timer that closes a
    // refused upgrade): its reads keep nothing. Not one that may hand it on instead (an ident query's).
    const destroyers = new Set(flow.uses.filter((use) => use.effect === 'destroy').map((use) => deferringFunction(use.at, owner)));
    for (const use of flow.uses) if (use.effect !== 'destroy') destroyers.delete(deferringFunction(use.at, owner));
    for (const read of flow.reads) {
      if (read.range[0] < flow.origin.from || readsAddress(read)) continue;
      const callback = deferringFunction(read, owner);
      if (callback && destroyers.has(callback)) continue;
      add(read, 'read', pointOf(read, owner).range[0]);
    }
    for (const pause of flowPauses(flow, this.#sourceCode)) add(pause, 'pause', pauseTime(pause));
    if (!complete) return undefined;
    for (const list of bySegment.values()) list.sort((a, b) => a.at - b.at || order(a.kind) - order(b.kind));
    return bySegment;
  }

  /** The nodes `#steps` looks up the place of for `flow`: where its origin, uses, reads and pauses run. */
  #asked(flow: SocketFlow): Set<Node> {
    const { owner } = flow.origin;
    const asked = new Set<Node>([pointOf(flow.origin.node, owner)]);
    for (const use of flow.uses) {
      asked.add(pointOf(use.at, owner));
      asked.add(pointOf(use.from, owner));
    }
    for (const read of flow.reads) asked.add(pointOf(read, owner));
    for (const pause of pausesOf(owner, this.#sourceCode)) asked.add(pointOf(pause, owner));
    return asked;
  }

  /** Do two forks among `segments` test the same condition (two tests with the same source text)? */
  #correlated(segments: Iterable<Segment>): boolean {
    const tests = new Set<TSESTree.Expression>();
    for (const segment of segments) {
      const fork = this.#forks.get(segment);
      if (fork) tests.add(fork.test);
    }
    if (tests.size < 2) return false;
    const texts = new Set([...tests].map((test) => this.#sourceCode.getText(test)));
    return texts.size < tests.size;
  }

  /** Where `node` runs on the paths of `owner`: a node inside a function of `owner` runs where that function is. */
  #placeIn(node: Node, owner: Owner): Place | undefined {
    return this.#places.get(pointOf(node, owner));
  }
}

/**
 * The pauses of the holder the socket can meet: not inside a callback, not the awaited library call
 * that makes it (its origin), nor an `await client.connect()` whose promise takes its errors.
 */
function flowPauses(flow: SocketFlow, sourceCode: SourceCode): Node[] {
  const { owner, node } = flow.origin;
  return pausesOf(owner, sourceCode).filter((pause) => pause !== node && !deferringFunction(pause, owner) && !awaitsConnect(pause, flow));
}

const forksByPath = new WeakMap<CodePath, boolean>();

/** Does some reachable segment of `path` lead to two reachable ones (an `if`, a loop, a `try`, `&&`, `?.`...)? */
function forks(path: CodePath): boolean {
  let found = forksByPath.get(path);
  for (const seen = new Set<Segment>(), queue = [path.initialSegment]; found === undefined && queue.length > 0; ) {
    const segment = queue.pop()!;
    const next = segment.nextSegments.filter((each) => each.reachable);
    if (next.length > 1) found = true;
    else if (!seen.has(segment)) queue.push(...next);
    seen.add(segment);
  }
  forksByPath.set(path, (found ??= false));
  return found;
}

/**
 * The traversal's steps (the linter keeps them as an array), where each code path ends (by the
 * step that starts it), and where the innermost code path a node starts begins (a class field's
 * function starts the field initialiser's path, then its own). Code paths nest: each ends before
 * the one around it does.
 */
function spansOf(traversal: Iterable<TraversalStep>): Spans {
  const steps = Array.isArray(traversal) ? (traversal as readonly TraversalStep[]) : [...traversal];
  const endOf = new Map<number, number>();
  const startOf = new Map<Node, number>();
  const open: number[] = [];
  for (let index = 0; index < steps.length; index++) {
    const step = steps[index]!;
    if (step.kind !== CALL) continue;
    if (step.target === 'onCodePathStart') {
      open.push(index);
      startOf.set(step.args![1] as Node, index);
    } else if (step.target === 'onCodePathEnd') {
      const start = open.pop();
      if (start !== undefined) endOf.set(start, index);
    }
  }
  // A traversal cut short (none is): the paths still open run to its last step.
  for (const start of open) endOf.set(start, steps.length - 1);
  return { steps, endOf, startOf };
}

/**
 * When a pause lets the event loop run: once its operand is evaluated (`await once(socket,
 * 'connect')` listens for 'error' before it waits), and for `for await`, once its iterable is.
 */
function pauseTime(pause: Node): number {
  return pause.type === AST_NODE_TYPES.ForOfStatement ? pause.right.range[1] : pause.range[1];
}

/**
 * Does the edge from a fork to `to` say the variable holding the socket is empty (`if (socket)`
 * false, `!socket` true, `socket &&` skipped), or does the fork test the socket at all? Then no
 * open socket of this flow is followed on that path.
 */
function absentOn(fork: Fork | undefined, to: Segment, flow: SocketFlow): boolean {
  if (!fork) return false;
  let value = fork.successor === to ? fork.value : !fork.value;
  let test = skipWrappers(fork.test);
  while (test.type === AST_NODE_TYPES.UnaryExpression && test.operator === '!') {
    test = skipWrappers(test.argument);
    value = !value;
  }
  if (!value && test.type === AST_NODE_TYPES.Identifier && flow.reads.includes(test)) return true;
  // A test on the socket itself (`if (stream.setHeader)`: a request, not a socket; `if
  // (socket.destroyed)`) may pick the paths where it is no open socket: not compared below it.
  // Its peer's address (`if (allowed.includes(socket.remoteAddress))`) says nothing of that.
  const [start, end] = fork.test.range;
  return flow.reads.some((read) => read.range[0] >= start && read.range[1] <= end && !readsAddress(read));
}


/** Is the socket of `flow` a parameter of its holder (rather than made by a call or `new` in it)? */
function isParameter(flow: SocketFlow): boolean {
  return flow.origin.node.type === AST_NODE_TYPES.Identifier;
}

/**
 * At one point the socket is made, then read, then handed on, then the function pauses: `await
 * once(socket, 'connect')` ends where its call ends, and `once` listens before the wait.
 */
function order(kind: Step['kind']): number {
  return kind === 'origin' ? 0 : kind === 'read' ? 1 : kind === 'cover' ? 2 : 3;
}

/** `node` itself, or the outermost function inside `owner` that holds it (a point of `owner`'s paths). */
function pointOf(node: Node, owner: Owner): Node {
  let point = node;
  for (let current: Node | undefined = node.parent; current && current !== owner; current = current.parent) {
    if (isFunction(current)) point = current;
  }
  return point;
}

/**
 * Does `use` give the socket a listener (or hand it on, or destroy it) on the path it is on, right
 * away: not in a callback that runs later, not through a function of the file that listens only later.
 */
function covers(use: Use, owner: Owner): boolean {
  if (deferringFunction(use.at, owner)) return false;
  return use.when === undefined || use.when === 'now';
}
