import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { splitWords } from '../text/index.ts';
import { parseYaml, validateMeta } from './front-matter.ts';
import type { Glossary, Message } from './types.ts';

export const GLOSSARY_FILE = 'glossary.yaml';

const phrase = z.string().trim().min(1, 'must be a non-empty word or phrase');
const glossarySchema = z.record(phrase, z.array(phrase).min(1, 'list at least one word customers use for it'));

/** Lower-cased words of a phrase, as matching sees them. */
const key = (text: string) => splitWords(text, { joinApostrophes: true }).join(' ');

/**
 * Reads `glossary.yaml` at the root of a folder of SOPs: each key is the word the SOPs use, its list
 * the words customers text instead. A word listed twice, or listed and also a key, is an error at its
 * line, since matching could not tell which word it stands for. No file: an empty glossary.
 */
export function loadGlossary(root: string): { glossary: Glossary; messages: Message[] } {
  const path = join(root, GLOSSARY_FILE);
  if (!existsSync(path)) return { glossary: {}, messages: [] };
  const parsed = parseYaml(GLOSSARY_FILE, readFileSync(path, 'utf8'), 1);
  if (parsed.messages.length) return { glossary: {}, messages: parsed.messages };
  const { value, messages } = validateMeta(glossarySchema, { ...parsed, data: parsed.data ?? {} }, GLOSSARY_FILE);
  if (!value) return { glossary: {}, messages };
  const glossary: Glossary = {};
  const seen = new Map<string, string>();
  for (const word of Object.keys(value)) {
    const canonical = key(word);
    if (canonical) seen.set(canonical, word);
  }
  for (const [word, variants] of Object.entries(value)) {
    const canonical = key(word);
    const kept: string[] = [];
    variants.forEach((variant, i) => {
      const k = key(variant);
      const line = parsed.lineOf([word, i]);
      const earlier = seen.get(k);
      if (!k) return;
      if (k === canonical || earlier !== undefined) {
        const why = k === canonical ? `is the same as its key "${word}"` : `is already "${earlier}" (a key or listed under another)`;
        messages.push({
          file: GLOSSARY_FILE,
          line,
          column: 1,
          severity: 'error',
          rule: 'glossary',
          message: `"${variant}" under "${word}" ${why}: list each word once`,
        });
        return;
      }
      seen.set(k, `${variant}" under "${word}`);
      kept.push(k);
    });
    if (canonical && kept.length) glossary[canonical] = kept;
  }
  return { glossary, messages };
}
