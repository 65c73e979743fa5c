/** Percentiles and small helpers for turning samples into figures. */
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}

/** A figure as the tables print it: three significant digits or so, its unit after a space (% without). */
export function formatFigure(value: number | undefined, unit: string): string {
  if (value === undefined || Number.isNaN(value)) return '–';
  const digits = Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2;
  return `${value.toFixed(digits)}${unit && unit !== '%' ? ` ${unit}` : unit}`;
}

export interface Summary {
  count: number;
  p50: number;
  p99: number;
  max: number;
  mean: number;
}

export function summarize(samples: readonly number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  const sum = sorted.reduce((total, value) => total + value, 0);
  return {
    count: sorted.length,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    max: sorted.length ? sorted[sorted.length - 1]! : Number.NaN,
    mean: sorted.length ? sum / sorted.length : Number.NaN,
  };
}

/** The driver's own health during a measurement: if its event loop lagged, latencies are inflated. */
export class DriverHealth {
  private readonly histogram: IntervalHistogram = monitorEventLoopDelay({ resolution: 5 });
  private cpuStart = process.cpuUsage();
  private wallStart = performance.now();

  start(): void {
    this.histogram.reset();
    this.histogram.enable();
    this.cpuStart = process.cpuUsage();
    this.wallStart = performance.now();
  }

  stop(): { loopDelayP99Ms: number; cpuShare: number } {
    this.histogram.disable();
    const cpu = process.cpuUsage(this.cpuStart);
    const wallMs = performance.now() - this.wallStart;
    return { loopDelayP99Ms: this.histogram.percentile(99) / 1e6, cpuShare: (cpu.user + cpu.system) / 1000 / wallMs };
  }
}
