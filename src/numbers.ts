/**
 * `x` rounded to `decimals` places, half up as `Math.round` does: the figures the service stores and
 * reports (confidences, metrics, latencies), so the same value always prints the same.
 */
export function roundTo(x: number, decimals: number): number {
  const scale = 10 ** decimals;
  return Math.round(x * scale) / scale;
}
