import type { RequestContext } from '../../context.ts';
import type { Services } from '../../services.ts';
import { limitArg, optionalUuidArg, uuidArg } from './graphql-args.ts';
import type { PurchaseOrderStatus } from './purchase-order-schemas.ts';

// Money is whole minor units. GraphQL's Int is 32-bit (21 million dollars in cents), too small for
// an order total, so amounts travel as Float: exact for every integer up to 2^53.
export const purchaseOrderTypeDefs = /* GraphQL */ `
  type Supplier {
    id: ID!
    name: String!
    contactName: String
    email: String
    phone: String
    notes: String
    archivedAt: String
    createdAt: String!
    updatedAt: String!
  }
  type PurchaseOrderLine {
    variantId: ID!
    ordered: Float!
    "Minor units per unit (per kg for weighed items)"
    unitCost: Float!
    received: Float!
    outstanding: Float!
    orderedCost: Float!
    receivedCost: Float!
  }
  "Whole minor units"
  type PurchaseOrderTotals {
    ordered: Float!
    received: Float!
  }
  type PurchaseOrder {
    id: ID!
    supplierId: ID!
    storeId: ID!
    status: String!
    currency: String!
    reference: String
    expectedOn: String
    note: String
    createdBy: ID
    createdAt: String!
    orderedAt: String
    orderedBy: ID
    receivedAt: String
    closedAt: String
    cancelledAt: String
    updatedAt: String!
    totals: PurchaseOrderTotals!
    lines: [PurchaseOrderLine!]
    lineCount: Int
  }
  extend type Query {
    suppliers(includeArchived: Boolean = false): [Supplier!]!
    supplier(id: ID!): Supplier!
    purchaseOrder(id: ID!): PurchaseOrder!
    "Newest first (summaries: lines are not included)"
    purchaseOrders(storeId: ID, supplierId: ID, status: String, limit: Int = 50): [PurchaseOrder!]!
  }
`;

type Ctx = { ctx: RequestContext };

export function purchaseOrderResolvers(services: Services) {
  const { suppliers, purchaseOrders } = services;
  return {
    Query: {
      suppliers: (_: unknown, args: { includeArchived: boolean }, { ctx }: Ctx) =>
        suppliers.list(ctx, args.includeArchived),
      supplier: (_: unknown, args: { id: string }, { ctx }: Ctx) =>
        suppliers.get(ctx, uuidArg('supplier', args.id)),
      purchaseOrder: (_: unknown, args: { id: string }, { ctx }: Ctx) =>
        purchaseOrders.get(ctx, uuidArg('purchase_order', args.id)),
      purchaseOrders: async (
        _: unknown,
        args: {
          storeId?: string | null;
          supplierId?: string | null;
          status?: PurchaseOrderStatus | null;
          limit: number;
        },
        { ctx }: Ctx,
      ) => {
        const storeId = optionalUuidArg('store', args.storeId);
        const supplierId = optionalUuidArg('supplier', args.supplierId);
        return (
          await purchaseOrders.list(ctx, {
            ...(storeId ? { storeId } : {}),
            ...(supplierId ? { supplierId } : {}),
            ...(args.status ? { status: args.status } : {}),
            limit: limitArg(args.limit),
          })
        ).purchaseOrders;
      },
    },
  };
}
