import type { IUser } from '@rocket.chat/apps-engine/definition/users';

import type { VirtualClock } from './clock';
import { newId } from './ids';
import type { Collections, UserKind, UserRecord } from './records';
import { userView } from './views';

export interface NewUser {
    username: string;
    name?: string;
    roles?: string[];
    type?: UserKind;
    status?: 'online' | 'offline';
    email?: string;
}

export class UsersStore {
    constructor(
        private readonly db: Collections,
        private readonly clock: VirtualClock,
    ) {}

    add(data: NewUser): IUser {
        if (this.findRecordByUsername(data.username)) {
            throw new Error(`error-field-unavailable: username ${data.username} is taken`);
        }
        const now = this.clock.now();
        const record: UserRecord = {
            id: newId(),
            username: data.username,
            name: data.name || data.username,
            type: data.type || 'user',
            roles: data.roles || ['user'],
            status: data.status || 'online',
            isEnabled: true,
            emails: data.email ? [{ address: data.email, verified: true }] : [],
            createdAt: now,
            updatedAt: now,
        };
        this.db.users.set(record.id, record);
        return userView(record);
    }

    /** The user bridge's `create`: the engine creates `<nameSlug>.bot` (type 'app', appId set) on install. */
    createFromApp(data: Partial<IUser>, appId: string): string {
        const user = this.add({
            username: data.username || `${appId}.bot`,
            name: data.name,
            roles: data.roles,
            type: (data.type as UserKind) || 'app',
            status: data.status === 'offline' ? 'offline' : 'online',
        });
        const record = this.db.users.get(user.id)!;
        record.appId = data.appId || appId;
        return record.id;
    }

    getById(id: string): IUser | undefined {
        const record = this.db.users.get(id);
        return record && userView(record);
    }

    getByUsername(username: string): IUser | undefined {
        const record = this.findRecordByUsername(username);
        return record && userView(record);
    }

    getAppUser(appId: string): IUser | undefined {
        const record = [...this.db.users.values()].find((u) => u.type === 'app' && u.appId === appId);
        return record && userView(record);
    }

    update(id: string, updates: Partial<IUser>): boolean {
        const record = this.db.users.get(id);
        if (!record) {
            return false;
        }
        const { name, status, roles, customFields, isEnabled } = updates;
        Object.assign(record, {
            ...(name !== undefined && { name }),
            ...(status !== undefined && { status: status === 'offline' ? 'offline' : 'online' }),
            ...(roles !== undefined && { roles: [...roles] }),
            ...(customFields !== undefined && { customFields: structuredClone(customFields) }),
            ...(isEnabled !== undefined && { isEnabled }),
            updatedAt: this.clock.now(),
        });
        return true;
    }

    remove(id: string): boolean {
        return this.db.users.delete(id);
    }

    removeCreatedByApp(appId: string, type: UserKind): boolean {
        const ids = [...this.db.users.values()].filter((u) => u.appId === appId && u.type === type).map((u) => u.id);
        ids.forEach((id) => this.db.users.delete(id));
        return ids.length > 0;
    }

    countActive(): number {
        return [...this.db.users.values()].filter((u) => u.isEnabled && u.type === 'user').length;
    }

    private findRecordByUsername(username: string): UserRecord | undefined {
        return [...this.db.users.values()].find((u) => u.username === username);
    }
}
