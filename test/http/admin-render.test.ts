import { describe, expect, it } from 'vitest';
import { barChart, type BarChartOptions } from '../../src/http/admin/charts.ts';
import { html, trusted, type Html } from '../../src/http/admin/html.ts';
import { renderComparison } from '../../src/http/admin/pages/comparisons.ts';
import { renderProposal } from '../../src/http/admin/pages/knowledge.ts';
import type { ProposalRow } from '../../src/extraction/index.ts';
import type { Comparison } from '../../src/metrics/index.ts';
import { wordDiff, type DiffPart } from '../../src/text/index.ts';

const same = (text: string): DiffPart => ({ kind: 'same', text });
const removed = (text: string): DiffPart => ({ kind: 'removed', text });
const added = (text: string): DiffPart => ({ kind: 'added', text });

describe('wordDiff', () => {
  it.each<[string, string, string, DiffPart[], DiffPart[]]>([
    ['identical texts', 'Open the app and tap Book.', 'Open the app and tap Book.', [same('Open the app and tap Book.')], [same('Open the app and tap Book.')]],
    ['one changed word', 'the cat sat', 'the dog sat', [same('the '), removed('cat '), same('sat')], [same('the '), added('dog '), same('sat')]],
    ['an added word', 'tap Book', 'tap Book now', [same('tap Book')], [same('tap Book '), added('now')]],
    ['a removed run of words', 'Yes, use the app to move it.', 'Yes, it.', [same('Yes, '), removed('use the app to move '), same('it.')], [same('Yes, it.')]],
    ['case and trailing punctuation, which do not count as changes', 'Hello world.', 'hello World!', [same('Hello world.')], [same('hello World!')]],
    ['nothing before', '', 'new words', [], [added('new words')]],
    ['nothing after', 'old words', '', [removed('old words')], []],
  ])('%s', (_case, before, after, left, right) => {
    expect(wordDiff(before, after)).toEqual({ before: left, after: right });
  });

  it('shows two texts with no words in common and thousands of edits without highlighting', () => {
    const before = Array.from({ length: 3000 }, (_, i) => `a${i}`).join(' ');
    const after = Array.from({ length: 3000 }, (_, i) => `b${i}`).join(' ');
    expect(wordDiff(before, after)).toEqual({ before: [same(before)], after: [same(after)] });
  });

  it('keeps punctuation inside a word significant', () => {
    expect(wordDiff('bay 2.5', 'bay 25')).toEqual({ before: [same('bay '), removed('2.5')], after: [same('bay '), added('25')] });
  });
});

describe('html', () => {
  it.each<[string, () => Html, string]>([
    ['a <script> in a value is escaped', () => html`<p>${'<script>alert(1)</script>'}</p>`, '<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>'],
    [
      'quotes cannot leave an attribute',
      () => html`<a title="${`x" onmouseover="y`}" data-q='${"it's"}'>`,
      `<a title="x&quot; onmouseover=&quot;y" data-q='it&#39;s'>`,
    ],
    ['ampersands are escaped once', () => html`${'fish & chips &amp; more'}`, 'fish &amp; chips &amp;amp; more'],
    ['Html values pass through unescaped', () => html`<div>${html`<b>${'a&b'}</b>`}</div>`, '<div><b>a&amp;b</b></div>'],
    ['trusted markup passes through', () => html`<figure>${trusted('<svg role="img"></svg>')}</figure>`, '<figure><svg role="img"></svg></figure>'],
    [
      'arrays join without separators, each item escaped or passed through',
      () => html`<ul>${['<li>raw</li>', html`<li>${'ok'}</li>`, ['<nested>']]}</ul>`,
      '<ul>&lt;li&gt;raw&lt;/li&gt;<li>ok</li>&lt;nested&gt;</ul>',
    ],
    ['null, undefined and false render nothing; 0 renders', () => html`[${null}${undefined}${false}${0}]`, '[0]'],
  ])('%s', (_case, render, expected) => {
    expect(render().value).toBe(expected);
  });
});

/** Each bar of a chart as [class, hover title]: what a reader sees and a screen reader reads. */
const bars = (svg: string) => [...svg.matchAll(/<rect class="([^"]*)"[^>]*><title>([^<]*)<\/title><\/rect>/g)].map((m) => [m[1], m[2]]);
/** The y-axis tick labels, bottom to top. */
const ticks = (svg: string) => [...svg.matchAll(/<text [^>]*text-anchor="end">([^<]*)<\/text>/g)].map((m) => m[1]);

describe('barChart', () => {
  it.each<[string, BarChartOptions, string[][]]>([
    [
      'stacked: one bar per non-zero value, titled with its share of the total',
      {
        title: 'Who answered',
        labels: ['Mon', 'Tue'],
        stacked: true,
        series: [
          { name: 'SOP', cls: 'sop', values: [1, 0] },
          { name: 'Assistant', cls: 'asst', values: [2, 3] },
        ],
      },
      [
        ['sop', 'Mon: SOP 1 of 3'],
        ['asst', 'Mon: Assistant 2 of 3'],
        ['asst', 'Tue: Assistant 3 of 3'],
      ],
    ],
    [
      'one series: a bar per value, zero included, titled with the value alone',
      { title: 'Requests', labels: ['Mon', 'Tue'], series: [{ name: 'Requests', cls: 'req', values: [5, 0] }] },
      [
        ['req', 'Mon: 5'],
        ['req', 'Tue: 0'],
      ],
    ],
    [
      'grouped series: titles name the series',
      {
        title: 'Latency',
        labels: ['Mon'],
        series: [
          { name: 'SOP', cls: 'sop', values: [120] },
          { name: 'Assistant', cls: 'asst', values: [900] },
        ],
      },
      [
        ['sop', 'Mon: SOP 120'],
        ['asst', 'Mon: Assistant 900'],
      ],
    ],
    [
      'signed: negative values get the negative class, others the positive one',
      {
        title: 'Saving',
        labels: ['Mon', 'Tue', 'Wed'],
        signed: { positive: 'gain', negative: 'loss' },
        series: [{ name: 'USD', cls: 'usd', values: [1.5, -2, 0] }],
      },
      [
        ['gain', 'Mon: 1.5'],
        ['loss', 'Tue: -2'],
        ['gain', 'Wed: 0'],
      ],
    ],
    [
      'format: titles use it',
      { title: 'Share', labels: ['Mon'], format: (v) => `${Math.round(v * 100)}%`, series: [{ name: 'S', cls: 's', values: [0.256] }] },
      [['s', 'Mon: 26%']],
    ],
  ])('%s', (_case, options, expected) => {
    expect(bars(barChart(options).value)).toEqual(expected);
  });

  it.each<[string, Partial<BarChartOptions>, string[]]>([
    ['values up to 2', {}, ['0', '0.5', '1', '1.5', '2']],
    ['counts up to 2, in whole numbers', { integer: true }, ['0', '1', '2']],
  ])('ticks the axis for %s', (_case, extra, expected) => {
    const svg = barChart({ title: 'T', labels: ['a', 'b'], series: [{ name: 'n', cls: 'n', values: [1, 2] }], ...extra }).value;
    expect(ticks(svg)).toEqual(expected);
  });

  it('draws the marker line and its label only when given one', () => {
    const base: BarChartOptions = { title: 'Confidence', labels: ['0.0', '0.5', '1.0'], series: [{ name: 'n', cls: 'n', values: [1, 2, 3] }] };
    const marked = barChart({ ...base, marker: { at: 1.5, label: 'threshold 0.75' } }).value;
    expect(marked.match(/<line class="threshold" /g)).toHaveLength(1);
    expect(marked).toMatch(/<text class="marker-label" [^>]*>threshold 0.75<\/text>/);
    expect(barChart(base).value).not.toContain('class="threshold"');
  });

  it('escapes the title, labels, series names and marker label', () => {
    const svg = barChart({
      title: 'Bays <b>',
      labels: ['<img src=x>', 'b&c'],
      series: [
        { name: '"A"', cls: 'a', values: [1, 2] },
        { name: '<B>', cls: 'b', values: [3, 4] },
      ],
      marker: { at: 1, label: '<i>cut</i>' },
    }).value;
    expect(svg).not.toMatch(/<(img|b|B|i)>|<img /);
    expect(svg).toContain('>Bays &lt;b&gt;</figcaption>');
    expect(svg).toContain('>&lt;img src=x&gt;</text>');
    expect(svg).toContain('>b&amp;c</text>');
    expect(svg).toContain('>&lt;i&gt;cut&lt;/i&gt;</text>');
    expect(bars(svg)).toEqual([
      ['a', '&lt;img src=x&gt;: &quot;A&quot; 1'],
      ['b', '&lt;img src=x&gt;: &lt;B&gt; 3'],
      ['a', 'b&amp;c: &quot;A&quot; 2'],
      ['b', 'b&amp;c: &lt;B&gt; 4'],
    ]);
    expect(svg).toContain('<ul class="legend"><li><i class="a"></i>&quot;A&quot;</li><li><i class="b"></i>&lt;B&gt;</li></ul>');
  });
});

describe('renderComparison', () => {
  const comparison: Comparison = {
    id: '3f2b8c1e-5d4a-4e6f-9a7b-0c1d2e3f4a5b',
    createdAt: new Date('2026-11-30T10:00:00Z'),
    route: 'tech',
    query: 'the screen is frozen',
    assistantResponse: 'Restart the simulator PC.',
    sopResponse: 'Close TrackMan with Alt+F4.',
    assistantLatencyMs: 900,
    sopLatencyMs: 3,
    sopConfidence: 0.5,
    sopSources: [],
    similarity: 0.3,
    sopError: null,
    verdict: null,
    verdictBy: null,
    verdictAt: null,
    verdictSource: null,
    answeredBy: 'assistant',
    threshold: 0.75,
  };
  const heading = (c: Comparison) => /<h3 id="assistant-h">([^<]*)<\/h3>/.exec(renderComparison(c, [], {}, '').value)![1];

  it('says what the Assistant’s answer was to the customer, by who answered', () => {
    expect(heading(comparison)).toBe('Assistant (answered the customer)');
    expect(heading({ ...comparison, answeredBy: 'escalation' })).toBe('Assistant (not sent: the customer got the hand-over reply)');
    expect(heading({ ...comparison, answeredBy: 'sop' })).toBe('Assistant (not sent: the SOP module answered)');
    expect(heading({ ...comparison, answeredBy: null })).toBe('Assistant (who answered was not logged)');
  });
});

describe('renderProposal', () => {
  const proposal: ProposalRow = {
    key: 'tech-lens',
    host: 'local',
    state: 'merged',
    route: 'tech',
    title: 'Add: wipe the lens',
    path: 'sops/tech/ball-not-registering.md',
    sopSection: null,
    branch: 'knowledge/tech-lens',
    url: null,
    mergeCommit: '0123456789abcdef0123456789abcdef01234567',
    supporters: 1,
    createdAt: new Date('2026-11-30T10:00:00Z'),
    updatedAt: new Date('2026-11-30T11:00:00Z'),
  };
  const page = (p: ProposalRow) => renderProposal({ proposal: p, items: [], diff: null, target: { kind: 'local' } }, {}).value;

  it('names the commit a merged local proposal became, and says the branch is gone otherwise', () => {
    expect(page(proposal)).toContain('Merged as commit <code>0123456789ab</code> on the base branch (<code>git show 0123456789ab</code>)');
    expect(page({ ...proposal, state: 'rejected', mergeCommit: null })).toContain('The branch is gone: the proposal was rejected.');
  });
});
