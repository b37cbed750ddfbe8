/**
 * A phone number in E.164 (`+15551234567`): formatting dropped, a 10-digit number taken as North
 * American. Returns null for what is not a phone number (a short code is kept as `+digits`).
 */
export function normalizePhone(raw: string | null | undefined, defaultCountry = '1'): string | null {
  if (!raw) return null;
  const trimmed = raw.trim();
  const international = trimmed.startsWith('+') || trimmed.startsWith('00');
  const digits = trimmed.replace(/\D/g, '').replace(trimmed.startsWith('00') ? /^00/ : /^/, '');
  // E.164 has at most 15 digits and never starts with 0 (a national trunk prefix we cannot place).
  if (digits.length < 4 || digits.length > 15 || digits.startsWith('0')) return null;
  if (international) return `+${digits}`;
  if (defaultCountry === '1' && digits.length === 11 && digits.startsWith('1')) return `+${digits}`;
  if (digits.length === 10) return `+${defaultCountry}${digits}`;
  return `+${digits}`;
}
