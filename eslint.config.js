// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'out/', 'dist/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { console: 'readonly', process: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['engine/**/*.ts'],
    rules: {
      // The engine core takes time and randomness from outside (see docs/architecture.md).
      'no-restricted-properties': [
        'error',
        { object: 'Math', property: 'random', message: 'Use the seeded PRNG (engine/ecs/random.ts).' },
        { object: 'Date', property: 'now', message: 'Use the injected clock (engine/ecs/clock.ts).' },
        { object: 'performance', property: 'now', message: 'Use the injected clock (engine/ecs/clock.ts).' },
      ],
    },
  },
);
