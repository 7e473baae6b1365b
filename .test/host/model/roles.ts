import type { IRole } from '@rocket.chat/apps-engine/definition/roles';

import { newId } from './ids';

// RC's protected default roles (server/startup/initialData + createOrUpdateProtectedRole): id = name.
const DEFAULT_ROLES: Array<Pick<IRole, 'name' | 'scope'>> = [
    { name: 'admin', scope: 'Users' },
    { name: 'user', scope: 'Users' },
    { name: 'bot', scope: 'Users' },
    { name: 'app', scope: 'Users' },
    { name: 'guest', scope: 'Users' },
    { name: 'anonymous', scope: 'Users' },
    { name: 'livechat-agent', scope: 'Users' },
    { name: 'livechat-manager', scope: 'Users' },
    { name: 'livechat-monitor', scope: 'Users' },
    { name: 'owner', scope: 'Subscriptions' },
    { name: 'moderator', scope: 'Subscriptions' },
    { name: 'leader', scope: 'Subscriptions' },
];

/**
 * RC's roles collection. A user's `roles` holds role ids: the same as the name for the default roles, a
 * random id for custom roles (EE insertRole.ts: `Roles.createWithRandomId`).
 */
export class RolesStore {
    private readonly roles = new Map<string, IRole>();

    constructor() {
        DEFAULT_ROLES.forEach((role) => this.roles.set(role.name, { ...role, id: role.name, description: '', protected: true }));
    }

    /** A custom role (EE): random id; the name must be unique ('error-duplicate-role-names-not-allowed'). */
    addCustom(name: string, description = ''): IRole {
        if ([...this.roles.values()].some((r) => r.name === name)) {
            throw new Error('error-duplicate-role-names-not-allowed');
        }
        const role: IRole = { id: newId(), name, description, scope: 'Users', protected: false };
        this.roles.set(role.id, role);
        return { ...role };
    }

    /**
     * Roles.findOneByIdOrName then the apps' role converter (apps/meteor/app/apps/server/bridges/roles.ts,
     * converters/roles.ts): the converter reads fields of the role it is given, so an unknown role makes the
     * bridge throw a TypeError instead of returning null as IRoleRead documents.
     */
    getOneByIdOrName(idOrName: string): IRole {
        const role = this.roles.get(idOrName) || [...this.roles.values()].find((r) => r.name === idOrName);
        if (!role) {
            throw new TypeError("Cannot read properties of null (reading '_id')");
        }
        return { ...role };
    }

    getCustomRoles(): IRole[] {
        return [...this.roles.values()].filter((r) => !r.protected).map((r) => ({ ...r }));
    }
}
