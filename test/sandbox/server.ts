// `npm start`: ShiftLink in the real Apps-Engine (integration host) behind a local page for a
// representative and a shift manager. PORT picks the port (default 3000, 0 = any free port);
// SHIFTLINK_SECRET fixes the endpoints' shared secret (default: random, printed below).
import * as crypto from 'crypto';

import type { SandboxServer } from './http';
import { serve } from './http';
import { Sandbox } from './Sandbox';

async function main(): Promise<void> {
    const port = Number(process.env.PORT ?? 3000);
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
        throw new Error(`PORT must be a port number, got "${process.env.PORT}"`);
    }
    const secret = process.env.SHIFTLINK_SECRET || crypto.randomBytes(18).toString('base64url');

    console.log('Starting ShiftLink in the Apps-Engine runtime…');
    const sandbox = await Sandbox.start({ secret });
    let server: SandboxServer;
    try {
        server = await serve(sandbox, port);
    } catch (e) {
        await sandbox.stop();
        const inUse = (e as NodeJS.ErrnoException).code === 'EADDRINUSE';
        throw new Error(inUse ? `Port ${port} is in use: start with another one, e.g. PORT=3001 npm start` : String(e));
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

    let stopping = false;
    const stop = (signal: string) => {
        if (stopping) {
            process.exit(1); // a second Ctrl+C: do not wait for the engine
        }
        stopping = true;
        console.log(`\n${signal}: stopping…`);
        Promise.all([server.close(), sandbox.stop()]).then(
            () => process.exit(0),
            (e) => {
                console.error(e);
                process.exit(1);
            },
        );
    };
    process.on('SIGINT', () => stop('SIGINT'));
    process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((e) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
});
