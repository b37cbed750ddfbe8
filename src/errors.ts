/**
 * Bad input from the caller (an empty question, an unknown route, a malformed file): reported
 * with what to fix, exit code 2 on the command line, HTTP 400 on the service.
 */
export class InputError extends Error {
  override readonly name = 'InputError';
}
