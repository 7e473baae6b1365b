import { Engine } from '../Engine';
import { makePort } from '../model/port';
import { ActionCall, Init, PendingCalls, replyTo, ToChild, ToParent } from './protocol';

// Entry point of a second engine process: a Rocket.Chat instance of the same cluster. Every model call
// goes to the parent over IPC; actions arrive from the parent and run on this process's engine.

const send = (message: ToParent) => process.send!(message);
const calls = new PendingCalls();
const port = makePort((store, method, args) => {
    const { id, result } = calls.open();
    send({ type: 'model', id, store, method, args });
    return result;
});

let engine: Engine | undefined;

async function act(call: ActionCall): Promise<void> {
    const reply = await replyTo(call.id, () => {
        const method = (engine as unknown as Record<string, (...args: unknown[]) => unknown>)[call.method];
        if (typeof method !== 'function') {
            throw new Error(`Unknown engine action: ${call.method}`);
        }
        return method.apply(engine, call.args);
    });
    send(reply);
    if (call.method === 'stop') {
        process.disconnect();
    }
}

async function init(message: Init): Promise<void> {
    try {
        engine = await Engine.attach(port, message.appId, message.tempDir);
        send({ type: 'ready' });
    } catch (e) {
        send({ type: 'failed', error: e instanceof Error ? e.stack || e.message : String(e) });
    }
}

process.on('message', (message: ToChild) => {
    if (message.type === 'reply') {
        calls.settle(message);
    } else if (message.type === 'init') {
        void init(message);
    } else {
        void act(message);
    }
});
process.on('disconnect', () => calls.failAll(new Error('parent disconnected')));
