// ESLint for the TypeScript sources, rules, tests and scripts. Type-aware rules are left out: they would make
// `npm test` parse the whole program twice on two cores; `tsc --noEmit` already checks types.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  // Generated code: src/snapshot/generated/ (scripts/snapshot-schema.mjs) and the fuzzer's bundle (fuzz/run.mjs).
  { ignores: ['dist/**', 'node_modules/**', 'fixtures/**', 'coverage/**', 'src/snapshot/generated/**', 'fuzz/targets.bundle.*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: {
      globals: {
        process: 'readonly', console: 'readonly', Buffer: 'readonly', URL: 'readonly',
        setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly',
      },
    },
  },
  {
    // bin/ is CommonJS (bin/package.json), as the dist/ it loads is.
    files: ['bin/**/*.js'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
);
