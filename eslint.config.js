// Lint rules that keep the layers honest: the core is pure, the renderer never touches Node or
// Electron, and the preload stays a thin bridge. Style rules are left to TypeScript's strict mode.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const nodeModules = ['node:*', 'fs', 'fs/*', 'path', 'os', 'child_process', 'worker_threads', 'http', 'https', '/net', 'url', 'crypto', 'stream', 'util', 'events'];

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'bin/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: nodeModules, message: 'src/core is pure: no Node built-ins. Pass data in instead.' },
          { group: ['electron', 'electron/*', 'cytoscape', 'cytoscape-*', '@aws-sdk/*'], message: 'src/core imports nothing outside itself (ip-address excepted).' },
          { group: ['../main/*', '../renderer/*', '../preload/*', '../node/*', '../cli/*', '../shared/*', '**/main/**', '**/renderer/**', '**/preload/**', '**/node/**', '**/cli/**'], message: 'src/core imports nothing outside src/core.' },
        ],
      }],
      'no-restricted-globals': ['error', 'window', 'document', 'process', 'require', 'Buffer', 'setImmediate', '__dirname', 'localStorage', 'fetch'],
    },
  },
  {
    files: ['src/renderer/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: nodeModules, message: 'The renderer has no Node: go through the typed API.' },
          { group: ['electron', 'electron/*'], message: 'The renderer never imports electron: use window.reachmap.' },
          { group: ['**/main/**', '**/node/**', '**/preload/**', '**/cli/**'], message: 'The renderer talks to the host only through the API contract.' },
        ],
      }],
      'no-restricted-globals': ['error', 'process', 'require', 'Buffer', '__dirname'],
    },
  },
  {
    files: ['src/preload/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{ group: nodeModules, message: 'The preload is sandboxed: only electron and the contract.' }],
      }],
    },
  },
);
