import { electronicFormatIBAN, isValidIBAN } from 'ibantools';
import { type Found, replaceSpans } from './substitute.ts';

/**
 * Identity and account numbers: an IBAN (checked by its own digits, or named "IBAN"), a Singapore
 * NRIC or FIN ("S8812345D"), a British National Insurance number ("QQ 12 34 56 C"), and any number
 * of four digits or more after what names a person's document or account: a passport, an ID card, a
 * driving licence, a bank account or sort code ("passport no. 534128976", "my NRIC is …",
 * "Kontonummer 1234 5678"). A membership or loyalty number stays: support looks it up.
 */
const IBAN = /(?<![\p{L}\p{N}])[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]{4}){2,7}(?:[ ]?[A-Z0-9]{1,3})?(?![\p{L}\p{N}])/gu;
const IBAN_NAMED = /(?<![\p{L}])iban[ \t:]{0,8}(?:(?:is|no\.?|number|#)[ \t:]{0,8})?$/iu;
const SHAPED = /(?<![\p{L}\p{N}])(?:[STFGM]\d{7}[A-Z]|[A-CEGHJ-PR-TW-Z]{2}[ ]?\d{2}[ ]?\d{2}[ ]?\d{2}[ ]?[A-D])(?![\p{L}\p{N}])/gu;
/**
 * Words that name a person's document, account or tax number, then perhaps "number", "no", "#" and
 * "is": a passport, an ID card, a driving licence, a bank account, a national identity or tax number
 * (Chile's RUT, Mexico's RFC and CURP, Brazil's CPF and CNPJ, Spain's NIF, Italy's codice fiscale and
 * partita IVA, France's SIRET, Australia's ABN and TFN, New Zealand's IRD and GST numbers, a VAT number).
 */
export const DOCUMENT =
  'passport|passeport|pasaporte|passaporto|reisepass|id[ \\t]card|identity[ \\t]card|national[ \\t]id|nric|mykad|emirates[ \\t]id|social[ \\t]security|ssn|national[ \\t]insurance|pps|personnummer|fødselsnummer|cpr|aadhaar|ausweis|dni|nie|cédula|cedula|curp|' +
  'rut|rfc|cpf|cnpj|nif|nit|cuit|cuil|bsn|pesel|siret|siren|abn|tfn|ird|gst|vat|steuernummer|steuer-?id|codice[ \\t]fiscale|partita[ \\t]iva|p\\.[ \\t]?iva|tax[ \\t](?:id|file[ \\t]number|number|no\\.?)|' +
  "(?:driver['’]?s|driving|drivers)[ \\t]licen[cs]e|licen[cs]e[ \\t](?:no\\.?|number|#)|bank[ \\t]account|account[ \\t](?:no\\.?|number|#)|acct[ \\t]?(?:no\\.?|number|#)?|kontonummer|sort[ \\t]code|bsb|routing[ \\t]number|" +
  'id[ \\t](?:no\\.?|number|#)';
const NAMED = new RegExp(
  String.raw`(?<![\p{L}])(?:${DOCUMENT})(?![\p{L}])(?:[ \t]{1,8}(?:no\.?|number|nr\.?|#))?(?:[ \t]{1,8}(?:is|was|es|est|ist|er|är|:))?[ \t:#(]{0,8}` +
    // Groups of letters and digits, each with a digit, so the words after the number stay: "M-204518 and my…";
    // dots and slashes join digits as tax numbers are written ("76.543.210-K", "12.345.678/0001-90").
    String.raw`((?:[A-Z0-9-]{0,12}\d(?:[./]?[A-Z0-9-]){0,16})(?:[ ](?:[A-Z0-9-]{0,12}\d[A-Z0-9-]{0,12})){0,5})(?![\p{L}\p{N}])`,
  'giu',
);

export function redactIds(text: string, found: Found): string {
  const spans: [number, number][] = [];
  for (const m of text.matchAll(IBAN)) {
    const named = IBAN_NAMED.test(text.slice(Math.max(0, m.index - 16), m.index));
    if (named || isValidIBAN(electronicFormatIBAN(m[0]) ?? '')) spans.push([m.index, m.index + m[0].length]);
  }
  for (const m of text.matchAll(SHAPED)) spans.push([m.index, m.index + m[0].length]);
  for (const m of text.matchAll(NAMED)) {
    const value = m[1]!;
    // A number of four digits or more; a phrase that goes on in words after its first part is no number.
    if ((value.match(/\d/g)?.length ?? 0) < 4) continue;
    const start = m.index + m[0].length - value.length;
    spans.push([start, m.index + m[0].length]);
  }
  return replaceSpans(text, spans, 'id', found);
}
