import { readFileSync } from 'node:fs';

interface PackageJson {
  name: string;
  version: string;
  repository: { url: string };
}

/** The package's own package.json, found from this file in `src/` or in `dist/src/`. */
function readPackageJson(): PackageJson {
  for (const up of ['../package.json', '../../package.json']) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(up, import.meta.url), 'utf8')) as PackageJson;
      if (pkg.name === 'eslint-plugin-socket-errors') return pkg;
    } catch {
      // not at this level
    }
  }
  throw new Error('eslint-plugin-socket-errors: cannot find its own package.json');
}

const pkg = readPackageJson();

export const PACKAGE_NAME = pkg.name;
export const PACKAGE_VERSION = pkg.version;
export const REPOSITORY_URL = pkg.repository.url.replace(/^git\+/, '').replace(/\.git$/, '');
