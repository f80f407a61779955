import { type Static, Type } from 'typebox';
import { Closed, Nullable, Timestamp, Uuid } from '../../http/schemas.ts';
import { MAX_ADDRESS_LENGTH } from './address.ts';

// Emailing the receipt of a sale or refund: ask for it (answered at once, queued), then read how
// the delivery went.

export const RECEIPT_EMAIL_COPIES = ['customer', 'gift'] as const;
export const RECEIPT_EMAIL_STATUSES = ['queued', 'sent', 'failed'] as const;

export const SendReceiptEmailBody = Closed({
  to: Type.String({
    format: 'email',
    minLength: 3,
    maxLength: MAX_ADDRESS_LENGTH,
    description: 'One address (name@example.com): no display name, list or line breaks',
  }),
  copy: Type.Optional(
    Type.Enum(RECEIPT_EMAIL_COPIES, {
      default: 'customer',
      description: 'gift: items and quantities only, no prices',
    }),
  ),
});
export type SendReceiptEmailInput = Static<typeof SendReceiptEmailBody>;

export const ReceiptEmail = Closed({
  id: Uuid,
  status: Type.Enum(RECEIPT_EMAIL_STATUSES, {
    description:
      'queued: waiting for (or between) delivery attempts; sent: the mail server accepted it; ' +
      'failed: refused for good (see lastError) or out of attempts',
  }),
  to: Type.String(),
  copy: Type.Enum(RECEIPT_EMAIL_COPIES),
  document: Closed({ kind: Type.Enum(['sale', 'refund']), id: Uuid }),
  attempts: Type.Integer({ minimum: 0, description: 'Delivery attempts made so far' }),
  lastError: Nullable(Type.String({ description: "The mail server's last refusal or error" })),
  createdAt: Timestamp,
  sentAt: Nullable(Timestamp),
});
export type ReceiptEmailView = Static<typeof ReceiptEmail>;
