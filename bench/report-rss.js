// Preloaded into a measured process: prints its peak resident set size on exit. VmHWM belongs to
// this process image alone; getrusage's maxRSS can carry over the parent's size through fork + exec.
import { readFileSync } from 'node:fs';

process.on('exit', () => {
  let kb = process.resourceUsage().maxRSS;
  try {
    kb = Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? kb);
  } catch {
    // not Linux: keep getrusage's figure
  }
  process.stderr.write(`\nmax-rss-kb ${kb}\n`);
});
