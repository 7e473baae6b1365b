import * as crypto from 'crypto';

import type { IUser } from '@rocket.chat/apps-engine/definition/users';

import { AppsStore } from './apps';
import { ModelCallFeed } from './calls';
import { VirtualClock } from './clock';
import { BridgeCounters } from './counters';
import { EventJournal } from './events';
import { LivechatStore } from './livechat';
import { AppLogStore } from './logs';
import { NotificationsStore } from './notifications';
import { PersistenceStore } from './persistence';
import { Collections } from './records';
import { RolesStore } from './roles';
import { RoomsStore } from './rooms';
import { SchedulerStore } from './scheduler';
import { ServerSettingsStore } from './serverSettings';
import { UsersStore } from './users';

/** Server-wide facts that are not a collection. */
export class ServerInfo {
    private keyPair?: { publicKey: string; privateKey: string };

    /** The workspace key pair the engine signs installed apps with (internal federation bridge). */
    keys(): { publicKey: string; privateKey: string } {
        this.keyPair ??= crypto.generateKeyPairSync('rsa', {
            modulusLength: 2048,
            publicKeyEncoding: { type: 'spki', format: 'pem' },
            privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
        });
        return this.keyPair;
    }
}

/**
 * An in-memory Rocket.Chat: the state every engine (in this process or another) reads and writes through
 * its bridges, with a virtual clock. Tests set the scene and assert on it directly.
 */
export class ServerModel {
    readonly clock = new VirtualClock();
    readonly collections = new Collections();
    readonly users = new UsersStore(this.collections, this.clock);
    readonly rooms = new RoomsStore(this.collections, this.clock);
    readonly livechat = new LivechatStore(this.collections, this.clock, this.users, this.rooms);
    readonly persistence = new PersistenceStore();
    readonly scheduler = new SchedulerStore(this.clock);
    readonly notifications = new NotificationsStore(this.clock);
    readonly logs = new AppLogStore();
    readonly apps = new AppsStore();
    readonly serverSettings = new ServerSettingsStore();
    readonly roles = new RolesStore();
    readonly counters = new BridgeCounters();
    readonly events = new EventJournal(this.clock);
    readonly server = new ServerInfo();
    /** Every engine call on the model, after it ran (not ported: engines never subscribe). */
    readonly calls = new ModelCallFeed();
    /** RC's built-in bot; the abandoned-room monitor closes rooms as this user. */
    readonly rocketCat: IUser = this.users.add({ username: 'rocket.cat', name: 'Rocket.Cat', type: 'bot', roles: ['bot'] });
}
