// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

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
    // React's rules of hooks; missing dependencies of an effect or memo are errors (issue 13: a memo missed
    // three of its inputs), including the worker queries' (renderer/state/use-worker-query.ts). The
    // React-Compiler rules of the plugin's v7 preset (refs, set-state-in-effect, …) are not enabled yet:
    // they report about 160 places, most of them the page's render-time refs (last map kept, perf marks).
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': ['error', { additionalHooks: '(useWorkerQuery)' }],
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
