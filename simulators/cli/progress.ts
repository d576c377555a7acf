import { MultiBar, Presets, SingleBar } from 'cli-progress';
import type { SimulationProgress } from '../runner';

export interface ProgressReporter {
  update(progress: SimulationProgress): void;
  /** A line above the bar (or a plain line). */
  log(line: string): void;
  stop(): void;
}

/**
 * A progress bar with rate and error count on a terminal; a plain line every few seconds
 * otherwise (CI logs, pipes); nothing at all when disabled.
 */
export function progressReporter(
  stream: NodeJS.WriteStream,
  mode: 'auto' | 'off',
  plainEveryMs = 5000,
): ProgressReporter {
  if (mode === 'off')
    return {
      update: () => undefined,
      log: (line) => stream.write(`${line}\n`),
      stop: () => undefined,
    };
  return stream.isTTY ? new BarReporter(stream) : new LineReporter(stream, plainEveryMs);
}

const rate = (progress: SimulationProgress) =>
  progress.elapsedMs > 0 ? (progress.checkInsOk / progress.elapsedMs) * 1000 : 0;

class BarReporter implements ProgressReporter {
  private readonly bars: MultiBar;
  private bar: SingleBar | null = null;
  private last = 0;

  constructor(stream: NodeJS.WriteStream) {
    this.bars = new MultiBar(
      {
        stream,
        hideCursor: true,
        clearOnComplete: false,
        format:
          ' {bar} {percentage}% | {done}/{planned} check-ins | {rate}/s | {errors} errors | {eta_formatted}',
        fps: 5,
      },
      Presets.shades_classic,
    );
  }

  update(progress: SimulationProgress): void {
    const now = Date.now();
    // Rendering is throttled by the bar; building the payload need not be done per check-in.
    if (now - this.last < 100 && progress.turnsDone !== progress.turnsPlanned) return;
    this.last = now;
    const timed = progress.turnsPlanned === null;
    const total = timed
      ? Math.max(1, Math.round((progress.durationMs ?? 0) / 1000))
      : Math.max(1, progress.turnsPlanned!);
    const value = timed
      ? Math.min(total, Math.round(progress.elapsedMs / 1000))
      : progress.turnsDone;
    const payload = {
      done: progress.turnsDone.toLocaleString('en-US'),
      planned: timed ? '…' : progress.turnsPlanned!.toLocaleString('en-US'),
      rate: rate(progress).toFixed(1),
      errors: progress.errors,
    };
    if (!this.bar) this.bar = this.bars.create(total, value, payload);
    else {
      this.bar.setTotal(total);
      this.bar.update(value, payload);
    }
  }

  log(line: string): void {
    this.bars.log(`${line}\n`);
  }

  stop(): void {
    this.bars.stop();
  }
}

class LineReporter implements ProgressReporter {
  private lastLine = 0;
  private latest: SimulationProgress | null = null;

  constructor(
    private readonly stream: NodeJS.WriteStream,
    private readonly everyMs: number,
  ) {}

  update(progress: SimulationProgress): void {
    this.latest = progress;
    if (Date.now() - this.lastLine >= this.everyMs) this.print(progress);
  }

  log(line: string): void {
    this.stream.write(`${line}\n`);
  }

  stop(): void {
    if (this.latest) this.print(this.latest);
  }

  private print(progress: SimulationProgress): void {
    this.lastLine = Date.now();
    const planned = progress.turnsPlanned;
    const share = planned ? ` (${Math.floor((progress.turnsDone / planned) * 100)}%)` : '';
    this.stream.write(
      `simulate: ${progress.turnsDone.toLocaleString('en-US')}${planned === null ? '' : `/${planned.toLocaleString('en-US')}`} check-ins${share}, ` +
        `${rate(progress).toFixed(1)}/s, ${progress.errors} errors, ${Math.round(progress.elapsedMs / 1000)} s\n`,
    );
  }
}
