import { IUser } from '@rocket.chat/apps-engine/definition/users';

/** The name people see for a user: the full name, else the username (never an id). */
export function displayName(user: Pick<IUser, 'name' | 'username'>): string {
    return user.name || user.username;
}
