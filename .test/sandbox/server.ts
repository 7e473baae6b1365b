// `npm start`: ShiftLink in the real Apps-Engine (integration host) behind a local page for a
// representative and a shift manager. It runs the zip `npm run package` (`rc-apps package`) has just
// written to dist/, the file an admin uploads. PORT picks the port (default 3000, 0 = any free port);
// SHIFTLINK_SECRET fixes the endpoints' shared secret (default: random, printed below).
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';

import { repoRoot } from '../host/paths';
import { buildPage } from './buildPage';
import type { SandboxServer } from './http';
import { serve } from './http';
import { Sandbox } from './Sandbox';

const PARENT_CHECK_MS = 500;

let sandbox: Sandbox | undefined;
let server: SandboxServer | undefined;
let stopping = false;

/**
 * Stops the page server and the engine (its Deno process with it), then exits. Called on SIGINT (Ctrl+C),
 * SIGTERM and SIGHUP, and when the parent process goes away; a signal during start-up stops as soon as the
 * engine is up, so no Deno process is left behind.
 */
function stop(reason: string): void {
    if (stopping) {
        if (reason.startsWith('SIG')) {
            process.exit(1); // a second Ctrl+C: do not wait for the engine
        }
        return;
    }
    stopping = true;
    console.log(`\n${reason}: stopping…`);
    if (!sandbox) {
        return; // main() sees `stopping` once the engine is up
    }
    Promise.all([server?.close(), sandbox.stop()]).then(
        () => process.exit(0),
        (e) => {
            console.error(e);
            process.exit(1);
        },
    );
}

function watchForStop(): void {
    process.on('SIGINT', () => stop('SIGINT'));
    process.on('SIGTERM', () => stop('SIGTERM'));
    process.on('SIGHUP', () => stop('SIGHUP'));
    // `npm start` killed by its pid: npm passes SIGTERM on, but a shell between npm and node may not, and a
    // SIGKILL passes nothing. Node is then re-parented: stop as if signalled rather than run on unseen.
    const parent = process.ppid;
    setInterval(() => {
        if (process.ppid !== parent) {
            stop('parent process gone');
        }
    }, PARENT_CHECK_MS).unref();
}

async function main(): Promise<void> {
    watchForStop();
    const port = Number(process.env.PORT ?? 3000);
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
        throw new Error(`PORT must be a port number, got "${process.env.PORT}"`);
    }
    const secret = process.env.SHIFTLINK_SECRET || crypto.randomBytes(18).toString('base64url');

    console.log('Building the page…');
    await buildPage();
    const { nameSlug, version } = JSON.parse(fs.readFileSync(path.join(repoRoot, 'app.json'), 'utf8'));
    const zipPath = path.join(repoRoot, 'dist', `${nameSlug}_${version}.zip`);
    if (!fs.existsSync(zipPath)) {
        throw new Error(
            `${path.relative(repoRoot, zipPath)} is missing: start the sandbox with \`npm start\`, which packages the app first`,
        );
    }
    console.log(`Starting ${path.relative(repoRoot, zipPath)} in the Apps-Engine runtime…`);
    sandbox = await Sandbox.start({ secret, zipPath });
    if (stopping) {
        await sandbox.stop();
        process.exit(0);
    }
    try {
        server = await serve(sandbox, port);
    } catch (e) {
        await sandbox.stop();
        const inUse = (e as NodeJS.ErrnoException).code === 'EADDRINUSE';
        throw new Error(inUse ? `Port ${port} is in use: start with another one, e.g. PORT=3001 npm start` : String(e));
    }
    if (stopping) {
        await Promise.all([server.close(), sandbox.stop()]);
        process.exit(0);
    }

    const { repId, dmId } = sandbox.cast;
    const base = server.url.replace(/\/$/, '');
    console.log(
        [
            '',
            `ShiftLink sandbox: ${server.url}`,
            '',
            `  app id         ${sandbox.engine.appId}`,
            `  shared secret  ${secret}`,
            `  rep rita       user ${repId}, DM with the bot ${dmId}`,
            `  state as JSON  ${base}/api/state`,
            '',
            '  The outgoing endpoint (representative → shift manager), as an outgoing webhook calls it:',
            `  curl -X POST "${base}/api/apps/public/${sandbox.engine.appId}/outgoing" \\`,
            `    -H 'Content-Type: application/json' -H "X-ShiftLink-Secret: ${secret}" \\`,
            `    -d '{"message_id":"m1","user_id":"${repId}","channel_id":"${dmId}","text":"hello"}'`,
            '  (with the default relay source "App events" it answers {"relayed":0,"ignored":…}; switch',
            '  "Relay source" to "Webhook endpoints" in Settings to relay through it)',
            '',
            'Ctrl+C stops it.',
        ].join('\n'),
    );
}

main().catch(async (e) => {
    console.error(e instanceof Error ? e.message : e);
    await sandbox?.stop().catch(() => undefined);
    process.exit(1);
});
