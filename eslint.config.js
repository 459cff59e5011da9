// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'resources/generated/**', 'test-output/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        console: 'readonly',
        process: 'readonly',
        URL: 'readonly',
        setTimeout: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // The pure engine must stay portable: no DOM, no Node built-ins, no Electron, no SQL access.
    files: ['workers/engine/**/*.ts'],
    ignores: ['workers/engine/**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['node:*', 'electron', '@duckdb/*', 'react', 'react-dom', '../db/*'] }],
    },
  },
  {
    // The exporters too (they run in the renderer's DB worker and in the CLI): only the universal
    // entry of write-excel-file, which has no DOM and no Node dependency.
    files: ['workers/export/**/*.ts'],
    ignores: ['workers/export/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: ['node:*', 'electron', '@duckdb/*', 'react', 'react-dom', '../db/*', '../import/*', 'write-excel-file/node', 'write-excel-file/browser'] },
      ],
    },
  },
);
