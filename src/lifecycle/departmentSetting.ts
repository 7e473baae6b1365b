import { IRead } from '@rocket.chat/apps-engine/definition/accessors';
import { ILogger } from '@rocket.chat/apps-engine/definition/accessors';
import { ISetting } from '@rocket.chat/apps-engine/definition/settings';
import { ISettingUpdateContext } from '@rocket.chat/apps-engine/definition/settings/ISettingUpdateContext';
import { SettingId } from '../config/settings';

/**
 * Runs before a setting is saved: an unknown department is refused and the previous value is kept, so
 * a typo in the panel cannot silently stop every new session.
 */
export async function vetSettingUpdate(context: ISettingUpdateContext, read: IRead, logger: ILogger): Promise<ISetting> {
    const { oldSetting, newSetting } = context;
    if (newSetting.id !== SettingId.Department) {
        return newSetting;
    }
    const wanted = String(newSetting.value ?? '').trim();
    if (wanted === '') {
        logger.error('department setting cleared: new sessions cannot open until a department is set');
        return newSetting;
    }
    const department = await read.getLivechatReader().getLivechatDepartmentByIdOrName(wanted);
    if (!department) {
        logger.error(`department "${wanted}" does not exist; keeping "${String(oldSetting.value ?? '')}"`);
        return oldSetting;
    }
    return newSetting;
}
