import { isQuestionsSection } from '../sops/parse-document.ts';
import type { SopDoc } from '../sops/types.ts';
import type { IndexUnit } from './types.ts';

/**
 * The units of a document: one per section with prose, plus one for its typical questions
 * (front matter `questions` and any "...questions" section), whose vector is their mean.
 */
function unitsOfDocument(doc: SopDoc): IndexUnit[] {
  const units: IndexUnit[] = [];
  let questionsId = doc.path;
  for (const section of doc.sections) {
    if (isQuestionsSection(section) && section.steps.length > 0) {
      questionsId = section.id;
      continue;
    }
    const headings = section.headingPath.slice(1).join(' / ');
    const text = headings ? `${headings}\n${section.text}` : section.text;
    units.push({ id: section.id, doc: doc.path, route: doc.route, title: doc.title, text, embedTexts: [`${doc.title}\n${text}`] });
  }
  if (doc.questions.length > 0) {
    const tags = doc.meta?.tags.join(' ') ?? '';
    units.push({
      id: questionsId,
      doc: doc.path,
      route: doc.route,
      title: doc.title,
      text: [tags, ...doc.questions].filter(Boolean).join('\n'),
      embedTexts: [doc.title, ...doc.questions],
    });
  }
  return units;
}

/** Units of every document of a corpus, in a stable order. */
export function unitsOfDocuments(docs: readonly SopDoc[]): IndexUnit[] {
  return docs.flatMap(unitsOfDocument);
}
