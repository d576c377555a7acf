import { getEventListeners } from 'node:events';
import { runSchedule, TurnQueue } from './scheduler';

describe('turn queue', () => {
  it('pops turns by due time, then by device index', () => {
    const queue = new TurnQueue();
    const turns = [5, 3, 9, 1, 3, 7, 0, 3].map((due, index) => ({ index, due }));
    turns.forEach((turn) => queue.push(turn));
    const popped = [];
    while (queue.size) popped.push(queue.pop()!);
    expect(popped).toEqual([...turns].sort((a, b) => a.due - b.due || a.index - b.index));
    expect(queue.pop()).toBeUndefined();
  });
});

describe('schedule', () => {
  it('runs every turn, never more than `concurrency` at once', async () => {
    let running = 0;
    let peak = 0;
    const turns = new Map<number, number>();
    await runSchedule(
      Array.from({ length: 20 }, (_, index) => ({ index, due: 0 })),
      {
        concurrency: 4,
        turn: async (index) => {
          running++;
          peak = Math.max(peak, running);
          await new Promise((resolve) => setTimeout(resolve, 2));
          running--;
          const done = (turns.get(index) ?? 0) + 1;
          turns.set(index, done);
          return done < 3 ? 0 : null;
        },
      },
    );
    expect(peak).toBe(4);
    expect([...turns.values()]).toEqual(Array(20).fill(3));
  });

  it('waits until a turn is due', async () => {
    const started = Date.now();
    const ran: number[] = [];
    await runSchedule(
      [
        { index: 0, due: started + 60 },
        { index: 1, due: started },
      ],
      {
        concurrency: 2,
        turn: async (index) => {
          ran.push(index);
          return null;
        },
      },
    );
    expect(ran).toEqual([1, 0]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(55);
  });

  it('starts no turn once aborted, and lets the running ones finish', async () => {
    const stop = new AbortController();
    const finished: number[] = [];
    await runSchedule(
      Array.from({ length: 10 }, (_, index) => ({
        index,
        due: index === 0 ? 0 : Date.now() + 5000,
      })),
      {
        concurrency: 3,
        signal: stop.signal,
        turn: async (index) => {
          stop.abort();
          await new Promise((resolve) => setTimeout(resolve, 5));
          finished.push(index);
          return 0;
        },
      },
    );
    expect(finished).toEqual([0]);
  });

  it('lets many workers wait for due turns without piling listeners on the signal', async () => {
    const stop = new AbortController();
    let listeners = 0;
    setTimeout(() => {
      listeners = getEventListeners(stop.signal, 'abort').length;
      stop.abort();
    }, 20);
    const ran: number[] = [];
    await runSchedule(
      Array.from({ length: 40 }, (_, index) => ({ index, due: Date.now() + 10_000 })),
      {
        concurrency: 32,
        signal: stop.signal,
        turn: async (index) => {
          ran.push(index);
          return null;
        },
      },
    );
    expect(ran).toEqual([]);
    expect(listeners).toBe(1);
  });
});
