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
    // The compiler rc-apps uses (a dependency of @rocket.chat/apps-cli, resolved from there).
    const cliRequire = createRequire(require.resolve('@rocket.chat/apps-cli/package.json'));
    const { AppsCompiler } = cliRequire('@rocket.chat/apps-compiler') as {
        AppsCompiler: new (desc: object, ts: unknown) => AppsCompilerLike;
    };
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

// An app is exactly these: app.json, its class file and icon, translations, sources, package.json (the
// packager reads the engine range from it). Listing them, not excluding the rest, keeps repo tooling
// (jest.config.js, README, lock file, docs) out of the zip an admin uploads.
function listAppFiles(dir: string): string[] {
    const info = JSON.parse(fs.readFileSync(path.join(dir, 'app.json'), 'utf8')) as { classFile: string; iconFile?: string };
    const tops = ['app.json', 'package.json', info.classFile, info.iconFile].filter(
        (f): f is string => !!f && fs.existsSync(path.join(dir, f)),
    );
    const walk = (rel: string): string[] =>
        fs.readdirSync(path.join(dir, rel), { withFileTypes: true }).flatMap((entry) => {
            const relPath = path.join(rel, entry.name);
            return entry.isDirectory() ? walk(relPath) : entry.isFile() ? [relPath] : [];
        });
    const folders = ['src', 'i18n'].filter((f) => fs.existsSync(path.join(dir, f)));
    return [...tops, ...folders.flatMap(walk)].sort();
}

function contentHash(dir: string, files: string[]): string {
    const hash = crypto.createHash('sha256');
    // The definitions the app compiles against (the project's @rocket.chat/apps-engine, whatever ENGINE runs it).
    hash.update(
        JSON.parse(fs.readFileSync(path.join(repoRoot, 'node_modules', '@rocket.chat', 'apps-engine', 'package.json'), 'utf8')).version,
    );
    for (const file of files) {
        hash.update(file)
            .update('\0')
            .update(new Uint8Array(fs.readFileSync(path.join(dir, file))))
            .update('\0');
    }
    return hash.digest('hex').slice(0, 16);
}

/**
 * Packages the app in `dir` as `rc-apps package` does and returns the zip's path. The result is cached by
 * the content of the app's files, so only the first run after a change pays for the compilation.
 * Packaging happens in a staging copy (stageApp).
 */
export async function packageApp(dir: string): Promise<string> {
    const appDir = path.resolve(dir);
    const files = listAppFiles(appDir);
    const info = JSON.parse(fs.readFileSync(path.join(appDir, 'app.json'), 'utf8')) as { nameSlug: string };
    const zipPath = path.join(scratchDir, 'apps', `${info.nameSlug}-${contentHash(appDir, files)}.zip`);
    if (fs.existsSync(zipPath)) {
        return zipPath;
    }

    const stage = stageApp(appDir, files);
    try {
        // Written beside the cache entry, then renamed (atomic): concurrent jest workers never see half a zip.
        const partial = `${zipPath}.${process.pid}.partial`;
        await compileAndZip(stage.dir, partial);
        fs.renameSync(partial, zipPath);
        return zipPath;
    } finally {
        stage.remove();
    }
}

/**
 * A scratch copy of the app under .tmp/ holding only app files (rc-apps zips and compiles every file of
 * its folder) and a node_modules symlink (it resolves `typescript`, the engine's types and modules from
 * the app folder, partly by literal `<folder>/node_modules/...` paths).
 */
export function stageApp(dir: string, files = listAppFiles(path.resolve(dir))): { dir: string; remove(): void } {
    fs.mkdirSync(scratchDir, { recursive: true });
    const stage = fs.mkdtempSync(path.join(scratchDir, 'stage-'));
    for (const file of files) {
        fs.mkdirSync(path.dirname(path.join(stage, file)), { recursive: true });
        fs.copyFileSync(path.join(path.resolve(dir), file), path.join(stage, file));
    }
    fs.symlinkSync(path.join(repoRoot, 'node_modules'), path.join(stage, 'node_modules'), 'dir');
    return { dir: stage, remove: () => fs.rmSync(stage, { recursive: true, force: true }) };
}

/** Resolves a fixture app folder (e.g. 'echo-app') under test/fixtures/. */
export function fixtureDir(name: string): string {
    return path.join(repoRoot, 'test', 'fixtures', name);
}
