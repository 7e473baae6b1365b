import { IRead } from '@rocket.chat/apps-engine/definition/accessors';
import { IRole } from '@rocket.chat/apps-engine/definition/roles';
import { IUser } from '@rocket.chat/apps-engine/definition/users';

/**
 * The role an admin typed (name or id), as the server knows it. IRoleRead documents `null` for an unknown
 * role, but Rocket.Chat's role converter throws on it (apps/meteor/app/apps/server/converters/roles.ts reads
 * the fields of the null it got): both mean "no such role".
 */
export async function findRole(read: IRead, appId: string, nameOrId: string): Promise<IRole | undefined> {
    try {
        return (await read.getRoleReader().getOneByIdOrName(nameOrId, appId)) ?? undefined;
    } catch {
        return undefined;
    }
}

/** A user's `roles` holds role ids; for the built-in roles the id is the name, for custom roles it is not. */
export function userHasRole(user: Pick<IUser, 'roles'>, role: Pick<IRole, 'id' | 'name'>): boolean {
    const roles = user.roles ?? [];
    return roles.indexOf(role.id) !== -1 || roles.indexOf(role.name) !== -1;
}
