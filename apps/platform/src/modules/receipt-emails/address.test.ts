import { describe, expect, it } from 'vitest';
import { AppError } from '../../errors.ts';
import { checkRecipient, maskRecipient } from './address.ts';

describe('checkRecipient', () => {
  it('keeps one plain address, trimmed, with the domain lower-cased', () => {
    expect(checkRecipient('  Jane.Doe+till@Example.CO.uk ')).toBe('Jane.Doe+till@example.co.uk');
  });

  it('refuses lists, display names, line breaks and hosts without a domain', () => {
    for (const raw of [
      'a@example.com,b@example.com',
      'a@example.com b@example.com',
      'Jane <jane@example.com>',
      'a@example.com\r\nBcc: x@example.com',
      'a@@example.com',
      'a..b@example.com',
      'a@localhost',
      'a@example.123',
      'a@-example.com',
      `${'x'.repeat(65)}@example.com`,
    ]) {
      let error: unknown = null;
      try {
        checkRecipient(raw);
      } catch (caught) {
        error = caught;
      }
      expect(error, raw).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe('receipt_email.invalid_address');
    }
  });
});

describe('maskRecipient', () => {
  it('keeps the first letter and the domain only', () => {
    expect(maskRecipient('jane.doe@example.com')).toBe('j***@example.com');
  });
});
