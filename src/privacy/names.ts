import { CUED_ONLY_NAMES, loadNameLexicon, PARTICLES, plain } from './lexicon.ts';
import { isCommon } from './common-words.ts';
import { digitsSaidIn } from './digit-words.ts';
import { distinctWords, type Found, substitute } from './substitute.ts';

/**
 * Person names: the names the caller already knows (a conversation's), names given with a cue ("this
 * is dana", "Mike here", "call me Jen", "my son Ethan", "Dr. Okafor", "Thanks, Sarah J.", a name
 * spelled "D-A-N-A"), and any word compromise's lexicon knows as a given name: in any case when it
 * is no English word at all ("jessica"), Capitalised when it is not a common one ("Carlos"); a name
 * that is also a common word ("Will") only after a cue.
 */

/** What may follow a redacted name and belongs to it: a Capitalised surname after up to two particles ("van den Berg", "de los Santos"), or an initial. */
const SURNAME_AFTER =
  /\[name\]([ \t,]{1,8})((?:\p{L}[ \t]{1,8}){2,}\p{L}(?![\p{L}\p{N}])|(?:(?:Ó|O['’]|Mac|Mc|[Vv]an|[Vv]on|[Dd]e|[Dd]a|[Dd]os|[Dd]as|[Dd]i|[Dd]el|[Dd]er|[Dd]en|[Dd]u|[Dd]es|[Ll]a|[Ll]e|[Ll]os|[Ll]as|[Bb]in|[Bb]inti|[Bb]int|[Ii]bn|[Aa]l|[Ee]l|[Tt]er|[Tt]en|\p{Lu}\.?)[ \t]{1,8}){0,2}(?:\p{Lu}\.(?![\p{L}])|\p{Lu}[\p{L}'’-]+))/gu;
/** What follows a word's first letter: letters, apostrophes, and hyphens between letters ("Anne-Marie"). */
const WORD_REST = String.raw`(?:[\p{L}'’]|-(?=\p{L}))*`;
const WORD = String.raw`[\p{L}]${WORD_REST}`;
const isCapitalised = (w: string): boolean => /^\p{Lu}/u.test(w);
const bareWord = (w: string): string => w.replace(/['’]s?$/i, '');
/** A given name that is not a common English word, so a name after a cue in any case: "dana", "carlos", not "grace". */
function isOnlyAName(w: string): boolean {
  const lower = plain(bareWord(w));
  const { given, english } = loadNameLexicon();
  return given.has(lower) && !english.has(lower) && !isCommon(lower);
}

/** Small words of other languages the lists also hold as names: a surname's particle ("della"), a digit ("otto", "sei"). */
const OTHER_LANGUAGES_WORDS = new Set([...PARTICLES, ...Object.keys(digitsSaidIn('fr', 'es', 'de', 'it', 'pt', 'nl', 'af'))].map(plain));
/** An Italian or Spanish possessive after its article: "la mia tessera", "il mio codice", "la mía"; "mia" alone is a name. */
const POSSESSIVE = /(?<![\p{L}])(?:la|il|le|i|gli|lo|della|del|nella|alla|di|dalla|el|los|las)[ \t]{1,3}$/iu;
const isPossessive = (word: string, before: string): boolean => /^(?:mia|mio|mie|miei|tua|tuo|sua|suo|mía|mío)$/iu.test(word) && POSSESSIVE.test(before);

/** A given name that is no English word at all, nor another language's small word, so a name anywhere in any case: "jessica", "siobhan", not "spike" or "otto". */
function isNeverAWord(w: string): boolean {
  const lower = plain(w);
  const { given, foreign, wordnet } = loadNameLexicon();
  return given.has(lower) && !foreign.has(lower) && !wordnet.has(lower) && !isCommon(lower) && !OTHER_LANGUAGES_WORDS.has(lower);
}

/** A name word: Capitalised (or any case when `lowercaseOk`, or when only a name), not a common word, at least two letters. */
function isNameWord(w: string | undefined, lowercaseOk = false, unknownOk = true): w is string {
  if (w === undefined) return false;
  const bare = bareWord(w);
  if (bare.length < 2 || !/^\p{L}/u.test(bare)) return false;
  if (isCommon(bare)) return false;
  // "THIS IS RIDICULOUS": a word in capitals is a name only when the lexicon says so.
  if (bare.length > 2 && bare === bare.toUpperCase()) {
    const { surnames, wordnet, english } = loadNameLexicon();
    return isOnlyAName(bare) || surnames.has(plain(bare)) || (!wordnet.has(plain(bare)) && !english.has(plain(bare)));
  }
  return lowercaseOk || isCapitalised(bare) || isOnlyAName(bare) || (unknownOk && isNoWord(bare));
}

/** Texting shorthand and bay words that are in no dictionary but are no names either. */
const SHORTHAND = new Set(
  (
    'lol lmao lmk btw pls plz thx thnx tysm ty ur ya yea yeah ppl tmrw tmr tmrow idk imo tbh fyi rn omg wtf nvm bc cuz coz kk hbu wbu ' +
    'gonna wanna gotta dunno kinda sorta okk okay haha hehe jk irl asap eta gr8 hrs mins secs hdmi usb gspro ipad iphone wifi ' +
    'bday bf gf hubby wifey bestie fam bro sis pic pics vid msg txt convo sry srry pmed dmed ' +
    'abt bout tho thru wud cud shud dat dis gud nite tonite luv srsly prolly def obv yall tmw'
  ).split(' '),
);
/** A word in no dictionary (after a cue, a name in any case: "my buddy jaspreet", "-kev"), not shorthand. */
function isNoWord(w: string): boolean {
  const key = plain(w);
  const { english, wordnet } = loadNameLexicon();
  return (
    key.length >= 3 &&
    /^\p{L}+$/u.test(key) &&
    !english.has(key) &&
    !wordnet.has(key) &&
    !isCommon(key) &&
    !SHORTHAND.has(key) &&
    !/^(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\p{L}+teen|\p{L}+ty)s$/u.test(key)
  );
}

/**
 * The replacement of `first` (and `second`, when it is a surname) inside a match that starts with
 * the cue `prefix`; `suffix` is whatever the pattern matched after the words.
 */
function nameReplacement(prefix: string, first: string, sep: string | undefined, second: string | undefined, suffix: string, lowercaseOk: boolean): string {
  const possessive = (w: string): string => w.slice(bareWord(w).length);
  if (second !== undefined && sep !== undefined && isSurname(second, lowercaseOk) && bareWord(first) === first) {
    return `${prefix}[name]${possessive(second)}${suffix}`;
  }
  return `${prefix}[name]${possessive(first)}${sep ?? ''}${second ?? ''}${suffix}`;
}

/** The word after a first name is its surname when Capitalised, known as one, in no dictionary, or (after a strong cue) not English. */
function isSurname(w: string, lowercaseOk: boolean): boolean {
  const bare = bareWord(w);
  if (bare.length < 2 || isCommon(bare)) return false;
  const { surnames, given, english } = loadNameLexicon();
  const lower = plain(bare);
  if (isCapitalised(bare)) return true;
  if (lowercaseOk) return true;
  // "its tom wilkins": a word in no dictionary after a first name is its surname; "deschamps-oyelaran": each part one.
  const part = (p: string): boolean => ((surnames.has(p) || given.has(p)) && !english.has(p)) || isNoWord(p);
  return part(lower) || (/^\p{L}{2,}(?:-\p{L}{2,})+$/u.test(bare) && plain(bare).split('-').every(part));
}

/**
 * The names the caller knows (the customer's, the staff's): whole words, any case; a part that is
 * also a common or English word ("Will", "Grant") only when Capitalised; a full name whole. Word by
 * word against a set, so a conversation's cost grows with its text, not with its number of names.
 */
export function redactListedNames(text: string, names: readonly string[], found: Found): string {
  if (names.length === 0) return text;
  const list = nameList(names);
  let out = '';
  let last = 0;
  const words = [...text.matchAll(NAME_TOKEN)];
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (w.index < last || text[w.index - 1] === '[') continue;
    // A full name first ("Dana Whitfield"), then one part.
    let end = -1;
    for (const rest of list.phrases.get(w[0].toLowerCase()) ?? []) {
      let k = i;
      const ok = rest.every((part) => {
        const next = words[++k];
        return next !== undefined && next[0].toLowerCase() === part && /^\s{1,8}$/.test(text.slice(words[k - 1]!.index + words[k - 1]![0].length, next.index));
      });
      if (ok) {
        end = words[k]!.index + words[k]![0].length;
        i = k;
        break;
      }
    }
    if (end < 0) {
      const bare = w[0].replace(/['’]s$/i, '');
      if (list.anyCase.has(bare.toLowerCase()) || list.capitalised.has(bare)) end = w.index + bare.length;
    }
    if (end < 0 || text[end] === ']' || isMonthInDate(text, w.index, end)) continue;
    out += `${text.slice(last, w.index)}[name]`;
    last = end;
    found.name++;
  }
  return last === 0 ? text : out + text.slice(last);
}

const NAME_TOKEN = /[\p{L}\p{N}_]+(?:['’-][\p{L}\p{N}_]+)*/gu;
type NameList = { anyCase: Set<string>; capitalised: Set<string>; phrases: Map<string, string[][]> };

/**
 * A list of names as sets, built once per list: a conversation redacts every turn with the same list.
 */
const compiled = new WeakMap<readonly string[], NameList>();
function nameList(names: readonly string[]): NameList {
  const known = compiled.get(names);
  if (known) return known;
  const { english } = loadNameLexicon();
  const list: NameList = { anyCase: new Set(), capitalised: new Set(), phrases: new Map() };
  for (const name of new Set(names)) {
    const parts = name
      .trim()
      .split(/\s{1,8}/)
      .filter((p) => p.length >= 2);
    if (parts.length === 0) continue;
    if (parts.length > 1) {
      const [first, ...rest] = parts.map((p) => p.toLowerCase());
      const phrases = list.phrases.get(first!) ?? [];
      phrases.push(rest);
      list.phrases.set(
        first!,
        phrases.sort((a, b) => b.length - a.length),
      );
    }
    for (const part of parts) {
      const lower = part.toLowerCase();
      if (PARTICLES.has(lower)) continue;
      if (!isCommon(lower) && !english.has(lower)) list.anyCase.add(lower);
      else list.capitalised.add(part[0]!.toUpperCase() + part.slice(1));
    }
  }
  compiled.set(names, list);
  return list;
}

/** Between a cue and the name: a comma, then hesitations ("my name is, uh, Mark"). */
const HESITATION = String.raw`,?[ \t]{1,8}(?:(?:uh|um|er|erm|ah|hm),?[ \t]{1,8}){0,2}`;
/** After an introduction, the introduction said again too ("this is, uh, Mark", "it's, it's Brayden"). */
const FILLER = String.raw`,?[ \t]{1,8}(?:(?:uh|um|er|erm|ah|hm|it['’]?s|its|this[ \t]{1,8}is),?[ \t]{1,8}){0,2}`;
const HONORIFIC = String.raw`(?:dr|doctor|mr|mrs|ms|mx|miss|mister|prof|professor|coach|mme|mlle|m|sr|sra|srta|don|doña)\.?`;
/** "my name is Sam", "name: Sam", "booked under Sam", "call me Jen", "name's Liam": a strong cue, lower case allowed. */
const NAME_IS = new RegExp(
  String.raw`((?<![\p{L}])(?:my\s{1,8}name\s{1,8}is|(?:my\s{1,8})?name['’]s|name(?:\s{1,8}on\s{1,8}(?:the\s{1,8})?\p{L}+)?\s{0,8}:|(?:as\s{1,8})?(?:it\s{1,8})?(?:appears\s{1,8})?on\s{1,8}(?:the\s{1,8})?card\s{0,8}:|(?<![^\n])[ \t]{0,8}(?:from|to|cc|de|von|para)\s{0,8}:|nombre\s{0,8}:|mi\s{1,8}nombre(?:\s{1,8}es)?\s{0,8}:?|nom\s{0,8}:|pangalan\s{0,8}:|imi[eę]\s{0,8}:|name\s{1,8}ist|je\s{1,8}suis|ich\s{1,8}bin|hier\s{1,8}ist|under\s{1,8}the\s{1,8}name(?:\s{1,8}of)?|(?:booked|booking|reservation|account|membership|registered|listed)\s{1,8}under(?!\s{1,8}(?:the|my|his|her|our)\b)|(?:the\s{1,8})?name\s{1,8}(?:on\s{1,8}(?:it|the\s{1,8}(?:booking|reservation|account|card|order|locker|list))\s{1,8})?(?:is|was)|calls?\s{1,8}(?:me|him|her)|you\s{1,8}can\s{1,8}call\s{1,8}me|go(?:es)?\s{1,8}by|spelled|spelt|first\s{1,8}name(?:\s{1,8}is)?|last\s{1,8}name(?:\s{1,8}is)?|surname(?:\s{1,8}is)?|je\s{1,8}m['’]appelle|me\s{1,8}llamo|mi\s{1,8}nombre\s{1,8}es|ich\s{1,8}hei(?:ß|ss)e|jina(?:\s{1,8}langu)?\s{1,8}ni|ako\s{1,8}si|t\.\s{0,8}n\.\s{0,8}v\.|(?:my|mijn|se|sy|haar|zijn)\s{1,8}naam\s{1,8}is)${HESITATION}(?:${HONORIFIC}[ \t]{1,8})?['"“‘]?)(${WORD})(?:([ \t]{1,8})(${WORD}))?`,
  'giu',
);
/** "name on card Hyun-woo Park", "name on the booking Okafor", "guest name 'Ola Berg'": Capitalised words after the field, with no "is". */
const NAME_ON = new RegExp(
  String.raw`((?<![\p{L}])(?:[Nn]ame\s{1,8}on\s{1,8}(?:it|(?:the\s{1,8})?(?:card|booking|reservation|account))|(?:[Gg]uest|[Cc]ustomer|[Pp]layer|[Ll]ead|[Bb]ooker)\s{1,8}name|(?<![\p{L}][ \t]{1,8})Name)[ \t]{1,8}['"‘“]?)(\p{Lu}${WORD_REST})(?:([ \t]{1,8})(\p{Lu}${WORD_REST}))?`,
  'giu',
);
/** "My name Tan Boon Huat": "my name" without "is", then Capitalised words. */
const MY_NAME = new RegExp(String.raw`((?<![\p{L}])[Mm]y[ \t]{1,8}name[ \t]{1,8})(\p{Lu}${WORD_REST})(?:([ \t]{1,8})(\p{Lu}${WORD_REST}))?`, 'gu');
/** "a nombre de Íñigo", "auf den Namen Weber", "Property of Deano": in whose name, Capitalised ("¿A nombre de quién?" asks). */
const IN_THE_NAME_OF = new RegExp(
  String.raw`((?<![\p{L}])(?:[Aa][ \t]{1,8}nombre[ \t]{1,8}de|[Aa]u[ \t]{1,8}nom[ \t]{1,8}de|auf[ \t]{1,8}den[ \t]{1,8}Namen|op[ \t]{1,8}(?:de[ \t]{1,8})?naam[ \t]{1,8}van|[Aa][ \t]{1,8}nome[ \t]{1,8}di|[Ee]m[ \t]{1,8}nome[ \t]{1,8}de|[Pp]roperty[ \t]{1,8}of)[ \t]{1,8})(\p{Lu}${WORD_REST})(?:([ \t]{1,8})(\p{Lu}${WORD_REST}))?`,
  'gu',
);
/**
 * "Customer: Dana Whitfield", "Client : M. Roy": a field that names a person. It is also a call
 * transcript's speaker label ("Customer: hang on…"), so only a word known as a name, or in no
 * dictionary, is taken.
 */
const FIELD = new RegExp(
  String.raw`((?<![\p{L}])(?:kunde|cliente?|customer)[ \t]{0,8}:[ \t]{0,8}(?:${HONORIFIC}[ \t]{1,8})?)(${WORD})(?:([ \t]{1,8})(${WORD}))?`,
  'giu',
);
/** "this is Sam", "I'm Sam", "it's mike calling", "this is doctor okafor": Capitalised names, or words that are only names. */
const INTRO = new RegExp(
  String.raw`((?<![\p{L}])(?:this\s{1,8}is|is\s{1,8}this|i['’]?m|i\s{1,8}am|it['’]?s|c['’]est|soy|sono|mi\s{1,8}chiamo|ik\s{1,8}ben|me\s{1,8}chamo|jestem|m[óo]wi|aqui\s{1,8}[ée](?:\s{1,8}[ao])?|sou\s{1,8}[ao]|` +
    // Staff and callers introducing themselves in more languages: "det er Ola", "tu Kasia", "naitwa Neema",
    // "dengan Rizky", "met Lien Peeters", "you've got Priti", "täällä Mikko", "jmenuji se Petra".
    String.raw`you['’]ve\s{1,8}got|you['’]re\s{1,8}(?:speaking|through)\s{1,8}(?:to|with)|det\s{1,8}er|her\s{1,8}er|här\s{1,8}är|jeg\s{1,8}he(?:ter|dder)|jag\s{1,8}heter|tu|naitwa|dengan|nama\s{1,8}saya|met|u\s{1,8}spreekt\s{1,8}met|ik\s{1,8}heet|täällä|nimeni\s{1,8}on|jmenuji\s{1,8}se|m[ăa]\s{1,8}numesc|a\s{1,8}nevem|ονομάζομαι|με\s{1,8}λένε|είμαι\s{1,8}(?:ο|η))${FILLER}(?:${HONORIFIC}[ \t]{1,8})?)(${WORD})(?:([ \t]{1,8})(${WORD}))?`,
  'giu',
);
/** Titles of address that open a name without being one: "Ma'am Maricel", "Cik Nurul", "Doña Carmen". */
const TITLE_BEFORE_NAME = new Set([
  'maam',
  'madam',
  'sir',
  'cik',
  'encik',
  'puan',
  'tuan',
  'dona',
  'senor',
  'senora',
  'herr',
  'frau',
  'mr',
  'mrs',
  'ms',
  'dr',
  'mme',
  'monsieur',
  'madame',
  'mevrouw',
  'meneer',
]);
const isTitleBeforeName = (w: string): boolean => TITLE_BEFORE_NAME.has(plain(w).replace(/['’]/g, ''));
/** A title before a surname: "Dr.", "mrs", "Mme". */
const TITLE = String.raw`(?:dr|doctor|mr|mrs|ms|mx|mister|prof|professor|mme|mlle|sr|sra|srta|se[ñn]or|se[ñn]ora|se[ñn]orita|monsieur|madame|herr|frau|mevrouw|meneer|mevr|dhr)\.?`;
/** After an honorific anywhere: "Dr. Okafor", "mrs smith": any case. */
const TITLED = new RegExp(String.raw`((?<![\p{L}])${TITLE}[ \t]{1,8})(?!(?:and|or|&|et|y|und)[ \t])(${WORD})(?:([ \t]{1,8})(${WORD}))?`, 'giu');
/** "MR J PATEL", "Dr. A. Okafor": a title, an initial and a surname. */
const TITLED_INITIAL = new RegExp(String.raw`((?<![\p{L}])${TITLE}[ \t]{1,8})\p{Lu}\.?[ \t]{1,8}(${WORD})`, 'giu');
/** "Hi Sam," at the start of a line, after an optional speaker label ("Agent: Hi Sam"). */
const GREETING = new RegExp(
  String.raw`(^[ \t]{0,8}(?:[^\n]{1,60}?:[ \t]{0,8})?(?:hi|hey|hello|hiya|dear|thanks|thank\s{1,8}you|thx|morning|good\s{1,8}(?:morning|afternoon|evening)|bonjour|salut|hola)(?:[ \t]{0,8},[ \t]{0,8}|[ \t]{1,8}))(${WORD})(?:([ \t]{1,8})(${WORD}))?`,
  'gimu',
);
/** "Thanks, Sam" / "Cheers,\nSam" at the end of a line, an initial allowed ("Thanks, Sarah J."). */
const THANKS_SIGN_OFF = new RegExp(
  String.raw`((?<![\p{L}])(?:thanks|thank\s{1,8}you|many\s{1,8}thanks|thx|ty|cheers|best|regards|best\s{1,8}regards|kind\s{1,8}regards|warm\s{1,8}regards|sincerely|talk\s{1,8}soon|merci|gracias|mvh|hilsen|mvg|mfg|lg|gr(?:ü|ue)(?:ß|ss)e|groetjes|met\s{1,8}vriendelijke\s{1,8}groet|cordialement|bien\s{1,8}(?:à|a)\s{1,8}vous|saludos|un\s{1,8}saludo|atentamente|atenciosamente|abra(?:ç|c)os|cumprimentos|saluti|grazie\s{1,8}mille|pozdrawiam|pozdrowienia|h[äa]lsningar|terveisin|salamat)(?:[ \t]{1,8}(?:so\s{1,8}much|a\s{1,8}lot|again|very\s{1,8}much))?[ \t]{0,8}[,!.]?(?:[ \t]{1,8}|[ \t]{0,8}\r?\n[ \t]{0,8}))(${WORD})(?:([ \t]{1,8})(${WORD}|\p{Lu}\.))?([ \t]{0,8}[.!]*[ \t]{0,8}(?:\p{Extended_Pictographic}[ \t]{0,8})*(?:,?[ \t]{0,8}\[(?:phone|email)\][ \t]{0,8}[.!]*[ \t]{0,8})?)$`,
  'gimu',
);
/** "- Sam" / "— Sam" / "-- sam" at the end of a line. */
const DASH_SIGN_OFF = new RegExp(
  String.raw`((?:^|[ \t])(?:--|[-–—~])[ \t]{0,8})(${WORD})(?:([ \t]{1,8})(${WORD}|\p{Lu}\.))?([ \t]{0,8}[.!]*[ \t]{0,8})$`,
  'gmu',
);
/** "Mike here", "Grace speaking", "Jens hier", "Kasia przy telefonie", "Luc à l'appareil", "main Kavya bol rahi hoon", "Sana baat kar rahi hoon", "Ceri sy'n siarad": a name opening a sentence, then "here", "speaking" or "calling" in a language customers use. */
const HERE = new RegExp(
  String.raw`((?:^|[.!?,;:][ \t]{1,8}|\n|(?<![\p{L}])(?:it['’]?s|its|this\s{1,8}is)${FILLER})[ \t]{0,8}(?:(?:hi|hey|hello|yo|ok|okay)[ \t,]{1,8})?(?:main[ \t]{1,8}(?=\p{L}+(?:[ \t]{1,8}\p{L}+)?[ \t]{1,8}bol))?)(?!(?:it['’]?s|its|this|i['’]?m|im|ik|ich|wir|we|du|jij|er|sie|hij|zij|ja|jestem)[ \t])(${WORD})(?:([ \t]{1,8})(${WORD}))?([ \t]{1,8}(?:here|speaking|calling|this[ \t]side|(?:bol|baat[ \t]{1,8}kar)[ \t]{1,8}rah[aei][ \t]{1,8}h(?:oo|u)n?|sy['’]n[ \t]siarad|praat|hier|przy[ \t]telefonie|puhelimessa|am[ \t]apparat|à[ \t]l['’]appareil|al[ \t]habla|al[ \t]tel[ée]fono|aan[ \t]de[ \t]lijn|u[ \t]telefonu)(?![\p{L}]))`,
  'giu',
);
/** "my son Ethan", "my wife anne-marie", "tell Carlos", "ask priya": a relation or a verb, then a name. */
const RELATION = new RegExp(
  String.raw`((?<![\p{L}])(?:(?:my|our|his|her|their)\s{1,8}(?:son|daughter|kid|child|lad|lass|boy|girl|youngest|eldest|wife|husband|partner|spouse|boyfriend|girlfriend|bf|gf|hubby|wifey|bestie|pa|fianc[eé]e?|friend|buddy|pal|mate|brother|sister|bro|sis|dad|father|mom|mum|mother|uncle|aunt|auntie|aunty|cousin|nephew|niece|grandson|granddaughter|grandpa|grandma|boss|coworker|co-worker|colleague|coach|captain|skipper|teammate|instructor|caddie|caddy|roommate|flatmate|housemate|classmate|neighbo(?:u)?r|guest|employee|assistant|maid\s{1,8}of\s{1,8}hono(?:u)?r|best\s{1,8}man|bridesmaid|groomsman|step(?:son|daughter|dad|mom|mum)|god(?:son|daughter)|(?:brother|sister|father|mother|son|daughter)-in-law|(?:friend|buddie|pal|mate|kid|guest|son|daughter|cousin|brother|sister|coworker|colleague|roommate)s|children)|(?:ma|mon|mi)\s{1,8}(?:femme|mari|fils|fille|ami|amie|copine|copain|fr[eè]re|s[oœ]ur|p[eè]re|m[eè]re|esposa|esposo|hijo|hija|amigo|amiga|hermano|hermana|novio|novia|cu[ñn]ado|cu[ñn]ada|primo|prima|t[íi]o|t[íi]a|sobrino|sobrina|jefe|jefa|cousin|cousine|oncle|tante|neveu|ni[èe]ce|patron|coll[èe]gue)|(?:mia|mio|sua|suo)\s{1,8}(?:sorella|fratello|moglie|marito|figlio|figlia|madre|padre|amica|amico)|(?:esmo|esmi|esmaha|esmaa|ismi|ismu|ismuhu|ismuha)|(?:lessons?|sessions?|class(?:es)?|fitting)\s{1,8}(?:w\/?|with)|(?:ask\s{1,8}for|asking\s{1,8}for|calling\s{1,8}for|tell|ask|thank|text|email|let|cc|remind|named|called|call|ring|speak(?:ing)?\s{1,8}(?:to|with)|talk(?:ing)?\s{1,8}to|w/|follow\s{1,8}up\s{1,8}with|(?:fwd|fw|forwarded|message|msg|referral|referred)\s{1,8}(?:from|by)|contact(?:\s{1,8}person)?\s{1,8}is|known\s{1,8}as))(?:\s{1,8}(?:is|named|called)|\s{0,8},)?\s{1,8})(${WORD})(?:([ \t]{1,8})(${WORD}))?`,
  'giu',
);
/** "okay Will, what's your plate", "sorry about that dana.": a name addressed after a reply word, closing the phrase. */
const VOCATIVE = new RegExp(
  String.raw`((?<![\p{L}])(?:ok|okay|sure|alright|all\s{1,8}right|great|perfect|yes|yeah|yep|right|got\s{1,8}it|sorry(?:\s{1,8}about\s{1,8}that)?|no\s{1,8}problem|no\s{1,8}worries|thanks|thank\s{1,8}you|hi|hey|hello|congratulations|congrats|good\s{1,8}luck|happy\s{1,8}birthday)[ \t,]{1,8})(${WORD})()()(?=[ \t]{0,8}(?:[,!?.]|$))`,
  'giu',
);
/** "Will and I are in bay 6": a Capitalised word joined to "I" or "me". */
const AND_I = /((?<![\p{L}'’]))(\p{Lu}[\p{L}'’]+)()()([ \t]{1,8}and[ \t]{1,8}(?:I|me|myself)(?![\p{L}]))/gu;
/** Months in the languages that write a day's number with a period before them: German, Danish, Norwegian, Czech ("31. März", "1. maj", "5. března"). */
const MONTHS =
  /^(?:januar|jänner|februar|märz|april|mai|juni|juli|august|september|oktober|november|dezember|marts|mars|maj|ledna|února|března|dubna|května|června|července|srpna|září|října|listopadu|prosince)$/iu;
/** "…round the back? Thanks a mil, Aoife": a name closing the message after a comma or dash. */
const END_SIGN_OFF = new RegExp(
  String.raw`((?:,|[.!?]|[ \t][-–—~])[ \t]{0,8})(\p{Lu}${WORD_REST})(?:([ \t]{1,8})((?:(?:de|van|von|der|den|da|di|del|la|le|el|al|bin|ter)[ \t]{1,8}){0,2}\p{Lu}${WORD_REST}))?([ \t]{0,8}[.!]*[ \t]{0,8}(?:\p{Extended_Pictographic}[ \t]{0,8})*)$`,
  'gmu',
);
/** "looking for Rose, she's…", "Autumn's mom": a given name, even one that is a word, that a pronoun or a relation refers to. */
const REFERRED =
  /((?<![\p{L}]))(\p{Lu}[\p{L}]+)()()((?:,?[ \t]{1,8}(?:she|he)(?:['’]s|[ \t]{1,8}(?:is|was|said|says|will|left|has|had))|['’]s[ \t]{1,8}(?:mom|mum|mother|dad|father|son|daughter|wife|husband|brother|sister|friend|boss|kid|kids|party|birthday|bday|bf|gf|boyfriend|girlfriend|hubby|fianc[eé]e?|partner|cousin|roommate|coach|buddy|bestie))(?![\p{L}]))/gu;
/** "our office manager Ngozi Adeyemi will pay": two Capitalised words, neither of them an English word. */
const FULL_NAME = /((?<![\p{L}\p{N}]))(\p{Lu}[\p{Ll}'’]+(?:-\p{Lu}?[\p{Ll}'’]+)?)([ \t]{1,8})(\p{Lu}[\p{Ll}'’]+(?:-\p{Lu}?[\p{Ll}'’]+)?)(?![\p{L}])/gu;
/** "customer M. Dubois", "our manager Ngozi": a role, then a word the lexicon knows as a name or that is no English word. */
const ROLE = new RegExp(
  String.raw`((?<![\p{L}])(?:customer|client|member|guest|caller|cardholder|card\s{1,8}holder|manager|coordinator|organi[sz]er|owner|driver|renter|coach|instructor|captain|teammate|contact|attn\.?:?|attention:|shout[ -]?outs?\s{1,8}to|kudos\s{1,8}to|props\s{1,8}to)(?:\s{0,8},)?\s{1,8})(${WORD})(?:([ \t]{1,8})(${WORD}))?`,
  'giu',
);
/** "Sunny said to text you", "Ravi knows": a clause opened by a Capitalised name and a verb of saying or knowing. */
const SAID =
  /((?:^|[.!?,;:][ \t]{1,8}|\n))(\p{Lu}\p{Ll}+)()()([ \t]{1,8}(?:said|says|told|tells|knows|knew|mentioned|asked|asks|wants|wanted|texted|called|emailed|booked|paid|will\s{1,8}(?:pay|come|be|call|text))(?![\p{L}]))/gu;
/** "same customer as last week (Holloway)", "My number (Beata)": a name alone in brackets. */
const BRACKETED = /(\((?:[^()\n]{0,30}[ \t])?)(\p{Lu}\p{Ll}+(?:[- ]\p{Lu}\p{Ll}+)?)(?=\))/gu;
/** "M. Dubois-Laflamme", "J Smith": an initial and a surname. */
const INITIALLED =
  /((?<![\p{L}\p{N}.]))\p{Lu}(?:\.[ \t]{1,8}(?:(?:van|von|de|der|den|da|di|du|del|la|le)[ \t]{1,8}){0,2}|[ \t]{1,8})(\p{Lu}[\p{Ll}'’]+(?:-\p{Lu}[\p{Ll}'’]+)?)(?![\p{L}])/gu;
/** A name spelled letter by letter: "D-A-N-A", "d a n a" after "spelled". */
const SPELLED =
  /(?<![\p{L}\p{N}-])\p{L}(?:-\p{L}){2,}(?![\p{L}\p{N}-])|((?<![\p{L}])(?:spelled|spelt|spell(?:ed)?\s{1,8}it|that['’]s|it['’]s)\s{1,8})(\p{L}(?:[ \t,.]{1,8}\p{L}){2,})(?![\p{L}\p{N}])/giu;

/** "Coach Ade", "with coach McAllister", "pro Dana": a name after a teaching title, a Capitalised word. */
const COACHED = new RegExp(String.raw`((?<![\p{L}])(?:coach|instructor|pro)\.?(?:[ \t]{0,8},)?[ \t]{1,8})(\p{Lu}${WORD_REST})()()`, 'giu');
/** "this is kev,", "its jas", "its me kev.": a short lower-case word in no dictionary after an introduction, closing the phrase. */
const INTRO_NICKNAME =
  /((?<![\p{L}])(?:this[ \t]{1,8}is|it['’]?s(?:[ \t]{1,8}me)?|its(?:[ \t]{1,8}me)?|i['’]?m|im)[ \t]{1,8})(\p{Ll}{3,6})()()(?=[ \t]{0,8}(?:[,.!]|$)|[ \t]{1,8}(?:here|from|again|calling|texting)(?![\p{L}]))/gmu;
/** "Staff here — Kateryna — combo is …": a name set off by dashes. */
const DASHED = new RegExp(String.raw`((?:^|[ \t])[–—-][ \t]{1,8})(\p{Lu}${WORD_REST})()()(?=[ \t]{1,8}[–—-](?:[ \t]|$))`, 'gmu');

/**
 * "hi its grant, …", "yo its dre, new number", "hey its rose from the 4pm slot", "hi i'm amélie, …",
 * "Hey mark, u left ur wallet": a greeting opening a line, perhaps an introduction, then one word
 * closing the phrase. Lower case is how people text their own name; the word is taken when it is a
 * given name, or no English word at all.
 */
const GREETED = new RegExp(
  String.raw`((?:^|\n)[ \t]{0,8}(?:[^\n:]{1,30}:[ \t]{0,8})?(?:hi|hey|hello|hiya|yo|heya|hey[ \t]{1,8}there)[ \t]{0,8}[,!]?[ \t]{1,8}(?:(?:it['’]?s|its|this[ \t]{1,8}is|i['’]?m|im)[ \t]{1,8})?)(\p{L}${WORD_REST})()()(?=[ \t]{0,8}(?:[,.!?(\r\n]|\p{Extended_Pictographic}|$)|[ \t]{1,8}(?:from|here|again|btw|lol|calling|texting)(?![\p{L}]))`,
  'giu',
);
/** Greeted words that are not names: "hey hun,", "hi all,". */
const NOT_GREETED = new Set(
  'hun honey babe bae love sweetie dear bud buddy boss chief fam folks team guys all there everyone yall sir maam mom mum mama dad papa grandma grandpa nana'.split(
    ' ',
  ),
);

/** Seasons that are also given names: "Summer:" heads a timetable. */
const SEASONS = new Set(['summer', 'autumn', 'winter', 'spring', 'fall']);
/** A Capitalised name word of bounded length: a pattern tried at every capital stays linear ("A'A'A'…"). */
const CAPITALISED_WORD = String.raw`\p{Lu}[\p{Ll}'’](?:[\p{L}'’]|-(?=\p{L})){0,30}(?![\p{L}'’-])`;
/** Roles that label a transcript's lines in other languages ("Cliente:", "Réceptionniste:", "Anrufer:", "Mpigaji:", "Asiakas:", "Оператор:"): words, not names. */
const ROLE_LABELS = new Set(
  (
    'agente cliente clienta client cliente usuario usuaria llamante operador operadora recepcionista empleado empleada tecnico tecnica ' +
    'soporte atencion gerente encargado encargada personal asesor asesora receptionniste operateur operatrice employe employee appelant ' +
    'appelante conseiller conseillere prepose preposee technicien technicienne gerant gerante accueil interlocuteur atendente funcionario ' +
    'anrufer anruferin kunde kundin mitarbeiter mitarbeiterin beller klant medewerker medewerkster operatore chiamante ' +
    'klient klientka konsultant konsultantka pracownik dzwoniacy kund handlaggare medarbetare innringer ringer kundeservice ' +
    'ansatt ansat medarbejder medarbeider saksbehandler oppringer kundtjanst kundeservice kundendienst kundenservice ' +
    'temsilci musteri arayan operator agen penelepon pelanggan petugas wakala mpigaji mteja khach ' +
    'asiakas asiakaspalvelu soittaja myyja tyontekija zakaznik operatorka ugyfel ugyintezo πελατης υπαλληλος ' +
    'оператор клиент клієнт абонент консультант менеджер'
  ).split(' '),
);
/** A role, or a German or Dutch compound that ends in one ("Servicemitarbeiter:", "Kundenberaterin:", "Klantenservicemedewerker:"). */
const isRoleLabel = (key: string): boolean =>
  ROLE_LABELS.has(key) || /.{3}(?:mitarbeiter(?:in)?|berater(?:in)?|anrufer(?:in)?|kunde|kundin|medewerker|medewerkster|dienst|service|support)$/u.test(key);
/** "Brayden: 7731# for the front": a speaker's label that is a name, not a role ("Agent:", "Voicemail:"). */
const SPEAKER = new RegExp(String.raw`(^[ \t]{0,8})(${CAPITALISED_WORD})(?:([ \t]{1,8})(${CAPITALISED_WORD}))?()(?=[ \t]{0,8}:[ \t])`, 'gmu');
/** "(rebecca hollis on the booking)", ", Tom Reyes on the acct": a name opening its phrase, before the record it is on. */
const ON_THE_RECORD = new RegExp(
  String.raw`((?:^|[(,;:.!?])[ \t]{0,8})(${WORD})(?:([ \t]{1,8})(${WORD}))?(?=[ \t]{1,8}on[ \t]{1,8}(?:the|my|our|his|her)[ \t]{1,8}(?:booking|acct|account|reservation|membership|invoice)(?![\p{L}]))`,
  'giu',
);
/** "booked Bay 4 for Fri 6pm under Raj": a booking's name after "under", further from the verb than NAME_IS allows. */
const UNDER = new RegExp(
  String.raw`((?<![\p{L}])[Uu]nder[ \t]{1,8})(${CAPITALISED_WORD}|\p{Ll}{3,}(?![\p{L}'’-]))(?:([ \t]{1,8})(${CAPITALISED_WORD}))?`,
  'gu',
);
const NAME_WORD = new RegExp(CAPITALISED_WORD, 'gu');
/** "Main Vikram Sehgal, bay 3 mein tha": Hindi's "I", then a name. */
const HINDI_I = new RegExp(String.raw`((?<![\p{L}])[Mm]ain[ \t]{1,3})(${CAPITALISED_WORD})(?:([ \t]{1,3})(${CAPITALISED_WORD}))?`, 'gu');
/** "si Jomar", "mom ni Migs", "kay Bea": Tagalog marks a person's name with "si", "ni" or "kay". */
const PERSON_MARKER = new RegExp(String.raw`((?<![\p{L}])(?:si|ni|kay|sina|nina|kina)[ \t]{1,3})(${CAPITALISED_WORD})()()`, 'gu');
/** Tagalog's everyday small words: two of them make the markers above read as Tagalog, not Spanish "si" or French "ni". */
const TAGALOG = /(?<![\p{L}])(?:po|naman|ang|ng|sa|ako|ko|mo|ba|yung|kasi|siya|lang|ata|pwede|yun|kami|tayo|dito)(?![\p{L}])/giu;
const isTagalog = (text: string): boolean => distinctWords(text, TAGALOG) >= 2;
/** "the kids are Tunde, Ade, and Olumide": a list of three or more Capitalised words, "and" before the last. */
const LIST = new RegExp(
  String.raw`(?<![\p{L}\p{N}'’])${CAPITALISED_WORD}(?:[ \t]{0,8},[ \t]{1,8}${CAPITALISED_WORD}){1,8},?[ \t]{1,8}(?:and|&)[ \t]{1,8}${CAPITALISED_WORD}`,
  'gu',
);
/** "and" in the other languages customers write in: "con Facu y [name]", "[name] und Jonas". */
const AND_ELSEWHERE = 'y|e|et|und|en|og|och|ve|dan|và';
const JOINED_ELSEWHERE = new RegExp(String.raw`[ \t](?:${AND_ELSEWHERE})[ \t]`, 'u');
/** "[name] and Aoife", "Declan & [name]": a Capitalised word joined to a name found. */
const JOINED = new RegExp(
  String.raw`((?:\[name\](?:['’]s)?|(?<![\p{L}])(?:me|I))(?:,?[ \t]{1,8}(?:and|&|or|${AND_ELSEWHERE})[ \t]{1,8}|[ \t]{0,8}&[ \t]{0,8}))(${WORD})()()|((?<![\p{L}'’]))(${CAPITALISED_WORD})()()(?=,?[ \t]{1,8}(?:and|&|or|${AND_ELSEWHERE})[ \t]{1,8}\[name\])`,
  'gu',
);
/** "Dawn and Mike from the 9pm", "ASHA & TOM": two given names joined, each Capitalised. */
const GIVEN_PAIR = new RegExp(
  String.raw`((?<![\p{L}\p{N}'’]))(${CAPITALISED_WORD}|\p{Lu}{3,12}(?![\p{L}'’-]))([ \t]{1,8}(?:and|AND|&)[ \t]{1,8})(${CAPITALISED_WORD}|\p{Lu}{3,12}(?![\p{L}'’-]))`,
  'gu',
);
/** "Mei-Ling", "Kerry-Ann": a double given name, one part of which the lexicon knows as a given name; not a place ("Saint-Denis"). */
const DOUBLE = /(?<![\p{L}\p{N}-])(\p{Lu}\p{Ll}+)-(\p{Lu}\p{Ll}+)(?![\p{L}\p{N}-])/gu;
const PLACE_PART =
  /^(?:saint|sainte|st|ste|notre|dame|san|santa|mont|port|fort|grand|grande|petit|petite|trois|deux|val|bois|wi|check|drop|walk|pay|par|tee|in|out|up)$/i;

/** What follows a business's or an event's name, not a person's: "Parbox Support", "Dear Parbox Team", "Acme Golf Inc", "the Ryder Cup". */
const ORGANISATION_AFTER =
  /^[ \t]{1,8}(?:support|team|staff|crew|inc|ltd|llc|corp|co|golf|customer[ \t]{1,8}service|help[ \t]{0,8}desk|cup|open|classic|championship|invitational|trophy)(?![\p{L}])/iu;
/** Where to look again after a cue whose word was no name: after the cue, or after that word when the cue is empty. */
const afterCue = (m: RegExpExecArray): number => m.index + (m[1] || m[2] || ' ').length;

export function redactCuedNames(text: string, found: Found, names: string[]): string {
  /** Counts a name found and remembers it once, so it goes wherever else it comes. */
  const take = (name: string): void => {
    found.name++;
    if (!names.includes(name)) names.push(name);
  };
  const cued =
    (lowercaseOk: boolean, unknownOk = true) =>
    (m: RegExpExecArray): string | undefined => {
      const [, prefix = '', first, sep, second, suffix = ''] = m;
      // "Ma'am Maricel", "Cik Nurul", "Doña Carmen": the title stays, the name after it goes.
      if (first !== undefined && second !== undefined && sep && isTitleBeforeName(first)) {
        // After a title a Capitalised word is a surname, even one that is a word: "Mr Brown".
        if (isCapitalised(second) && !isCommon(second)) {
          take(bareWord(second));
          return `${prefix}${first}${sep}[name]${second.slice(bareWord(second).length)}${suffix}`;
        }
        const shifted = Object.assign([m[0], `${prefix}${first}${sep}`, second, undefined, undefined, suffix], { index: m.index, input: m.input });
        return cued(lowercaseOk, unknownOk)(shifted as unknown as RegExpExecArray);
      }
      // "this is thanh nguyen": an unknown first name is taken with a surname the lexicon knows.
      if (
        first !== undefined &&
        second !== undefined &&
        sep &&
        !isNameWord(first, lowercaseOk, unknownOk) &&
        isOnlyAName(second) &&
        !isCommon(first) &&
        !loadNameLexicon().english.has(plain(first))
      ) {
        found.name++;
        names.push(`${first} ${bareWord(second)}`);
        return `${prefix}[name]${second.slice(bareWord(second).length)}${suffix}`;
      }
      if (!isNameWord(first, lowercaseOk, unknownOk)) return undefined;
      // "my name was spelled wrong", "name's misspelt": a participle, not a name.
      const { english, given } = loadNameLexicon();
      if (!isCapitalised(first!) && /(?:ed|en|elt|ing)$/.test(first!) && english.has(plain(first!)) && !given.has(plain(first!))) return undefined;
      // "it's BK-22940": a reference; "this is Parbox support": a business.
      const after = m.input.slice(m.index + prefix.length + first!.length, m.index + prefix.length + first!.length + 24);
      if (/^-?\d/.test(after) || ORGANISATION_AFTER.test(after)) return undefined;
      // A surname taken with the first name is remembered with it: "Dana Whitfield" must go elsewhere
      // whole, not become "[name] Whitfield" when the first name alone is listed.
      const withSurname = second !== undefined && sep !== undefined && isSurname(second, lowercaseOk) && bareWord(first!) === first;
      take(withSurname ? `${first} ${bareWord(second)}` : first!);
      return nameReplacement(prefix, first!, sep, second, suffix, lowercaseOk);
    };
  let out = text;
  out = substitute(out, SPELLED, (m) => {
    if (m[2] !== undefined && /\d/.test(m[2])) return undefined;
    found.name++;
    return m[1] !== undefined ? `${m[1]}[name]` : '[name]';
  });
  /** "my name is June", "my daughter May": a word that is a name only Capitalised after the surest cues. */
  const cuedOnly =
    (handler: (m: RegExpExecArray) => string | undefined) =>
    (m: RegExpExecArray): string | undefined => {
      const [, prefix = '', first = '', sep, second, suffix = ''] = m;
      if (!isCapitalised(first) || !CUED_ONLY_NAMES.has(plain(bareWord(first)))) return handler(m);
      take(bareWord(first));
      return nameReplacement(prefix, first, sep, second, suffix, false);
    };
  out = substitute(out, NAME_IS, cuedOnly(cued(true)), afterCue);
  out = substitute(out, NAME_ON, cuedOnly(cued(false)), afterCue);
  out = substitute(
    out,
    ON_THE_RECORD,
    (m) => {
      // Only a given name opens it: "Put it on the booking" is no name.
      const first = m[2]!;
      return loadNameLexicon().given.has(plain(first)) && !isCommon(first) ? cued(true)(m) : undefined;
    },
    afterCue,
  );
  out = substitute(out, IN_THE_NAME_OF, cued(false), afterCue);
  out = substitute(out, MY_NAME, cued(false), afterCue);
  out = substitute(
    out,
    FIELD,
    (m) => {
      const { given, surnames } = loadNameLexicon();
      const key = plain(bareWord(m[2]!));
      return given.has(key) || surnames.has(key) || isNoWord(m[2]!) ? cued(false)(m) : undefined;
    },
    afterCue,
  );
  out = substitute(out, TITLED_INITIAL, (m) => {
    if (!isNameWord(m[2], true)) return undefined;
    take(bareWord(m[2]!));
    return `${m[1]}[name]${m[2]!.slice(bareWord(m[2]!).length)}`;
  });
  // "Mr. Patel called": after a title, a lower-case word goes with the name only when it is a surname no English word spells.
  out = substitute(
    out,
    TITLED,
    (m) => {
      const [, prefix = '', first = '', , second] = m;
      const { surnames, english } = loadNameLexicon();
      if (second === undefined || isCapitalised(second) || (surnames.has(plain(second)) && !english.has(plain(second)))) return cued(true)(m);
      const alone = Object.assign([m[0].slice(0, prefix.length + first.length), prefix, first], { index: m.index, input: m.input });
      const text = cued(true)(alone as unknown as RegExpExecArray);
      return text === undefined ? undefined : { text, end: m.index + prefix.length + first.length };
    },
    afterCue,
  );
  // "this is rediculous", "i'm soooo late": after an introduction a word in no dictionary is more often a typo.
  out = substitute(out, INTRO, cued(false, false), afterCue);
  /** A handler that leaves a greeted word that is no name ("hi all", "happy birthday Mom") alone. */
  const unlessGreetingWord =
    (handler: (m: RegExpExecArray) => string | undefined) =>
    (m: RegExpExecArray): string | undefined =>
      NOT_GREETED.has(plain(m[2]!)) ? undefined : handler(m);
  // After a greeting, a word in small letters is a name in English text; in another language's it is as often its next word ("Hola, una pregunta").
  const englishText = writtenInEnglish(text);
  const smallInOtherLanguage = (m: RegExpExecArray): boolean => !englishText && !isCapitalised(m[2]!);
  out = substitute(out, GREETING, (m) => (smallInOtherLanguage(m) ? undefined : unlessGreetingWord(cued(false, false))(m)), afterCue);
  out = substitute(
    out,
    GREETED,
    (m) => {
      const word = m[2]!;
      const key = plain(word);
      const { given, english, wordnet } = loadNameLexicon();
      if (word.length < 2 || isCommon(word) || NOT_GREETED.has(key) || smallInOtherLanguage(m) || !(given.has(key) || (!english.has(key) && !wordnet.has(key))))
        return undefined;
      return cued(true)(m);
    },
    afterCue,
  );
  out = substitute(out, THANKS_SIGN_OFF, cued(false), afterCue);
  out = substitute(out, DASH_SIGN_OFF, cued(false), afterCue);
  out = substitute(
    out,
    HERE,
    (m) => {
      // "frank here." opening a message: a given name, in any case, even one that is also a word.
      const opening = m.index === 0 || m.input[m.index - 1] === '\n';
      if (opening && m[1]!.trim() === '' && m[4] === undefined && loadNameLexicon().given.has(plain(m[2]!))) {
        take(m[2]!);
        return `${m[1]}[name]${m[5]}`;
      }
      return cued(/^\W*(?:hi|hey|hello|yo|it['’]?s|its|this\s{1,8}is)\b/i.test(m[1]!.trim()))(m);
    },
    afterCue,
  );
  out = substitute(out, VOCATIVE, unlessGreetingWord(cued(false)), afterCue);
  out = substitute(out, AND_I, cued(true), afterCue);
  // After a relation or a verb ("ask for Bill", "lesson w Summer"), a Capitalised given name is one even when it is also a word.
  const givenCapitalised = (m: RegExpExecArray): string | undefined => {
    const [, prefix = '', first = '', sep, second, suffix = ''] = m;
    if (!isCapitalised(first) || bareWord(first).length < 3 || isTitleBeforeName(first) || !loadNameLexicon().given.has(plain(bareWord(first))))
      return cued(false)(m);
    take(bareWord(first));
    return nameReplacement(prefix, first, sep, second, suffix, false);
  };
  out = substitute(out, RELATION, cuedOnly(givenCapitalised), afterCue);
  if (isTagalog(out)) out = substitute(out, PERSON_MARKER, cued(false), afterCue);
  out = substitute(
    out,
    HINDI_I,
    (m) => {
      // A given name no English word spells, or two words in no dictionary: "Main Street", "main Trackman screen" stay.
      return isOnlyAName(m[2]!) || (m[4] !== undefined && isNoWord(m[2]!) && isNoWord(m[4])) ? cued(false)(m) : undefined;
    },
    afterCue,
  );
  // "the Pro XE": a model's letters, not a name.
  out = substitute(out, COACHED, (m) => (/^\p{Lu}{2,}$/u.test(m[2]!) ? undefined : givenCapitalised(m)), afterCue);
  out = substitute(
    out,
    INTRO_NICKNAME,
    (m) => {
      // "its hope from tuesday", "its bill again": a given name that is also a word, when the phrase says who.
      const key = plain(m[2]!);
      const says = /^[ \t]{1,8}(?:here|from|again)/u.test(m.input.slice(m.index + m[0].length, m.index + m[0].length + 10));
      const given = loadNameLexicon().given.has(key) && !SEASONS.has(key);
      if (isNoWord(m[2]!) || ((given || CUED_ONLY_NAMES.has(key)) && says) || (given && !isCommon(key))) return cued(true)(m);
      return undefined;
    },
    afterCue,
  );
  out = substitute(
    out,
    DASHED,
    (m) => {
      const { given } = loadNameLexicon();
      return given.has(plain(m[2]!)) || isNoWord(m[2]!) ? cued(false)(m) : undefined;
    },
    afterCue,
  );
  // "gilt zum 31. März": a date's month, not a name.
  out = substitute(
    out,
    END_SIGN_OFF,
    (m) => (/\d\.[ \t]*$/u.test(m.input.slice(Math.max(0, m.index - 3), m.index + m[1]!.length)) && MONTHS.test(m[2]!) ? undefined : cued(false)(m)),
    afterCue,
  );
  out = substitute(out, SPEAKER, (m) => {
    const { given, english } = loadNameLexicon();
    const key = plain(m[2]!);
    if (isRoleLabel(key) && m[4] === undefined) return undefined;
    // A role or a heading ("Customer:", "Note:", "Adresse:") is a word; a name is known as one or is none.
    // A given name that is also a word labels a person too ("Grace: did you book?"), unless a value follows ("Bill: $40", "Summer: 9-5").
    const valueAfter = /^[ \t]{0,8}:[ \t]{0,8}[\p{N}$£€]/u.test(m.input.slice(m.index + m[0].length, m.index + m[0].length + 12));
    if (given.has(key) && !isCommon(m[2]!) && !SEASONS.has(key) && !valueAfter && m[4] === undefined) return cued(true)(m);
    return isCommon(m[2]!) || (english.has(key) && !isOnlyAName(m[2]!)) || (!given.has(key) && loadNameLexicon().wordnet.has(key)) ? undefined : cued(false)(m);
  });
  out = substitute(
    out,
    UNDER,
    (m) => {
      const { english, given, surnames } = loadNameLexicon();
      const key = plain(m[2]!);
      // A given name that is also a word, when it closes the phrase: "booked 8:15pm under Hope", "under mark".
      const closes = m[4] === undefined && /^[ \t]{0,8}(?:[,.!?)\r\n]|$)/u.test(m.input.slice(m.index + m[0].length, m.index + m[0].length + 10));
      const wordName = closes && !isCommon(m[2]!) && (given.has(key) || CUED_ONLY_NAMES.has(key));
      // In lower case ("booking 4521 under patel"), only a known name that is no English word, or no word at all.
      if (!isCapitalised(m[2]!)) return ((given.has(key) || surnames.has(key)) && !english.has(key)) || isNoWord(m[2]!) || wordName ? cued(true)(m) : undefined;
      if (wordName) {
        take(m[2]!);
        return `${m[1]}[name]`;
      }
      return isOnlyAName(m[2]!) || !english.has(key) ? cued(false)(m) : undefined;
    },
    afterCue,
  );
  out = substitute(out, GIVEN_PAIR, (m) => {
    const { given } = loadNameLexicon();
    const [, prefix = '', a = '', join = '', b = ''] = m;
    if (![a, b].every((w) => given.has(plain(w)) && !isCommon(w))) return undefined;
    take(a);
    take(b);
    return `${prefix}[name]${join}[name]`;
  });
  out = substitute(out, DOUBLE, (m) => {
    const { given } = loadNameLexicon();
    const [a, b] = [m[1]!, m[2]!];
    if (PLACE_PART.test(a) || PLACE_PART.test(b) || !(given.has(plain(a)) || given.has(plain(b)))) return undefined;
    found.name++;
    names.push(m[0]);
    return '[name]';
  });
  out = substitute(out, ROLE, (m) => {
    const { given, surnames, wordnet } = loadNameLexicon();
    const key = plain(m[2]!);
    // "our manager Ngozi", not "free guest Wi-Fi".
    const unknownName = !wordnet.has(key) && !key.includes('-') && !/\p{Lu}/u.test(m[2]!.slice(1));
    return given.has(key) || surnames.has(key) || unknownName ? cued(false)(m) : undefined;
  });
  out = substitute(out, BRACKETED, (m) => {
    const { given, english } = loadNameLexicon();
    const key = plain(m[2]!);
    if (isCommon(m[2]!) || (english.has(key) && !given.has(key))) return undefined;
    found.name++;
    return `${m[1]}[name]`;
  });
  out = substitute(out, SAID, (m) => {
    const { given, english } = loadNameLexicon();
    const key = plain(m[2]!);
    return given.has(key) || !english.has(key) ? cued(false)(m) : undefined;
  });
  out = substitute(out, INITIALLED, (m) => {
    // "A Bushnell?", "A Ping putter": the article, not an initial.
    if (/^[AI][ \t]/u.test(m[0]) || isCommon(m[2]!) || loadNameLexicon().english.has(plain(m[2]!))) return undefined;
    found.name++;
    return `${m[1]}[name]`;
  });
  out = substitute(out, REFERRED, (m) => (loadNameLexicon().given.has(plain(m[2]!)) || isNoWord(m[2]!) ? cued(true)(m) : undefined));
  out = substitute(out, FULL_NAME, (m) => {
    const [, prefix = '', first = '', , second = ''] = m;
    const { english, wordnet } = loadNameLexicon();
    const word = (w: string): boolean => isCommon(w) || english.has(plain(w));
    const place =
      /^(?:st|ste|saint|sainte|mount|mt|lake|port|fort|san|santa|glen|cape|new|north|south|east|west|upper|lower|old|great|little|le|la|los|las|el)$/i.test(
        first,
      );
    if (place || word(first) || word(second) || wordnet.has(plain(first)) || wordnet.has(plain(second))) return undefined;
    found.name++;
    names.push(`${first} ${second}`);
    return `${prefix}[name]`;
  });
  // A list is names when no word is a common English one and most are given names or in no dictionary:
  // not "Toronto, Ottawa and Montreal", "Visa, Mastercard and Amex".
  out = substitute(out, LIST, (m) => {
    const { given, wordnet, english } = loadNameLexicon();
    const words = m[0].match(NAME_WORD) ?? [];
    const nameLike = words.filter((w) => given.has(plain(w)) || !wordnet.has(plain(w))).length;
    if (words.some((w) => isCommon(w) || english.has(plain(w))) || nameLike * 2 < words.length) return undefined;
    found.name += words.length;
    names.push(...words);
    return m[0].replace(NAME_WORD, '[name]');
  });
  return redactJoinedNames(out, found, names);
}

/** "[name] Can [name]": a Capitalised word between two names found is a middle name, whatever else it means. */
const BETWEEN = new RegExp(String.raw`(?<=\[name\][ \t]{1,3})(${CAPITALISED_WORD})(?=[ \t]{1,3}\[name\])`, 'gu');
/** What joins two names rather than belonging to them ("[name] And [name]"), in the languages names are joined in. */
const JOINS_NAMES = new Set([
  'and',
  'or',
  'und',
  'oder',
  'et',
  'ou',
  'y',
  'e',
  'o',
  'og',
  'eller',
  'och',
  'ja',
  've',
  'en',
  'of',
  'from',
  'with',
  'to',
  'the',
  'is',
  'me',
]);

/** "it's [name] not Shivon", "[name] lol not Rose": the name a correction puts right, Capitalised or a given name. */
const CORRECTED = new RegExp(
  String.raw`(\[name\][ \t,]{0,3}(?:(?:lol|haha|sorry|please|pls),?[ \t]{1,3})?not[ \t]{1,3})(${CAPITALISED_WORD}|\p{Ll}{2,20}(?![\p{L}'’-]))`,
  'gu',
);
/** "its not Mcintyre its [name]": the same correction said the other way round. */
const CORRECTED_FIRST = new RegExp(
  String.raw`((?<![\p{L}])not[ \t]{1,3})(${CAPITALISED_WORD}|\p{Ll}{2,20}(?![\p{L}'’-]))(?=[ \t,]{0,3}(?:it['’]?s|its|it[ \t]is)[ \t]{1,3}\[name\])`,
  'giu',
);

/** "[name] and Aoife", "[name] & maria", "me and Gurpreet": a name joined to one found; run again once the lexicon's names are found. */
export function redactJoinedNames(text: string, found: Found, names: string[]): string {
  const correction = (m: RegExpExecArray): string | undefined => {
    const word = m[2]!;
    const key = plain(word);
    const { given, surnames } = loadNameLexicon();
    if (isCommon(word) || !(given.has(key) || surnames.has(key) || CUED_ONLY_NAMES.has(key) || isNoWord(word))) return undefined;
    if (!isCapitalised(word) && !given.has(key) && !isNoWord(word)) return undefined;
    found.name++;
    return `${m[1]}[name]`;
  };
  const corrected = substitute(substitute(text, CORRECTED, correction), CORRECTED_FIRST, correction);
  const between = substitute(corrected, BETWEEN, (m) => {
    if (JOINS_NAMES.has(m[1]!.toLowerCase())) return undefined;
    found.name++;
    // Found again elsewhere only when it is no word: "Can" is a name here, not in "Can you help?".
    if (!isCommon(m[1]!) && !loadNameLexicon().english.has(plain(m[1]!))) names.push(m[1]!);
    return '[name]';
  });
  const joined = substitute(between, JOINED, (m) => {
    const word = m[2] ?? m[6]!;
    const key = plain(word);
    if (isCommon(word) || (loadNameLexicon().english.has(key) && !isOnlyAName(word))) return undefined;
    // In lower case, only a given name or a word in no dictionary: "[name] & maria", not "me and friends";
    // after another language's "and", Capitalised only ("Jürgen und der Code").
    if (!isCapitalised(word) && (!(loadNameLexicon().given.has(key) || isNoWord(word)) || JOINED_ELSEWHERE.test(m[1] ?? ''))) return undefined;
    found.name++;
    names.push(word);
    return m[2] !== undefined ? `${m[1]}[name]` : `${m[5]}[name]`;
  });
  // "[name] dos [name]", "[name] van der [name]": a surname's particles between its parts go with them.
  return joined.replace(PARTICLES_BETWEEN, '[name] [name]');
}

/** Particles between two names removed ("y" aside: "[name] y [name]" is two people). */
const PARTICLES_BETWEEN = new RegExp(String.raw`\[name\](?:[ \t]{1,3}(?:${[...PARTICLES].filter((p) => p !== 'y').join('|')})){1,3}[ \t]{1,3}\[name\]`, 'giu');

/**
 * Names the lexicon knows without a cue: Capitalised when not a common word ("Carlos", "Jessica"),
 * any case when no English word at all ("jessica"); a surname Capitalised. A name that is also a
 * common word ("Grace", "Will") is left to the cues: UI labels and sentence openings look the same.
 */
/** Two Capitalised words in a row: a full name when the first is a given name and the second a surname. */
const PAIR = new RegExp(String.raw`(?<![\p{L}\p{N}'’-])(${CAPITALISED_WORD})([ \t]{1,3})(${CAPITALISED_WORD})`, 'gu');

/**
 * A given name that is also a word, before a surname that is none ("Grace Oyelaran", "Crystal
 * Yazzie", "Sunny Grewal"): the surname makes it a name. Not before what names a place or a team
 * ("Summer Sizzle Cup").
 */
function redactWordNamePairs(text: string, found: Found): string {
  const { given, surnames, english } = loadNameLexicon();
  return substitute(
    text,
    PAIR,
    (m) => {
      const [, first = '', gap = '', second = ''] = m;
      const key = plain(bareWord(first));
      // A month before a surname is a name too ("April Nwosu"), but its capital says nothing.
      const month = /^(?:may|june|april|august)$/.test(key);
      if ((!given.has(key) && !month && !CUED_ONLY_NAMES.has(key)) || (isCommon(first) && !month) || SEASONS.has(key)) return undefined;
      const surname = plain(bareWord(second));
      // A double-barrelled surname, each part Capitalised and no common word ("Hartley-Brown").
      const barrelled =
        /^\p{Lu}\p{Ll}+-\p{Lu}\p{Ll}+$/u.test(bareWord(second)) &&
        !bareWord(second)
          .split('-')
          .some((p) => isCommon(p));
      if (!(barrelled || isNoWord(bareWord(second)) || (surnames.has(surname) && !english.has(surname)))) return undefined;
      if (month && MONTH_CONTEXT.test(m.input.slice(Math.max(0, m.index - 12), m.index))) return undefined;
      if (ORGANISATION_AFTER.test(m.input.slice(m.index + m[0].length, m.index + m[0].length + 24))) return undefined;
      found.name += 2;
      return `[name]${gap}[name]${second.slice(bareWord(second).length)}`;
    },
    (m) => m.index + m[1]!.length,
  );
}

/** A name that is also a month ("Jan", "June"), where it is the month: "booked for Jan 5th", "since June". */
function isMonthInDate(text: string, start: number, end: number): boolean {
  if (!MONTH_NAME.test(text.slice(start, end))) return false;
  return DAY_AFTER.test(text.slice(end, end + 8)) || MONTH_CONTEXT.test(text.slice(Math.max(0, start - 12), start));
}
const MONTH_NAME = /^(?:jan|june|april|may|august|july)$/iu;
const DAY_AFTER = /^[ \t]{1,3}\d{1,2}(?:st|nd|rd|th)?(?!\p{N})/u;

/** What puts a month before a word: a day or a preposition ("the 14th of May", "in April", "since June"). */
const MONTH_CONTEXT = /(?:\d|\b(?:of|in|on|since|until|till|by|from|early|late|mid|next|last|this|every|de|en|im|am|bis)[ \t]{1,3})$/iu;

/** An Irish or Scottish surname has its own shape, in any case: "o'connor", "mcallister" (not the restaurant). */
const isGaelicSurname = (w: string): boolean => /^(?:o['’]|mc|mac)\p{L}{3,}$/iu.test(w) && !/^mcdonald/i.test(w);

/**
 * A full name typed in small letters ("bill o'connor", "dan whitcombe", "priya raman"): a given name
 * that is no common word, then a surname the lists know and English does not, or, after a given name
 * English has no other use for, any word no dictionary holds. "will defintely" stays: a typo after a
 * word that is also a name is a typo.
 */
const LOWER_PAIR = /(?<![\p{L}\p{N}'’[-])(\p{Ll}{2,20})([ \t]{1,3})(\p{Ll}(?:\p{Ll}|['’](?=\p{Ll}{2})){2,24})(?![\p{L}\p{N}-]|\]|['’]\p{Ll}{2})/gu;
function redactLowerCasePairs(text: string, found: Found): string {
  const { given, foreign, surnames, english, wordnet } = loadNameLexicon();
  return substitute(
    text,
    LOWER_PAIR,
    (m) => {
      const [, first = '', gap = '', second = ''] = m;
      const key = plain(first);
      // "från" is no "Fran": an accent makes another word.
      if (key !== first) return undefined;
      // Names other languages' lists alone know are that language's words too ("bahía", "sabato").
      if (!given.has(key) || foreign.has(key) || OTHER_LANGUAGES_WORDS.has(key) || isCommon(first) || SEASONS.has(key) || CUED_ONLY_NAMES.has(key))
        return undefined;
      if (/^o['’]clock$/.test(second)) return undefined;
      const surname = plain(second).replace(/['’]/g, '');
      const known = (surnames.has(surname) || surnames.has(plain(second))) && !english.has(surname) && !wordnet.has(surname) && !isCommon(second);
      const nameOnly = !english.has(key) && isNeverAWord(first);
      if (!known && !isGaelicSurname(second) && !(nameOnly && isNoWord(second.replace(/['’]/g, '')))) return undefined;
      if (ORGANISATION_AFTER.test(m.input.slice(m.index + m[0].length, m.index + m[0].length + 24))) return undefined;
      found.name += 2;
      return `[name]${gap}[name]`;
    },
    (m) => m.index + m[1]!.length,
  );
}

/**
 * Arabic and Malay names by their own shape, known or not: a name joined by "bin", "binti" or "ibn"
 * ("Faisal bin Khalid", "Nurul Aisyah binti Ismail"), a surname with its article ("al-Harbi", "El-Sayed").
 */
const PATRONYMIC = new RegExp(
  String.raw`(?<![\p{L}\p{N}'’-])(?:${CAPITALISED_WORD}[ \t]{1,3}){1,2}(?:bin|binti|bint|ibn)[ \t]{1,3}${CAPITALISED_WORD}|(?<![\p{L}\p{N}'’-])(?:al|el|Al|El)-\p{Lu}\p{Ll}{2,20}(?![\p{L}'’-])`,
  'gu',
);

/** One or two Capitalised words just before a contact detail given for them: "Tanvir (cell [phone])", "Ama Owusu: [email]". */
const BEFORE_CONTACT = new RegExp(
  String.raw`(?<![\p{L}\p{N}'’-])(${CAPITALISED_WORD})(?:([ \t]{1,3})(${CAPITALISED_WORD}))?(?=[ \t]{0,3}(?:\(|:|,|-|–)?[ \t]{0,3}(?:(?:cell|mobile|phone|tel|ph|cel|celular|portable|number|email|e-mail)\.?[ \t:#]{0,3})?\[(?:phone|email)\])`,
  'gu',
);

/** Whether a Capitalised word can be a name, not a role or a heading ("Front Desk", "Support"): known as one, or no word at all. */
function canBeName(w: string): boolean {
  const key = plain(bareWord(w));
  const { given, surnames, english, places } = loadNameLexicon();
  return !isCommon(w) && !places.has(key) && (isNoWord(bareWord(w)) || ((given.has(key) || surnames.has(key)) && !english.has(key)));
}

/** What labels a number rather than naming its owner: "Cel [phone]", "WhatsApp [phone]", "HP [phone]". */
const CONTACT_LABEL =
  /^(?:cel|cell|hp|tel|ph|mob|mobile|phone|landline|contact|gsm|mobiel|m[óo]vil|whatsapp|zalo|viber|line|wechat|telegram|signal|sms|imessage)$/iu;

function redactBeforeContact(text: string, found: Found): string {
  return substitute(text, BEFORE_CONTACT, (m) => {
    const [, first = '', gap = '', second] = m;
    if (CONTACT_LABEL.test(first) || (second !== undefined && CONTACT_LABEL.test(second))) return undefined;
    // "Kunde: [phone]": a speaker's role labels the line.
    if (second === undefined && isRoleLabel(plain(first)) && /^[ \t]{0,3}:/.test(text.slice(m.index + first.length)) && opensLine(text, m.index))
      return undefined;
    if (!canBeName(first) || (second !== undefined && !canBeName(second))) return undefined;
    found.name += second === undefined ? 1 : 2;
    return second === undefined ? '[name]' : `[name]${gap}[name]`;
  });
}

/** Whether only spaces stand between `at` and the start of its line or sentence. */
function opensLine(text: string, at: number): boolean {
  let k = at - 1;
  while (k >= 0 && (text[k] === ' ' || text[k] === '\t')) k--;
  return k < 0 || text[k] === '\n' || (k < at - 1 && /[.!?]/.test(text[k]!));
}

export function redactLexiconNames(input: string, found: Found): string {
  const { given, surnames, english, wordnet } = loadNameLexicon();
  const text = redactLowerCasePairs(
    redactWordNamePairs(
      redactBeforeContact(
        substitute(input, PATRONYMIC, () => {
          found.name++;
          return '[name]';
        }),
        found,
      ),
      found,
    ),
    found,
  );
  // A given name in small letters with no cue is taken in English text only: in another language's it is
  // as often a word of that language that some country's list holds as a name ("po", "siang", "bono").
  const englishText = writtenInEnglish(text);
  let out = substitute(text, new RegExp(WORD, 'gu'), (m) => {
    const word = bareWord(m[0]);
    const lower = word.toLowerCase();
    if (word.length < 2 || isCommon(lower)) return undefined;
    // "Kunde: …" labels a line, "… 1994. Usuario: …" a field; "Kunde" and "Usuario" are surnames too.
    if (isRoleLabel(plain(word)) && /^[ \t]{0,8}:/.test(text.slice(m.index + m[0].length, m.index + m[0].length + 9)) && opensLine(text, m.index))
      return undefined;
    const key = plain(word);
    const name = isCapitalised(word)
      ? (given.has(key) || surnames.has(key)) && !english.has(key)
      : isNeverAWord(word) &&
        !isPossessive(word, text.slice(Math.max(0, m.index - 12), m.index)) &&
        (englishText || besideAName(text, m.index, m.index + m[0].length));
    if (!name || (word.length > 2 && word === word.toUpperCase())) return undefined;
    // "St Andrews", "Lake Louise", "San Jose": a place.
    if (
      /(?:^|[^\p{L}])(?:st|ste|saint|sainte|mount|mt|lake|port|fort|san|santa|los|las|glen|cape)\.?[ \t]{1,8}$/iu.test(
        text.slice(Math.max(0, m.index - 8), m.index),
      )
    )
      return undefined;
    if (ORGANISATION_AFTER.test(text.slice(m.index + m[0].length, m.index + m[0].length + 24))) return undefined;
    // "the Kanata location", "Austin store": a place.
    if (
      /^[ \t]{1,8}(?:location|locations|store|branch|venue|site|club|centre|center|office|mall|airport|street|st|road|rd|avenue|ave)(?![\p{L}])/iu.test(
        text.slice(m.index + m[0].length, m.index + m[0].length + 12),
      )
    )
      return undefined;
    found.name++;
    return `[name]${m[0].slice(word.length)}`;
  });
  // A surname in lower case after a name: known as one and no common English word ("[name] tremblay", "[name] johnson's").
  // So is a word no dictionary holds ("[name] qureshi"), or only WordNet, which lists people ("[name] wilkins").
  // Only in English, where a word no dictionary holds is no other language's word ("[name] fredag").
  out = out.replace(
    /\[name\]([ \t]{1,8})(\p{Ll}['’]\p{Ll}{3,}|\p{Ll}{3,})(?=['’]s(?![\p{L}])|(?![\p{L}\p{N}'’-]))/gu,
    (whole, _sep: string, next: string, at: number, all: string) => {
      const key = plain(next);
      const surname =
        !english.has(key) && !isCommon(next) && (surnames.has(key) || ((isNoWord(next) || wordnet.has(key)) && inEnglish(all, at, at + whole.length)));
      if (!surname && !isGaelicSurname(next)) return whole;
      found.name++;
      return '[name]';
    },
  );
  // What follows a name is part of it: a Capitalised surname ("[name] Okafor"), an initial ("[name] J."),
  // a particle and a surname ("[name] El Amrani"): up to three words, as long names have.
  for (let pass = 0, previous = ''; pass < 3 && previous !== out; pass++) {
    previous = out;
    out = out.replace(SURNAME_AFTER, (whole, sep: string, next: string) => {
      // "Jordan Price": surnames are often words, so only the common ones stop it; "[name], FNB acc": an acronym after a comma starts something else.
      if ((next.length > 2 && isCommon(next)) || (sep.includes(',') && /^\p{Lu}{2,}$/u.test(next))) return whole;
      found.name++;
      return '[name]';
    });
  }
  // What comes before a name is part of it: a given name before a surname found alone ("Booking for
  // Ffion [name]", "(Xiaoming [name])"): a name the lists know, a word only WordNet holds ("Finn",
  // "Aditya"; not a plural: "Congratulations [name]"), or mid-sentence a word in no dictionary (at a
  // sentence's start that is a greeting: "Shalom").
  return substitute(out, GIVEN_BEFORE, (m) => {
    const word = m[1]!;
    const key = plain(word);
    if (word.length < 2 || word === word.toUpperCase() || isCommon(word) || isTitleBeforeName(word) || CONTACT_LABEL.test(word)) return undefined;
    const opens = /(?:^|[.!?:;]|^[^\n:]{0,30}:)[ \t]*$/u.test(
      m.input
        .slice(Math.max(0, m.index - 40), m.index)
        .split('\n')
        .at(-1)!,
    );
    const wordNetOnly = wordnet.has(key) && !key.endsWith('s');
    // A noun takes an article, a name seldom does: "auf den Namen [name]", "der Trainer [name]".
    const noun = ARTICLE_BEFORE.test(m.input.slice(Math.max(0, m.index - 12), m.index));
    // A given name that is also a word ("under Summer [name]", "(Grant [name])") only inside a sentence, not after an article.
    if (english.has(key) && (!given.has(key) || opens || noun)) return undefined;
    if (!given.has(key) && !wordNetOnly && (opens || noun || !isNoWord(word))) return undefined;
    found.name++;
    return `[name]${m[2]}`;
  });
}

/** Whether the word next to `start`..`end` is a name too, known as one or found already: "joão pedro almeida", "klaus [name]". */
function besideAName(text: string, start: number, end: number): boolean {
  const { given, surnames, english } = loadNameLexicon();
  const before = /(\[name\]|\p{L}+)[ \t]{1,3}$/u.exec(text.slice(Math.max(0, start - 30), start))?.[1];
  const after = /^[ \t]{1,3}(\[name\]|\p{L}+)/u.exec(text.slice(end, end + 30))?.[1];
  return [before, after].some(
    (w) => w !== undefined && (w === '[name]' || ((given.has(plain(w)) || surnames.has(plain(w))) && !english.has(plain(w)) && !isCommon(w))),
  );
}

/** Words in small letters, an address's or a handle's aside: where a text's own language shows. */
const SMALL_WORD = /(?<![\p{L}\p{N}_.@-])\p{Ll}{2,}(?:['’]\p{Ll}+)?(?![\p{L}\p{N}_@-])/gu;

/**
 * Whether a text is written in English: of its words in small letters that are no names, at most a third
 * are in no English dictionary (nor texting shorthand). Taglish, Hinglish and Spanish run well above that.
 */
function writtenInEnglish(text: string): boolean {
  const { english, given, surnames } = loadNameLexicon();
  let known = 0;
  let other = 0;
  for (const [w] of text.matchAll(SMALL_WORD)) {
    const key = w.replace(/['’]/g, '');
    if (key === 'name' || english.has(key) || isCommon(key) || SHORTHAND.has(key)) known++;
    else if (!given.has(plain(key)) && !surnames.has(plain(key))) other++;
  }
  return other < 3 || other <= (known + other) * 0.35;
}

/** Whether the words either side of `start`..`end` are English ones, a placeholder aside (and at least one there). */
function inEnglish(text: string, start: number, end: number): boolean {
  const { english } = loadNameLexicon();
  const before = /(\p{L}+)[^\p{L}\n]{0,8}$/u.exec(text.slice(Math.max(0, start - 30), start))?.[1];
  const after = /^[^\p{L}\n]{0,8}(\p{L}+)/u.exec(text.slice(end, end + 30))?.[1];
  const words = [before, after].filter((w): w is string => w !== undefined && w !== 'name').map((w) => w.toLowerCase());
  // Accents kept: "môre" is no "more".
  return words.length > 0 && words.every((w) => english.has(w) || SHORTHAND.has(w) || (isCommon(w) && /^[a-z]+$/.test(w)));
}

/** An article or a possessive just before a word, in the languages this module reads. */
const ARTICLE_BEFORE =
  /(?<![\p{L}])(?:the|a|an|my|his|her|our|their|der|die|das|den|dem|des|ein|eine|einen|einem|einer|mein|meine|meinen|unser|unsere|de|het|een|le|la|les|un|une|el|los|las|una|il|lo|gli|o|os|as|um|uma)[ \t]{1,3}$/iu;
/** A Capitalised word just before a redacted name. */
const GIVEN_BEFORE = new RegExp(String.raw`(?<![\p{L}\p{N}'’[-])(${CAPITALISED_WORD})([ \t]{1,3})(?=\[name\])`, 'gu');
