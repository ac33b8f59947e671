// ESLint flat config. Besides type-aware TypeScript checks it enforces the import rules of
// STYLE.md ("Imports go one way"); eslint.config.test.ts proves each rule fires.
import js from '@eslint/js';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const tests = ['**/*.test.ts', '**/*.test.tsx'];
const react = {
  paths: ['react', 'react-dom', 'react-router'].map((name) => ({
    name,
    message: 'React belongs in src/app; src/viewer is plain TypeScript that the UI drives.',
  })),
  patterns: [{ group: ['react/*', 'react-dom/*', 'react-router/*'], message: 'React belongs in src/app.' }],
};

/** One import-x/no-restricted-paths zone: files under `target` must not import anything under `from`. */
const zone = (target, from, message) => ({ target, from, message });

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'dist-server/**',
      'test-results/**',
      'playwright-report/**',
      'docs/**',
      'bench/results/**',
      'bench/.cache/**',
      'public/**',
      'node_modules/**',
    ],
  },
  js.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: 'module',
      globals: { ...globals.node, ...globals.browser },
      parserOptions: {
        projectService: {
          allowDefaultProject: [
            '*.js',
            'scripts/*.mjs',
            'bench/*.js',
            'src/server/archive/qido/*.mjs',
            'src/server/htj2k/*.mjs',
          ],
        },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    plugins: { 'import-x': importX },
    settings: {
      'import-x/extensions': ['.ts', '.tsx', '.js', '.mjs'],
      'import-x/external-module-folders': ['node_modules', 'node_modules/@types'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.tsx', '.d.ts', '.js', '.mjs', '.json'] })],
    },
    rules: {
      'import-x/no-cycle': 'error',
      // With noUncheckedIndexedAccess, `rows[0]!` after a length check is how this codebase says
      // "present by construction"; the rule would force dead runtime checks instead.
      '@typescript-eslint/no-non-null-assertion': 'off',
      // `() => setOpen(false)` in handlers and callbacks is clear; only flag void used as a value.
      '@typescript-eslint/no-confusing-void-expression': [
        'error',
        { ignoreArrowShorthand: true, ignoreVoidReturningFunctions: true },
      ],
      // `[...text]` splits into code points, which is what DICOM matching and its limits count.
      '@typescript-eslint/no-misused-spread': ['error', { allow: ['string'] }],
      // Numbers and booleans read fine in messages and URLs; objects and `any` do not.
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
    },
  },
  {
    files: ['src/**/*.{ts,tsx}'],
    rules: {
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            zone('./src/app', './src/server', 'The browser app must not import the server.'),
            zone('./src/server', './src/app', 'The server must not import the browser app.'),
            zone('./src/server', './src/viewer', 'The server must not import the viewer.'),
            ...['./src/app', './src/server', './src/api'].map((from) =>
              zone('./src/viewer', from, 'src/viewer imports only src/dicomweb and src/dicom.'),
            ),
            ...['./src/app', './src/viewer', './src/server', './src/api'].map((from) =>
              zone('./src/dicomweb', from, 'src/dicomweb imports only src/dicom.'),
            ),
            ...['./src/app', './src/viewer', './src/dicomweb', './src/server', './src/api'].map((from) =>
              zone('./src/dicom', from, 'src/dicom imports nothing else of src/.'),
            ),
            ...['./src/app', './src/viewer', './src/dicomweb', './src/server'].map((from) =>
              zone('./src/api', from, 'src/api (contracts shared by app and server) imports only src/dicom.'),
            ),
            zone('./src', './e2e', 'Nothing under src/ imports the end-to-end suite.'),
            zone('./src', './bench', 'Nothing under src/ imports the benchmarks.'),
            zone('./src/**/!(*.test).{ts,tsx}', './test', 'Only tests import test harnesses (test/).'),
            zone('./src/**/!(*.test).{ts,tsx}', './scripts', 'Product code does not import the repository scripts.'),
          ],
        },
      ],
    },
  },
  {
    files: ['src/viewer/**/*.ts', 'src/dicom/**/*.ts', 'src/dicomweb/**/*.ts', 'src/api/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', react] },
  },
  {
    files: ['src/dicom/**/*.ts', 'src/dicomweb/**/*.ts', 'src/api/**/*.ts'],
    ignores: tests,
    // Isomorphic: these run in the browser and in Node.
    rules: { 'import-x/no-nodejs-modules': 'error' },
  },
  {
    ...reactHooks.configs.flat.recommended,
    files: ['src/app/**/*.{ts,tsx}'],
    rules: {
      ...reactHooks.configs.flat.recommended.rules,
      'react-hooks/exhaustive-deps': 'error',
      // Two React Compiler rules that do not fit an app the compiler does not build: `Date.now()`
      // in render is how the share pages show a current expiry (nothing memoises the render), and
      // effects that reset to `loading` before fetching are this app's data-loading pattern.
      'react-hooks/purity': 'off',
      'react-hooks/set-state-in-effect': 'off',
    },
  },
  {
    files: ['src/app/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['@cornerstonejs/*'], message: 'The UI talks to src/viewer, not Cornerstone.' }] },
      ],
    },
  },
  {
    // A test checks the shapes `response.json()` and asymmetric matchers (`expect.any`) leave as
    // `any` by asserting on them: a wrong shape fails the test. Fakes of promise-returning
    // interfaces are `async` without awaiting anything. What `beforeAll` assigns is typed as set,
    // but is unset in `afterAll` when `beforeAll` failed, so cleanup there uses `?.` on purpose.
    files: ['**/*.test.ts', '**/*.test.tsx', 'e2e/**/*.spec.ts'],
    rules: {
      '@typescript-eslint/no-unnecessary-condition': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/require-await': 'off',
      // Tests stringify DICOM JSON values to compare them (an object fails the comparison), and
      // hand code under test fakes in place of class instances.
      '@typescript-eslint/no-base-to-string': 'off',
      '@typescript-eslint/no-unsafe-class-instance-assignment': 'off',
    },
  },
  {
    // Playwright reads a fixture's dependencies from its destructuring pattern, so a fixture that
    // needs none must write `{}`.
    files: ['e2e/**/*.ts'],
    rules: { 'no-empty-pattern': 'off' },
  },
  {
    // Fastify tells promise-style hooks, handlers and plugins from callback-style ones by their
    // returning a promise, so an `async` function without `await` is the documented form there.
    files: ['src/server/**/*.ts', 'test/**/*.ts'],
    rules: { '@typescript-eslint/require-await': 'off' },
  },
  {
    files: ['bench/**/*.{ts,js}'],
    rules: {
      'import-x/no-restricted-paths': [
        'error',
        { zones: [zone('./bench', './e2e', 'bench/ must not import e2e/; shared helpers live in test/support.')] },
      ],
    },
  },
  {
    files: ['**/*.{js,mjs}'],
    ...tseslint.configs.disableTypeChecked,
  },
);
