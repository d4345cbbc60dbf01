// Lint rules for the whole repository: typescript-eslint's recommended set for TS, svelte's for
// components, and ARCHITECTURE.md's layering as import rules (issue #9 item 16): only
// src-main/app imports Electron, and no layer imports one above it, so a wrong import fails lint.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';

/**
 * Layers of src-main (ARCHITECTURE.md "Layout"): for each folder, the sibling folders it must
 * not import. contract is pure; store and engine sit below services; services below the
 * transports (app, server, cli), which never import each other's insides or the store.
 */
const LAYERS = {
  contract: ['app', 'server', 'cli', 'services', 'store', 'engine'],
  store: ['app', 'server', 'cli', 'services', 'engine'],
  engine: ['app', 'server', 'cli', 'services', 'store'],
  services: ['app', 'server', 'cli'],
  server: ['app', 'cli', 'store', 'engine'],
  app: ['server', 'cli', 'store', 'engine'],
  cli: ['app', 'store'],
};

/**
 * Inside the engine, dependencies point down: worker → train → nn → npas → arch, with data,
 * backend and protocol at the bottom beside arch. For each part, the parts above it.
 */
const ENGINE_PARTS = {
  arch: ['worker', 'train', 'nn', 'npas'],
  data: ['worker', 'train', 'nn', 'npas'],
  backend: ['worker', 'train', 'nn', 'npas'],
  npas: ['worker', 'train', 'nn'],
  nn: ['worker', 'train'],
  train: ['worker'],
};

/** Folder depth handled below a layer's root (src-main/engine/npas/ssn/x.ts is depth 2). */
const MAX_DEPTH = 5;

const electron = { name: 'electron', message: 'Only src-main/app may import electron.' };

/** A pattern matching relative imports that climb `up` folders and enter one of `folders`. */
function climbInto(up, folders, message) {
  const climb = up === 0 ? '\\./' : `(\\.\\./){${up}}`;
  return { regex: `^${climb}(${folders.join('|')})(/|\\.ts$|$)`, message };
}

/** One config per folder depth: relative imports are resolved by counting '../'. */
function layerConfigs() {
  const configs = [];
  for (const [layer, forbidden] of Object.entries(LAYERS)) {
    for (let depth = 0; depth < MAX_DEPTH; depth++) {
      const files = [`src-main/${layer}/${'*/'.repeat(depth)}*.ts`];
      const patterns = [
        climbInto(
          depth + 1,
          forbidden,
          `src-main/${layer} must not import ${forbidden.join(', ')} (ARCHITECTURE.md: imports point down, transports stay apart).`,
        ),
      ];
      configs.push({
        files,
        ignores: layer === 'engine' && depth === 0 ? ['src-main/engine/worker.ts'] : [],
        rules: {
          'no-restricted-imports': [
            'error',
            { paths: layer === 'app' ? [] : [electron], patterns },
          ],
        },
      });
      if (layer === 'engine') {
        // Files directly in engine/ (protocol.ts, tf.ts, random.ts) are bottom parts (pushed
        // into the config above, same array), but worker.ts, the top, may import everything.
        if (depth === 0) {
          patterns.push(
            climbInto(
              0,
              ['train', 'nn', 'npas'],
              'engine/protocol.ts, tf.ts and random.ts sit at the bottom of the engine.',
            ),
          );
        } else {
          for (const [part, above] of Object.entries(ENGINE_PARTS)) {
            configs.push({
              files: [`src-main/engine/${part}/${'*/'.repeat(depth - 1)}*.ts`],
              rules: {
                'no-restricted-imports': [
                  'error',
                  {
                    paths: [electron],
                    patterns: [
                      ...patterns,
                      climbInto(
                        depth,
                        above,
                        `engine/${part} must not import ${above.join(', ')}, which sit above it (ARCHITECTURE.md).`,
                      ),
                    ],
                  },
                ],
              },
            });
          }
        }
      }
    }
  }
  return configs;
}

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
    rules: { 'no-restricted-imports': ['error', { paths: [electron] }] },
  },
  ...layerConfigs(),
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
