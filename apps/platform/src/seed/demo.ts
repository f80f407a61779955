import { type Database, newId, sql } from '@tillpoint/db';
import { formatMinor, getCurrency, type Role } from '@tillpoint/domain';
import type { ServiceContext } from '../context.ts';
import type { Services } from '../services.ts';
import { type DemoCatalog, seedDemoCatalog } from './demo-catalog.ts';

export interface DemoLogin {
  readonly role: Role;
  readonly name: string;
  readonly email: string;
  readonly password: string;
  readonly pin: string | null;
}

export interface DemoSeed {
  readonly tenantName: string;
  readonly logins: readonly DemoLogin[];
  readonly registerName: string;
  readonly pairingCode: string;
  readonly catalog: DemoCatalog;
}

const DEMO_BUSINESS = 'Harbor Street Goods';

// Known demo credentials for a laptop; seeding is off in production (SEED_DEMO).
const STAFF: readonly DemoLogin[] = [
  {
    role: 'owner',
    name: 'Olivia Owner',
    email: 'olivia@harbor-demo.test',
    password: 'maple-sunrise-4821',
    pin: '4826',
  },
  {
    role: 'admin',
    name: 'Adam Admin',
    email: 'adam@harbor-demo.test',
    password: 'quiet-lantern-7390',
    pin: null,
  },
  {
    role: 'manager',
    name: 'Maya Manager',
    email: 'maya@harbor-demo.test',
    password: 'green-anchor-5172',
    pin: '2580',
  },
  {
    role: 'cashier',
    name: 'Carlos Cashier',
    email: 'carlos@harbor-demo.test',
    password: 'blue-compass-6604',
    pin: '1357',
  },
  {
    role: 'accountant',
    name: 'Ada Accountant',
    email: 'ada@harbor-demo.test',
    password: 'ledger-breeze-9015',
    pin: null,
  },
];

/** On an empty database: a demo retailer with one store, one register and staff of every role. */
export async function seedDemoIfEmpty(db: Database, services: Services): Promise<DemoSeed | null> {
  const { n } = await db.withSystem('demo seed check', (tx) =>
    tx.one<{ n: number }>(sql`select count(*)::int as n from tenants`),
  );
  if (n > 0) return null;
  const [owner, ...others] = STAFF as [DemoLogin, ...DemoLogin[]];
  const anonymous = {
    requestId: 'seed',
    ip: '127.0.0.1',
    userAgent: 'seed',
    tenantId: null,
    actor: null,
  };
  const signup = await services.tenancy.signup(anonymous, {
    businessName: DEMO_BUSINESS,
    ownerName: owner.name,
    email: owner.email,
    password: owner.password,
    country: 'US',
    currency: 'USD',
    timezone: 'America/New_York',
    storeName: 'Harbor Street — Downtown',
  });
  const ctx: ServiceContext = {
    ...anonymous,
    tenantId: signup.tenantId,
    actor: {
      type: 'user',
      userId: signup.userId,
      name: owner.name,
      role: 'owner',
      stores: 'all',
      sessionId: newId(),
      device: null,
    },
  };
  if (owner.pin) await services.staff.setPin(ctx, signup.userId, owner.pin);
  for (const login of others) {
    await services.staff.create(ctx, {
      name: login.name,
      email: login.email,
      role: login.role,
      password: login.password,
      ...(login.pin ? { pin: login.pin } : {}),
      ...(login.role === 'manager' || login.role === 'cashier'
        ? { storeIds: [signup.storeId] }
        : {}),
    });
  }
  const catalog = await seedDemoCatalog(services, ctx, signup.storeId);
  const register = await services.tenancy.createRegister(ctx, signup.storeId, 'Till 1');
  const pairing = await services.devices.createPairingCode(ctx, register.id);
  return {
    tenantName: DEMO_BUSINESS,
    logins: STAFF,
    registerName: register.name,
    pairingCode: pairing.code,
    catalog,
  };
}

const USD = getCurrency('USD');
const dollars = (minor: number) => `$${formatMinor(minor, USD)}`;

export function describeDemo(seed: DemoSeed, publicUrl: string): string {
  const { catalog } = seed;
  const cashier = seed.logins.find((login) => login.role === 'cashier');
  const examples = catalog.examples.map(
    (item) => `  ${item.barcode}  ${item.name.padEnd(34)} ${dollars(item.priceMinor).padStart(7)}`,
  );
  const rows = seed.logins.map(
    (login) =>
      `  ${login.role.padEnd(10)} ${login.email.padEnd(26)} ${login.password.padEnd(20)} ${login.pin ? `PIN ${login.pin}` : ''}`,
  );
  return [
    '',
    `Demo retailer "${seed.tenantName}" created. Sign in at ${publicUrl}/api/v1/auth (or the API docs at ${publicUrl}/docs):`,
    `  ${'role'.padEnd(10)} ${'email'.padEnd(26)} ${'password'.padEnd(20)}`,
    ...rows,
    `Pair a register: POST ${publicUrl}/api/v1/devices/pair with {"code":"${seed.pairingCode}"} (valid 15 minutes; "${seed.registerName}").`,
    '',
    `Sell on the register: open ${publicUrl}/register/, enter the pairing code ${seed.pairingCode}, then sign in with a PIN${cashier?.pin ? ` (cashier ${cashier.pin})` : ''}.`,
    `${catalog.productCount} products with opening stock; ${catalog.taxRate.name} (${formatPercent(catalog.taxRate.ratePpm)}) is charged on all but grocery food. Barcodes to try:`,
    ...examples,
    `  PLU ${catalog.produce.plu}         ${catalog.produce.name}, by weight ${dollars(catalog.produce.pricePerKgMinor)}/kg`,
    '',
  ].join('\n');
}

/** 88750 ppm -> "8.875 %": exact, since ppm has 4 decimals of a percent at most. */
function formatPercent(ratePpm: number): string {
  return `${(ratePpm / 10_000).toString()} %`;
}
