import { IRead } from '@rocket.chat/apps-engine/definition/accessors';
import { IdlePolicy, idlePolicyFrom } from '../lib/idlePolicy';
import { RelaySource, SettingId } from './settings';

// Each read is a call out of the app's sandbox: hot paths read only the setting they need.
export async function stringSetting(read: IRead, id: SettingId): Promise<string> {
    const value = await read.getEnvironmentReader().getSettings().getValueById(id);
    return typeof value === 'string' ? value : value === undefined || value === null ? '' : String(value);
}

export async function idlePolicy(read: IRead): Promise<IdlePolicy> {
    const settings = read.getEnvironmentReader().getSettings();
    return idlePolicyFrom(
        await settings.getValueById(SettingId.IdleTimeoutMinutes),
        await settings.getValueById(SettingId.WarningMinutes),
    );
}

export async function relaySource(read: IRead): Promise<RelaySource> {
    return (await stringSetting(read, SettingId.RelaySource)) === RelaySource.Webhooks ? RelaySource.Webhooks : RelaySource.Events;
}
