// A shop as the register tests need it (a retailer, a manager, a cashier, a paired register with
// both signed in on it), shared by the cash, sales and refund tests instead of one copy each.
import {
  addStaff,
  Caller,
  pairDevice,
  pinSignIn,
  type Retailer,
  type StaffMember,
  signIn,
  TEST_PASSWORD,
  type TestApp,
  uniqueEmail,
} from './index.ts';

export type Currency = 'USD' | 'CAD';

export interface RegisterShop {
  readonly retailer: Retailer;
  readonly manager: StaffMember;
  readonly cashier: StaffMember;
  readonly registerId: string;
  readonly device: Caller;
  /** The cashier's PIN session on the register's paired device. */
  readonly till: Caller;
  /** The manager's PIN session on the same device. */
  readonly managerTill: Caller;
}

/** Signs up a retailer in the currency (and its country), as signUpRetailer does for USD. */
export async function signUpIn(
  t: TestApp,
  name: string,
  currency: Currency = 'USD',
): Promise<Retailer> {
  const ownerEmail = uniqueEmail('owner');
  const response = await new Caller(t.app).post<{
    tenantId: string;
    storeId: string;
    userId: string;
  }>('/api/v1/signup', {
    businessName: name,
    ownerName: 'Pat Owner',
    email: ownerEmail,
    password: TEST_PASSWORD,
    country: currency === 'CAD' ? 'CA' : 'US',
    currency,
    timezone: currency === 'CAD' ? 'America/Toronto' : 'America/Chicago',
  });
  if (response.status !== 201) throw new Error(`signup failed: ${JSON.stringify(response.body)}`);
  const session = await signIn(t.app, ownerEmail, TEST_PASSWORD);
  if (!session.caller) throw new Error('owner sign-in failed');
  return {
    tenantId: response.body.tenantId,
    storeId: response.body.storeId,
    ownerId: response.body.userId,
    ownerEmail,
    owner: session.caller,
  };
}

/**
 * A shop in a new retailer. The manager works in every store unless managerInStoreOnly (the
 * sales tests want a manager assigned to the one store, like the cashier).
 */
export async function openRegisterShop(
  t: TestApp,
  name: string,
  options: { currency?: Currency; managerInStoreOnly?: boolean } = {},
): Promise<RegisterShop> {
  const retailer = await signUpIn(t, name, options.currency);
  const manager = await addStaff(
    t.app,
    retailer,
    'manager',
    options.managerInStoreOnly ? { storeIds: [retailer.storeId] } : {},
  );
  const cashier = await addStaff(t.app, retailer, 'cashier', { storeIds: [retailer.storeId] });
  const paired = await pairDevice(t.app, manager.caller, retailer.storeId);
  return {
    retailer,
    manager,
    cashier,
    registerId: paired.registerId,
    device: paired.device,
    till: await pinSignIn(t.app, paired.device, cashier.id, cashier.pin),
    managerTill: await pinSignIn(t.app, paired.device, manager.id, manager.pin),
  };
}
