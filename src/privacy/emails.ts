import { SAID_NUMBER } from './spoken.ts';
import { type Found, substitute } from './substitute.ts';

/** The local part starts on a token boundary: no rescans of a long run of word characters. */
const EMAIL = /(?<![\w.+%-])[\w.+%-]+(?:@|%40)[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+/g;

/** Top-level domains a spoken or disguised address ends with ("… dot com", "[.]ca"). */
const TLDS =
  'com|net|org|edu|gov|ca|co|uk|us|io|fr|de|es|it|nl|be|ch|au|nz|ie|mx|br|in|info|biz|me|ly|app|dev|xyz|se|dk|fi|pl|pt|jp|kr|sg|ph|za|ng|ke|ae|hk|tw|cn|ac|ru|cz|gr|tr|il|' +
  'ar|cl|pe|ro|hu|sk|si|hr|rs|bg|ua|lt|lv|ee|lu|vn|th|pk|bd|lk|eg|ma|gh|sa|qa|fm|tv|ai|gg|studio|online|shop|store|tech|site|cloud|email|design|agency|pro|blog|page|team|work|world|life';
/** Top-level domains that are English words too ("dot no later"): only where the sentence ends. */
const TLD = String.raw`(?:${TLDS}|(?:no|at|is|my|id)(?=[ \t]{0,8}(?:[.,!?;:)\n]|$)))`;
const AT = String.raw`(?:[ \t]{0,8}(?:\(at\)|\[at\]|\{at\}|<at>)[ \t]{0,8}|[ \t]{0,8},?[ \t]{1,8}(?:at|arobase|arobas|arroba|arrova|snabel-?a|kr[øo]ll?alfa|klammeraffe|apenstaartje|apestaart|chiocciola|małpa|malpa|zavin[áa][čc]|kukac|[äa]t|atto[ \t]?m(?:aa|ā|a)ku|a[ \t]c[òo]ng|arond|golbaengi|παπάκι|et(?=[ \t]{1,8}(?:gmail|hotmail|outlook|yahoo|icloud|live|msn|aol|proton|protonmail|yandex|gmx)(?![\p{L}])))[ \t]{0,8},?[ \t]{1,8}|[ \t]{0,8}@[ \t]{0,8})`;
const DOT = String.raw`(?:[ \t]{0,8}(?:\(dot\)|\[dot\]|\{dot\}|\[\.\]|\(\.\)|<dot>)[ \t]{0,8}|[ \t]{0,8},?[ \t]{1,8}(?:dot|point|punto|ponto|punt|punkt|punktum|prik|kropka|te[čc]ka|pont|nokta|piste|dotto|ch[ấa]m|punct|tuldok|jeom|τελεία|punktur)[ \t]{0,8},?[ \t]{1,8}|[ \t]{1,8}\.[ \t]{0,8}|\.)`;
/** A join said or disguised between the words of a local part: "dot", "underscore", "[dot]", "punktum". */
const SAID_JOIN = String.raw`[ \t]{0,8}(?:\(dot\)|\[dot\]|\[\.\])[ \t]{0,8}|[ \t]{0,8},?[ \t]{1,8}(?:dot|underscore|dash|hyphen|period|point|punto|ponto|punt|punkt|punktum|prik|kropka|te[čc]ka|pont|nokta|piste|dotto|ch[ấa]m|punct|tuldok|jeom|τελεία|punktur|plus|gui[oó]n(?:[ \t]{1,8}bajo)?|trattino(?:[ \t]{1,8}basso)?|tiret(?:[ \t]{1,8}bas)?|sublinhado|underline|unterstrich|strich)[ \t]{0,8},?[ \t]{1,8}`;
/** A written join, spaces around it as autocorrect leaves them ("ana . sofia", "okonkwo - 88"). */
const JOIN = `(?:${SAID_JOIN}|[ \t]{0,8}[._-][ \t]{0,8})`;
/** Numbers as Spanish, Portuguese, Italian and French say them in an address ("castro setenta y dos", "silva vinte e um"). */
const ROMANCE_NUMBER =
  'cero|uno|dos|tres|cuatro|cinco|seis|siete|ocho|nueve|diez|once|doce|veinte|veinti\\p{L}{2,6}|treinta|cuarenta|cincuenta|sesenta|setenta|ochenta|noventa|' +
  'dois|tr[êe]s|quatro|sete|oito|nove|dez|vinte|trinta|quarenta|cinquenta|sessenta|oitenta|noventa|' +
  'due|sei|sette|otto|dieci|venti|trenta|quaranta|cinquanta|sessanta|settanta|ottanta|novanta|' +
  'deux|quatre|cinq|sept|huit|neuf|dix|vingt|trente|quarante|cinquante|soixante|septante|huitante|octante|nonante';
/** Digits said after a word of a local part ("golf two four", "garcia 77", "castro setenta y dos"). */
const SAID_AFTER = String.raw`(?:[ \t]{1,8}(?:${SAID_NUMBER}|(?:(?:y|e|et)[ \t]{1,8})?(?:${ROMANCE_NUMBER}))(?![\p{L}\p{N}])){0,4}`;
/** A word of a local part, with digits said after it. */
const LOCAL_WORD = String.raw`[\p{L}\p{N}+%]+${SAID_AFTER}`;
/** Between the words of a spelled local part: a written dash belongs to the word, so it is no join (one way to read any text). */
const SPELLED_JOIN = `(?:${SAID_JOIN}|[._])`;
/** A word of a local part as a provider's address is said: spelled letter by letter too ("c-o-n-o-r"). */
const SPELLED_WORD = String.raw`[\p{L}\p{N}+%]+(?:-[\p{L}\p{N}]+)*${SAID_AFTER}`;
/** A spoken address may open with an initial ("l garcia 77 at gmail dot com"). */
const INITIAL = String.raw`(?:[a-z][ \t]{1,8})?`;
/** …or close with one ("amelia g at fastmail dot fm"). */
const FINAL = String.raw`(?:[ \t]{1,8}[a-z](?![\p{L}\p{N}]))?`;
/**
 * "sarah (at) hotmail (dot) com", "j dot smith at gmail dot com", "mike[at]outlook[.]com": a local part
 * of up to four words joined by dots, underscores or dashes (written or said), a disguised or spoken
 * "at", a domain, and a known top-level domain, said or written.
 */
const DISGUISED = new RegExp(
  String.raw`(?<![\p{L}\p{N}_.+%'’-])${INITIAL}${LOCAL_WORD}(?:${JOIN}${LOCAL_WORD}){0,3}${FINAL}${AT}[\p{L}\p{N}-]+(?:[ \t]{1,8}[\p{L}\p{N}-]+)?(?:${DOT}[\p{L}\p{N}-]+){0,2}${DOT}${TLD}(?![\p{L}\p{N}])`,
  'giu',
);
/** The mail providers an address is said with alone: "sarah at gmail". */
export const MAIL_PROVIDERS = 'gmail|hotmail|outlook|yahoo|icloud|aol|live|msn|protonmail|proton|me|mac|sympatico|shaw|rogers|bell|telus|videotron|eastlink';
/** A spoken "at" needs a spoken or written "dot" after a domain, or the address is a mail provider's: "sarah at gmail", "j dot reyes forty-two at gmail". */
const PROVIDER = new RegExp(
  String.raw`(?<![\p{L}\p{N}_.+%'’-])${INITIAL}${SPELLED_WORD}(?:${SPELLED_JOIN}${SPELLED_WORD}){0,3}[ \t]{1,8}at[ \t]{1,8}(?:${MAIL_PROVIDERS})(?:${DOT}${TLD})?(?![\p{L}\p{N}])`,
  'giu',
);

/** A bracketed "at" is no English: any top-level domain will do ("sofia (at) yahoo (dot) se"). */
const BRACKETED = new RegExp(
  String.raw`(?<![\p{L}\p{N}_.+%-])${LOCAL_WORD}(?:${JOIN}${LOCAL_WORD}){0,3}[ \t]{0,8}(?:\(at\)|\[at\]|\{at\}|<at>)[ \t]{0,8}[\p{L}\p{N}-]+(?:${DOT}[\p{L}\p{N}-]+){1,3}(?![\p{L}\p{N}])`,
  'giu',
);

export function redactEmails(text: string, found: Found): string {
  const count = (): string => {
    found.email++;
    return '[email]';
  };
  let out = substitute(text, EMAIL, count);
  out = substitute(out, BRACKETED, count);
  out = substitute(out, DISGUISED, count);
  return substitute(out, PROVIDER, count);
}
