import { AppError } from '../../errors.ts';

// The one recipient of a receipt email. Deliberately narrower than RFC 5322: a bare
// local@domain with no display name, quotes, comments, lists, spaces or control characters, so
// nothing typed at the till can add a recipient or a header to the message.

const LOCAL = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const LABEL = /^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;
const TOP_LEVEL = /^([A-Za-z]{2,63}|xn--[A-Za-z0-9-]{1,59})$/;

export const MAX_ADDRESS_LENGTH = 254;

function invalid(reason: string): AppError {
  return new AppError(
    'receipt_email.invalid_address',
    `That is not one email address (${reason}). Type a single address like name@example.com.`,
  );
}

/** The address as it will be stored and sent to: trimmed, domain lower-cased. */
export function checkRecipient(raw: string): string {
  const address = raw.trim();
  if (address.length < 3 || address.length > MAX_ADDRESS_LENGTH)
    throw invalid(`it must be 3 to ${MAX_ADDRESS_LENGTH} characters`);
  const at = address.lastIndexOf('@');
  if (at <= 0 || address.indexOf('@') !== at) throw invalid('it needs exactly one @');
  const local = address.slice(0, at);
  const labels = address.slice(at + 1).split('.');
  if (local.length > 64 || !LOCAL.test(local)) throw invalid('the part before the @ is not valid');
  const topLevel = labels.at(-1) ?? '';
  if (labels.length < 2 || !labels.every((label) => LABEL.test(label)) || !TOP_LEVEL.test(topLevel))
    throw invalid('the part after the @ is not a domain');
  return `${local}@${labels.join('.').toLowerCase()}`;
}

/** For the audit trail and logs: j***@example.com. */
export function maskRecipient(address: string): string {
  const at = address.lastIndexOf('@');
  return `${address.slice(0, Math.min(1, at))}***${address.slice(at)}`;
}
