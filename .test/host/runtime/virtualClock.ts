// Runs inside the Deno process (bundled into the engine's runtime by bundleDenoRuntime.ts).
// The host's virtual clock is `real time + offset`; the host writes the offset (ms) into
// `<tempFilePath>/clock-offset`, a folder the engine lets the Deno process read. The offset is re-read
// once per message received from the host: any app code that runs after the host advanced its clock runs
// because of a later message (a listener, a job, a bridge response), so it always sees the new time.
declare const Deno: { readTextFileSync(path: URL): string };

const RealDate = Date;
const offsetFile = new URL('../clock-offset', import.meta.url);
let offset = 0;

export function refreshClockOffset(): void {
    try {
        offset = Number(Deno.readTextFileSync(offsetFile)) || 0;
    } catch {
        offset = 0;
    }
}

const virtualNow = (): number => RealDate.now() + offset;

// A Proxy (not a subclass) keeps `Date()` callable without `new`, `instanceof Date`, and Date.UTC/parse.
globalThis.Date = new Proxy(RealDate, {
    construct(target, args: unknown[], newTarget) {
        return Reflect.construct(target, args.length ? args : [virtualNow()], newTarget);
    },
    apply() {
        return new RealDate(virtualNow()).toString();
    },
    get(target, prop, receiver) {
        return prop === 'now' ? virtualNow : Reflect.get(target, prop, receiver);
    },
});

refreshClockOffset();
