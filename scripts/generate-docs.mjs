#!/usr/bin/env node
// `npm run docs`: writes docs/error-codes.md, the README rules table and the libraries table of
// docs/sockets.md from the built package.
// `--check` writes nothing and exits 1 when a file is out of date (test/docs.test.ts checks the same).
import { readFileSync, writeFileSync } from 'node:fs';

import * as codes from '../dist/src/codes.js';
import plugin from '../dist/src/index.js';
import * as libraries from '../dist/src/libraries.js';
import {
  LIBRARIES_BEGIN,
  LIBRARIES_END,
  renderErrorCodes,
  renderLibraries,
  renderRulesTable,
  replaceBetween,
  replaceRulesTable,
} from './render-docs.mjs';

const check = process.argv.includes('--check');
const root = new URL('../', import.meta.url);
const outputs = [
  ['docs/error-codes.md', () => renderErrorCodes(codes)],
  ['README.md', (current) => replaceRulesTable(current, renderRulesTable(plugin.rules, plugin.configs))],
  ['docs/sockets.md', (current) => replaceBetween(current, LIBRARIES_BEGIN, LIBRARIES_END, renderLibraries(libraries))],
];

let stale = 0;
for (const [file, render] of outputs) {
  const url = new URL(file, root);
  let current = '';
  try {
    current = readFileSync(url, 'utf8');
  } catch {
    // first run
  }
  const next = render(current);
  if (next === current) continue;
  if (check) {
    console.error(`${file} is out of date: run \`npm run docs\``);
    stale++;
  } else {
    writeFileSync(url, next);
    console.log(`wrote ${file}`);
  }
}
process.exitCode = stale ? 1 : 0;
