// `npm test`'s checks: the type check and the project's own lint, side by side. Each is one
// process on one core (tsc, then ESLint with type information, about 25 s and 55 s on a 2-core
// machine); run one after the other, the second core waited. Each one's output is printed whole
// when it ends, and the step fails if either fails. `npm test` (scripts/test.mjs) runs them beside
// the tests; `npm run checks` runs them alone.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const bin = (file) => fileURLToPath(new URL(`../node_modules/${file}`, import.meta.url));
const root = fileURLToPath(new URL('..', import.meta.url));
const checks = [
  { name: 'typecheck', bin: bin('typescript/bin/tsc'), args: ['-p', 'tsconfig.json', '--noEmit'] },
  { name: 'lint', bin: bin('eslint/bin/eslint.js'), args: ['.'] },
];

/** Runs every check at once; resolves to each one's exit code, output and time. */
export function runChecks() {
  return Promise.all(
    checks.map(
      ({ name, bin: file, args }) =>
        new Promise((resolve) => {
          const started = Date.now();
          const child = spawn(process.execPath, [file, ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
          let output = '';
          child.stdout.on('data', (chunk) => (output += chunk));
          child.stderr.on('data', (chunk) => (output += chunk));
          child.on('error', (error) => resolve({ name, code: 1, output: `${output}${error.message}\n`, seconds: 0 }));
          child.on('close', (code) => resolve({ name, code: code ?? 1, output, seconds: (Date.now() - started) / 1000 }));
        }),
    ),
  );
}

/** Prints each check's result and output; true when all passed. */
export function reportChecks(results) {
  for (const { name, code, output, seconds } of results) {
    console.log(`${code === 0 ? 'ok  ' : 'FAIL'} ${name} (${seconds.toFixed(1)} s)`);
    if (output.trim() !== '') console.log(output.trimEnd());
  }
  return results.every(({ code }) => code === 0);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  process.exitCode = reportChecks(await runChecks()) ? 0 : 1;
}
