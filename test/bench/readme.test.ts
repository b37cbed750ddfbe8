/**
 * The README's performance table is the committed run of `npm run bench` (bench/results.json), not
 * figures typed by hand: regenerating it from that file changes nothing.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderTable, withTable, type BenchReport } from '../../bench/report.ts';

describe('the README performance table', () => {
  const report = JSON.parse(readFileSync('bench/results.json', 'utf8')) as BenchReport;
  const readme = readFileSync('README.md', 'utf8');

  it('is the table of the committed bench run, row for row', () => {
    expect(report.rows.length).toBeGreaterThan(0);
    expect(withTable(readme, renderTable(report))).toBe(readme);
  });

  it('names the run it comes from: its date and machine', () => {
    expect(readme).toContain(`Run of ${report.machine.date.slice(0, 10)} · Node ${report.machine.node} · ${report.machine.cpus} cores`);
  });

  it('renders a pipe in a figure as text, not as a new column, and refuses a README without the markers', () => {
    const table = renderTable({ ...report, rows: [{ figure: 'a | b', value: '1', command: 'npm run bench' }] });
    expect(table.split('\n').at(-1)).toBe('| a \\| b | 1 |  |  | `npm run bench` |');
    expect(() => withTable('# no table here\n', table)).toThrow(/no generated bench table/);
  });
});
