import { IPersistence, IPersistenceRead } from '@rocket.chat/apps-engine/definition/accessors';
import { endingOfRoom, jobOfRoom, sweepKey, warnedOfRoom } from './associations';

export enum EndReason {
    Idle = 'idle',
    /** The idle close of a room no shift manager ever took. */
    NobodyTook = 'nobody-took',
    Rep = 'rep',
}

/*
 * What changes during a session, each under its own association so that no write can undo another's:
 * - job: the pending idle-check job id (writer: the lifecycle's arm);
 * - warned: the last-activity time a warning went out for (writer: the idle check);
 * - ending: why ShiftLink is closing the room (writer: the lifecycle's close).
 * An agent change or a "waiting for an agent" state would be one more concern with its own writer.
 */
interface JobRecord {
    jobId: string;
    /** When the job is due: the sweep tells a lost job from a pending one by it. */
    due: number;
}

async function one<T>(reader: IPersistenceRead, key: ReturnType<typeof jobOfRoom>): Promise<T | undefined> {
    const [record] = (await reader.readByAssociations(key)) as Array<T>;
    return record;
}

export class SessionConcerns {
    constructor(private readonly reader: IPersistenceRead) {}

    public job(roomId: string): Promise<JobRecord | undefined> {
        return one<JobRecord>(this.reader, jobOfRoom(roomId));
    }

    public async setJob(persistence: IPersistence, roomId: string, job: JobRecord): Promise<void> {
        await persistence.updateByAssociations(jobOfRoom(roomId), job, true);
    }

    public async warnedFor(roomId: string): Promise<number | undefined> {
        return (await one<{ warnedFor: number }>(this.reader, warnedOfRoom(roomId)))?.warnedFor;
    }

    public async setWarnedFor(persistence: IPersistence, roomId: string, warnedFor: number): Promise<void> {
        await persistence.updateByAssociations(warnedOfRoom(roomId), { warnedFor }, true);
    }

    public async ending(roomId: string): Promise<EndReason | undefined> {
        return (await one<{ reason: EndReason }>(this.reader, endingOfRoom(roomId)))?.reason;
    }

    public async setEnding(persistence: IPersistence, roomId: string, reason: EndReason): Promise<void> {
        await persistence.updateByAssociations(endingOfRoom(roomId), { reason }, true);
    }

    public async clearEnding(persistence: IPersistence, roomId: string): Promise<void> {
        await persistence.removeByAssociations(endingOfRoom(roomId));
    }

    /** Removes every concern of an ended session; returns the job id it had, to cancel. */
    public async removeAll(persistence: IPersistence, roomId: string): Promise<{ jobId?: string; ending?: EndReason }> {
        const [job, ending] = await Promise.all([
            persistence.removeByAssociations(jobOfRoom(roomId)),
            persistence.removeByAssociations(endingOfRoom(roomId)),
            persistence.removeByAssociations(warnedOfRoom(roomId)),
        ]);
        return {
            jobId: (job as Array<JobRecord> | undefined)?.[0]?.jobId,
            ending: (ending as Array<{ reason: EndReason }> | undefined)?.[0]?.reason,
        };
    }

    /** The app-wide sweep's current job id (writer: the sweep). */
    public async sweepJob(): Promise<string | undefined> {
        return (await one<{ jobId: string }>(this.reader, sweepKey()))?.jobId;
    }

    public async setSweepJob(persistence: IPersistence, jobId: string): Promise<void> {
        await persistence.updateByAssociations(sweepKey(), { jobId }, true);
    }
}
