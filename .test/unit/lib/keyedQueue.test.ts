import { KeyedQueue } from '../../../src/lib/keyedQueue';

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('KeyedQueue', () => {
    it('runs one key in the order queued, even when earlier tasks are slower', async () => {
        const queue = new KeyedQueue();
        const done: number[] = [];
        await Promise.all(
            [30, 1, 10, 0].map((ms, i) =>
                queue.run('rep', async () => {
                    await tick(ms);
                    done.push(i);
                }),
            ),
        );
        expect(done).toEqual([0, 1, 2, 3]);
    });

    it('runs different keys in parallel', async () => {
        const queue = new KeyedQueue();
        const done: string[] = [];
        await Promise.all([
            queue.run('a', async () => {
                await tick(30);
                done.push('a');
            }),
            queue.run('b', async () => {
                done.push('b');
            }),
        ]);
        expect(done).toEqual(['b', 'a']);
    });

    it('a failing task fails its own caller only; the next one still runs; idle keys are dropped', async () => {
        const queue = new KeyedQueue();
        const failed = queue.run('rep', async () => {
            throw new Error('boom');
        });
        const next = queue.run('rep', async () => 'ran');
        await expect(failed).rejects.toThrow('boom');
        await expect(next).resolves.toBe('ran');
        await tick(0);
        expect(queue.size).toBe(0);
    });
});
