// Turns the measurements into results.json and the table a reader checks: every figure with its target
// (issue 13) and PASS/MISS, a miss with what caused it; figures without a target are printed as "info".
import * as os from 'os';

import type { AppHeap } from './appRuntime';
import type { VariantResult } from './echoPhase';
import type { BridgeSplit } from './probes';
import { latencyStats, meanOf, median, round3 } from './probes';
import type { LoopResult, MessageCost } from './relay';
import type { Path, ScaleResult, State } from './scalePhase';
import type { Direction, DirectionResult } from './shiftlinkPhase';
import { DIRECTIONS } from './shiftlinkPhase';
import type { Sizes } from './sizes';

export const VARIANTS = ['floor_echo', 'echo', 'rep_to_manager', 'manager_to_rep'] as const;
export type Variant = (typeof VARIANTS)[number];
/** The variants of every round, in an order rotated each round (the plain echo runs in the first round only). */
export const ROTATED: Variant[] = ['floor_echo', 'rep_to_manager', 'manager_to_rep'];

export interface RoundResult {
    order: Variant[];
    results: { floor_echo: VariantResult; echo?: VariantResult; rep_to_manager: DirectionResult; manager_to_rep: DirectionResult };
}

export interface Target {
    key: string;
    figure: string;
    value: number;
    target: string;
    pass: boolean;
    /** What the value is made of (a miss's cause can be read from it). */
    detail: string;
}

export const TARGETS = {
    sequential: { rep_to_manager: 2, manager_to_rep: 1 },
    ratioVsFloor: 1.5,
    bridgeCallsByApp: 3,
    heapRatio: 1.1,
    scaleRatio: 1.2,
    runSeconds: 300,
};

export function machine(load: { before: number[]; after: number[] }): Record<string, unknown> {
    const cpus = os.cpus();
    return {
        os: `${os.type()} ${os.release()} (${os.platform()}/${os.arch()})`,
        cpu: cpus[0]?.model?.trim() || 'unknown',
        cores: cpus.length,
        node: process.version,
        memory_gb: round3(os.totalmem() / 1024 ** 3),
        // 1-minute load average at the start and the end of the run: how busy the machine was with other work.
        load_average: [round3(load.before[0]), round3(load.after[0])],
    };
}

const spread = (values: number[]) => ({
    median: round3(median(values)),
    min: round3(Math.min(...values)),
    max: round3(Math.max(...values)),
});

export interface CostSummary {
    messages: number;
    /** Median over the messages (the path they take); the max and the histogram beside it. */
    sequential_app_calls: number;
    sequential_app_calls_max: number;
    sequential_app_calls_histogram: Record<string, number>;
    /** Requests the engine sent the app before the answer was stored (it awaits each in turn), median. */
    host_to_app_before_answer: number;
    /** Both together: the round trips between the engine and the app a message waits for, median. */
    round_trips_in_sequence: number;
    app_requests: number;
    /** Requests the host answers with a bridge call (the app's reads go through accessors, then bridges). */
    bridge_calls_by_app: number;
    /** Reads of the app's own settings: the engine answers them from memory, no bridge call, still a round trip. */
    app_setting_reads: number;
    usual_shape: string;
    usual_shape_share: number;
}

const APP_SETTING_READ = /^accessor:.*:getEnvironmentReader:getSettings:/;

/** The app's requests per message: how many in sequence, how many bridge calls, and the usual shape. */
export function costSummary(costs: MessageCost[]): CostSummary {
    const histogram: Record<string, number> = {};
    const shapes = new Map<string, number>();
    for (const c of costs) {
        histogram[c.sequential] = (histogram[c.sequential] || 0) + 1;
        shapes.set(c.shape, (shapes.get(c.shape) || 0) + 1);
    }
    const [shape, count] = [...shapes].sort((a, b) => b[1] - a[1])[0] || ['none', 0];
    const mean = (f: (c: MessageCost) => number) => round3(costs.reduce((a, c) => a + f(c), 0) / Math.max(1, costs.length));
    return {
        messages: costs.length,
        sequential_app_calls: median(costs.map((c) => c.sequential)),
        sequential_app_calls_max: Math.max(...costs.map((c) => c.sequential)),
        sequential_app_calls_histogram: histogram,
        host_to_app_before_answer: median(costs.map((c) => c.host_to_app_before_answer)),
        round_trips_in_sequence: median(costs.map((c) => c.host_to_app_before_answer + c.sequential)),
        app_requests: mean((c) => c.app_requests),
        bridge_calls_by_app: mean((c) => c.methods.filter((m) => !APP_SETTING_READ.test(m)).length),
        app_setting_reads: mean((c) => c.methods.filter((m) => APP_SETTING_READ.test(m)).length),
        usual_shape: shape,
        usual_shape_share: round3(count / Math.max(1, costs.length)),
    };
}

function pathFigures(loops: LoopResult[]) {
    const latency = latencyStats(loops.flatMap((l) => l.latencies));
    return {
        p50_ms: latency.p50_ms,
        p95_ms: latency.p95_ms,
        samples: latency.n,
        ...costSummary(loops.flatMap((l) => l.costs)),
        bridge_calls: meanOf(loops.map((l) => l.bridge)),
    };
}

export function buildResults(
    rounds: RoundResult[],
    scale: ScaleResult,
    sizes: Sizes,
    quick: boolean,
    seconds: number,
    load: { before: number[]; after: number[] },
    dbRoundTripMs: number,
): Record<string, any> {
    const perRound = rounds.map((round, i) => {
        const ran = VARIANTS.filter((v) => round.results[v]);
        const p50 = Object.fromEntries(ran.map((v) => [v, latencyStats(round.results[v]!.loop.latencies).p50_ms])) as Record<
            Variant,
            number
        >;
        return {
            round: i + 1,
            order: round.order,
            p50_ms: p50,
            ratio_vs_floor_echo: Object.fromEntries(ran.filter((v) => v !== 'floor_echo').map((v) => [v, round3(p50[v] / p50.floor_echo)])),
        };
    });
    const variant = (v: Variant) => {
        const ran = rounds.filter((r) => r.results[v]);
        const loops = ran.map((r) => r.results[v]!.loop);
        const ratios = perRound.filter((r) => v in r.p50_ms).map((r) => (r.ratio_vs_floor_echo as Record<string, number>)[v]);
        const ratio =
            v === 'floor_echo'
                ? {}
                : {
                      p50_ratio_vs_floor_echo: spread(ratios).median,
                      p50_ratio_vs_floor_echo_min: spread(ratios).min,
                      p50_ratio_vs_floor_echo_max: spread(ratios).max,
                  };
        const heaps = ran.map((r) => r.results[v]!.app_heap);
        return {
            ...ratio,
            rounds: ran.length,
            p50_ms: spread(perRound.filter((r) => v in r.p50_ms).map((r) => r.p50_ms[v])),
            p95_ms: spread(loops.map((l) => latencyStats(l.latencies).p95_ms)),
            ...costSummary(loops.flatMap((l) => l.costs)),
            bridge_calls: meanOf(loops.map((l) => l.bridge)),
            runtime_round_trips: meanOf(loops.map((l) => l.round_trips)),
            app_heap_mb_before_after: heaps.map((h) => [h.before.heap_used_mb, h.after.heap_used_mb]),
        };
    };

    // Scale: per round, direction and path, the large state's p50 over the small state's.
    const blocks = (state: State, direction: Direction, path: Path) =>
        scale.blocks.filter((b) => b.state === state && b.direction === direction && b.path === path);
    const scaleOf = (direction: Direction, path: Path) => {
        const ratios = Array.from({ length: sizes.scaleRounds }, (_, round) => {
            const p50 = (state: State) =>
                latencyStats(blocks(state, direction, path).find((b) => b.round === round)!.loop.latencies).p50_ms;
            return round3(p50('large') / p50('small'));
        });
        const s = spread(ratios);
        return {
            ratio_10k_vs_10: s.median,
            ratio_10k_vs_10_min: s.min,
            ratio_10k_vs_10_max: s.max,
            per_round: ratios,
            small: pathFigures(blocks('small', direction, path).map((b) => b.loop)),
            large: pathFigures(blocks('large', direction, path).map((b) => b.loop)),
        };
    };

    // The miss path against the hit path in the same process and state (no floor echo runs there).
    const missVsHit = (d: Direction) =>
        spread(
            Array.from({ length: sizes.scaleRounds }, (_, round) => {
                const p50 = (path: Path) => latencyStats(blocks('small', d, path).find((b) => b.round === round)!.loop.latencies).p50_ms;
                return round3(p50('miss') / p50('hit'));
            }),
        );
    const direction = (d: Direction) => ({
        ...variant(d),
        paths: {
            hit: scaleOf(d, 'hit'),
            miss: { ...scaleOf(d, 'miss'), p50_vs_hit_at_small: missVsHit(d) },
            setting_changed: pathFigures([scale.setting_miss[d]]),
        },
    });
    const r2m = direction('rep_to_manager');
    const m2r = direction('manager_to_rep');
    const unrelated = rounds[0].results.manager_to_rep.unrelated!;
    const foreign = [unrelated.foreign_livechat_agent, unrelated.foreign_livechat_visitor];
    const allRelayLoops = [
        ...DIRECTIONS.flatMap((d) => rounds.map((r) => r.results[d].loop)),
        ...scale.blocks.map((b) => b.loop),
        ...DIRECTIONS.map((d) => scale.setting_miss[d]),
    ];
    const jobSamples = [...rounds.flatMap((r) => DIRECTIONS.flatMap((d) => r.results[d].jobSamples)), ...scale.jobSamples];
    const heapSmall = scale.heap.find((h) => h.state === 'small')!;
    const heapLarge = [...scale.heap].reverse().find((h) => h.state === 'large')!;

    const results: Record<string, any> = {
        machine: machine(load),
        run_seconds: round3(seconds),
        run: { quick, date: new Date().toISOString(), sizes, db_round_trip_ms: dbRoundTripMs },
        rounds: rounds.length,
        round_details: perRound,
        floor_echo: variant('floor_echo'),
        echo: variant('echo'),
        rep_to_manager: r2m,
        manager_to_rep: m2r,
        bridge_calls_per_relayed_message: Math.max(r2m.bridge_calls_by_app as number, m2r.bridge_calls_by_app as number),
        bridge_calls_per_foreign_livechat_message: Math.max(...foreign.map((f) => f.bridge.total)),
        scheduler_calls_per_relayed_message: Math.max(...allRelayLoops.map((l) => l.bridge.scheduler)),
        persistence_writes_per_relayed_message: Math.max(...allRelayLoops.map((l) => l.bridge.persistence_writes)),
        max_pending_jobs_per_session: Math.max(...jobSamples.map((s) => s.max_per_session)),
        app_heap_10k_vs_10_ratio: round3(heapLarge.heap.heap_used_mb / heapSmall.heap.heap_used_mb),
        latency_10k_vs_10_ratio: Math.max(
            ...DIRECTIONS.flatMap((d) => [
                (d === 'rep_to_manager' ? r2m : m2r).paths.hit.ratio_10k_vs_10,
                (d === 'rep_to_manager' ? r2m : m2r).paths.miss.ratio_10k_vs_10,
            ]),
        ),
        unrelated: Object.fromEntries(
            Object.entries(unrelated).map(([kind, u]) => [
                kind,
                { bridge_calls: u.bridge.total, by_call: u.bridge.by_call, ...costSummary(u.costs) },
            ]),
        ),
        jobs: jobSamples,
        app_heap: {
            at_10: heapSmall,
            at_10k: heapLarge,
            samples: scale.heap,
            growth_bytes_per_session_handled: Math.round(
                ((heapLarge.heap.heap_used_mb - heapSmall.heap.heap_used_mb) * 1024 * 1024) /
                    Math.max(1, heapLarge.sessions_handled - heapSmall.sessions_handled),
            ),
            // Where growth comes from: per message with no new session (ShiftLink, scale process), and per
            // message in each variant process (the floor echo keeps no state at all: engine and V8 only).
            same_sessions: { ...scale.same_sessions_heap, growth_bytes_per_message: perMessage(scale.same_sessions_heap) },
            // The growth between the two samples less what as many messages grow with no new session: what
            // each session new to the app costs it (e.g. its room hint).
            net_growth_bytes_per_session_handled: Math.round(
                ((heapLarge.heap.heap_used_mb - heapSmall.heap.heap_used_mb) * 1024 * 1024 -
                    perMessage(scale.same_sessions_heap) * (heapLarge.messages - heapSmall.messages)) /
                    Math.max(1, heapLarge.sessions_handled - heapSmall.sessions_handled),
            ),
            growth_bytes_per_message_by_variant: Object.fromEntries(
                VARIANTS.map((v) => [
                    v,
                    Math.round(
                        median(
                            rounds
                                .filter((r) => r.results[v])
                                .map((r) => perMessage({ messages: r.results[v]!.loop.latencies.length, ...r.results[v]!.app_heap })),
                        ),
                    ),
                ]),
            ),
        },
        closed_sample: scale.closed_sample,
        seed_seconds: round3(scale.seed_seconds),
    };
    results.targets = targets(results);
    return results;
}

const perMessage = (h: { messages: number; before: AppHeap; after: AppHeap }): number =>
    Math.round(((h.after.heap_used_mb - h.before.heap_used_mb) * 1024 * 1024) / Math.max(1, h.messages));

const fmt = (x: number | null | undefined, digits = 2): string =>
    x === null || x === undefined || !Number.isFinite(x) ? '—' : Number(x.toFixed(digits)).toString();

export function targets(r: Record<string, any>): Target[] {
    const t = (key: string, figure: string, value: number, target: string, pass: boolean, detail: string): Target => ({
        key,
        figure,
        value,
        target,
        pass,
        detail,
    });
    const out: Target[] = [];
    for (const [d, label] of [
        ['rep_to_manager', 'rep→manager'],
        ['manager_to_rep', 'manager→rep'],
    ] as const) {
        const x = r[d];
        const want = TARGETS.sequential[d];
        out.push(
            t(
                `${d}.sequential_app_calls`,
                `${label}: app→host calls in sequence`,
                x.sequential_app_calls,
                `${want}`,
                x.sequential_app_calls <= want,
                `${x.usual_shape} (${fmt(x.usual_shape_share * 100, 0)} % of messages; max ${x.sequential_app_calls_max})`,
            ),
        );
        out.push(
            t(
                `${d}.p50_ratio_vs_floor_echo`,
                `${label}: p50 vs floor echo (median of ${r.rounds} rounds)`,
                x.p50_ratio_vs_floor_echo,
                `≤ ${TARGETS.ratioVsFloor}×`,
                x.p50_ratio_vs_floor_echo <= TARGETS.ratioVsFloor,
                `min–max ${fmt(x.p50_ratio_vs_floor_echo_min)}–${fmt(x.p50_ratio_vs_floor_echo_max)}×; p50 ${fmt(x.p50_ms.median)} ms vs floor ${fmt(r.floor_echo.p50_ms.median)} ms; round trips in sequence ${x.round_trips_in_sequence} (${x.host_to_app_before_answer} host→app + ${x.sequential_app_calls} app→host) vs floor ${r.floor_echo.round_trips_in_sequence}`,
            ),
        );
    }
    const byApp = r.bridge_calls_per_relayed_message;
    out.push(
        t(
            'bridge_calls_per_relayed_message',
            'bridge calls by the app / relayed message',
            byApp,
            `≤ ${TARGETS.bridgeCallsByApp}`,
            byApp <= TARGETS.bridgeCallsByApp,
            `rep→manager ${fmt(r.rep_to_manager.bridge_calls_by_app)}, manager→rep ${fmt(r.manager_to_rep.bridge_calls_by_app)}`,
        ),
    );
    const foreign = r.bridge_calls_per_foreign_livechat_message;
    out.push(
        t(
            'bridge_calls_per_foreign_livechat_message',
            'bridge calls / message in a livechat room not ShiftLink’s',
            foreign,
            '0',
            foreign === 0,
            `agent ${callsText(r.unrelated.foreign_livechat_agent)}; visitor ${callsText(r.unrelated.foreign_livechat_visitor)}`,
        ),
    );
    out.push(
        t(
            'persistence_writes_per_relayed_message',
            'persistence writes / relayed message',
            r.persistence_writes_per_relayed_message,
            '0',
            r.persistence_writes_per_relayed_message === 0,
            'max over every timed relay (rounds, hit, miss, after a setting change)',
        ),
    );
    out.push(
        t(
            'scheduler_calls_per_relayed_message',
            'scheduler calls / relayed message',
            r.scheduler_calls_per_relayed_message,
            '0',
            r.scheduler_calls_per_relayed_message === 0,
            'max over every timed relay',
        ),
    );
    out.push(
        t(
            'max_pending_jobs_per_session',
            'max pending jobs per open session',
            r.max_pending_jobs_per_session,
            '≤ 1',
            r.max_pending_jobs_per_session <= 1,
            `${r.jobs.length} samples, ${r.run.sizes.small} to ${r.run.sizes.large} open sessions`,
        ),
    );
    const heap = r.app_heap;
    out.push(
        t(
            'app_heap_10k_vs_10_ratio',
            `app (Deno) heap after GC, @${r.run.sizes.large} vs @${r.run.sizes.small}`,
            r.app_heap_10k_vs_10_ratio,
            `≤ ${TARGETS.heapRatio}×`,
            r.app_heap_10k_vs_10_ratio <= TARGETS.heapRatio,
            `${fmt(heap.at_10.heap.heap_used_mb)} → ${fmt(heap.at_10k.heap.heap_used_mb)} MB after ${heap.at_10.sessions_handled} → ${heap.at_10k.sessions_handled} sessions handled (${heap.growth_bytes_per_session_handled} B each)`,
        ),
    );
    const scaleDetail = DIRECTIONS.flatMap((d) =>
        (['hit', 'miss'] as const).map(
            (p) =>
                `${d === 'rep_to_manager' ? 'r→m' : 'm→r'} ${p} ${fmt(r[d].paths[p].ratio_10k_vs_10)} (${fmt(r[d].paths[p].ratio_10k_vs_10_min)}–${fmt(r[d].paths[p].ratio_10k_vs_10_max)})`,
        ),
    ).join('; ');
    out.push(
        t(
            'latency_10k_vs_10_ratio',
            `p50 @${r.run.sizes.large} vs @${r.run.sizes.small} sessions (worst median)`,
            r.latency_10k_vs_10_ratio,
            `≤ ${TARGETS.scaleRatio}×`,
            r.latency_10k_vs_10_ratio <= TARGETS.scaleRatio,
            scaleDetail,
        ),
    );
    out.push(
        t(
            'run_seconds',
            'full run time',
            r.run_seconds,
            `≤ ${TARGETS.runSeconds} s`,
            r.run_seconds <= TARGETS.runSeconds,
            `${r.machine.cores} cores, load average ${r.machine.load_average.join(' → ')}`,
        ),
    );
    return out;
}

function callsText(u: { bridge_calls: number; by_call: Record<string, number> }): string {
    const calls = Object.entries(u.by_call);
    return `${fmt(u.bridge_calls)}${calls.length ? ` (${calls.map(([call, n]) => `${call} ${fmt(n)}`).join(', ')})` : ''}`;
}

const splitText = (b: BridgeSplit): string =>
    `pers. read ${fmt(b.persistence_reads)} · write ${fmt(b.persistence_writes)} · sched ${fmt(b.scheduler)} · msg/room/lc ${fmt(b.message_room_livechat)} · user ${fmt(b.user)}${b.other ? ` · other ${fmt(b.other)}` : ''}`;

export function renderTable(r: Record<string, any>): string {
    const rows: Array<[string, string, string, string]> = [];
    const row = (figure: string, value: string, target = '', result = 'info') => rows.push([figure, value, target, result]);
    for (const x of r.targets as Target[]) {
        row(x.figure, `${fmt(x.value, 3)} — ${x.detail}`, x.target, x.pass ? 'PASS' : 'MISS');
    }
    const latency = (v: any) =>
        `p50 ${fmt(v.p50_ms.median)} ms (rounds ${fmt(v.p50_ms.min)}–${fmt(v.p50_ms.max)}), p95 ${fmt(v.p95_ms.median)} ms; ${fmt(v.sequential_app_calls)} in sequence: ${v.usual_shape}; ${fmt(v.bridge_calls.total)} bridge calls in all (${splitText(v.bridge_calls)}); round trips ${fmt(v.runtime_round_trips.to_app)} host→app, ${fmt(v.runtime_round_trips.from_app)} app→host`;
    row('floor echo', latency(r.floor_echo));
    row('echo (no kept sender), first round', `${fmt(r.echo.p50_ratio_vs_floor_echo)}× floor; ${latency(r.echo)}`);
    for (const [d, label] of [
        ['rep_to_manager', 'rep→manager'],
        ['manager_to_rep', 'manager→rep'],
    ] as const) {
        const x = r[d];
        row(`${label} @${r.run.sizes.small}`, latency(x));
        for (const p of ['hit', 'miss'] as const) {
            const f = x.paths[p];
            const vsHit =
                p === 'miss'
                    ? `; ${fmt(f.p50_vs_hit_at_small.median)}× the hit p50 (${fmt(f.p50_vs_hit_at_small.min)}–${fmt(f.p50_vs_hit_at_small.max)})`
                    : '';
            row(
                `  ${label} ${p} @${r.run.sizes.small} → @${r.run.sizes.large}`,
                `p50 ${fmt(f.small.p50_ms)} → ${fmt(f.large.p50_ms)} ms (ratio ${fmt(f.ratio_10k_vs_10)}, rounds ${f.per_round.map((n: number) => fmt(n)).join(' ')})${vsHit}; in sequence ${fmt(f.small.sequential_app_calls)} → ${fmt(f.large.sequential_app_calls)}: ${f.large.usual_shape}`,
            );
        }
        const s = x.paths.setting_changed;
        row(`  ${label} after a setting change`, `p50 ${fmt(s.p50_ms)} ms; in sequence ${fmt(s.sequential_app_calls)}: ${s.usual_shape}`);
    }
    for (const kind of ['channel', 'direct_between_users'] as const) {
        row(`bridge calls / ${kind === 'channel' ? 'channel message' : 'DM between two users'}`, callsText(r.unrelated[kind]));
    }
    const g = r.app_heap.growth_bytes_per_message_by_variant;
    row(
        'app heap growth (B)',
        `per session new to the app, net ${r.app_heap.net_growth_bytes_per_session_handled}; per message with no new session ${r.app_heap.same_sessions.growth_bytes_per_message}; per message in the variants: floor echo ${g.floor_echo}, echo ${g.echo}, rep→manager ${g.rep_to_manager}, manager→rep ${g.manager_to_rep}`,
    );
    row(
        'app heap samples (MB after GC)',
        (r.app_heap.samples as Array<{ round: number; state: string; heap: { heap_used_mb: number } }>)
            .map((h) => `${h.state[0]}${h.round + 1} ${fmt(h.heap.heap_used_mb, 1)}`)
            .join(', '),
    );
    row(
        'sessions closed by agents (sample)',
        `${r.closed_sample.sessions}: ${r.closed_sample.session_records_left} records and ${r.closed_sample.jobs_left} jobs left`,
    );

    const widths = [0, 1, 2, 3].map((i) => Math.max(...[['Figure', 'Value', 'Target', 'Result'], ...rows].map((cells) => cells[i].length)));
    const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
    return [line(['Figure', 'Value', 'Target', 'Result']), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join(
        '\n',
    );
}
