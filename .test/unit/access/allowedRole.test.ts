import { IRead } from '@rocket.chat/apps-engine/definition/accessors';
import { IRole } from '@rocket.chat/apps-engine/definition/roles';
import { findRole, userHasRole } from '../../../src/access/allowedRole';

const custom: IRole = { id: 'x7Kq2', name: 'Shift reps', description: '', protected: false, scope: 'Users' };
const readWith = (lookup: (nameOrId: string) => Promise<IRole | null>) =>
    ({ getRoleReader: () => ({ getOneByIdOrName: lookup }) }) as unknown as IRead;

describe('allowed role', () => {
    it('finds a role by name or id', async () => {
        const read = readWith(async (v) => (v === custom.id || v === custom.name ? custom : null));
        expect(await findRole(read, 'app', 'Shift reps')).toEqual(custom);
        expect(await findRole(read, 'app', 'x7Kq2')).toEqual(custom);
    });

    it('treats null (as documented) and a throw (as Rocket.Chat does) alike: no such role', async () => {
        expect(
            await findRole(
                readWith(async () => null),
                'app',
                'nope',
            ),
        ).toBeUndefined();
        expect(
            await findRole(
                readWith(async () => Promise.reject(new TypeError("Cannot read properties of null (reading '_id')"))),
                'app',
                'nope',
            ),
        ).toBeUndefined();
    });

    it('matches a user by role id (custom roles) or name (built-in roles, where id = name)', () => {
        expect(userHasRole({ roles: ['user', 'x7Kq2'] }, custom)).toBe(true);
        expect(userHasRole({ roles: ['user'] }, custom)).toBe(false);
        expect(userHasRole({ roles: ['livechat-agent'] }, { id: 'livechat-agent', name: 'livechat-agent' })).toBe(true);
        expect(userHasRole({ roles: undefined as unknown as string[] }, custom)).toBe(false);
    });
});
