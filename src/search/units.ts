import { isQuestionsSection } from '../sops/parse-document.ts';
import type { SopDoc } from '../sops/types.ts';
import type { IndexUnit } from './types.ts';

/**
 * The units of a document: one per section with prose, plus one for its typical questions
 * (front matter `questions` and any "...questions" section), whose vector is their mean. A variant
 * section with `section_questions` is also matched on them, and its questions train the classifier to
 * pick that section.
 */
function unitsOfDocument(doc: SopDoc): IndexUnit[] {
  const units: IndexUnit[] = [];
  let questionsId = doc.path;
  const sectionQuestions = doc.meta?.section_questions ?? {};
  for (const section of doc.sections) {
    if (isQuestionsSection(section) && section.steps.length > 0) {
      questionsId = section.id;
      continue;
    }
    const headings = section.headingPath.slice(1).join(' / ');
    const body = headings ? `${headings}\n${section.text}` : section.text;
    const questions = Object.hasOwn(sectionQuestions, section.heading) ? sectionQuestions[section.heading]! : [];
    const unit: IndexUnit = {
      id: section.id,
      doc: doc.path,
      route: doc.route,
      title: doc.title,
      text: [body, ...questions].join('\n'),
      embedTexts: [`${doc.title}\n${body}`, ...questions],
    };
    if (questions.length) {
      unit.examples = [section.heading, ...questions];
      unit.variant = true;
    }
    units.push(unit);
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
      examples: [doc.title, ...doc.questions],
    });
  }
  return units;
}

/** Units of every document of a corpus, in a stable order. */
export function unitsOfDocuments(docs: readonly SopDoc[]): IndexUnit[] {
  return docs.flatMap(unitsOfDocument);
}
