/**
 * What every verdict check here shares: `node <script>.mjs <checkout>` runs the scenario in a
 * child process (so that a crash is observed, not suffered) and prints "survived" when the child
 * exits normally, or "crashed: <code>" with the error code of the uncaught error it died of.
 * The scenario gets `require` bound to the checkout (its dependencies installed) and must use
 * 127.0.0.1 only; the child is ended after `seconds` in any case.
 */
import { fork } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * @param {string} scriptUrl the calling script's `import.meta.url`
 * @param {string} project what the checkout is a checkout of (for the usage line)
 * @param {(requireFromCheckout: NodeJS.Require) => void} scenario runs in the child
 * @param {number} [seconds] how long the child may run
 */
export function runScenario(scriptUrl, project, scenario, seconds = 3) {
  const script = fileURLToPath(scriptUrl);
  const [libDir, child] = process.argv.slice(2);
  if (!libDir) {
    process.stderr.write(`usage: node ${path.basename(script)} <${project} checkout>\n`);
    process.exit(2);
  }
  if (child === '--child') {
    scenario(createRequire(path.resolve(libDir, 'package.json')));
    setTimeout(() => process.exit(0), seconds * 1000);
    return;
  }
  const run = fork(script, [libDir, '--child'], { stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
  let stderr = '';
  run.stderr.on('data', (chunk) => (stderr += chunk));
  run.on('exit', (code) => {
    const crash = /code: '(\w+)'/.exec(stderr);
    process.stdout.write(code === 0 ? 'survived\n' : `crashed: ${crash ? crash[1] : `exit ${code}`}\n`);
  });
}
