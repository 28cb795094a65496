// Lints the given files with ESLint's Linter and the plugin's recommended rules, N times.
// node --cpu-prof bench/profile-sockets.mjs <plugin index.js> <dir> [reps]
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Linter } from 'eslint';
import tseslint from 'typescript-eslint';

const [pluginFile, dir, repsArg] = process.argv.slice(2);
const plugin = (await import(pathToFileURL(path.resolve(pluginFile)).href)).default;
const files = readdirSync(dir, { recursive: true, withFileTypes: true })
  .filter((e) => e.isFile() && /\.(ts|js|mjs|cjs|tsx|jsx)$/.test(e.name))
  .map((e) => path.join(e.parentPath, e.name)).sort();
const texts = files.map((f) => readFileSync(f, 'utf8'));
const config = [{ files: ['**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}'], languageOptions: { parser: tseslint.parser }, plugins: { 'socket-errors': plugin }, rules: plugin.configs.recommended.rules }];
const linter = new Linter({ configType: 'flat', cwd: path.resolve(dir) });
const reps = Number(repsArg ?? 2);
let count = 0;
const t0 = performance.now();
for (let r = 0; r < reps; r++) {
  for (let i = 0; i < files.length; i++) {
    const msgs = linter.verify(texts[i], config, { filename: files[i] });
    count += msgs.length; if (r === 0 && i === 0) console.log(msgs.slice(0, 2));
  }
}
console.log(`${files.length} files x ${reps}: ${count} messages, ${(performance.now() - t0).toFixed(0)} ms`);
