import { invalidArgument } from './errors';

/** How much of a caller's value a refusal quotes: enough to recognise it, never the whole payload. */
export const ECHO_LENGTH = 64;

/** C0 controls (NUL, tab, newline, …), DEL and C1 controls: none belongs in a treasury's texts. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL_CHARACTER = /[\u0000-\u001F\u007F-\u009F]/;
/**
 * A lone surrogate cannot be written as UTF-8; U+FFFD is what a decoder leaves of bytes that were not
 * UTF-8 (the gRPC stack decodes that way), so both mean the caller's text was not valid UTF-8.
 */
const NOT_UTF8 = /[\p{Cs}\uFFFD]/u;
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const UNPRINTABLE = /[\u0000-\u001F\u007F-\u009F]|\p{Cs}/gu;

/**
 * A caller's value as a refusal or a log line may quote it: at most `max` characters, then an ellipsis,
 * with control characters and lone surrogates shown as U+FFFD, so the quote itself can always be sent,
 * logged and stored.
 */
export function excerpt(value: string, max = ECHO_LENGTH): string {
  // Cutting never splits a surrogate pair: the character that would be halved is left out.
  const cut = value.length <= max ? value : `${value.slice(0, /[\uD800-\uDBFF]/.test(value[max - 1]!) ? max - 1 : max)}…`;
  return cut.replace(UNPRINTABLE, '\uFFFD');
}

/** Characters (code points), counted only as far as needed to compare with `max`. */
function exceeds(value: string, max: number): boolean {
  if (value.length <= max) return false;
  if (value.length > 2 * max) return true;
  return [...value].length > max;
}

/**
 * The rule every text a caller hands in obeys before it is used or stored: at most `maxLength` characters,
 * no control characters, valid UTF-8. Refuses INVALID_ARGUMENT naming the field, quoting nothing of the
 * value (it may be huge or unprintable). Returns the value for use in expressions.
 */
export function checkText(value: string, field: string, maxLength: number): string {
  if (exceeds(value, maxLength)) {
    throw invalidArgument('TEXT_TOO_LONG', `${field} is longer than ${maxLength} characters`, { field, maxLength: String(maxLength) });
  }
  const control = CONTROL_CHARACTER.exec(value);
  if (control) {
    const code = `U+${control[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
    throw invalidArgument('CONTROL_CHARACTER', `${field} contains the control character ${code} at position ${control.index}`, {
      field,
      character: code,
      position: String(control.index),
    });
  }
  const broken = NOT_UTF8.exec(value);
  if (broken) {
    throw invalidArgument('INVALID_UTF8', `${field} is not valid UTF-8 (a lone surrogate or undecodable bytes) at position ${broken.index}`, {
      field,
      position: String(broken.index),
    });
  }
  return value;
}

/** Every client instruction carries one: the same key again is a retry, answered once. */
export const IDEMPOTENCY_KEY_MAX_LENGTH = 128;

export function idempotencyKeyOf(value: string, field = 'idempotency_key'): string {
  if (!value.trim() || value.length > IDEMPOTENCY_KEY_MAX_LENGTH) {
    throw invalidArgument('INVALID_IDEMPOTENCY_KEY', `${field} is required, at most ${IDEMPOTENCY_KEY_MAX_LENGTH} characters`, { field });
  }
  return checkText(value, field, IDEMPOTENCY_KEY_MAX_LENGTH);
}
