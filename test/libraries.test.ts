/**
 * The library table (src/libraries.ts) is consistent and its docs are generated from it. Its facts
 * are proved on loopback by test/live/libraries.live.test.ts; which code the rules read as each
 * object, by the rules' tests.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import * as libraries from '../src/libraries.js';
import { LIBRARIES_BEGIN, LIBRARIES_END, renderLibraries, replaceBetween } from '../scripts/render-docs.mjs';
import { repoRoot } from './support/docs.js';

const { LIBRARY_OBJECTS } = libraries;

describe('the library table', () => {
  it('has one entry per object, each measured to crash without a listener', () => {
    expect(new Set(LIBRARY_OBJECTS.map((entry) => entry.id)).size).toBe(LIBRARY_OBJECTS.length);
    for (const entry of LIBRARY_OBJECTS) {
      expect(entry.crashesWithoutErrorListener, entry.id).toBe(true);
      expect(entry.emits, entry.id).toContain('error');
      for (const event of entry.deadEvents) expect(entry.emits, entry.id).toContain(event);
      // Imported, or obtained from another object of the table (`pool.connect()`).
      expect(entry.modules.length > 0 || entry.export.includes('#'), entry.id).toBe(true);
    }
  });

  it('each package is a devDependency, so the live tests run against it (Node modules aside)', () => {
    const manifest = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
      devDependencies: Record<string, string>;
      dependencies: Record<string, string>;
    };
    for (const entry of LIBRARY_OBJECTS) {
      if (entry.package.startsWith('node:')) continue;
      expect(manifest.devDependencies, entry.package).toHaveProperty(entry.package);
      expect(manifest.dependencies, entry.package).not.toHaveProperty(entry.package);
    }
  });

  it("docs/sockets.md's libraries section matches the table (run `npm run docs`)", () => {
    const doc = readFileSync(path.join(repoRoot, 'docs/sockets.md'), 'utf8');
    expect(doc).toBe(replaceBetween(doc, LIBRARIES_BEGIN, LIBRARIES_END, renderLibraries(libraries)));
    for (const entry of LIBRARY_OBJECTS) expect(doc).toContain(`| \`${entry.id}\` |`);
  });
});
