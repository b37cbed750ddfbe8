import type { Found } from './substitute.ts';

/**
 * Names in the scripts the name lexicon does not read, found by how a speaker introduces themselves or
 * addresses someone: Arabic and Persian ("أنا فيصل الحربي.", "معك سارة", "من مریم احمدی هستم"), Hebrew
 * ("אני נועה לוי.", "מדבר יונתן"), Cyrillic ("мене звати Оксана", "я Андрій"), Vietnamese ("em là
 * Hương"), Thai ("ดิฉันชื่อ สมศรี ใจดี"), Chinese ("我叫陈志强", "我姓陈", "陈先生"), Japanese ("山本様",
 * "山本 美咲です" as an answer) and Korean ("박지우 고객님"). Each pattern reads a bounded number of words
 * after or before its cue, so it stays linear whatever a customer types.
 */
const ARABIC = String.raw`[\p{sc=Arabic}\u200c]{2,20}`;
const HEBREW = String.raw`\p{sc=Hebrew}{2,20}`;
const CYRILLIC_NAME = String.raw`\p{Lu}\p{Ll}{1,20}`;
/** What "I am" says besides a name: fine, here, sorry, late, ready, a member, a customer, outside. */
const ARABIC_STATES = 'بخير|هنا|آسف|اسف|آسفة|متأخر|متأخرة|جاهز|جاهزة|عضو|عميل|عميلة|برا|بالخارج|في|من|عند|مع|حق';
/** The same in Hebrew: fine, here, sorry, late, a customer, a member, on the way, need, want. */
const HEBREW_STATES = 'בסדר|כאן|פה|מצטער|מצטערת|מאחר|מאחרת|לקוח|לקוחה|חבר|חברה|בדרך|צריך|צריכה|רוצה';
/** After the cue, one word or two; the sentence goes on after them ("أنا بخير" is "I am fine": a name ends at a stop). */
const ENDS = String.raw`(?=[ \t]{0,4}(?:[.,!?،؟:;]|$))`;
const PATTERNS: RegExp[] = [
  // Arabic "my name is", "with you [is]" (an agent's greeting); Persian "my name is".
  new RegExp(
    String.raw`(?<![\p{L}])(?:اسمي|معك|معاك|معكم|اسم[ \t]من|نام[ \t]من|اسمم)[ \t]{1,4}(?!(?:${ARABIC_STATES})(?![\p{sc=Arabic}]))(${ARABIC}(?:[ \t]{1,4}ال${ARABIC})?)`,
    'gu',
  ),
  // Arabic "I am X." and Persian "I am X" ("من X هستم").
  new RegExp(String.raw`(?<![\p{L}])(?:أنا|انا)[ \t]{1,4}(?!(?:${ARABIC_STATES})(?![\p{sc=Arabic}]))(${ARABIC}(?:[ \t]{1,4}${ARABIC})?)${ENDS}`, 'gmu'),
  new RegExp(String.raw`(?<![\p{L}])من[ \t]{1,4}(${ARABIC}(?:[ \t]{1,4}${ARABIC}){0,2})[ \t]{1,4}هستم`, 'gu'),
  // Hebrew "my name is", "speaking", "I am X." ("אני בסדר." is "I am fine").
  new RegExp(
    String.raw`(?<![\p{L}])(?:שמי|קוראים[ \t]לי|מדבר|מדברת|אני)[ \t]{1,4}(?!(?:${HEBREW_STATES})(?![\p{sc=Hebrew}]))(${HEBREW}(?:[ \t]{1,4}${HEBREW})?)${ENDS}`,
    'gmu',
  ),
  // Russian and Ukrainian: "my name is", "I am", "this is", "with you is", a name in capitals after them.
  new RegExp(
    String.raw`(?<![\p{L}])(?:[Мм]еня[ \t]зовут|[Мм]ене[ \t]звати|[Яя]|[Ээ]то|[Цц]е|[Сс][ \t]вами|[Зз][ \t]вами)[ \t]{1,4}(${CYRILLIC_NAME}(?:[ \t]{1,4}${CYRILLIC_NAME})?)`,
    'gu',
  ),
  // Vietnamese: "em là Hương", "tên tôi là Trần Văn Nam".
  /(?<![\p{L}])(?:[Ee]m|[Aa]nh|[Cc]hị|[Tt]ôi|[Mm]ình|[Cc]on|[Tt]ên(?:[ \t](?:em|tôi|mình))?)[ \t]là[ \t]{1,4}(\p{Lu}\p{Ll}{1,12}(?:[ \t]{1,4}\p{Lu}\p{Ll}{1,12}){0,3})(?![\p{L}\p{N}-])/gu,
  // Thai: "my name is", two words at most.
  /ชื่อ[ \t]{0,4}(\p{sc=Thai}{2,20}(?:[ \t]{1,4}\p{sc=Thai}{2,20})?)/gu,
  // Chinese: "I am called", "my surname is" (and the full name after it), a surname before a title (not "谢谢先生", thanks sir).
  /(?:我叫|叫我|我的名字是|名字叫)(\p{sc=Han}{2,3})/gu,
  /我姓(\p{sc=Han}(?:[，,、 ]?\p{sc=Han}{2,3})?)/gu,
  /(?![谢謝这這那位个個])(\p{sc=Han})(?=先生|女士|小姐|太太)/gu,
  // Japanese: a name before a title ("山本様"; not お客様, 皆様), before "I am called", or given as a whole answer.
  /(?<![おご\p{sc=Han}])(?!客|皆)(\p{sc=Han}{1,2})(?=様|さま|さん)/gu,
  /(\p{sc=Han}{1,4}(?:[ 　]\p{sc=Han}{1,4})?)(?=と申します|といいます)/gu,
  /(?:^|:|：)[ \t　]*(\p{sc=Han}{1,4}[ 　]\p{sc=Han}{1,4})(?=です)/gmu,
  // Korean: a name before an honorific ("박지우 고객님", "지우 씨"), not a role ("회원 고객님") or a verb's ending ("잠시만요 고객님").
  /(?<![가-힣])(?!고객|회원|선생|사장|부장|과장|기사|여러분)([가-힣]{1,3}[가-힣](?<![요다까네죠]))[ \t]?(?=고객님|님|씨(?![가-힣]))/gu,
];

export function redactNamesInOtherScripts(text: string, found: Found): string {
  // Nothing to read in Latin text without a Vietnamese "là", Cyrillic, or a script of the patterns.
  if (!/[\u0250-\u{10ffff}]|(?<![\p{L}])là(?![\p{L}])/u.test(text)) return text;
  let out = text;
  for (const pattern of PATTERNS) {
    out = out.replace(pattern, (whole: string, name: string) => {
      found.name++;
      const at = whole.lastIndexOf(name);
      return `${whole.slice(0, at)}[name]${whole.slice(at + name.length)}`;
    });
  }
  return out;
}
