import { RelaySource, SettingId } from '../../../src/config/settings';
import { SECRET, settle, startShiftLink, World } from './world';

/* Issue 9, part 2 §6: no unauthenticated way to stop ShiftLink. */
let world: World;
beforeAll(async () => {
    world = await startShiftLink();
}, 180_000);
afterAll(() => world?.engine.stop());

const secret = () => world.engine.getManager().getSettingsManager().getAppSetting(world.engine.appId, SettingId.SharedSecret).value;
const incoming = () =>
    world.engine.callEndpoint(`/api/apps/public/${world.engine.appId}/incoming`, {
        method: 'POST',
        headers: { 'x-shiftlink-secret': SECRET },
        content: { type: 'LivechatSession' },
    });

async function reenable(): Promise<void> {
    await world.engine.disableApp();
    await world.engine.enableApp();
    await settle(world);
}

describe('Part 2 §6: security', () => {
    it.each([
        ['only spaces', ' '.repeat(20)],
        ['shorter than 16 characters', 'short-secret'],
    ])('a secret of %s is refused, the reason logged without the secret, the old one kept', async (_case, wanted) => {
        await world.engine.setSetting(SettingId.SharedSecret, wanted);
        expect(secret()).toBe(SECRET);
        const logged = world.model.logs.find(`setting ${SettingId.SharedSecret} refused`);
        expect(logged.length).toBeGreaterThan(0);
        expect(logged.some((l) => l.text.includes(SECRET) || (wanted.trim() !== '' && l.text.includes(wanted)))).toBe(false);
    });

    it('with app events as the relay source and no secret, the endpoints are not on the public surface at all', async () => {
        expect((await incoming()).status).toBe(200);
        await world.engine.setSetting(SettingId.SharedSecret, '');
        await reenable();
        expect((await incoming()).status).toBe(404);

        // Switching the relay source to webhooks publishes them again (401 until a secret is set).
        await world.engine.setSetting(SettingId.RelaySource, RelaySource.Webhooks);
        await reenable();
        expect((await incoming()).status).toBe(401);

        await world.engine.setSetting(SettingId.RelaySource, RelaySource.Events);
        await world.engine.setSetting(SettingId.SharedSecret, SECRET);
        await reenable();
        expect((await incoming()).status).toBe(200);
    });
});
