// `rc-apps deploy` run in the repository root, as Rocket.Chat's docs tell app authors, against the part of
// Rocket.Chat's REST API the CLI talks to (host/appsRestApi.ts): the uploaded package installs into the real
// Apps-Engine and ShiftLink works from it; a second deploy updates the installed app in place.
import { createRequire } from 'module';

import { AppStatus } from '@rocket.chat/apps-engine/definition/AppStatus';
import { AppsRestApi, ServerModel, copyAppFolder, runCli, waitFor } from '../host';
import { repoRoot } from '../host/paths';
import type { World } from './shiftlink/world';
import { agentWrites, botTexts, newRep, openRoomsOf, repWrites, startShiftLink, visitorMessages } from './shiftlink/world';

// Each deploy compiles the app (about 20 s, more on a loaded machine).
jest.setTimeout(180_000);

const ADMIN = { username: 'admin', password: 'deploy-test-password' };
const AdmZip = createRequire(require.resolve('@rocket.chat/apps-engine/package.json'))('adm-zip');
const entriesOf = (zip: Buffer): string[] => new AdmZip(zip).getEntries().map((e: { entryName: string }) => e.entryName);
const ENABLED = [AppStatus.AUTO_ENABLED, AppStatus.MANUALLY_ENABLED];

let server: AppsRestApi;
let checkout: ReturnType<typeof copyAppFolder>;
let world: World;

beforeAll(async () => {
    server = await AppsRestApi.start(new ServerModel(), ADMIN);
    // A copy of the repository as cloned (with .test/, docs, configs): the CLI rewrites app.json where it runs.
    checkout = copyAppFolder(repoRoot);
});
afterAll(async () => {
    await server?.stop();
    checkout?.remove();
});

const deploy = () => runCli(checkout.dir, ['deploy', '--url', server.url, '-u', ADMIN.username, '-p', ADMIN.password]);

test('the first deploy installs the package it builds from the root; ShiftLink then relays both ways', async () => {
    const output = await deploy();

    expect(output).toContain('Uploading App');
    expect(server.uploads.map((u) => u.kind)).toEqual(['install']);
    const names = entriesOf(server.uploads[0].zip);
    expect(names).toEqual(expect.arrayContaining(['app.json', 'ShiftLinkApp.js', 'src/session/lifecycle.js', 'i18n/en.json']));
    expect(names.filter((n) => n.startsWith('.test/') || n.includes('.test.'))).toEqual([]);

    const engine = server.engine!;
    expect(ENABLED).toContain(await engine.appStatus());
    world = await startShiftLink({ model: server.model, engine });
    const rep = newRep(world);
    await repWrites(world, rep, 'Deployed and listening?');
    const room = await waitFor(() => openRoomsOf(world, rep)[0], 'a livechat room for the rep');
    expect(visitorMessages(world, room.id).map((m) => m.text)).toEqual(['Deployed and listening?']);
    await agentWrites(world, world.agentIds[0], room.id, 'Yes, loud and clear.');
    await waitFor(() => botTexts(world, rep).includes('Yes, loud and clear.'), 'the answer in the DM');
});

test('a second deploy updates the installed app, which keeps its settings and works on', async () => {
    const output = await deploy();

    expect(output).toContain('App already exists - updating it.');
    expect(server.uploads.map((u) => u.kind)).toEqual(['install', 'update']);
    expect(ENABLED).toContain(await server.engine!.appStatus());
    const rep = newRep(world);
    await repWrites(world, rep, 'Still there after the update?');
    const room = await waitFor(() => openRoomsOf(world, rep)[0], 'a livechat room after the update');
    expect(room.department?.id ?? (room as { departmentId?: string }).departmentId).toBe(world.departmentId);
});
