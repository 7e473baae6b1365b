import * as path from 'path';

import { build, stop } from 'esbuild';

import { repoRoot } from '../host/paths';

/** Where `npm start` writes the page's bundle (page.js, page.css, fonts): build output, never committed. */
export const PAGE_DIR = path.join(repoRoot, '.tmp', 'sandbox-page');

/**
 * Bundles the page (ui/main.tsx: React with Rocket.Chat's fuselage, icons and message-parser) with the
 * project's esbuild: one script, one stylesheet with fuselage's and the icon font's CSS, and the fonts
 * they reference. Production React, no source maps: a few seconds on a loaded machine.
 */
export async function buildPage(): Promise<void> {
    await build({
        entryPoints: { page: path.join(repoRoot, '.test', 'sandbox', 'ui', 'main.tsx') },
        outdir: PAGE_DIR,
        bundle: true,
        minify: true,
        format: 'iife',
        platform: 'browser',
        target: 'chrome110',
        jsx: 'automatic',
        define: { 'process.env.NODE_ENV': '"production"' },
        loader: { '.woff2': 'file', '.woff': 'file', '.ttf': 'file', '.eot': 'file', '.svg': 'file' },
        assetNames: '[name]-[hash]',
        logLevel: 'error',
    });
    // esbuild's service process would otherwise live as long as the sandbox.
    await stop();
}
