import type { IRole } from '@rocket.chat/apps-engine/definition/roles';
import { RoleBridge } from '@rocket.chat/apps-engine/server/bridges';

import type { HostContext } from './context';

/** RC's AppRoleBridge (apps/meteor/app/apps/server/bridges/roles.ts); the engine checks `role.read` first. */
export class HostRoleBridge extends RoleBridge {
    constructor(private readonly ctx: HostContext) {
        super();
    }

    protected async getOneByIdOrName(idOrName: string): Promise<IRole | null> {
        return this.ctx.port.roles.getOneByIdOrName(idOrName);
    }

    protected async getCustomRoles(): Promise<IRole[]> {
        return this.ctx.port.roles.getCustomRoles();
    }
}
