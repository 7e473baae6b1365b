// ESLint flat config: the recommended JavaScript and typescript-eslint rules, with formatting left to
// Prettier (eslint-config-prettier turns the stylistic rules off). `npm run lint`; `npm run format:check`.
const js = require('@eslint/js');
const { defineConfig } = require('eslint/config');
const prettier = require('eslint-config-prettier');
const globals = require('globals');
const tseslint = require('typescript-eslint');

module.exports = defineConfig(
    { ignores: ['node_modules/', 'dist/', 'build/', '.tmp/'] },
    js.configs.recommended,
    tseslint.configs.recommended,
    {
        files: ['**/*.ts'],
        rules: {
            '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
            // TypeScript checks names itself (typescript-eslint's advice); no-undef only misreads type-only globals.
            'no-undef': 'off',
            eqeqeq: ['error', 'always'],
            'no-console': 'off',
        },
    },
    {
        // Test doubles and the benchmark's JSON report take loosely typed data; the app itself stays strict.
        files: ['.test/**/*.ts'],
        rules: { '@typescript-eslint/no-explicit-any': 'off' },
    },
    {
        // The app itself runs in the engine's Deno sandbox: only the logger, never the console.
        files: ['ShiftLinkApp.ts', 'src/**/*.ts'],
        rules: { 'no-console': 'error' },
    },
    {
        // Sources bundled into the Deno runtime (.test/host/runtime).
        files: ['.test/host/runtime/**/*.ts'],
        languageOptions: { globals: { Deno: 'readonly' } },
    },
    {
        files: ['**/*.js'],
        languageOptions: { sourceType: 'commonjs', globals: globals.node },
        rules: { '@typescript-eslint/no-require-imports': 'off' },
    },
    {
        // The sandbox page's script runs in the browser.
        files: ['.test/sandbox/public/**/*.js'],
        languageOptions: { sourceType: 'script', globals: globals.browser },
    },
    prettier,
);
