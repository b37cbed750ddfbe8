/**
 * A phone number in E.164 (`+15551234567`): formatting dropped, a 10-digit number taken as North
 * American. Returns null for what is not a phone number (a short code is kept as `+digits`).
 */
export function normalizePhone(raw: string | null | undefined, defaultCountry = '1'): string | null {
  if (!raw) return null;
  const trimmed = raw.trim();
  const digits = trimmed.replace(/\D/g, '');
  if (digits.length < 4 || digits.length > 15) return null;
  if (trimmed.startsWith('+')) return `+${digits}`;
  if (trimmed.startsWith('00')) return `+${digits.slice(2)}`;
  if (defaultCountry === '1' && digits.length === 11 && digits.startsWith('1')) return `+${digits}`;
  if (digits.length === 10) return `+${defaultCountry}${digits}`;
  return `+${digits}`;
}
