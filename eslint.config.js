// The project lints itself: typescript-eslint (type-checked) everywhere, eslint-plugin-eslint-plugin on rules.
import eslintPlugin from 'eslint-plugin-eslint-plugin';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

export default defineConfig(
  { ignores: ['dist/', 'node_modules/', 'coverage/', 'bench/corpus/', 'test/fixtures/', 'examples/'] },
  {
    files: ['**/*.ts'],
    extends: [tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/**/*.ts', 'rules/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[object.name='ASTUtils'][property.name='findVariable']",
          message: "Use findVariable from src/listeners.ts: ASTUtils.findVariable scans every child scope per lookup, quadratic in long functions.",
        },
      ],
    },
  },
  {
    files: ['rules/**/*.ts'],
    extends: [eslintPlugin.configs.recommended],
    rules: {
      'eslint-plugin/require-meta-docs-description': ['error', { pattern: '^[A-Z].*[^.]$' }],
      'eslint-plugin/require-meta-docs-url': 'off', // RuleCreator sets the URL
      'eslint-plugin/require-meta-default-options': 'error',
      'eslint-plugin/require-meta-schema-description': 'error',
    },
  },
  {
    files: ['test/**/*.ts'],
    rules: {
      // RuleTester and vitest's describe/it return promises the framework awaits.
      '@typescript-eslint/no-floating-promises': 'off',
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    extends: [tseslint.configs.disableTypeChecked],
  },
);
