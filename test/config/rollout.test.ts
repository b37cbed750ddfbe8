import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { effectiveRollout, parseRollout, readEnv, RolloutError } from '../../src/config/index.ts';

const ROUTES = ['booking', 'brand', 'emergency', 'tech'];
const REPO_FILE = readFileSync('rollout.yaml', 'utf8');

function problems(text: string) {
  try {
    parseRollout(text, 'rollout.yaml', ROUTES);
  } catch (error) {
    expect(error).toBeInstanceOf(RolloutError);
    return (error as RolloutError).problems;
  }
  throw new Error('expected the file to be refused');
}

describe('rollout.yaml', () => {
  it("the repository's file validates, with every route in shadow", () => {
    const { config, version } = parseRollout(REPO_FILE, 'rollout.yaml', ROUTES);
    expect(version).toMatch(/^[0-9a-f]{12}$/);
    expect(Object.keys(config.routes).sort()).toEqual(ROUTES);
    const effective = effectiveRollout(parseRollout(REPO_FILE, 'rollout.yaml', ROUTES), {}, ROUTES);
    expect(effective.routes.map((r) => r.mode.value)).toEqual(['shadow', 'shadow', 'shadow', 'shadow']);
    expect(effective.costs.baseline_monthly_usd).toBe(750);
  });

  it('names the line and field of an unknown route, a percentage of 150 and a threshold of 2, all at once', () => {
    const text = REPO_FILE.replace('  brand:\n    mode: shadow', '  brands:\n    mode: shadow').replace(
      '  tech:\n    mode: shadow',
      '  tech:\n    mode: shadow\n    percentage: 150\n    confidence_threshold: 2',
    );
    const lineOf = (needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;
    expect(problems(text)).toEqual([
      { line: lineOf('percentage: 150'), column: 17, field: 'routes.tech.percentage', message: 'must be at most 100' },
      { line: lineOf('confidence_threshold: 2'), column: 27, field: 'routes.tech.confidence_threshold', message: 'must be at most 1' },
      { line: lineOf('brands:'), column: 3, field: 'routes.brands', message: 'unknown route (the SOPs have booking, brand, emergency, tech)' },
    ]);
  });

  it('names unknown fields, bad modes, missing defaults and YAML syntax errors', () => {
    expect(problems(REPO_FILE.replace('    mode: shadow\n  emergency', '    mode: shadow\n    percent: 5\n  emergency'))[0]).toMatchObject({
      field: 'routes.booking.percent',
      message: expect.stringMatching(/^unknown field \(expected mode, percentage/),
    });
    expect(problems(REPO_FILE.replace('  tech:\n    mode: shadow', '  tech:\n    mode: live'))[0]).toMatchObject({
      field: 'routes.tech.mode',
      message: 'must be one of off, shadow, rollout',
    });
    expect(problems(REPO_FILE.replace('  confidence_threshold: 0.75\n', ''))[0]).toMatchObject({
      field: 'defaults.confidence_threshold',
      message: 'is required (number)',
    });
    expect(problems('defaults: [oops\n')[0]).toMatchObject({ line: 2, message: expect.stringMatching(/^not valid YAML/) });
  });
});

describe('the effective config', () => {
  const source = parseRollout(REPO_FILE.replace('  tech:\n    mode: shadow', '  tech:\n    mode: rollout\n    percentage: 20'), 'rollout.yaml', ROUTES);

  it('reports where each value comes from', () => {
    const tech = effectiveRollout(source, {}, ROUTES).route('tech');
    expect(tech.mode).toEqual({ value: 'rollout', from: 'file', ref: `rollout.yaml@${source.version} routes.tech.mode` });
    expect(tech.percentage).toEqual({ value: 20, from: 'file', ref: `rollout.yaml@${source.version} routes.tech.percentage` });
    expect(tech.threshold).toEqual({ value: 0.75, from: 'file', ref: `rollout.yaml@${source.version} defaults.confidence_threshold` });
    expect(effectiveRollout(null, {}, ROUTES).route('tech').mode).toEqual({ value: 'shadow', from: 'default', ref: 'built-in default (no rollout file)' });
  });

  it('env overrides win over the file, and the kill switch over everything', () => {
    const env = readEnv({ SOP_SHADOW_MODE: 'true', SOP_ROLLOUT_PERCENTAGE: '5', SOP_CONFIDENCE_THRESHOLD: '0.9' });
    const tech = effectiveRollout(source, env, ROUTES).route('tech');
    expect(tech.mode).toEqual({ value: 'shadow', from: 'env', ref: 'SOP_SHADOW_MODE' });
    expect(tech.percentage).toEqual({ value: 5, from: 'env', ref: 'SOP_ROLLOUT_PERCENTAGE' });
    expect(tech.threshold).toEqual({ value: 0.9, from: 'env', ref: 'SOP_CONFIDENCE_THRESHOLD' });
    // false takes shadow routes live at their percentage; routes that are off stay off.
    const live = effectiveRollout(
      parseRollout(REPO_FILE.replace('  brand:\n    mode: shadow', '  brand:\n    mode: off'), 'rollout.yaml', ROUTES),
      readEnv({ SOP_SHADOW_MODE: 'false' }),
      ROUTES,
    );
    expect(live.route('booking').mode).toEqual({ value: 'rollout', from: 'env', ref: 'SOP_SHADOW_MODE' });
    expect(live.route('brand').mode.value).toBe('off');

    const killed = effectiveRollout(source, readEnv({ USE_INTELLIGENT_SOP: 'false', SOP_SHADOW_MODE: 'true' }), ROUTES);
    expect(killed.killSwitch).toEqual({ value: true, from: 'env', ref: 'USE_INTELLIGENT_SOP' });
    expect(killed.routes.every((r) => r.mode.value === 'off' && r.mode.ref === 'USE_INTELLIGENT_SOP')).toBe(true);
    expect(effectiveRollout(source, readEnv({ USE_INTELLIGENT_SOP: 'true' }), ROUTES).route('tech').mode.value).toBe('rollout');
  });

  it('refuses override values it cannot use, naming the variable', () => {
    expect(() => readEnv({ SOP_ROLLOUT_PERCENTAGE: '150' })).toThrow(/^SOP_ROLLOUT_PERCENTAGE:/);
    expect(() => readEnv({ SOP_CONFIDENCE_THRESHOLD: 'high' })).toThrow(/^SOP_CONFIDENCE_THRESHOLD:/);
    expect(() => readEnv({ USE_INTELLIGENT_SOP: 'maybe' })).toThrow(/^USE_INTELLIGENT_SOP: must be true or false/);
    expect(readEnv({ USE_INTELLIGENT_SOP: '', SOP_ROLLOUT_PERCENTAGE: '' })).toMatchObject({
      USE_INTELLIGENT_SOP: undefined,
      SOP_ROLLOUT_PERCENTAGE: undefined,
    });
  });
});
