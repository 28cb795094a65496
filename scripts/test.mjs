// `npm test`: the checks (scripts/checks.mjs) and `vitest run` at the same time. The checks keep
// one core busy for about a minute (the lint; the type check ends first), time in which the second
// core used to wait and the tests had not started; the tests fill it. Vitest's output is shown as
// it runs, the checks' once the tests end; the step fails if either fails. Arguments are passed to
// vitest (`npm test -- test/rules`).
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

import { reportChecks, runChecks } from './checks.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const vitestBin = fileURLToPath(new URL('../node_modules/vitest/vitest.mjs', import.meta.url));

const tests = new Promise((resolve) => {
  const child = spawn(process.execPath, [vitestBin, 'run', ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
  child.on('error', (error) => {
    console.error(`vitest: ${error.message}`);
    resolve(1);
  });
  child.on('close', (code) => resolve(code ?? 1));
});

const [checks, testsCode] = await Promise.all([runChecks(), tests]);
console.log('');
const checksPassed = reportChecks(checks);
process.exitCode = checksPassed && testsCode === 0 ? 0 : 1;
