// What `npm run bench` reports: its rows, the committed file of a full run, and the README table made from that file.

/** One printed figure: what was measured, its value, the reference measured in the same run, the target, and the command that prints it. */
export type BenchRow = { figure: string; value: string; reference?: string; target?: string; command: string };

/** `bench/results.json`: the machine, the rows as printed, and each part's raw results. */
export type BenchReport = {
  machine: { node: string; cpus: number; cpu?: string; memoryGb: number; date: string };
  rows: BenchRow[];
  results: Record<string, unknown>;
};

/** Where the generated table sits in the README. */
const BEGIN = '<!-- bench table: generated from bench/results.json by npm run bench; do not edit -->';
const END = '<!-- end of bench table -->';

/** A cell's text in a markdown table: pipes escaped, nothing else touched. */
const cell = (text: string | undefined) => (text ?? '').replaceAll('|', '\\|');

/** The README's performance table for one run: the machine and date, then one line per row. */
export function renderTable(report: BenchReport): string {
  const { machine } = report;
  const lines = [
    `Run of ${machine.date.slice(0, 10)} · Node ${machine.node} · ${machine.cpus} cores (${machine.cpu ?? 'unknown CPU'}) · ${machine.memoryGb} GB`,
    '',
    '| figure | value | reference (same run) | target | command |',
    '|---|---|---|---|---|',
    ...report.rows.map((r) => `| ${cell(r.figure)} | ${cell(r.value)} | ${cell(r.reference)} | ${cell(r.target)} | \`${cell(r.command)}\` |`),
  ];
  return lines.join('\n');
}

/** `readme` with its generated table replaced by `table`; throws when the markers are missing. */
export function withTable(readme: string, table: string): string {
  const from = readme.indexOf(BEGIN);
  const to = readme.indexOf(END);
  if (from === -1 || to < from) throw new Error(`README.md has no generated bench table: put the lines "${BEGIN}" and "${END}" where it goes`);
  return `${readme.slice(0, from + BEGIN.length)}\n${table}\n${readme.slice(to)}`;
}
