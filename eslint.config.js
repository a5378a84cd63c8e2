// ESLint flat config: the house rules of ARCHITECTURE.md that a linter can hold.
import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import tseslint from 'typescript-eslint';
import svelteConfig from './svelte.config.js';

const noble = { group: ['@noble/*', 'tiny-secp256k1', '**/tiny-secp256k1/**'], message: 'Only src/worker/crypto may import @noble/* or tiny-secp256k1 (ARCHITECTURE.md rule 8).' };
const workerFromUi = {
  group: ['**/worker/**', '$lib/../worker/**'],
  message: 'The UI reaches the worker only through WorkerApi (src/lib/shared/api.ts).',
};
const ioFromPure = {
  group: ['**/vault/**', '**/transport/**', '**/services/**', 'idb', '@waku/*', 'comlink'],
  message: 'protocol/, identity/ and keycard/ are pure: no I/O imports (ARCHITECTURE.md rule 2).',
};

export default tseslint.config(
  { ignores: ['build/', '.devnet/', '.svelte-kit/', 'node_modules/', 'test-results/', 'playwright-report/', 'src/worker/protocol/generated/', 'bench/results/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...svelte.configs.recommended,
  {
    languageOptions: {
      parserOptions: {
        projectService: true,
        extraFileExtensions: ['.svelte'],
        parser: tseslint.parser,
        svelteConfig,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'error',
      // TypeScript and svelte-check resolve globals; ESLint's own check misreads them.
      'no-undef': 'off',
      'no-restricted-imports': ['error', { patterns: [noble] }],
    },
  },
  { files: ['src/worker/crypto/**'], rules: { 'no-restricted-imports': 'off' } },
  { files: ['src/routes/**', 'src/lib/**'], ignores: ['src/lib/client/**'], rules: { 'no-restricted-imports': ['error', { patterns: [noble, workerFromUi] }] } },
  {
    files: ['src/worker/protocol/**', 'src/worker/identity/**', 'src/worker/keycard/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [noble, ioFromPure] }] },
  },
  {
    files: ['devnode/**', 'scripts/**', 'bench/**', 'e2e/**', 'playwright.config.ts', 'interop/**'],
    languageOptions: { parserOptions: { projectService: false, project: './tsconfig.node.json' } },
    rules: { 'no-console': 'off', 'no-restricted-imports': 'off' },
  },
  // The Keycard emulator plays the card's side with its own crypto, independent of worker/crypto.
  { files: ['test/keycard/**'], rules: { 'no-restricted-imports': 'off', 'no-console': 'off' } },
  { files: ['**/*.js'], ...tseslint.configs.disableTypeChecked },
);
