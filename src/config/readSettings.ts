import { IRead } from '@rocket.chat/apps-engine/definition/accessors';
import { IdlePolicy, idlePolicyFrom } from '../lib/idlePolicy';
import { RelaySource, SettingId } from './settings';

/*
 * Settings cached in the app's process: each read is a round trip out of the sandbox, and the relay reads
 * them for every message. `onSettingUpdated` (which the engine calls in every instance's runtime) drops
 * the cached value; the time limit covers an update an instance missed while it was restarting.
 */
const MAX_AGE_MS = 60_000;
const SERVER_LANGUAGE = 'Language';

const cache = new Map<string, { value: unknown; readAt: number }>();

async function cached(id: string, load: () => Promise<unknown>): Promise<unknown> {
    const hit = cache.get(id);
    if (hit && Date.now() - hit.readAt < MAX_AGE_MS) {
        return hit.value;
    }
    const value = await load();
    cache.set(id, { value, readAt: Date.now() });
    return value;
}

/** Drops one cached setting (an app setting's id), or all of them. */
export function forgetSetting(id?: string): void {
    if (id === undefined) {
        cache.clear();
    } else {
        cache.delete(id);
    }
}

const appSetting = (read: IRead, id: SettingId) => cached(id, () => read.getEnvironmentReader().getSettings().getValueById(id));

export async function stringSetting(read: IRead, id: SettingId): Promise<string> {
    const value = await appSetting(read, id);
    return typeof value === 'string' ? value : value === undefined || value === null ? '' : String(value);
}

export async function idlePolicy(read: IRead): Promise<IdlePolicy> {
    const [timeout, warning] = await Promise.all([
        appSetting(read, SettingId.IdleTimeoutMinutes),
        appSetting(read, SettingId.WarningMinutes),
    ]);
    return idlePolicyFrom(timeout, warning);
}

export async function relaySource(read: IRead): Promise<RelaySource> {
    return (await stringSetting(read, SettingId.RelaySource)) === RelaySource.Webhooks ? RelaySource.Webhooks : RelaySource.Events;
}

/** The server's default language (its `Language` setting), for people who never chose one. */
export async function serverLanguage(read: IRead): Promise<string> {
    const value = await cached(`server:${SERVER_LANGUAGE}`, async () => {
        try {
            return await read.getEnvironmentReader().getServerSettings().getValueById(SERVER_LANGUAGE);
        } catch {
            return undefined; // an unreadable server setting must not stop a relay
        }
    });
    return typeof value === 'string' && value !== '' ? value : 'en';
}
