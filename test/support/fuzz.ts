/**
 * Seeded program generators for the robustness tests: random JavaScript from eslump, and
 * mutations of socket code (our snippets, the rules' test cases and docs examples). The same seed
 * always gives the same programs, so a failure is reproduced with `FUZZ_SEED=<seed>`.
 */
import { generateRandomJS } from 'eslump';

import { SOCKET_ERROR_CODES } from '../../src/codes.js';

export interface Random {
  next: () => number;
  int: (min: number, max: number) => number;
  pick: <T>(items: readonly T[]) => T;
}

/** mulberry32: a small PRNG with the same sequence everywhere. */
export function createRandom(seed: number): Random {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  return { next, int, pick };
}

/** The seed of program `index` in a run seeded with `seed`: each program can be rebuilt alone. */
export function programSeed(seed: number, index: number): number {
  return (Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) + Math.imul(index + 1, 0xc2b2ae35)) >>> 0;
}

/** The run's seed: `FUZZ_SEED` when set, else a fixed one so `npm test` is deterministic. */
export function fuzzSeed(): number {
  const fromEnv = process.env['FUZZ_SEED'];
  return fromEnv === undefined || fromEnv === '' ? 20_240_611 : Number(fromEnv) >>> 0;
}

export function fuzzCount(fallback: number): number {
  const fromEnv = Number(process.env['FUZZ_COUNT']);
  return Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : fallback;
}

/**
 * eslump draws from `Math.random` and has no seed option, so it gets a seeded one for the
 * duration of the (synchronous) call.
 */
export function randomProgram(seed: number, sourceType: 'module' | 'script', maxDepth: number): string {
  const saved = Math.random;
  Math.random = createRandom(seed).next;
  try {
    return generateRandomJS({ sourceType, maxDepth, comments: true, whitespace: true });
  } finally {
    Math.random = saved;
  }
}

const EVENTS = ['error', 'close', 'end', 'finish', 'timeout', 'connection', 'upgrade', 'data', 'clientError', 'secureConnection'];
const METHODS = ['write', 'end', 'destroy', 'resume', 'pipe', 'cork', 'setKeepAlive', 'setNoDelay', 'on', 'once', 'off', 'prependListener', 'add', 'set', 'delete', 'push'];
const NAMES = ['socket', 'sock', 'conn', 'upstream', 'clientSocket', 'this.socket', 'req', 'res', 'err', 'peer'];
const STATEMENTS = [
  'return;',
  'socket.destroy();',
  'socket.end();',
  'socket.write("bye");',
  'throw err;',
  'process.exit(1);',
  'assert.ifError(err);',
  'if (socket.destroyed) return;',
  'if (err && err.code === "ECONNRESET") return;',
  'clients.add(socket);',
  'const timer = setInterval(() => socket.write(""), 1000);',
  'socket.on("error", (err) => { throw err; });',
  'socket.once("close", () => clearInterval(timer));',
  'switch (err.code) { case "EPIPE": break; }',
  'callback(err);',
  'this.emit("error", err);',
];

type Mutation = (lines: string[], rnd: Random) => string[];

const replaceInRandomLine = (pattern: RegExp, replace: (rnd: Random) => string): Mutation => (lines, rnd) => {
  const candidates = lines.flatMap((line, i) => (pattern.test(line) ? [i] : []));
  if (candidates.length === 0) return lines;
  const i = rnd.pick(candidates);
  const out = [...lines];
  out[i] = lines[i]!.replace(pattern, () => replace(rnd));
  return out;
};

const MUTATIONS: Mutation[] = [
  (lines, rnd) => lines.filter((_, i) => i !== rnd.int(0, lines.length - 1)),
  (lines, rnd) => {
    const i = rnd.int(0, lines.length - 1);
    return [...lines.slice(0, i + 1), lines[i]!, ...lines.slice(i + 1)];
  },
  (lines, rnd) => {
    const i = rnd.int(0, Math.max(0, lines.length - 2));
    const out = [...lines];
    [out[i], out[i + 1]] = [out[i + 1] ?? '', out[i]!];
    return out;
  },
  replaceInRandomLine(/'(?:E[A-Z_]+|ERR_[A-Z_]+)'/, (rnd) => `'${rnd.pick([...SOCKET_ERROR_CODES, 'ECONNRESTE', 'ENOENT', 'ERR_X'])}'`),
  replaceInRandomLine(/'(?:error|close|end|finish|timeout|connection|upgrade|data)'/, (rnd) => `'${rnd.pick(EVENTS)}'`),
  replaceInRandomLine(/\.(?:write|end|destroy|resume|pipe|on|once|add|set|delete)\(/, (rnd) => `.${rnd.pick(METHODS)}(`),
  replaceInRandomLine(/===|!==|&&|\|\|/, (rnd) => rnd.pick(['===', '!==', '&&', '||', '??'])),
  replaceInRandomLine(/\bsocket\b/, (rnd) => rnd.pick(NAMES)),
  (lines, rnd) => {
    const i = rnd.int(0, lines.length);
    return [...lines.slice(0, i), rnd.pick(STATEMENTS), ...lines.slice(i)];
  },
  (lines, rnd) => {
    // A random statement-level chunk from eslump, spliced between two lines.
    const i = rnd.int(0, lines.length);
    const chunk = randomProgram(rnd.int(0, 2 ** 32 - 1), 'script', rnd.int(1, 3));
    return [...lines.slice(0, i), ...chunk.split('\n'), ...lines.slice(i)];
  },
];

/** One to three random mutations of `code` (the result may not parse: callers filter). */
export function mutate(code: string, rnd: Random): string {
  let lines = code.split('\n');
  const rounds = rnd.int(1, 3);
  for (let r = 0; r < rounds && lines.length > 0; r++) lines = rnd.pick(MUTATIONS)(lines, rnd);
  return lines.join('\n');
}
