import type { IUser, IUserCreationOptions } from '@rocket.chat/apps-engine/definition/users';
import { UserBridge } from '@rocket.chat/apps-engine/server/bridges';

import type { HostContext } from './context';

/** RC's AppUserBridge. Unread counts and deactivation are not modelled. */
export abstract class HostUserBridge extends UserBridge {
    constructor(private readonly ctx: HostContext) {
        super();
    }

    protected async getById(id: string): Promise<IUser> {
        return (await this.ctx.port.users.getById(id)) as IUser;
    }

    protected async getByUsername(username: string): Promise<IUser> {
        return (await this.ctx.port.users.getByUsername(username)) as IUser;
    }

    protected async getAppUser(appId?: string): Promise<IUser | undefined> {
        return appId ? this.ctx.port.users.getAppUser(appId) : undefined;
    }

    protected async getActiveUserCount(): Promise<number> {
        return this.ctx.port.users.countActive();
    }

    /** The engine creates the app's bot user here on install: `<nameSlug>.bot`, type 'app'. */
    protected async create(data: Partial<IUser>, appId: string, _options?: IUserCreationOptions): Promise<string> {
        return this.ctx.port.users.createFromApp(data, appId);
    }

    protected async remove(user: IUser): Promise<boolean> {
        return this.ctx.port.users.remove(user.id);
    }

    protected async update(user: IUser, updates: Partial<IUser>): Promise<boolean> {
        return this.ctx.port.users.update(user.id, updates);
    }

    protected async deleteUsersCreatedByApp(appId: string, type: 'app' | 'bot'): Promise<boolean> {
        return this.ctx.port.users.removeCreatedByApp(appId, type);
    }

    protected async getUserRoomIds(userId: string): Promise<string[]> {
        return this.ctx.port.rooms.roomIdsOf(userId);
    }
}
