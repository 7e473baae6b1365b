import { ILogger, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import { ISetting } from '@rocket.chat/apps-engine/definition/settings';
import { ISettingUpdateContext } from '@rocket.chat/apps-engine/definition/settings/ISettingUpdateContext';
import { findRole } from '../access/allowedRole';
import { IDLE_TIMEOUT_LIMITS, SettingId } from '../config/settings';

const MIN_SECRET_LENGTH = 16;

const asNumber = (value: unknown): number =>
    typeof value === 'string' && value.trim() !== '' ? Number(value) : typeof value === 'number' ? value : NaN;

/** Why a new value cannot be used, or undefined when it can. */
async function problemWith(setting: ISetting, read: IRead, appId: string): Promise<string | undefined> {
    switch (setting.id) {
        case SettingId.Department: {
            const wanted = String(setting.value ?? '').trim();
            if (wanted !== '' && !(await read.getLivechatReader().getLivechatDepartmentByIdOrName(wanted))) {
                return `department "${wanted}" does not exist`;
            }
            return undefined;
        }
        case SettingId.AllowedRole: {
            const wanted = String(setting.value ?? '').trim();
            if (wanted !== '' && !(await findRole(read, appId, wanted))) {
                return `role "${wanted}" does not exist (give a role name from Administration > Roles, or a role id)`;
            }
            return undefined;
        }
        case SettingId.IdleTimeoutMinutes: {
            const minutes = asNumber(setting.value);
            const { min, max } = IDLE_TIMEOUT_LIMITS;
            return Number.isInteger(minutes) && minutes >= min && minutes <= max
                ? undefined
                : `idle timeout must be a whole number of minutes from ${min} to ${max}`;
        }
        case SettingId.WarningMinutes: {
            const minutes = asNumber(setting.value);
            const timeout = asNumber(await read.getEnvironmentReader().getSettings().getValueById(SettingId.IdleTimeoutMinutes));
            return Number.isInteger(minutes) && minutes >= 0 && (minutes === 0 || minutes < timeout)
                ? undefined
                : `warning must be 0 (off) or a whole number of minutes below the idle timeout (${timeout})`;
        }
        case SettingId.SharedSecret: {
            // Empty switches the endpoints off; anything else must be a secret worth the name.
            const secret = String(setting.value ?? '');
            if (secret === '') {
                return undefined;
            }
            if (secret.trim() === '') {
                return 'the shared secret must not be only spaces';
            }
            return secret.length < MIN_SECRET_LENGTH ? `the shared secret must have at least ${MIN_SECRET_LENGTH} characters` : undefined;
        }
        default:
            return undefined;
    }
}

/**
 * Runs before a setting is saved: a value ShiftLink cannot use is refused and the previous one stays in
 * effect, so a typo in the panel cannot silently stop new sessions or change the idle behaviour.
 */
export async function vetSettingUpdate(context: ISettingUpdateContext, read: IRead, logger: ILogger, appId: string): Promise<ISetting> {
    const { oldSetting, newSetting } = context;
    const problem = await problemWith(newSetting, read, appId);
    if (problem) {
        // A secret is never written to the logs, not even the old one.
        const kept =
            newSetting.id === SettingId.SharedSecret
                ? 'the previous value'
                : `"${String(oldSetting.value ?? oldSetting.packageValue ?? '')}"`;
        logger.error(`setting ${newSetting.id} refused: ${problem}; keeping ${kept}`);
        return oldSetting;
    }
    if (newSetting.id === SettingId.Department && String(newSetting.value ?? '').trim() === '') {
        logger.error('department setting cleared: new sessions cannot open until a department is set');
    }
    return newSetting;
}
