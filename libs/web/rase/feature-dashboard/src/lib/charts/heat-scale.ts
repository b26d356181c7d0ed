/**
 * Five steps of one blue, light to dark, for the completion heatmap. Each step names the text
 * colour that keeps at least 4.5:1 contrast on it (dark text on the light three, white on the
 * dark two: 15.8, 13.3, 9.9, 6.9 and 10.7 to 1). The cell always prints its percentage, so the
 * colour repeats what the text says and never carries it alone.
 */
export const HEAT_STEPS = [
  { from: 0, background: '#f3f6fb', text: '#1a1c1e' },
  { from: 20, background: '#d6e4f5', text: '#1a1c1e' },
  { from: 40, background: '#a9c8ec', text: '#1a1c1e' },
  { from: 60, background: '#1d5aa6', text: '#ffffff' },
  { from: 80, background: '#0b3d7a', text: '#ffffff' },
] as const;

export type HeatStep = (typeof HEAT_STEPS)[number];

/** The step for a percentage (0–100; out-of-range values are clamped). */
export function heatStep(percent: number): HeatStep {
  const value = Math.min(100, Math.max(0, percent));
  return [...HEAT_STEPS].reverse().find((step) => value >= step.from) ?? HEAT_STEPS[0];
}

/** "0–19%", …, "80–100%": the legend's words for each step. */
export function heatLegend(): { label: string; step: HeatStep }[] {
  return HEAT_STEPS.map((step, index) => ({
    label: `${step.from}–${index + 1 < HEAT_STEPS.length ? HEAT_STEPS[index + 1].from - 1 : 100}%`,
    step,
  }));
}
