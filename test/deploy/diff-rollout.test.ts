/**
 * `diffRollout`: rollout values compared key by key as the router resolves them per route, then the
 * file's defaults and costs; a default a route follows shows on that route too; without a version
 * before, every value is added.
 */
import { describe, expect, it } from 'vitest';
import { BUILT_IN_ROLLOUT, type RolloutFile } from '../../src/config/index.ts';
import { diffRollout } from '../../src/deploy/diff-rollout.ts';

const file = (routes: RolloutFile['routes'], defaults: Partial<RolloutFile['defaults']> = {}): RolloutFile => ({
  ...BUILT_IN_ROLLOUT,
  defaults: { ...BUILT_IN_ROLLOUT.defaults, ...defaults },
  routes,
});
const routes = ['booking', 'tech'];

describe('diffRollout', () => {
  it('the same values are no difference', () => {
    expect(diffRollout({ config: file({ tech: { mode: 'shadow' } }), routes }, { config: file({ tech: { mode: 'shadow' } }), routes })).toEqual([]);
  });

  it.each([
    [
      'a percentage',
      { tech: { mode: 'rollout' as const, percentage: 10 } },
      { tech: { mode: 'rollout' as const, percentage: 25 } },
      [{ scope: 'tech', key: 'percentage', before: 10, after: 25 }],
    ],
    ['a mode', {}, { tech: { mode: 'off' as const } }, [{ scope: 'tech', key: 'mode', before: 'shadow', after: 'off' }]],
    ['a gate', {}, { booking: { gates: { min_precision: 0.9 } } }, [{ scope: 'booking', key: 'gates.min_precision', before: 0.95, after: 0.9 }]],
    ['a threshold', { tech: { confidence_threshold: 0.6 } }, {}, [{ scope: 'tech', key: 'confidence_threshold', before: 0.6, after: 0.75 }]],
  ])('%s of one route', (_, before, after, expected) => {
    expect(diffRollout({ config: file(before), routes }, { config: file(after), routes })).toEqual(expected);
  });

  it('a changed default shows on each route that follows it, then on defaults', () => {
    const changes = diffRollout(
      { config: file({ tech: { confidence_threshold: 0.9 } }), routes },
      { config: file({ tech: { confidence_threshold: 0.9 } }, { confidence_threshold: 0.8 }), routes },
    );
    expect(changes).toEqual([
      { scope: 'booking', key: 'confidence_threshold', before: 0.75, after: 0.8 },
      { scope: 'defaults', key: 'confidence_threshold', before: 0.75, after: 0.8 },
    ]);
  });

  it('a route only the candidate has is added; with no version before, every value is', () => {
    expect(diffRollout({ config: null, routes: ['booking'] }, { config: null, routes })).toEqual([
      { scope: 'tech', key: 'mode', before: null, after: 'shadow' },
      { scope: 'tech', key: 'percentage', before: null, after: 0 },
      { scope: 'tech', key: 'confidence_threshold', before: null, after: 0.75 },
      ...Object.entries(BUILT_IN_ROLLOUT.defaults.gates).map(([gate, value]) => ({ scope: 'tech', key: `gates.${gate}`, before: null, after: value })),
    ]);
    const all = diffRollout(null, { config: file({}), routes });
    expect(all.length).toBeGreaterThan(0);
    expect(all.every((c) => c.before === null)).toBe(true);
    expect(all).toContainEqual({ scope: 'costs', key: 'baseline_monthly_usd', before: null, after: 750 });
  });
});
