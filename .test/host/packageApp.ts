import { execFile } from 'child_process';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';

import { repoRoot, scratchDir } from './paths';

/**
 * The files `rc-apps package` reads from an app folder: it compiles every `.ts` and zips every other file
 * except under node_modules and dist, and except top-level names starting with a dot
 * (@rocket.chat/apps-compiler 0.1.7, compiler/getAppSource.js and misc/appPackager.js). That is why the
 * test suite lives in `.test/`: in `test/` its files would be compiled into the app.
 */
function listPackagedFiles(dir: string): string[] {
    const skipped = (rel: string): boolean => rel.startsWith('.') || rel === 'dist' || rel.split(path.sep).includes('node_modules');
    const walk = (rel: string): string[] =>
        fs.readdirSync(path.join(dir, rel), { withFileTypes: true }).flatMap((entry) => {
            const relPath = path.join(rel, entry.name);
            if (skipped(relPath)) {
                return [];
            }
            return entry.isDirectory() ? walk(relPath) : entry.isFile() ? [relPath] : [];
        });
    return walk('').sort();
}

function contentHash(dir: string, files: string[]): string {
    const hash = crypto.createHash('sha256');
    // The definitions and compiler the app is packaged with.
    for (const pkg of ['@rocket.chat/apps-engine', '@rocket.chat/apps-cli', 'typescript']) {
        hash.update(JSON.parse(fs.readFileSync(path.join(repoRoot, 'node_modules', pkg, 'package.json'), 'utf8')).version);
    }
    for (const file of files) {
        hash.update(file)
            .update('\0')
            .update(new Uint8Array(fs.readFileSync(path.join(dir, file))))
            .update('\0');
    }
    return hash.digest('hex').slice(0, 16);
}

/** Runs the project's `rc-apps` in `cwd`; rejects with its output when it exits with an error. */
export function runCli(cwd: string, args: string[]): Promise<string> {
    const cli = path.join(repoRoot, 'node_modules', '.bin', 'rc-apps');
    return new Promise((resolve, reject) => {
        execFile(cli, args, { cwd, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) =>
            error ? reject(new Error(`rc-apps ${args[0]} failed in ${cwd}:\n${stdout}${stderr}`)) : resolve(`${stdout}${stderr}`),
        );
    });
}

/**
 * Runs `rc-apps package` on a copy of the app folder `dir` and returns the zip's path, cached by the
 * content of the files the CLI reads, so only the first run after a change pays for the compilation
 * (about 20 s). The copy keeps the folder's dot-folders, so every packaging also shows the CLI skipping
 * `.test/`; it never touches `dir` (the CLI rewrites app.json, and tests package concurrently).
 */
export async function packageApp(dir: string): Promise<string> {
    const appDir = path.resolve(dir);
    const files = listPackagedFiles(appDir);
    const info = JSON.parse(fs.readFileSync(path.join(appDir, 'app.json'), 'utf8')) as { nameSlug: string; version: string };
    const zipPath = path.join(scratchDir, 'apps', `${info.nameSlug}-${contentHash(appDir, files)}.zip`);
    if (fs.existsSync(zipPath)) {
        return zipPath;
    }

    const stage = copyAppFolder(appDir);
    try {
        await runCli(stage.dir, ['package']);
        // Renamed into place (atomic): concurrent jest workers never see half a zip.
        fs.mkdirSync(path.dirname(zipPath), { recursive: true });
        fs.renameSync(path.join(stage.dir, 'dist', `${info.nameSlug}_${info.version}.zip`), zipPath);
        return zipPath;
    } finally {
        stage.remove();
    }
}

/**
 * A scratch copy of an app folder under .tmp/ (without .git, .tmp, dist and node_modules), with a
 * node_modules symlink: the CLI resolves `typescript`, the engine's definitions and modules from the app
 * folder, partly by literal `<folder>/node_modules/...` paths.
 */
export function copyAppFolder(dir: string): { dir: string; remove(): void } {
    fs.mkdirSync(scratchDir, { recursive: true });
    const stage = fs.mkdtempSync(path.join(scratchDir, 'stage-'));
    const left = new Set(['.git', '.tmp', 'dist', 'node_modules']);
    for (const entry of fs.readdirSync(dir)) {
        if (!left.has(entry)) {
            fs.cpSync(path.join(dir, entry), path.join(stage, entry), { recursive: true });
        }
    }
    fs.symlinkSync(path.join(repoRoot, 'node_modules'), path.join(stage, 'node_modules'), 'dir');
    return { dir: stage, remove: () => fs.rmSync(stage, { recursive: true, force: true }) };
}

/** Resolves a fixture app folder (e.g. 'echo-app') under .test/fixtures/. */
export function fixtureDir(name: string): string {
    return path.join(repoRoot, '.test', 'fixtures', name);
}
