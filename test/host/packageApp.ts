import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { createRequire } from 'module';

import { repoRoot, scratchDir } from './paths';

interface CompilerDiagnostic {
    message: string;
}

interface AppsCompilerLike {
    compilerOptions: Record<string, unknown>;
    compile(folder: string): Promise<{ diagnostics: CompilerDiagnostic[] }>;
    outputZip(outputPath: string): Promise<Buffer>;
}

/**
 * What `rc-apps package` does (same @rocket.chat/apps-compiler, same compiler options, the project's
 * `typescript`), with one difference: `skipLibCheck`. TypeScript 5.7+ makes Uint8Array generic and
 * @types/node 17 then fails to type-check its own buffer.d.ts, so the CLI refuses every app with
 * TypeScript 5.9.3 + @types/node 17.0.45. Errors in the app's own files are still reported.
 */
async function compileAndZip(folder: string, zipPath: string): Promise<void> {
    const { AppsCompiler } = require('@rocket.chat/apps-compiler') as { AppsCompiler: new (desc: object, ts: unknown) => AppsCompilerLike };
    const ts = createRequire(path.join(folder, 'app.json'))('typescript');
    const compiler = new AppsCompiler({ tool: '@rocket.chat/apps-cli', version: '1.7.0', when: new Date() }, ts);
    compiler.compilerOptions.skipLibCheck = true;
    const result = await compiler.compile(folder);
    if (result.diagnostics.length) {
        throw new Error(`TypeScript errors packaging ${folder}:\n${result.diagnostics.map((d) => d.message).join('\n')}`);
    }
    fs.mkdirSync(path.dirname(zipPath), { recursive: true });
    await compiler.outputZip(zipPath);
}

// What rc-apps would never ship, plus the scratch folders of this repo. The packager zips every other
// `.ts` it finds, so the app is packaged from a staging copy that holds only app files.
const SKIPPED_TOP_LEVEL = new Set(['node_modules', 'test', 'dist', 'build', 'coverage']);

function listAppFiles(dir: string, rel = ''): string[] {
    const out: string[] = [];
    for (const entry of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
        const relPath = path.join(rel, entry.name);
        if (entry.name.startsWith('.') || (rel === '' && SKIPPED_TOP_LEVEL.has(entry.name))) {
            continue;
        }
        if (entry.isDirectory()) {
            out.push(...listAppFiles(dir, relPath));
        } else if (entry.isFile()) {
            out.push(relPath);
        }
    }
    return out.sort();
}

function contentHash(dir: string, files: string[]): string {
    const hash = crypto.createHash('sha256');
    hash.update(require('@rocket.chat/apps-engine/package.json').version);
    for (const file of files) {
        hash.update(file).update("\0").update(new Uint8Array(fs.readFileSync(path.join(dir, file)))).update("\0");
    }
    return hash.digest('hex').slice(0, 16);
}

/**
 * Packages the app in `dir` as `rc-apps package` does and returns the zip's path. The result is cached by
 * the content of the app's files, so only the first run after a change pays for the compilation.
 *
 * Packaging happens in a staging copy holding only app files (the packager zips every file it finds) and a
 * node_modules symlink (it resolves `typescript`, the engine's types and modules from the app folder).
 */
export async function packageApp(dir: string): Promise<string> {
    const appDir = path.resolve(dir);
    const files = listAppFiles(appDir);
    const info = JSON.parse(fs.readFileSync(path.join(appDir, 'app.json'), 'utf8')) as { nameSlug: string };
    const zipPath = path.join(scratchDir, 'apps', `${info.nameSlug}-${contentHash(appDir, files)}.zip`);
    if (fs.existsSync(zipPath)) {
        return zipPath;
    }

    fs.mkdirSync(scratchDir, { recursive: true });
    const stage = fs.mkdtempSync(path.join(scratchDir, `stage-${info.nameSlug}-`));
    try {
        for (const file of files) {
            fs.mkdirSync(path.dirname(path.join(stage, file)), { recursive: true });
            fs.copyFileSync(path.join(appDir, file), path.join(stage, file));
        }
        // The compiler instantiates the main class by requiring `<folder>/node_modules/...` literally.
        fs.symlinkSync(path.join(repoRoot, 'node_modules'), path.join(stage, 'node_modules'), 'dir');
        // Written beside the cache entry, then renamed (atomic): concurrent jest workers never see half a zip.
        const partial = `${zipPath}.${process.pid}.partial`;
        await compileAndZip(stage, partial);
        fs.renameSync(partial, zipPath);
        return zipPath;
    } finally {
        fs.rmSync(stage, { recursive: true, force: true });
    }
}

/** Resolves a fixture app folder (e.g. 'echo-app') under test/fixtures/. */
export function fixtureDir(name: string): string {
    return path.join(repoRoot, 'test', 'fixtures', name);
}
