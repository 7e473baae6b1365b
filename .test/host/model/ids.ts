import * as crypto from 'crypto';

// Meteor's Random.id() alphabet and length: RC ids for users, rooms and messages look like this.
const ALPHABET = '23456789ABCDEFGHJKLMNPQRSTWXYZabcdefghijkmnopqrstuvwxyz';

export function newId(): string {
    const bytes = crypto.randomBytes(17);
    let id = '';
    for (const byte of bytes) {
        id += ALPHABET[byte % ALPHABET.length];
    }
    return id;
}
