// Turns the measurements into results.json and the table an admin reads: every figure with its target
// (issue #6) and PASS/MISS; figures without a target are printed as "info".
import * as os from 'os';

import type { EchoResult } from './echoPhase';
import type { BridgeSplit } from './probes';
import { latencyStats, round3 } from './probes';
import type { RelaysResult, ScaleResult } from './shiftlinkPhase';
import type { Sizes } from './sizes';

export interface Target {
    key: string;
    figure: string;
    value: number;
    target: string;
    pass: boolean;
}

/** "Flat" heap: within 10 % between the small and the large scene (GC and allocator noise). */
export const HEAP_FLAT_RATIO = 1.1;

export function machine(): Record<string, string | number> {
    const cpus = os.cpus();
    return {
        os: `${os.type()} ${os.release()} (${os.platform()}/${os.arch()})`,
        cpu: cpus[0]?.model?.trim() || 'unknown',
        cores: cpus.length,
        node: process.version,
        memory_gb: round3(os.totalmem() / 1024 ** 3),
    };
}

const ratio = (a: number, b: number): number => round3(a / b);

// The app's own settings are served from the engine's memory: a round trip, but no bridge call.
const APP_SETTING_READ = /^app→host accessor:.*:getEnvironmentReader:getSettings:/;

/**
 * The split, plus how many of the calls the app itself asked for (requests from its Deno process, app
 * setting reads left out); the rest the engine made on its own, e.g. UserBridge.getAppUser to dispatch
 * IPostMessageSentToBot for every DM message.
 */
function split(bridge: BridgeSplit, trips: { methods: Record<string, number> }): Record<string, number | Record<string, number>> {
    const fromApp = Object.entries(trips.methods).filter(([method]) => method.startsWith('app→host '));
    const byApp = fromApp.filter(([method]) => !APP_SETTING_READ.test(method)).reduce((sum, [, n]) => sum + n, 0);
    const settingReads = fromApp.filter(([method]) => APP_SETTING_READ.test(method)).reduce((sum, [, n]) => sum + n, 0);
    return { ...bridge, issued_by_app: round3(byApp), issued_by_engine: round3(bridge.total - byApp), app_setting_reads: round3(settingReads) };
}

export function buildResults(echoRuns: EchoResult[], relays: RelaysResult, scale: ScaleResult, sizes: Sizes, quick: boolean, seconds: number): Record<string, unknown> {
    // The baseline: every timed echo message of both runs (before and after ShiftLink's relays).
    const echo = latencyStats(echoRuns.flatMap((run) => run.loop.latencies));
    const echoLoop = echoRuns[0].loop;
    const direction = (key: 'rep_to_manager' | 'manager_to_rep') => {
        const small = relays.small[key];
        // "Small" in the scale engine: both reference runs (before and after the large scene) pooled.
        const reference = { latency: latencyStats([...scale.reference[key].latencies, ...scale.referenceAfter[key].latencies]) };
        const medium = scale.medium[key];
        const large = scale.large[key];
        return {
            p50_ms: small.latency.p50_ms,
            p95_ms: small.latency.p95_ms,
            mean_ms: small.latency.mean_ms,
            samples: small.latency.n,
            p50_ratio_vs_echo: ratio(small.latency.p50_ms, echo.p50_ms),
            p95_ratio_vs_echo: ratio(small.latency.p95_ms, echo.p95_ms),
            bridge_calls: split(small.bridge, small.round_trips),
            runtime_round_trips: small.round_trips,
            scale: {
                small_sessions: scale.reference.sessions,
                small_p50_ms: reference.latency.p50_ms,
                small_p95_ms: reference.latency.p95_ms,
                small_runs_p50_ms: [scale.reference[key].latency.p50_ms, scale.referenceAfter[key].latency.p50_ms],
                medium_sessions: scale.medium.sessions,
                medium_p50_ms: medium.latency.p50_ms,
                medium_p95_ms: medium.latency.p95_ms,
                medium_bridge_calls: split(medium.bridge, medium.round_trips),
                large_sessions: scale.large.sessions,
                large_p50_ms: large.latency.p50_ms,
                large_p95_ms: large.latency.p95_ms,
                samples: large.latency.n,
                large_bridge_calls: split(large.bridge, large.round_trips),
            },
            p50_large_vs_small_ratio: ratio(large.latency.p50_ms, reference.latency.p50_ms),
        };
    };
    const r2m = direction('rep_to_manager');
    const m2r = direction('manager_to_rep');
    const unrelated = {
        channel: relays.unrelated.channel,
        direct_between_users: relays.unrelated.direct_between_users,
        other_livechat_room: relays.unrelated.other_livechat_room,
    };
    const heap = scale.heap;
    const heapRatio = ratio(heap.large.without_database_mb, heap.small.without_database_mb);
    const closedLarge = sizes.large + sizes.small;
    const jobSamples = [...relays.jobSamples, ...scale.jobSamples];
    return {
        machine: machine(),
        run: { quick, seconds: round3(seconds), date: new Date().toISOString(), sizes },
        echo: {
            p50_ms: echo.p50_ms,
            p95_ms: echo.p95_ms,
            mean_ms: echo.mean_ms,
            samples: echo.n,
            runs_p50_ms: echoRuns.map((run) => run.latency.p50_ms),
            bridge_calls: split(echoLoop.bridge, echoLoop.round_trips),
            runtime_round_trips: echoLoop.round_trips,
        },
        rep_to_manager: r2m,
        manager_to_rep: m2r,
        bridge_calls_per_relayed_message: Math.max(relays.small.rep_to_manager.bridge.total, relays.small.manager_to_rep.bridge.total),
        scheduler_calls_per_relayed_message: Math.max(relays.small.rep_to_manager.bridge.scheduler, relays.small.manager_to_rep.bridge.scheduler),
        bridge_calls_per_unrelated_message: Math.max(...Object.values(unrelated).map((u) => u.bridge.total)),
        unrelated,
        max_pending_jobs_per_session: Math.max(...jobSamples.map((s) => s.max_per_session)),
        jobs: jobSamples,
        heap_mb_10k_vs_10_ratio: heapRatio,
        heap: {
            small_sessions_closed: sizes.small,
            large_sessions_closed: closedLarge,
            small: heap.small,
            large: heap.large,
            growth_bytes_per_closed_session: Math.round(((heap.large.without_database_mb - heap.small.without_database_mb) * 1024 * 1024) / (closedLarge - sizes.small)),
            js_values_retained_per_closed_session: round3((heap.large.js_values - heap.small.js_values) / (closedLarge - sizes.small)),
            growth_bytes_by_kind: Object.fromEntries(
                Object.keys({ ...heap.small.bytes_by_kind, ...heap.large.bytes_by_kind })
                    .map((kind) => [kind, (heap.large.bytes_by_kind[kind] || 0) - (heap.small.bytes_by_kind[kind] || 0)] as [string, number])
                    .sort((a, b) => b[1] - a[1]),
            ),
            total_with_database_ratio: ratio(heap.large.total_mb, heap.small.total_mb),
            app_process_rss_mb: heap.app_process_rss_mb,
        },
        latency_10k_vs_10_ratio: Math.max(r2m.p50_large_vs_small_ratio, m2r.p50_large_vs_small_ratio),
        close_1000_idle_sessions_s: scale.idle_close.close_seconds,
        idle_close: scale.idle_close,
        opening: scale.opening,
        close_cloned_sessions: scale.close_seeded,
        left_after_close: scale.left_after_close,
    };
}

export function targets(r: Record<string, any>): Target[] {
    const { small, large } = r.run.sizes as Sizes;
    const t = (key: string, figure: string, value: number, target: string, pass: boolean): Target => ({ key, figure, value, target, pass });
    return [
        t('r2m_vs_echo', 'rep→manager p50 vs echo p50', r.rep_to_manager.p50_ratio_vs_echo, '≤ 1.3×', r.rep_to_manager.p50_ratio_vs_echo <= 1.3),
        t('m2r_vs_echo', 'manager→rep p50 vs echo p50', r.manager_to_rep.p50_ratio_vs_echo, '≤ 1.3×', r.manager_to_rep.p50_ratio_vs_echo <= 1.3),
        t('r2m_calls', 'bridge calls / relayed msg, rep→manager', r.rep_to_manager.bridge_calls.total, '≤ 3', r.rep_to_manager.bridge_calls.total <= 3),
        t('m2r_calls', 'bridge calls / relayed msg, manager→rep', r.manager_to_rep.bridge_calls.total, '≤ 3', r.manager_to_rep.bridge_calls.total <= 3),
        t('scheduler_calls', 'scheduler calls / relayed msg', r.scheduler_calls_per_relayed_message, '0', r.scheduler_calls_per_relayed_message === 0),
        t('channel', 'bridge calls / channel message', r.unrelated.channel.bridge.total, '≤ 1 (ideally 0)', r.unrelated.channel.bridge.total <= 1),
        t('direct', 'bridge calls / DM between two users', r.unrelated.direct_between_users.bridge.total, '≤ 1 (ideally 0)', r.unrelated.direct_between_users.bridge.total <= 1),
        t('other_livechat', 'bridge calls / agent msg, other livechat room', r.unrelated.other_livechat_room.bridge.total, '≤ 1 (ideally 0)', r.unrelated.other_livechat_room.bridge.total <= 1),
        t('jobs', 'max pending jobs per open session', r.max_pending_jobs_per_session, '≤ 1', r.max_pending_jobs_per_session <= 1),
        t('heap', `heap (no DB) after ${large + small} vs ${small} closed`, r.heap_mb_10k_vs_10_ratio, `flat (≤ ${HEAP_FLAT_RATIO}×)`, r.heap_mb_10k_vs_10_ratio <= HEAP_FLAT_RATIO),
        t('r2m_scale', `rep→manager p50 @${large} vs @${small}`, r.rep_to_manager.p50_large_vs_small_ratio, '≤ 1.2×', r.rep_to_manager.p50_large_vs_small_ratio <= 1.2),
        t('m2r_scale', `manager→rep p50 @${large} vs @${small}`, r.manager_to_rep.p50_large_vs_small_ratio, '≤ 1.2×', r.manager_to_rep.p50_large_vs_small_ratio <= 1.2),
    ];
}

const fmt = (x: number | null | undefined, digits = 2): string => (x === null || x === undefined || !Number.isFinite(x) ? '—' : Number(x.toFixed(digits)).toString());

const splitText = (b: BridgeSplit & { issued_by_app?: number }): string =>
    `pers. read ${fmt(b.persistence_reads)} · write ${fmt(b.persistence_writes)} · sched ${fmt(b.scheduler)} · msg/room/lc ${fmt(b.message_room_livechat)} · user ${fmt(b.user)}${b.other ? ` · other ${fmt(b.other)}` : ''}${b.issued_by_app !== undefined ? `; ${fmt(b.issued_by_app)} by the app` : ''}`;

export function renderTable(r: Record<string, any>): string {
    const rows: Array<[string, string, string, string]> = [];
    const row = (figure: string, value: string, target = '', result = 'info') => rows.push([figure, value, target, result]);
    const byKey = new Map(targets(r).map((t) => [t.key, t]));
    const judged = (key: string, value: string) => {
        const t = byKey.get(key)!;
        row(t.figure, value, t.target, t.pass ? 'PASS' : 'MISS');
    };
    const small = r.run.sizes.small;

    row('echo baseline p50 / p95', `${fmt(r.echo.p50_ms)} / ${fmt(r.echo.p95_ms)} ms (runs before/after: p50 ${r.echo.runs_p50_ms.map((x: number) => fmt(x)).join(' / ')} ms)`);
    row('echo bridge calls / message', `${fmt(r.echo.bridge_calls.total)} (${splitText(r.echo.bridge_calls)})`);
    row('  echo app round trips / message', `${fmt(r.echo.runtime_round_trips.to_app)} host→app, ${fmt(r.echo.runtime_round_trips.from_app)} app→host`);
    for (const [key, label, id] of [
        ['rep_to_manager', 'rep→manager', 'r2m'],
        ['manager_to_rep', 'manager→rep', 'm2r'],
    ] as const) {
        const d = r[key];
        row(`${label} p50 / p95 @${small}`, `${fmt(d.p50_ms)} / ${fmt(d.p95_ms)} ms`);
        judged(`${id}_vs_echo`, `${fmt(d.p50_ratio_vs_echo)}×`);
        judged(`${id}_calls`, `${fmt(d.bridge_calls.total)} (${splitText(d.bridge_calls)})`);
        row(`  app round trips / msg, ${label}`, `${fmt(d.runtime_round_trips.to_app)} host→app, ${fmt(d.runtime_round_trips.from_app)} app→host (${fmt(d.bridge_calls.app_setting_reads)} app-setting read)`);
        const s = d.scale;
        row(`${label} p50 @${s.small_sessions} → @${s.medium_sessions} → @${s.large_sessions}`, `${fmt(s.small_p50_ms)} (before/after: ${s.small_runs_p50_ms.map((x: number) => fmt(x)).join(' / ')}) → ${fmt(s.medium_p50_ms)} → ${fmt(s.large_p50_ms)} ms; p95 ${fmt(s.small_p95_ms)} → ${fmt(s.medium_p95_ms)} → ${fmt(s.large_p95_ms)}; bridge calls ${fmt(s.medium_bridge_calls.total)} → ${fmt(s.large_bridge_calls.total)}`);
        judged(`${id}_scale`, `${fmt(d.p50_large_vs_small_ratio)}×`);
    }
    judged('scheduler_calls', fmt(r.scheduler_calls_per_relayed_message));
    judged('channel', fmt(r.unrelated.channel.bridge.total));
    judged('direct', `${fmt(r.unrelated.direct_between_users.bridge.total)} ${callsText(r.unrelated.direct_between_users.bridge)}`);
    judged('other_livechat', `${fmt(r.unrelated.other_livechat_room.bridge.total)} ${callsText(r.unrelated.other_livechat_room.bridge)}`);
    judged('jobs', fmt(r.max_pending_jobs_per_session, 0));
    row('  jobs left for closed rooms (max sample)', fmt(Math.max(...(r.jobs as Array<{ jobs_for_closed_rooms: number }>).map((j) => j.jobs_for_closed_rooms)), 0));
    judged('heap', `${fmt(r.heap_mb_10k_vs_10_ratio, 3)}× (${fmt(r.heap.small.without_database_mb, 1)} → ${fmt(r.heap.large.without_database_mb, 1)} MB, ${r.heap.growth_bytes_per_closed_session} B/closed session)`);
    const byKind = Object.entries(r.heap.growth_bytes_by_kind as Record<string, number>).slice(0, 3);
    row('  heap growth by kind (snapshot)', byKind.map(([kind, bytes]) => `${kind} ${bytes >= 0 ? '+' : ''}${fmt(bytes / 1024 / 1024, 2)} MB`).join(', '));
    row('  JS values retained / closed session', `${fmt(r.heap.js_values_retained_per_closed_session, 3)} (${r.heap.small.js_values} → ${r.heap.large.js_values} live values)`);
    row('heap incl. modelled DB, after small → large', `${fmt(r.heap.small.total_mb, 1)} → ${fmt(r.heap.large.total_mb, 1)} MB`);
    row('app (Deno) process RSS, after small → large', `${fmt(r.heap.app_process_rss_mb.small, 1)} → ${fmt(r.heap.app_process_rss_mb.large, 1)} MB`);
    row(`close ${r.idle_close.sessions} idle sessions (close jobs together)`, `${fmt(r.close_1000_idle_sessions_s)} s (warnings before: ${fmt(r.idle_close.warn_seconds)} s; total ${fmt(r.idle_close.total_seconds)} s)`, 'none set');
    row('  bridge calls per idle warning / close', `${fmt(r.idle_close.bridge_calls_per_warning?.total, 1)} / ${fmt(r.idle_close.bridge_calls_per_close.total, 1)} (close: ${splitText(r.idle_close.bridge_calls_per_close)})`);
    row(`open ${r.opening.through_app} sessions through the app`, `${fmt(r.opening.seconds, 1)} s (${fmt(r.opening.sessions_per_s, 1)}/s, ${fmt(r.opening.bridge_calls_per_session.total, 1)} bridge calls each)`);
    row(`clone ${r.opening.seeded} sessions / close them as agents`, `${fmt(r.opening.seed_seconds, 1)} s / ${fmt(r.close_cloned_sessions.seconds, 1)} s`);
    row('left after all closed', `${r.left_after_close.session_records} session records, ${r.left_after_close.pending_jobs} jobs, ${r.left_after_close.rep_records} rep records (kept by design)`);

    const widths = [0, 1, 2, 3].map((i) => Math.max(...[['Figure', 'Value', 'Target', 'Result'], ...rows].map((cells) => cells[i].length)));
    const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
    return [line(['Figure', 'Value', 'Target', 'Result']), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

function callsText(b: BridgeSplit): string {
    const calls = Object.entries(b.by_call);
    return calls.length ? `(${calls.map(([call, n]) => `${call} ${fmt(n)}`).join(', ')})` : '';
}
