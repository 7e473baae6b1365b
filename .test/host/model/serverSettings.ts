import type { ISetting } from '@rocket.chat/apps-engine/definition/settings';
import { SettingType } from '@rocket.chat/apps-engine/definition/settings';

/** RC server settings an app can read (ServerSettingBridge); only what tests set exists. */
export class ServerSettingsStore {
    private readonly settings = new Map<string, ISetting>();

    constructor() {
        this.set('Site_Url', 'http://localhost:3000');
        // RC's default; executeSendMessage refuses longer texts (apps/meteor/app/lib/server/methods/sendMessage.ts).
        this.set('Message_MaxAllowedSize', 5000);
    }

    set(id: string, value: unknown): void {
        const type = typeof value === 'boolean' ? SettingType.BOOLEAN : typeof value === 'number' ? SettingType.NUMBER : SettingType.STRING;
        this.settings.set(id, { id, type, value, packageValue: value, required: false, public: true, i18nLabel: id });
    }

    getOneById(id: string): ISetting | undefined {
        const setting = this.settings.get(id);
        return setting && structuredClone(setting);
    }

    getAll(): ISetting[] {
        return [...this.settings.values()].map((s) => structuredClone(s));
    }

    has(id: string): boolean {
        return this.settings.has(id);
    }
}
