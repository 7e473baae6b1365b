// The baseline: the echo fixture app, packaged and installed like ShiftLink, answering each DM to its bot
// with one message. Its latency is the floor any app pays in this engine.
import { Engine, ServerModel } from '../host';
import type { LatencyStats } from './probes';
import { latencyStats, RoundTrips } from './probes';
import type { LoopResult } from './relay';
import { timedLoop } from './relay';
import type { Sizes } from './sizes';

export interface EchoResult {
    latency: LatencyStats;
    loop: LoopResult;
}

export async function runEcho(zipPath: string, sizes: Sizes, log: (line: string) => void): Promise<EchoResult> {
    const model = new ServerModel();
    const engine = await Engine.start(model, { zipPath });
    try {
        const trips = new RoundTrips(engine);
        const bot = await engine.appUser();
        // As many users as ShiftLink's small scene has sessions, taken in turn.
        const users = Array.from({ length: sizes.small }, (_, i) => {
            const user = model.users.add({ username: `user-${i}` });
            return { id: user.id, dmId: model.rooms.insertRoom({ type: 'd', userIds: [user.id, bot.id].sort(), creatorId: user.id }).id };
        });
        log(`echo: ${sizes.warmup} warm-up + ${sizes.latencyMessages} timed DMs`);
        const loop = await timedLoop(model, engine, trips, 'echo', sizes.warmup, sizes.latencyMessages, (i) => {
            const user = users[i % users.length];
            return {
                send: (tag) => engine.sendDirectMessage(user.id, user.dmId, { text: tag }),
                answer: (tag) => (m) => m.room?.id === user.dmId && m.sender?.id === bot.id && m.text === `echo: ${tag}`,
            };
        });
        return { latency: latencyStats(loop.latencies), loop };
    } finally {
        await engine.stop();
    }
}
