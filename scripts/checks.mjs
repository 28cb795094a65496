// `npm test`'s checks: the type check (`tsc -p tsconfig.json --noEmit`) and the project's own lint
// (`eslint .`), reported one by one; the step fails if either fails. `npm test`
// (scripts/test.mjs) runs them beside the tests; `npm run checks` runs them alone.
//
// Both need the TypeScript program of tsconfig.json, with its types checked: tsc builds it to
// report errors, and the lint's type-aware rules (recommendedTypeChecked) ask the same checker
// about the same files. Run as two processes they built it twice and checked most of it twice
// (about 60 s of CPU on a 2-core machine); here one child process builds it once, reports tsc's
// diagnostics, then hands the checked program to ESLint (`parserOptions.programs` in place of the
// project service, which would build it again from the same tsconfig.json): about 45 s of CPU.
// The lint is still `eslint .` with eslint.config.js; only where its type information comes from
// changes. The other core runs the tests meanwhile. `npm run lint` and `npm run typecheck` stay
// the plain commands.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const self = fileURLToPath(import.meta.url);
const CHILD = '--run-in-this-process';

/** Runs both checks in one child process; resolves to each one's exit code, output and time. */
export function runChecks() {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [self, CHILD], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const failed = (message) => resolve([{ name: 'typecheck and lint', code: 1, output: `${stdout}${stderr}${message}\n`, seconds: 0 }]);
    child.on('error', (error) => failed(error.message));
    child.on('close', (code) => {
      try {
        const results = JSON.parse(stdout);
        if (stderr.trim() !== '') results.at(-1).output += stderr;
        resolve(results);
      } catch {
        failed(`the checks ended with code ${code} before reporting`);
      }
    });
  });
}

/** Prints each check's result and output; true when all passed. */
export function reportChecks(results) {
  for (const { name, code, output, seconds } of results) {
    console.log(`${code === 0 ? 'ok  ' : 'FAIL'} ${name} (${seconds.toFixed(1)} s)`);
    if (output.trim() !== '') console.log(output.trimEnd());
  }
  return results.every(({ code }) => code === 0);
}

/** `tsc -p tsconfig.json --noEmit`: its diagnostics, and the checked program for the lint. */
async function typecheck() {
  const { default: ts } = await import('typescript');
  const host = { getCanonicalFileName: (f) => f, getCurrentDirectory: () => root, getNewLine: () => '\n' };
  let fatal;
  const config = ts.getParsedCommandLineOfConfigFile(
    `${root}tsconfig.json`,
    { noEmit: true },
    { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (diagnostic) => (fatal = diagnostic) },
  );
  if (!config) return { code: 1, output: ts.formatDiagnostics([fatal], host), program: undefined };
  const program = ts.createProgram({
    rootNames: config.fileNames,
    options: config.options,
    projectReferences: config.projectReferences,
    configFileParsingDiagnostics: ts.getConfigFileParsingDiagnostics(config),
  });
  const diagnostics = ts.getPreEmitDiagnostics(program);
  const errors = diagnostics.filter((d) => d.category === ts.DiagnosticCategory.Error).length;
  return { code: errors > 0 ? 2 : 0, output: ts.formatDiagnostics(diagnostics, host), program };
}

/** `eslint .`, with the type information of `program` when there is one. */
async function lint(program) {
  const { ESLint } = await import('eslint');
  const eslint = new ESLint({
    cwd: root,
    overrideConfig: program ? [{ files: ['**/*.ts'], languageOptions: { parserOptions: { projectService: false, programs: [program] } } }] : [],
  });
  const results = await eslint.lintFiles(['.']);
  const output = await (await eslint.loadFormatter('stylish')).format(results);
  return { code: results.some((r) => r.errorCount > 0 || r.fatalErrorCount > 0) ? 1 : 0, output };
}

async function runHere() {
  const results = [];
  const timed = async (name, check) => {
    const started = Date.now();
    try {
      const result = await check();
      results.push({ name, code: result.code, output: result.output, seconds: (Date.now() - started) / 1000 });
      return result;
    } catch (error) {
      results.push({ name, code: 1, output: `${error.stack ?? error}\n`, seconds: (Date.now() - started) / 1000 });
      return undefined;
    }
  };
  const types = await timed('typecheck', typecheck);
  await timed('lint', () => lint(types?.program));
  return results;
}

if (process.argv[1] === self) {
  if (process.argv[2] === CHILD) process.stdout.write(JSON.stringify(await runHere()));
  else process.exitCode = reportChecks(await runChecks()) ? 0 : 1;
}
