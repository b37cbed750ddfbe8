import { keyPressedAfter, referenceBefore, UNITS } from './codes.ts';
import { isCommon } from './common-words.ts';
import { MONTH_OR_YEAR } from './dates.ts';
import { PERSONAL_DOCUMENT, saidAfter } from './ids.ts';
import { EVERYDAY_DIGITS } from './digit-words.ts';
import { digitOfWord, spokenDigitRuns } from './spoken.ts';
import { LABEL, speakerOf } from './turns.ts';
import { loadNameLexicon, PARTICLES, plain } from './lexicon.ts';
import { digitsOf, type Found, HAS_PLACEHOLDER, noneFound, PLACEHOLDERS, type RedactionKind, replaceSpans } from './substitute.ts';

/**
 * Answers to a question that asked for personal data, as call transcripts and chats hold them:
 * "Agent: And the three digits on the back?" / "Customer: Seven seven eight." The value comes on the
 * next line with no cue of its own, often said as words. What the question asked for decides what
 * goes: numbers for a code, a card's number, expiry or CVC; the whole answer for an address, a
 * postal code, a date of birth or a plate (when it holds a number or a capital: "Sorry, which one?"
 * stays); the answer's parts other passes took for a name or a code then go with it.
 */
const ASKS: { kind: RedactionKind; whole: boolean; cue: RegExp }[] = [
  {
    kind: 'address',
    whole: true,
    cue: /(?<![\p{L}])(?:address|(?:house|flat|apartment|unit)[ \t](?:number|no\.?)|street[ \t]name|postal[ \t]code|post[ \t]?code|zip(?:[ \t]code)?|mailing|where[ \t]do[ \t]you[ \t]live|c[oó]digo[ \t]postal|code[ \t]postal|postleitzahl|cep|adresse|direcci[oó]n|indirizzo|endere[cç]o|adres\p{L}{0,4}|osoit\p{L}{0,8}|c[íi]m(?:re|e|et|em|ed|ünk)?|postinumero|ir[áa]ny[íi]t[óo]sz[áa]m|kod[ \t]pocztowy|PS[ČC]|διεύθυνσ\p{L}{0,3})(?![\p{L}])/iu,
  },
  {
    kind: 'dob',
    whole: true,
    cue: /(?<![\p{L}])(?:date[ \t]of[ \t]birth|birth[ \t]?date|birthday|dob|born|(?:fecha|date)[ \t]de[ \t](?:nacimiento|naissance)|cumplea[ñn]os|anniversaire|geburtsdatum|geboortedatum|data[ \t]d[ie][ \t]nas(?:cita|cimento)|data[ \t]urodzenia|f[öø]delsedat(?:um|o)|f[øo]dselsdato|syntym[äa]aika|do[ğg]um[ \t]tarih\p{L}*|tanggal[ \t]lahir|ng[àa]y[ \t]sinh|seinengappi|tanj[oō]u?bi|saengil|janam[ \t]{0,8}(?:tithi|din)|f[æa]ðingardag\p{L}{0,3}|s[üu]nnikuup[äa]ev|sz[üu]let[ée]si|narozen[íi]|na[șs]terii|γέννησης)(?![\p{L}])/iu,
  },
  {
    kind: 'card',
    whole: false,
    cue: /(?<![\p{L}])(?:card|expiry|expiration|expires|exp|cvv|cvc|security[ \t](?:code|number)|(?:digits|number|code)[ \t]on[ \t]the[ \t]back|last[ \t](?:four|4)|carte|cryptogramme|tarjeta|cart[ãa]o|carta|karte|kaart|kaardi|kort|kortet|karta|karty|kartou|k[áa]rty[áa]\p{L}{0,3}|cardul|κάρτ\p{L}{0,2}|kaado|kadeu|thẻ|bitaqa|laatste[ \t]vier[ \t]cijfers|laaste[ \t]vier[ \t]syfers|derniers[ \t](?:quatre[ \t])?chiffres|letzten[ \t](?:vier|4)[ \t]ziffern|ostatnie[ \t](?:cztery|4)[ \t]cyfry|slutsiffror(?:na)?|siste[ \t]sifrene|sista[ \t]siffrorna|sidste[ \t]cifre|vencimiento|caducidad|validade|scadenza|[úu]ltimos[ \t](?:cuatro|quatro|4)|ultime[ \t](?:quattro|4))(?![\p{L}])/iu,
  },
  {
    kind: 'code',
    whole: false,
    cue: /(?<![\p{L}])(?:(?<!(?:promo|promotional|discount|coupon|area|error|qr|booking|reservation|confirmation|order)[ \t])code|pin|passcode|password|combo|combination|mot[ \t]de[ \t]passe|c[oó]digo(?![ \t]{1,8}(?:da|de|do|del)[ \t]{1,8}(?:la[ \t]{1,8})?(?:reserva|reservaci[oó]n|pedido|compra|confirma[cç][aã]o|confirmaci[oó]n))|codice|clave|contrase[ñn]a|senha|passwort|kod|kodu|koodi|şifre|şifreyi|κωδικό|κωδικός)(?![\p{L}])/iu,
  },
  // A person's document or tax number ("Necesito su DNI.", "¿Y su cédula?"), said in any language; not
  // a business's tax number, which a customer asks the venue for as often ("I need the GST number").
  { kind: 'id', whole: false, cue: PERSONAL_DOCUMENT },
  // A plate, after the document asks: "licence number" asks for a driving licence's.
  {
    kind: 'plate',
    whole: true,
    cue: /(?<![\p{L}])(?:plates?|(?:vehicle|car)[ \t]registration|registration[ \t]number|reg|rego|(?:vehicle|car)[ \t]number|plaque|immatriculation|matr[ií]cula|kennzeichen|kenteken|targa|registreringsnummer|regnr|spz|bi[ểe]n[ \t]s[ốo]|nanb[aā]{1,2}|beonhopan|b[íi]ln[úu]mer\p{L}{0,2}|numbrim[äa]rk|plaka(?:n[ıi]z|m|s[ıi])?(?:n[ıi])?|gaadi[ \t](?:ka|ki)[ \t]number|rendsz[áa]m(?:a|ot)?|[îi]nmatriculare|πινακίδα)(?![\p{L}])/iu,
  },
  // A number to call back ("And the mobile?", "E o celular?"): only a run of six digits or more goes.
  {
    kind: 'phone',
    whole: false,
    cue: /(?<![\p{L}])(?:phone|mobile|cell|cellphone|celular|telem[óo]vel|telefone|tel[ée]fono|t[ée]l[ée]phone|portable|handy(?:nummer)?|telefonnummer|r[üu]ckrufnummer|rufnummer|mobilnummer|telefoonnummer|numer[ \t]telefonu|telefonu|(?:contact|callback|call[ \t]back|best|new|your)[ \t]number|(?:tu|su|seu|teu|votre|ton|deine|ihre|uw|je)[ \t](?:n[úu]mero|num[ée]ro|nummer)|number[ \t](?:to[ \t]reach|to[ \t]call|for[ \t]you))(?![\p{L}])/iu,
  },
];
/** A phone number in an answer: six digits or more, with the joins and brackets it is written with ("(11) 98765-4321", "403, 555, 0119"). */
const PHONE_ANSWER = /(?<![\p{L}\p{N}])(?:[Pp]lus[ \t]{1,3}|\+)?\(?\d[\d \t().,-]{4,24}\d(?![\p{L}\p{N}])/gu;
/**
 * A turn that is only a document's number, a few lines after the document was named, however the
 * number is written: "92071403826.", "RAMG850312KT4.", "5 3 3 8 0 1 9 2 7.", "34.812.905." Five
 * digits or more, letters among them, at most forty characters.
 */
const DOCUMENT_VALUE =
  /^((?:(?:it['’]?s|it[ \t]is|yes|sure|ok(?:ay)?|s[ií]|oui|ja|tak|es|c['’]est|det[ \t]är|das[ \t]ist)[,.]?[ \t]{1,3})?)([\p{L}\p{N}](?:[\p{L}\p{N}]|[ ./-](?=[\p{L}\p{N}])){4,40})[ \t]*(?:[.!][ \t]*)?$/iu;
/** A question that asks for a name: "Could I get your last name?", "And the name on the account?". */
const ASKS_NAME = new RegExp(
  String.raw`(?<![\p{L}])(?:(?:(?:your|the|a)[ \t])?name[ \t]on[ \t]the[ \t](?:account|booking|card|reservation|order)|(?:first|last|full|sur|family|given|booking|reservation|account)[ \t]?name|(?:your|the|a)[ \t]name|(?<=^|[.!:][ \t]{0,8})names?(?:[ \t]{1,8}(?:for|on|please)(?![\p{L}])|[ \t]*$)|who[ \t]am[ \t]i[ \t](?:speaking|talking)[ \t](?:with|to)|(?:a|su)[ \t]nombre|(?:votre|quel)[ \t]nom|nom[ \t]de[ \t]famille|` +
    // The same in other languages: German, Dutch, Portuguese, Italian, Polish, Nordic, Turkish, Indonesian, Swahili, Vietnamese.
    String.raw`ihr[ \t]name|ihren[ \t]namen|wie[ \t]hei(?:ß|ss)en|uw[ \t]naam|wat[ \t]is[ \t]de[ \t]naam|seu[ \t]nome|o[ \t]nome|il[ \t]nome|suo[ \t]nome|come[ \t]si[ \t]chiama|imi[eę][ \t]i[ \t]nazwisko|pana[ \t]imi[eę]|pani[ \t]imi[eę]|ditt[ \t]namn|dit[ \t]navn|hva[ \t]heter|vad[ \t]heter|ad[ıi]n[ıi]z|isminiz|nama[ \t](?:anda|bapak|ibu|kakak|lengkap)|atas[ \t]nama[ \t]siapa|jina[ \t]lako|jina[ \t]lake|t[êe]n[ \t](?:gì|của)|titular|card[ \t]?holder|(?:under|in)[ \t](?:what|which|whose)[ \t]name|(?:op|onder)[ \t]welke[ \t]naam|auf[ \t]welchen[ \t]namen|a[ \t]nombre[ \t]de[ \t]qui[ée]n|(?:em|no)[ \t]nome[ \t]de[ \t]quem|au[ \t]nom[ \t]de[ \t]qui|a[ \t]nome[ \t]di[ \t]chi|what[ \t]name|whose[ \t]name|nimesi|nimenne|neved|nev[ée]re|jm[ée]no|numele|όνομ[άα]|o-?namae|ireum|pangalan|naam[ \t]kya|ismak|ismik` +
    String.raw`)(?![\p{L}])`,
  'iu',
);
/**
 * A name given as the whole first phrase of an answer: "Szczepańska.", "Jae-won Park.", "It's Okafor,
 * Chidi.", "Sōta desu." Words are Capitalised and joined by a space or a comma, each at most 40 letters: one way to
 * read any text, so the pattern stays linear whatever a customer types.
 */
const NAME_ANSWER =
  /^((?:[Ii]t['’]?s|[Ii]t[ \t]is|[Tt]his[ \t]is|[Yy]es|[Yy]eah|[Ss]ure)[ \t,]{1,3})?(\p{Lu}[\p{L}'’-]{0,40}(?:,?[ \t]{1,3}\p{Lu}[\p{L}'’-]{0,40}){0,3})(?=(?:[ \t]{1,3}desu)?[ \t]*(?:[.!]|$))/u;
/** A request for a value said without a question mark: "I'll need your date of birth.", "Go ahead with the card number.", "can I take your postcode please" */
const REQUEST =
  /(?<![\p{L}])(?:i['’]?ll[ \t]{1,8}need|i[ \t]{1,8}(?:will|would)[ \t]{1,8}need|i[ \t]{1,8}need(?![ \t]{1,8}to[ \t]{1,8}(?:give|send|tell|update|change))|i['’]d[ \t]{1,8}need|(?:please|pls)[ \t]{1,8}(?:give|provide|confirm|spell|read|send|enter|type|key[ \t]{1,8}in)|(?:can|could|may)[ \t]{1,8}i[ \t]{1,8}(?:take|get|have|grab|ask[ \t]{1,8}for)[ \t]{1,8}(?:your|the)|(?:can|could)[ \t]{1,8}you[ \t]{1,8}(?:give|tell|read|spell)[ \t]{1,8}me|go[ \t]{1,8}ahead[ \t]{1,8}with|read[ \t]{1,8}(?:me|it)|give[ \t]{1,8}me|tell[ \t]{1,8}me|necesito|necesitamos|necesitar[íi]a|preciso|precisamos|ho[ \t]{1,8}bisogno|avrei[ \t]{1,8}bisogno|mi[ \t]{1,8}serve|j['’]ai[ \t]{1,8}besoin|j['’]aurais[ \t]{1,8}besoin|ich[ \t]{1,8}brauche|(?:ich[ \t]{1,8})?br[äa]uchte|ben[öo]tige|behöver[ \t]{1,8}jag|trenger[ \t]{1,8}jeg|har[ \t]{1,8}brug[ \t]{1,8}for|poprosz[ęe]|ik[ \t]{1,8}heb[ \t]{1,8}nodig)(?![\p{L}])/iu;
/** A short prompt for the next value, as an IVR or a busy agent says it: "And the expiry.", "Now your postcode". */
const PROMPT = /^(?:[^:\n]{0,40}:[ \t]*)?(?:and|now|next|then|also),?[ \t]{1,8}(?:the|your)[ \t][^.?!\n]{0,40}\.?[ \t]*$/iu;
/** A question that names nothing, so asks for what the line before spoke of: "…the form wants a date of birth." / "What is it?" */
const BARE_QUESTION =
  /(?:^|[.!,][ \t]{0,8}|:[ \t]{0,8})(?:(?:ok(?:ay)?|sure|right|great|yes),?[ \t]{1,8})?(?:what(?:['’]s|[ \t]{1,8}is)[ \t]{1,8}(?:it|that)|what[ \t]{1,8}(?:should|would|will)[ \t]{1,8}(?:it|that)[ \t]{1,8}(?:be|say)|go[ \t]{1,8}ahead|ready[ \t]{1,8}when[ \t]{1,8}you[ \t]{1,8}are|what(?:['’]s|[ \t]{1,8}is)[ \t]{1,8}the[ \t]{1,8}number)[ \t]*(?:[.!][ \t]*)?$/iu;
/**
 * A short question that names nothing and points back at what the line before spoke of: "What are
 * you typing in?", "¿Me lo dice y lo reviso?", "Can you read it out?"
 */
const POINTS_BACK =
  /(?<![\p{L}])(?:typing|entering|putting[ \t]{1,8}in|type|enter|(?:read|spell|say|give)[ \t]{1,8}(?:it|that|them|me)|me[ \t]{1,8}l[oa][ \t]{1,8}(?:dice|da|dices|das|lee|puede|podr[ií]a|passa|diz)|d[ií]game|escribiendo|poniendo|pode[ \t]{1,8}falar|digitando|me[ \t]{1,8}l['’]indiquer|tapez|saisissez|tippen|eingeben|mi[ \t]{1,8}(?:dice|dica)|dimmi)(?![\p{L}])/iu;
function refersBack(asked: string): boolean {
  const said = asked.slice(LABEL.exec(asked)?.[0].length ?? 0);
  if (BARE_QUESTION.test(said)) return true;
  return said.split(/[ \t]+/).filter(Boolean).length <= 8 && POINTS_BACK.test(said) && !ASKS.some((a) => a.cue.test(said)) && !ASKS_NAME.test(said);
}
/** A turn that is only what it asks for, as a busy agent says it: "expiration", "Postcode.", "security code" (not an answer: "Cash or card?" / "Card."). */
function isNamedOnly(line: string): boolean {
  const label = LABEL.exec(line)?.[0];
  if (!label) return false;
  const said = line.slice(label.length).trim();
  return said.split(/[ \t]+/).length <= 3 && /^[\p{L} \t]+[.]?$/u.test(said) && ASKS.some((a) => a.cue.test(said));
}
/** A number as typed or said: digits, digit and number words, with the joins speech-to-text writes. */
const NUMBER_WORD = String.raw`(?:\d+(?:[/#*.-]\d+)*[#*]?|zero|oh|o|nought|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|double|triple)(?:-(?:one|two|three|four|five|six|seven|eight|nine))?`;
const NUMBER = new RegExp(
  String.raw`(?<![\p{L}\p{N}\[])${NUMBER_WORD}(?:(?:[ \t]{1,8}|[ \t]{0,8}[,-][ \t]{0,8}|[ \t]{1,8}(?:uh|um|er|dash|slash|star|pound|hash)[ \t]{1,8})${NUMBER_WORD})*(?:[ \t]{1,8}(?:star|pound|hash))?(?![\p{L}\p{N}])`,
  'giu',
);
/** A price, a share or a quantity: "$50", "20 bucks", "15%", "10 minutes", "the 16-digit number". No card or code is written so. */
const isAmount = (text: string, start: number, end: number): boolean =>
  /[$£€¥][ \t]?$/u.test(text.slice(Math.max(0, start - 2), start)) ||
  /^[ \t]{0,8}(?:%|percent|per[ \t]cent|dollars?|bucks|cents?|euros?|pounds?|\$)(?![\p{L}])/iu.test(text.slice(end, end + 16)) ||
  UNITS.has(/^[ \t-]{0,2}(\p{L}+)/u.exec(text.slice(end, end + 16))?.[1]?.toLowerCase() ?? '');
/** Digits as a date is written without its month or year: "14/11", "the 3rd", "140388". */
const DATE_DIGITS = /(?<!\d)(?:\d{1,2}[/.-]\d{1,2}|\d{1,2}(?:st|nd|rd|th)|\d{6}|\d{8})(?!\d)/i;
/** A day or a year said in words: "the fourteenth of the eleventh", "twenty fifteen", "ninety-one" ("second time here" is none). */
const SAID_DATE =
  /(?<![\p{L}])(?:the[ \t]{1,8}(?:(?:twenty|thirty)[ \t-]?)?(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|thirtieth)|(?:(?:twenty|thirty)[ \t-]?)?(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|thirtieth)[ \t]{1,8}of)(?![\p{L}])|(?<![\p{L}])twenty[ \t-](?:oh|zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty)(?![\p{L}])|(?<![\p{L}])(?:sixty|seventy|eighty|ninety)[ \t-](?:one|two|three|four|five|six|seven|eight|nine)(?![\p{L}])/iu;
/** A lone "o" or "oh" is a word, not a zero. */
const NOT_A_NUMBER = /^(?:o|oh)$/i;

/**
 * An address or a date of birth said as a statement: "my postal code is B three H, two Y nine", "the
 * billing address is 1250, rue Sainte-Catherine Ouest, appartement 3, sorry…", "my birthday is
 * Christmas Eve, ninety-four", "billing address 14, 3rd Cross, Indiranagar". What follows "is" (or the
 * number straight after a billing or home address) goes, up to the end of the sentence or a clause
 * about something else, when it holds a number. (Plates have their own pass.)
 */
const STATED =
  /\b(?:my|our|his|her|their|the)[ \t]{1,8}(?:(?:billing|mailing|home|shipping|delivery|new|old)[ \t]{1,8})?(?:address|postal[ \t]code|post[ \t]?code|zip(?:[ \t]code)?|birthday|date[ \t]of[ \t]birth|birth[ \t]?date|dob)(?:[ \t]{1,8}for[ \t]{1,8}billing)?[ \t]{0,8}(?:is|was|'s|’s|are|:)[ \t]{0,8}(?:it's[ \t]{1,8}|uh,?[ \t]{1,8})?|\b(?:billing|mailing|home|shipping|delivery|postal)[ \t]{1,8}address[ \t]{0,8}:?[ \t]{0,8}(?=\d)/giu;
/** Where a stated value ends: the sentence, or a clause that turns to something else. */
const STATED_END =
  /[.!?\n]|,?[ \t]+(?:-|–|—)[ \t]|,[ \t]*(?:sorry|if|but|so|and|thanks|thank|please|pls|i|i'm|im|it|for|can|could|that|which|card|when|because)\b/iu;

/**
 * An address named in another language, then what it is: "adresa mea: Strada Victoriei 45, bl. 3",
 * "bydlím na adrese Vinohradská 112", "địa chỉ 45 đường Lê Lợi", "heimilisfang Laugavegur 22".
 */
const STATED_ELSEWHERE =
  /(?<![\p{L}])(?:adresa|adrese|adres[ei]m|adresu|adres|aadress|osoite(?:ni)?|osoitteeni|c[íi]mem|διεύθυνσ[ηή]|đ[ịi]a[ \t]{1,8}ch[ỉi]|j[uū]sho|heimilisfang|morada|anschrift|tirahan)(?![\p{L}])(?:[ \t]{1,8}(?:mea|moje|mi|mia|ma|mein|meine|minun|minu|on|er|je|é|e|ist|es|est|jest|este|wa|ko|là|ay|είναι|μου)(?![\p{L}]))*[ \t]{0,8}:?[ \t]{0,8}(?=[\p{L}\p{N}])/giu;
/** Where such an address ends: its sentence (not the dot of "bl. 3" or "Str. Victoriei"), or a dash. */
const STATED_ELSEWHERE_END = /[!?\n]|(?<=\p{L}{4}|\p{N})\.(?=[ \t]+\p{Lu}|[ \t]*$)|,?[ \t]+(?:-|–|—)[ \t]/u;

function redactStated(input: string, found: Found): string {
  return redactStatedBy(redactStatedBy(input, STATED, STATED_END, found), STATED_ELSEWHERE, STATED_ELSEWHERE_END, found);
}

/** `text` with the value after each `cue` removed, up to where `ends` first matches, when it holds a number. */
function redactStatedBy(text: string, cue: RegExp, ends: RegExp, found: Found): string {
  let out = '';
  let last = 0;
  cue.lastIndex = 0;
  for (let m = cue.exec(text); m; m = cue.exec(text)) {
    const from = m.index + m[0].length;
    if (from < last) continue;
    const rest = text.slice(from);
    const end = ends.exec(rest)?.index ?? rest.length;
    const value = rest.slice(0, end);
    const kind: RedactionKind = /birth|dob/i.test(m[0]) ? 'dob' : 'address';
    // A value has a number (a street number, a postal code, a year): "my birthday is today" stays.
    if (
      !/\p{N}|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|nineteen)\b/iu.test(
        value,
      )
    )
      continue;
    found[kind]++;
    out += `${text.slice(last, from)}[${kind}]`;
    last = from + end;
    cue.lastIndex = last;
  }
  return last === 0 ? text : out + text.slice(last);
}

/** A reply that says yes and gives nothing: "Ja, för att registrera medlemskapet.", "Dat klopt, voor de verzekering." */
const SAYS_YES =
  /^[ \t]*(?:yes|yeah|yep|yup|sure|right|correct|exactly|that['’]?s[ \t]right|ja|jawohl|genau|richtig|dat[ \t]klopt|klopt|precies|s[íi]|claro|exacto|correcto|oui|exactement|c['’]est[ \t]ça|certo|esatto|sim|isso|tak|evet|oo|opo)(?![\p{L}])[^\d?[]*$/iu;

/** A speaker's own: "my", "mitt", "mijn", "mein", "mon", "mi", "meu". */
const MINE = /(?<![\p{L}])(?:my|mine|mitt|min|mina|mijn|mein|meine|meinen|meiner|mon|ma|mes|mi|mis|meu|minha|mio|mia|moje|mój|moja|benim)(?![\p{L}])/iu;

/**
 * Whether line `i` asks for a value its own speaker then gives after the other's yes: "ni behöver mitt
 * personnummer?" / "Ja, för att registrera." / "Nittonhundranittiotvå, noll fyra…".
 */
function confirmedThenGiven(lines: readonly string[], i: number): boolean {
  const [asker, replier, giver] = [lines[i], lines[i + 1], lines[i + 2]].map((line) => (line === undefined ? null : (LABEL.exec(line)?.[0] ?? null)));
  if (!asker || !replier || !giver || speakerOf(asker) !== speakerOf(giver) || speakerOf(asker) === speakerOf(replier)) return false;
  return MINE.test(lines[i]!) && SAYS_YES.test(lines[i + 1]!.slice(replier.length));
}

export function redactAnswers(input: string, found: Found, names: string[]): string {
  const text = redactStated(input, found);
  if (!text.includes('\n')) return text;
  const lines = text.split('\n');
  documentsAnswered(lines, found);
  for (let i = 0; i + 1 < lines.length; i++) {
    const question = lines[i]!;
    // A question, or a request said as a statement ("I'll need your date of birth.").
    const mark = question.includes('?')
      ? question.lastIndexOf('?')
      : REQUEST.test(question) || PROMPT.test(question) || BARE_QUESTION.test(question) || (isNamedOnly(question) && !lines[i - 1]?.includes('?'))
        ? question.length
        : -1;
    if (mark === -1) continue;
    // What was asked, without what was removed from it: "[card]" asks for no card.
    const asked = question.slice(0, mark).replace(PLACEHOLDERS, ' ');
    const before = i > 0 && refersBack(asked) ? lines[i - 1]!.replace(PLACEHOLDERS, ' ') : null;
    const named = nameOnly(asked) ? undefined : (ASKS.find((a) => a.cue.test(asked)) ?? (before === null ? undefined : ASKS.find((a) => a.cue.test(before))));
    const ask = named && givenAlready(question.slice(0, mark), named) ? undefined : named;
    const answerAt = confirmedThenGiven(lines, i) ? i + 2 : i + 1;
    const answer = lines[answerAt]!;
    const label = LABEL.exec(answer)?.[0] ?? '';
    const said = answer.slice(label.length);
    if (!ask) {
      if (ASKS_NAME.test(asked)) lines[answerAt] = label + nameAnswered(said, found, names);
      continue;
    }
    if (ask.whole) {
      // A capital, a digit, a placeholder or two number words, in any language spoken.ts reads: "sorry, which one?" is no address.
      const numberWords =
        (said.match(/\b(?:ten|eleven|twelve|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|nineteen)\b/giu)?.length ?? 0) +
        said
          .toLowerCase()
          .split(/[^\p{L}]+/u)
          .filter((w) => digitOfWord(w) !== undefined && !EVERYDAY_DIGITS.has(w)).length;
      // An answer whose value another pass found goes to the end of that sentence; what follows stays
      // ("It's [dob]. Oh wait, I'm not a senior yet").
      const at = said.indexOf(`[${ask.kind}]`);
      const end = at < 0 ? -1 : said.slice(at).search(/[.!?](?=[ \t]+\p{Lu})/u);
      if (end >= 0) {
        lines[answerAt] = `${label}[${ask.kind}]${said.slice(at + end)}`;
        continue;
      }
      // A date of birth answers with a date ("Yes, bays 3 and 4 are free" answers "for a birthday?").
      // A plate is read in a few words with a digit ("Yes, last Tuesday" answers "Did you finish the registration?").
      const shaped =
        ask.kind === 'dob'
          ? MONTH_OR_YEAR.test(said) || DATE_DIGITS.test(said) || SAID_DATE.test(said)
          : ask.kind === 'plate'
            ? said.split(/[ \t]+/).length <= 12 && (/\p{N}/u.test(said) || numberWords >= 2)
            : /[\p{Lu}\p{N}]/u.test(said);
      if (!/^\[\w+\][.!]?$/.test(said.trim()) && (shaped || (ask.kind !== 'plate' && (numberWords >= 2 || HAS_PLACEHOLDER.test(said))))) {
        lines[answerAt] = `${label}[${ask.kind}]${/[.!]$/.test(said) ? said.at(-1) : ''}`;
        found[ask.kind]++;
      }
      continue;
    }
    lines[answerAt] = label + valueAnswered(said, ask.kind, found);
    splitAnswer(lines, answerAt, ask.kind, found);
    if (ask.kind === 'phone') phoneInPieces(lines, answerAt, found);
    if (lines[answerAt]!.includes(`[${ask.kind}]`)) continuedAnswer(lines, answerAt, ask.kind, found);
  }
  return lines.join('\n');
}

/** A question that asks to confirm what it read back: "…, isn't it?", "…, right?", "is that correct?" */
const CONFIRMS =
  /(?<![\p{L}])(?:isn['’]t[ \t]{1,8}it|is[ \t]{1,8}it|right|correct|is[ \t]{1,8}that[ \t]{1,8}(?:right|correct|you)|no|yes|n['’]est-ce[ \t]{1,8}pas|verdad)[ \t]*$/iu;

/**
 * A value the asking line gave already is not asked for: in a sentence before the question ("my
 * loyalty number is [id]. How many points do I have?") or after its cue in the question itself ("I
 * think the pin is [code]?"). "[card] on file. And the expiry?" still asks.
 */
function givenAlready(question: string, ask: { kind: RedactionKind; cue: RegExp }): boolean {
  const placeholder = `[${ask.kind}]`;
  if (!question.includes(placeholder)) return false;
  const blank = question.replace(PLACEHOLDERS, (p) => ' '.repeat(p.length));
  const from = Math.max(blank.lastIndexOf('.'), blank.lastIndexOf('!')) + 1;
  const cues = [...blank.slice(from).matchAll(new RegExp(ask.cue.source, 'giu'))];
  const last = cues.at(-1);
  // A value shown back to the caller before a question asks again ("…the date of birth on it is [dob]. Is that you?").
  if (last === undefined) return ask.kind === 'id';
  // "His birthday's [dob], isn't it?" asks to hear it again.
  return question.slice(from + last.index).includes(placeholder) && !CONFIRMS.test(question);
}

/** The value an answer gives for what was asked (a code, a card's digits, a document's number, a phone), removed. */
function valueAnswered(said: string, kind: RedactionKind, found: Found): string {
  // An identity number or an IBAN read aloud, letters among its digits ("N L negenentachtig, R A B O, …").
  if (kind === 'id') {
    const read = idReadAloud(said);
    if (read) {
      found.id++;
      return `${said.slice(0, read[0])}[id]${said.slice(read[1])}`;
    }
  }
  if (kind === 'phone') return phoneAnswered(said, found);
  // Digits said in another language first ("Seis, uno, cero, ocho."), then numbers as English says or writes them.
  const runs = spokenDigitRuns(said, 3, true, true).filter((run) => !referenceBefore(said, run.start));
  const spoken = replaceSpans(
    said,
    // A code goes with the key pressed after it ("Noll tre noll tre fyrkant").
    runs.map((run) => [run.start, run.end + (kind === 'code' ? keyPressedAfter(said, run.end) : 0)] as const),
    kind,
    found,
  );
  return spoken.replace(NUMBER, (m, at: number) => {
    if (NOT_A_NUMBER.test(m.trim()) || isAmount(spoken, at, at + m.length)) return m;
    // A document's number has four digits or more: "six and a half hours" answers no "membership number?".
    if (kind === 'id' && (m.match(/\d|[\p{L}]+/gu)?.length ?? 0) < 4) return m;
    found[kind]++;
    return `[${kind}]`;
  });
}

/** A question whose only other cue is part of the name it asks for: "And the name on the card?", "Cardholder name?". */
function nameOnly(asked: string): boolean {
  const name = ASKS_NAME.exec(asked);
  if (!name) return false;
  const blanked = asked.slice(0, name.index) + ' '.repeat(name[0].length) + asked.slice(name.index + name[0].length);
  return !ASKS.some((a) => a.cue.test(blanked));
}

/** A short acknowledgement that asks for the rest of a value: "yep", "mhm", "go on". */
const GO_ON = /^(?:yep|yes|yeah|yup|mhm|mm-?hm|uh-?huh|ok(?:ay)?|right|go[ \t]on|got[ \t]it|and|s[ií]|ja|oui|vale|tak)[.!,]?$/i;
/** A turn that is only a number said or written: "double two", "oh five", "4471". */
const isOnlyNumber = (piece: string): boolean =>
  /[\p{L}\p{N}]/u.test(piece) && !NOT_A_NUMBER.test(piece) && piece.replace(NUMBER, '').replace(/[ \t,.-]/g, '') === '';

/**
 * A value given in pieces, the other side acknowledging each: "it's triple seven" / "yep" / "double two"
 * / "yep" / "oh five". Each piece after the first goes as the first did.
 */
function continuedAnswer(lines: string[], answerAt: number, kind: RedactionKind, found: Found): void {
  for (let at = answerAt; at + 2 < lines.length; at += 2) {
    const ack = lines[at + 1]!.slice(LABEL.exec(lines[at + 1]!)?.[0].length ?? 0).trim();
    const label = LABEL.exec(lines[at + 2]!)?.[0] ?? '';
    const piece = lines[at + 2]!.slice(label.length).trim();
    if (!GO_ON.test(ack) || !isOnlyNumber(piece)) return;
    found[kind]++;
    lines[at + 2] = `${label}[${kind}]`;
  }
}

/**
 * A value the same speaker goes on with on the next line, as speech-to-text breaks a turn: "Oh seven
 * seven zero zero" / "nine double oh, four one eight." The end of the answer and the next line go
 * when together they make the value asked for.
 */
function splitAnswer(lines: string[], answerAt: number, kind: RedactionKind, found: Found): void {
  const next = lines[answerAt + 1];
  const label = LABEL.exec(lines[answerAt]!)?.[0] ?? '';
  const nextLabel = next === undefined ? null : (LABEL.exec(next)?.[0] ?? '');
  if (next === undefined || nextLabel === null || speakerOf(nextLabel) !== speakerOf(label) || !label) return;
  const piece = next.slice(nextLabel.length).trim();
  const said = lines[answerAt]!.slice(label.length);
  if (!isOnlyNumber(piece)) return;
  // The first part went already ("ends in, hang on, [card]"), or goes with the rest.
  if (!said.trimEnd().endsWith(`[${kind}]`)) {
    let tail: RegExpExecArray | undefined;
    for (const m of said.matchAll(NUMBER)) tail = m;
    if (!tail || NOT_A_NUMBER.test(tail[0].trim()) || !/^[ \t,.]*$/.test(said.slice(tail.index + tail[0].length))) return;
    const whole = valueAnswered(`${tail[0].trim()} ${piece}`, kind, noneFound());
    if (whole.replace(/[ \t,.!]/g, '') !== `[${kind}]`) return;
    lines[answerAt] = `${label}${said.slice(0, tail.index)}[${kind}]`;
  }
  found[kind]++;
  lines[answerAt + 1] = `${nextLabel}[${kind}]${/[.!]$/.test(piece) ? piece.at(-1) : ''}`;
}

/** A phone number answered: written with six digits or more, or said as words ("oh seven seven, double four…"). */
function phoneAnswered(said: string, found: Found): string {
  const spoken = replaceSpans(
    said,
    spokenDigitRuns(said, 6, true, true).map((run) => [run.start, run.end] as const),
    'phone',
    found,
  );
  return spoken.replace(PHONE_ANSWER, (m) => {
    if (digitsOf(m).length < 6) return m;
    found.phone++;
    return '[phone]';
  });
}

/** What opens a piece of a number said over several turns: "It's", "yeah", a trailing off ("...two one four"). */
const PIECE_LEAD = /^(?:[ \t]*(?:it['’]?s|its|yeah|yes|sure|ok(?:ay)?|so|um|uh|and|then|\.{2,3}|…),?)*[ \t]*/iu;
/** The end of a piece said before a pause: a comma or a trailing off. */
const PIECE_END = /[ \t]*(?:,|\.{2,3}|…)[ \t]*$/u;
/** The digits a piece says, in words or typed: "oh seven seven" and "077" both say 077. */
const digitsSaid = (text: string): string =>
  spokenDigitRuns(text, 1, true)
    .map((r) => r.digits)
    .join('') || digitsOf(text);
/** A number of three digits or more: "oh seven seven nine three", "900, 321". */
const isPiece = (text: string): boolean => isOnlyNumber(text) && (text.match(/\d|\p{L}+/gu)?.length ?? 0) >= 3;

/**
 * A phone number said in pieces over several turns, the other side acknowledging or reading each
 * back: "It's oh seven seven nine three..." / "Seven seven nine three, yep." / "...two one four, and
 * then eight eight zero." The first piece trails off; each piece, each read-back and the numbers of
 * the turn that goes on with it go.
 */
function phoneInPieces(lines: string[], answerAt: number, found: Found): void {
  for (let at = answerAt; at + 2 < lines.length; at += 2) {
    const label = LABEL.exec(lines[at]!)?.[0] ?? '';
    const said = lines[at]!.slice(label.length);
    const lead = PIECE_LEAD.exec(said)![0];
    const tail = PIECE_END.exec(said);
    const body = said.slice(lead.length, tail?.index ?? said.length);
    const ackLabel = LABEL.exec(lines[at + 1]!)?.[0] ?? '';
    const ack = lines[at + 1]!.slice(ackLabel.length).trim();
    const readBack = ack.replace(/[ \t]*(?:[,!?]|\.{1,3}|…)?[ \t]*(?:yep|yes|yeah|ok(?:ay)?|got[ \t]it|mhm|right)?[.!]?$/iu, '');
    // A first piece trails off, or the other side reads it back or asks for more.
    const heldOut = tail || at !== answerAt || GO_ON.test(ack) || digitsSaid(readBack) === digitsSaid(body);
    if (!label || !heldOut || !(body === '[phone]' || isPiece(body))) return;
    const nextLabel = LABEL.exec(lines[at + 2]!)?.[0] ?? '';
    if (!ackLabel || speakerOf(ackLabel) === speakerOf(label) || speakerOf(nextLabel) !== speakerOf(label)) return;
    if (!GO_ON.test(ack) && !isPiece(readBack)) return;
    const rest = lines[at + 2]!.slice(nextLabel.length);
    const restLead = PIECE_LEAD.exec(rest)![0];
    NUMBER.lastIndex = 0;
    const first = NUMBER.exec(rest.slice(restLead.length));
    const taken = rest.startsWith('[phone]', restLead.length);
    if (!taken && (first?.index !== 0 || NOT_A_NUMBER.test(first[0]))) return;
    if (body !== '[phone]') {
      lines[at] = `${label}${lead}[phone]${said.slice(lead.length + body.length)}`;
      found.phone++;
    }
    if (!GO_ON.test(ack)) lines[at + 1] = `${ackLabel}[phone]${ack.slice(readBack.length)}`;
    // The numbers of the turn that goes on, a correction's too ("eight eight zero. Sorry, eight eight one").
    lines[at + 2] =
      nextLabel +
      rest.replace(NUMBER, (m, i: number) => {
        if (NOT_A_NUMBER.test(m.trim()) || isAmount(rest, i, i + m.length)) return m;
        found.phone++;
        return '[phone]';
      });
  }
}

/** Turns that are only a document's number, with the document named in one of the two turns before ("…potrzebujecie PESEL?" / "Tak." / "92071403826."). */
function documentsAnswered(lines: string[], found: Found): void {
  for (let i = 1; i < lines.length; i++) {
    const label = LABEL.exec(lines[i]!)?.[0] ?? '';
    const m = DOCUMENT_VALUE.exec(lines[i]!.slice(label.length));
    if (!m || digitsOf(m[2]!).length < 5) continue;
    if (!lines.slice(Math.max(0, i - 2), i).some((line) => PERSONAL_DOCUMENT.test(line.replace(PLACEHOLDERS, ' ')))) continue;
    found.id++;
    lines[i] = `${label}${m[1]}[id]${m[0].slice(m[1]!.length + m[2]!.length)}`;
  }
}

/** Where an identity number read aloud starts and ends in an answer: the first word from which one is read. */
function idReadAloud(said: string): [number, number] | null {
  // A part another pass took already ("N L negenentachtig, R A B [phone]", "[phone], letra Q") reads as spaced digits, several parts.
  const read = said.replace(/\[(?:phone|code|card|id)\]/g, (p) => Array.from(p, (_, i) => (i % 2 ? ' ' : '9')).join(''));
  // A word starts after a space or a mark, not after an apostrophe: "It's FS dash two…" is read from "FS".
  for (const word of read.matchAll(/(?<![\p{L}\p{N}'’])[\p{L}\p{N}]/gu)) {
    const end = saidAfter(read, word.index);
    if (end !== null) return [word.index, end];
  }
  return null;
}

/**
 * The answer with the name it opens with removed and remembered: a phrase of one to four Capitalised
 * words ("Szczepańska. S-Z-C-Z…", "Jae-won Park."), unless every word is an English word no name list
 * knows ("Correct.", "Sorry, which one?").
 */
function nameAnswered(said: string, found: Found, names: string[]): string {
  const m = NAME_ANSWER.exec(said.trim());
  if (!m) return lowerNameAnswered(said, found, names);
  // "De Rocío Fernández" (Spanish: "[it is] of Rocío"): a particle opening the answer stays.
  const lead = /^(\p{L}+)[ \t,]+(?=\p{L})/u.exec(m[2]!);
  const kept = lead && PARTICLES.has(lead[1]!.toLowerCase()) ? lead[0] : '';
  const phrase = m[2]!.slice(kept.length);
  const words = phrase.split(/[ \t,]+/);
  const { english, given, surnames } = loadNameLexicon();
  if (words.some((w) => isCommon(w)) || words.every((w) => english.has(plain(w)) && !given.has(plain(w)) && !surnames.has(plain(w)))) return said;
  found.name++;
  const name = words.join(' ');
  if (!names.includes(name)) names.push(name);
  const start = said.indexOf(m[2]!) + kept.length;
  return `${said.slice(0, start)}[name]${said.slice(start + phrase.length)}`;
}

/** An answer that is only a name typed in small letters: "will patel", "its priya r". */
const LOWER_NAME_ANSWER = /^((?:it['’]?s|its|yes|yeah|sure)[ \t,]{1,3})?(\p{Ll}[\p{Ll}'’-]{1,40}(?:[ \t]{1,3}\p{Ll}[\p{Ll}'’-]{0,40}){0,2})[ \t]*[.!]?$/u;

/** The whole answer as a name when it is only small words and its last is a name and no English word ("will patel", not "not sure"). */
function lowerNameAnswered(said: string, found: Found, names: string[]): string {
  const m = LOWER_NAME_ANSWER.exec(said.trim());
  if (!m) return said;
  const words = m[2]!.split(/[ \t]+/);
  const last = plain(words.at(-1)!);
  const { english, given, surnames } = loadNameLexicon();
  if (isCommon(last) || english.has(last) || !(given.has(last) || surnames.has(last))) return said;
  found.name++;
  if (!names.includes(m[2]!)) names.push(m[2]!);
  const start = said.indexOf(m[2]!);
  return `${said.slice(0, start)}[name]${said.slice(start + m[2]!.length)}`;
}
