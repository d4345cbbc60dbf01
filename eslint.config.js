// Lint rules for the whole repository: typescript-eslint's recommended set for TS, svelte's for
// components, and the layering rule that only src-main/app may import Electron.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['node_modules/', 'out/', 'dist/', 'resources/', 'bench-results/', 'test-output/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...svelte.configs['flat/recommended'],
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      'no-empty': ['error', { allowEmptyCatch: false }],
    },
  },
  {
    files: ['src-renderer/**/*.{ts,svelte}'],
    languageOptions: {
      globals: { ...globals.browser },
      parserOptions: { parser: tseslint.parser },
    },
  },
  {
    files: ['src-main/**/*.ts'],
    ignores: ['src-main/app/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'electron', message: 'Only src-main/app may import electron.' }] },
      ],
    },
  },
  // Renderer rooms (issue #12 item 12): each feature keeps its state beside its screens in
  // features/<area>/; lib/ (transport, navigation, toasts, settings) and components/ are shared
  // by every feature and never reach into one.
  {
    files: ['src-renderer/lib/**/*.{ts,svelte}', 'src-renderer/components/**/*.{ts,svelte}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/features/**'],
              message: 'lib/ and components/ are shared: they never import from features/.',
            },
          ],
        },
      ],
    },
  },
);
