// The example's ESLint config: the one a TypeScript project writes to use the plugin with type
// information. In your project the plugin comes from npm:
//
//   import socketErrors from 'eslint-plugin-socket-errors';
//
// Here it is this repository's build, so `npm run example` shows what the current rules report.
import tseslint from 'typescript-eslint';

import socketErrors from '../dist/src/index.js';

export default [
  {
    files: ['**/*.ts'],
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: { tsconfigRootDir: import.meta.dirname },
    },
  },
  socketErrors.configs['recommended-type-checked'], // typescript-eslint's parser with its project service
];
