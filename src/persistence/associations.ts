import { RocketChatAssociationModel, RocketChatAssociationRecord } from '@rocket.chat/apps-engine/definition/metadata';

// Every association ShiftLink stores is built here, so record shapes cannot drift between readers and writers.
const kind = (name: string) => new RocketChatAssociationRecord(RocketChatAssociationModel.MISC, `shiftlink-${name}`);
const user = (id: string) => new RocketChatAssociationRecord(RocketChatAssociationModel.USER, id);
const room = (id: string) => new RocketChatAssociationRecord(RocketChatAssociationModel.ROOM, id);
// The visitor token is a key: the server tells us a room's visitor token before any record names the room.
const visitorToken = (token: string) => new RocketChatAssociationRecord(RocketChatAssociationModel.MISC, `shiftlink-token:${token}`);

export const SESSION = kind('session');
export const REP = kind('rep');
// One association per concern of a session, each with one writer (see SessionConcerns).
const JOB = kind('job');
const WARNED = kind('warned');
const ENDING = kind('ending');
const SWEEP = kind('sweep');

export const sessionKey = (repId: string, roomId: string) => [SESSION, user(repId), room(roomId)];
export const sessionsOfRep = (repId: string) => [SESSION, user(repId)];
export const sessionOfRoom = (roomId: string) => [SESSION, room(roomId)];

export const repKey = (repId: string, token: string) => [REP, user(repId), visitorToken(token)];
export const repById = (repId: string) => [REP, user(repId)];
export const repByToken = (token: string) => [REP, visitorToken(token)];

export const jobOfRoom = (roomId: string) => [JOB, room(roomId)];
export const warnedOfRoom = (roomId: string) => [WARNED, room(roomId)];
export const endingOfRoom = (roomId: string) => [ENDING, room(roomId)];
export const sweepKey = () => [SWEEP];
