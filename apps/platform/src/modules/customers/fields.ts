import { AppError } from '../../errors.ts';
import type { CustomerFields } from './queries.ts';
import type { CreateCustomerInput, CustomerView, UpdateCustomerInput } from './schemas.ts';

// Turning what a person typed into what is stored. Emails compare case-insensitively (the unique
// index is on lower(email)), so they are stored lower-case; phone numbers keep only digits, a
// leading "+" and single spaces, so "(312) 555-0100" and "312 555 0100" search alike by digits.

const trimmedOrNull = (value: string | null | undefined): string | null => {
  const text = value?.trim();
  return text ? text : null;
};

export function normalizeName(value: string): string {
  const name = value.trim();
  if (!name) throw new AppError('customer.name_required', 'A customer needs a name.');
  return name;
}

export function normalizeEmail(value: string | null | undefined): string | null {
  const email = trimmedOrNull(value)?.toLowerCase() ?? null;
  if (email !== null && (email.length > 254 || !/^[^@\s]+@[^@\s]+$/.test(email)))
    throw new AppError(
      'customer.invalid_email',
      'That email address is not valid; use name@example.com (at most 254 characters).',
      { field: 'email' },
    );
  return email;
}

export function normalizePhone(value: string | null | undefined): string | null {
  const raw = trimmedOrNull(value);
  if (raw === null) return null;
  const phone = raw
    .replace(/[^0-9+ ]/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^\+ /, '+');
  const digits = phone.replace(/\D/g, '').length;
  if (!/^\+?[0-9][0-9 ]*$/.test(phone) || digits < 3 || phone.replace(/^\+/, '').length > 32)
    throw new AppError(
      'customer.invalid_phone',
      'A phone number is 3 or more digits, optionally starting with "+" (e.g. +1 312 555 0100).',
      { field: 'phone' },
    );
  return phone;
}

function exemption(
  taxExempt: boolean,
  reference: string | null,
): Pick<CustomerFields, 'taxExempt' | 'taxExemptReference'> {
  if (!taxExempt && reference !== null)
    throw new AppError(
      'customer.exemption_reference_without_exemption',
      'A tax exemption reference needs taxExempt: true; set it, or leave the reference out.',
      { field: 'taxExemptReference' },
    );
  return { taxExempt, taxExemptReference: reference };
}

export function newCustomerFields(input: CreateCustomerInput): CustomerFields {
  return {
    name: normalizeName(input.name),
    email: normalizeEmail(input.email),
    phone: normalizePhone(input.phone),
    notes: input.notes?.trim() ?? '',
    ...exemption(input.taxExempt ?? false, trimmedOrNull(input.taxExemptReference)),
  };
}

/** The stored fields after a PATCH: absent fields keep their value, null clears. */
export function changedCustomerFields(
  before: CustomerView,
  input: UpdateCustomerInput,
): CustomerFields {
  const taxExempt = input.taxExempt ?? before.taxExempt;
  // Ending an exemption ends its reference too, unless the same request names one (refused).
  const reference =
    input.taxExemptReference !== undefined
      ? trimmedOrNull(input.taxExemptReference)
      : taxExempt
        ? before.taxExemptReference
        : null;
  return {
    name: input.name === undefined ? before.name : normalizeName(input.name),
    email: input.email === undefined ? before.email : normalizeEmail(input.email),
    phone: input.phone === undefined ? before.phone : normalizePhone(input.phone),
    notes: input.notes === undefined ? before.notes : (input.notes?.trim() ?? ''),
    ...exemption(taxExempt, reference),
  };
}
