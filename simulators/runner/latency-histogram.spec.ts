import { LatencyHistogram } from './latency-histogram';

describe('latency histogram', () => {
  it('has no percentiles while empty', () => {
    const histogram = new LatencyHistogram();
    expect(histogram.percentile(0.5)).toBeNull();
    expect(histogram.maximum).toBeNull();
  });

  it('gives percentiles within 1 % of the exact value', () => {
    const histogram = new LatencyHistogram();
    const values = Array.from({ length: 10_000 }, (_, i) => 0.2 + ((i * 7919) % 10_000) / 10);
    values.forEach((value) => histogram.record(value));
    const sorted = [...values].sort((a, b) => a - b);
    for (const fraction of [0.5, 0.95, 0.99]) {
      const exact = sorted[Math.ceil(fraction * sorted.length) - 1];
      const estimate = histogram.percentile(fraction)!;
      expect(estimate).toBeGreaterThanOrEqual(exact);
      expect(estimate).toBeLessThanOrEqual(exact * 1.0101);
    }
    expect(histogram.maximum).toBe(sorted[sorted.length - 1]);
    expect(histogram.count).toBe(10_000);
  });

  it('never reports more than the largest value, and handles tiny ones', () => {
    const histogram = new LatencyHistogram();
    histogram.record(0);
    histogram.record(0.01);
    histogram.record(3);
    expect(histogram.percentile(0.5)).toBeLessThanOrEqual(0.05);
    expect(histogram.percentile(1)).toBe(3);
  });
});
