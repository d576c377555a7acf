/** A device's next turn: when it is due. */
export interface Turn {
  index: number;
  due: number;
}

/** A binary min-heap of turns by due time (ties by device index, for a stable order). */
export class TurnQueue {
  private readonly heap: Turn[] = [];

  get size(): number {
    return this.heap.length;
  }

  push(turn: Turn): void {
    const heap = this.heap;
    heap.push(turn);
    let child = heap.length - 1;
    while (child > 0) {
      const parent = (child - 1) >> 1;
      if (!earlier(heap[child], heap[parent])) break;
      [heap[child], heap[parent]] = [heap[parent], heap[child]];
      child = parent;
    }
  }

  pop(): Turn | undefined {
    const heap = this.heap;
    const top = heap[0];
    const last = heap.pop();
    if (heap.length > 0 && last) {
      heap[0] = last;
      let parent = 0;
      for (;;) {
        const left = parent * 2 + 1;
        const right = left + 1;
        let first = parent;
        if (left < heap.length && earlier(heap[left], heap[first])) first = left;
        if (right < heap.length && earlier(heap[right], heap[first])) first = right;
        if (first === parent) break;
        [heap[first], heap[parent]] = [heap[parent], heap[first]];
        parent = first;
      }
    }
    return top;
  }
}

const earlier = (a: Turn, b: Turn) => a.due < b.due || (a.due === b.due && a.index < b.index);

export interface ScheduleOptions {
  concurrency: number;
  /** Runs one turn of a device; returns when its next turn is due, or null when it is done. */
  turn: (index: number) => Promise<number | null>;
  /** Once aborted, no new turn starts; turns under way finish. */
  signal?: AbortSignal;
  now?: () => number;
}

/**
 * Runs devices' turns, each when it is due, at most `concurrency` at a time, until no device has
 * a turn left (or the signal is aborted).
 */
export async function runSchedule(turns: Iterable<Turn>, options: ScheduleOptions): Promise<void> {
  const now = options.now ?? Date.now;
  const queue = new TurnQueue();
  for (const turn of turns) queue.push(turn);
  let busy = 0;
  let wake: (() => void)[] = [];
  const wakeAll = () => {
    const waiting = wake;
    wake = [];
    waiting.forEach((resolve) => resolve());
  };
  // One abort listener for all workers: it ends every wait, idle or until a turn is due.
  const sleepers = new Set<() => void>();
  const onAbort = () => {
    sleepers.forEach((end) => end());
    wakeAll();
  };
  options.signal?.addEventListener('abort', onAbort, { once: true });
  const aborted = () => options.signal?.aborted === true;
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const end = () => {
        clearTimeout(timer);
        sleepers.delete(end);
        resolve();
      };
      const timer = setTimeout(end, ms);
      sleepers.add(end);
    });

  const worker = async (): Promise<void> => {
    for (;;) {
      if (aborted()) return;
      const turn = queue.pop();
      if (!turn) {
        // Another worker may still hand back a device with more turns.
        if (busy === 0) return wakeAll();
        await new Promise<void>((resolve) => wake.push(resolve));
        continue;
      }
      busy++;
      try {
        const wait = turn.due - now();
        if (wait > 0 && !aborted()) await sleep(wait);
        if (aborted()) return;
        const next = await options.turn(turn.index);
        if (next !== null) queue.push({ index: turn.index, due: next });
      } finally {
        busy--;
        wakeAll();
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.max(1, options.concurrency) }, worker));
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
  }
}
