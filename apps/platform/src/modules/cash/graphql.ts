import type { RequestContext } from '../../context.ts';
import { AppError } from '../../errors.ts';
import type { Services } from '../../services.ts';
import { limitArg, optionalUuidArg, uuidArg } from '../inventory/graphql-args.ts';
import { CASH_SESSION_STATUSES, type CashSessionStatus, type CashSessionView } from './schemas.ts';

export const cashTypeDefs = /* GraphQL */ `
  "How many of one coin or note were counted"
  type DenominationCount {
    "The coin's or note's value in minor units"
    denominationMinor: Float!
    count: Int!
  }
  type CashSession {
    id: ID!
    storeId: ID!
    registerId: ID!
    currency: String!
    status: String!
    openedBy: ID!
    openedAt: String!
    openingCount: [DenominationCount!]!
    openingFloatMinor: Float!
    closedBy: ID
    closedAt: String
    closingCount: [DenominationCount!]
    countedMinor: Float
    "Fixed at close; null while open"
    expectedMinor: Float
    "counted − expected: positive over, negative short"
    overShortMinor: Float
    closingNote: String
    updatedAt: String!
  }
  extend type Query {
    "A cash session of a store you work in (needs cash.read)"
    cashSession(id: ID!): CashSession!
    "Cash sessions of the stores you work in, newest first (needs cash.read)"
    cashSessions(storeId: ID, registerId: ID, status: String, limit: Int = 50): [CashSession!]!
  }
`;

type Ctx = { ctx: RequestContext };

function statusArg(value: string | null | undefined): CashSessionStatus | null {
  if (value === null || value === undefined) return null;
  const status = CASH_SESSION_STATUSES.find((known) => known === value);
  if (!status)
    throw new AppError(
      'validation.failed',
      `status must be one of: ${CASH_SESSION_STATUSES.join(', ')}.`,
    );
  return status;
}

function denominations(counts: Readonly<Record<string, number>> | null) {
  if (!counts) return null;
  return Object.entries(counts)
    .map(([value, count]) => ({ denominationMinor: Number(value), count }))
    .sort((a, b) => b.denominationMinor - a.denominationMinor);
}

export function cashResolvers(services: Services) {
  const { cash } = services;
  return {
    CashSession: {
      openingCount: (session: CashSessionView) => denominations(session.openingCount),
      closingCount: (session: CashSessionView) => denominations(session.closingCount),
    },
    Query: {
      cashSession: (_: unknown, args: { id: string }, { ctx }: Ctx) =>
        cash.get(ctx, uuidArg('cash_session', args.id)),
      cashSessions: async (
        _: unknown,
        args: {
          storeId?: string | null;
          registerId?: string | null;
          status?: string | null;
          limit: number;
        },
        { ctx }: Ctx,
      ) => {
        const storeId = optionalUuidArg('store', args.storeId);
        const registerId = optionalUuidArg('register', args.registerId);
        const status = statusArg(args.status);
        return (
          await cash.list(ctx, {
            ...(storeId ? { storeId } : {}),
            ...(registerId ? { registerId } : {}),
            ...(status ? { status } : {}),
            limit: limitArg(args.limit),
          })
        ).sessions;
      },
    },
  };
}
