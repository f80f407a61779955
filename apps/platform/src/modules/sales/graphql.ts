import type { RequestContext } from '../../context.ts';
import type { Services } from '../../services.ts';
import { limitArg, optionalUuidArg, uuidArg } from '../inventory/graphql-args.ts';
import type { SaleStatus } from './sale-schemas.ts';

// Read access to sales over GraphQL, through the same services (and permission checks) as REST.

export const saleTypeDefs = /* GraphQL */ `
  type SaleDiscount {
    kind: String!
    ppm: Int
    amountMinor: Float
  }
  type SaleLineTax {
    rateId: ID!
    ratePpm: Int!
    taxMinor: Float!
  }
  type SaleLine {
    id: ID!
    position: Int!
    kind: String!
    variantId: ID
    giftCardId: ID
    giftCardLast4: String
    name: String!
    sku: String
    unit: String!
    quantity: Float!
    listUnitPriceMinor: Float!
    priceOverrideMinor: Float
    unitPriceMinor: Float!
    discount: SaleDiscount
    grossMinor: Float!
    lineDiscountMinor: Float!
    orderDiscountMinor: Float!
    netMinor: Float!
    taxes: [SaleLineTax!]!
    taxMinor: Float!
    exemptTaxRemovedMinor: Float!
    totalMinor: Float!
  }
  type SaleRateTotal {
    rateId: ID!
    ratePpm: Int!
    compound: Boolean!
    taxableMinor: Float!
    taxMinor: Float!
  }
  type SaleTotals {
    grossMinor: Float!
    lineDiscountMinor: Float!
    orderDiscountMinor: Float!
    discountMinor: Float!
    subtotalMinor: Float!
    taxes: [SaleRateTotal!]!
    taxMinor: Float!
    exemptTaxRemovedMinor: Float!
    totalMinor: Float!
  }
  type SalePayment {
    id: ID!
    position: Int!
    kind: String!
    tenderedMinor: Float!
    appliedMinor: Float!
    changeMinor: Float!
    cashRoundingMinor: Float!
    status: String!
    reference: String
    giftCardLast4: String
    occurredAt: String!
    reversedAt: String
  }
  type SaleFlag {
    code: String!
    message: String!
    variantId: ID
    lineId: ID
    paymentId: ID
    action: String
    onHand: Float
  }
  type Sale {
    id: ID!
    status: String!
    receiptNumber: Float
    storeId: ID!
    registerId: ID!
    customerId: ID
    cashierId: ID
    currency: String!
    taxMode: String!
    taxExempt: Boolean!
    totalMinor: Float!
    paidMinor: Float!
    balanceDueMinor: Float!
    changeMinor: Float!
    cashRoundingMinor: Float!
    origin: String!
    offlineReference: String
    occurredAt: String!
    note: String
    version: Int!
    completedAt: String
    voidedAt: String
    createdAt: String!
    updatedAt: String!
    "Lines, payments, totals and flags: only on sale(id), not in lists"
    lines: [SaleLine!]
    payments: [SalePayment!]
    totals: SaleTotals
    orderDiscount: SaleDiscount
    flags: [SaleFlag!]
    lineCount: Int
  }
  extend type Query {
    sale(id: ID!): Sale!
    "Sales in the stores you work in, newest first"
    sales(status: String, registerId: ID, storeId: ID, customerId: ID, limit: Int = 50): [Sale!]!
  }
`;

type Ctx = { ctx: RequestContext };

const STATUSES: readonly string[] = ['open', 'parked', 'completed', 'voided'];

export function saleResolvers(services: Services) {
  const { sales } = services;
  return {
    Query: {
      sale: (_: unknown, args: { id: string }, { ctx }: Ctx) =>
        sales.get(ctx, uuidArg('sale', args.id)),
      sales: async (
        _: unknown,
        args: {
          status?: string | null;
          registerId?: string | null;
          storeId?: string | null;
          customerId?: string | null;
          limit: number;
        },
        { ctx }: Ctx,
      ) => {
        const registerId = optionalUuidArg('register', args.registerId);
        const storeId = optionalUuidArg('store', args.storeId);
        const customerId = optionalUuidArg('customer', args.customerId);
        const status =
          args.status && STATUSES.includes(args.status) ? (args.status as SaleStatus) : undefined;
        if (args.status && !status) return [];
        const page = await sales.list(ctx, {
          ...(status ? { status } : {}),
          ...(registerId ? { registerId } : {}),
          ...(storeId ? { storeId } : {}),
          ...(customerId ? { customerId } : {}),
          limit: limitArg(args.limit),
        });
        return page.sales;
      },
    },
  };
}
