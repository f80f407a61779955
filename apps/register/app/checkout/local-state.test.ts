import { describe, expect, it } from 'vitest';
import { isExpired, loadCashier, saveCashier, sessionStatus } from '../device/cashier-store.ts';
import { loadDevice, saveDevice } from '../device/device-store.ts';
import { MapStorage } from '../device/map-storage.ts';
import { hashPin } from '../device/pin-hash.ts';
import {
  DEFAULT_PREFERENCES,
  loadPreferences,
  MAX_QUICK_KEYS,
  toggleQuickKey,
} from '../device/preferences.ts';
import { cartReducer, emptyCart } from '../sale/cart.ts';
import { discountNeedsApproval, isApprover, overrideNeedsApproval } from './approvals.ts';
import { loadCheckout, saveCheckout } from './cart-store.ts';
import { loadParked, parkCart, takeParked } from './parked-carts.ts';

const apple = {
  id: '0195f0a0-0000-7000-8000-00000000a001',
  name: 'Apple',
  sku: 'APL',
  priceMinor: 120,
  taxCategoryId: null,
  unit: 'each' as const,
};

describe('what the register keeps in the browser', () => {
  it('keeps the open cart across a reload, with its server state', () => {
    const storage = new MapStorage();
    expect(loadCheckout(storage)).toBeNull();
    const cart = cartReducer(emptyCart(), {
      type: 'addVariant',
      variant: apple,
      quantityMilli: 3000,
    });
    saveCheckout({ cart, onServer: true }, storage);
    expect(loadCheckout(storage)).toEqual({ cart, onServer: true });
    storage.setItem('tillpoint.register.cart', '{not json');
    expect(loadCheckout(storage)).toBeNull();
  });

  it('parks carts, resumes each once, and keeps the others', () => {
    const storage = new MapStorage();
    const first = cartReducer(emptyCart(), { type: 'addVariant', variant: apple });
    const second = cartReducer(emptyCart(), {
      type: 'addVariant',
      variant: apple,
      quantityMilli: 2000,
    });
    parkCart(
      { cart: first, parkedAt: '2026-01-01T10:00:00Z', parkedBy: 'Ann', label: 'One' },
      storage,
    );
    parkCart(
      { cart: second, parkedAt: '2026-01-01T10:01:00Z', parkedBy: 'Ann', label: 'Two' },
      storage,
    );
    // Parking the same cart again replaces it instead of listing it twice.
    parkCart(
      { cart: first, parkedAt: '2026-01-01T10:02:00Z', parkedBy: 'Bob', label: 'One again' },
      storage,
    );
    expect(loadParked(storage).map((entry) => entry.label)).toEqual(['Two', 'One again']);
    expect(takeParked(first.id, storage)?.cart).toEqual(first);
    expect(takeParked(first.id, storage)).toBeNull();
    expect(loadParked(storage).map((entry) => entry.cart.id)).toEqual([second.id]);
  });

  it('keeps the pairing and the cashier session, and refuses mangled records', async () => {
    const storage = new MapStorage();
    const device = {
      deviceToken: 'tpd_x',
      deviceId: 'd',
      registerId: 'r',
      registerName: 'Till 1',
      storeId: 's',
      storeName: 'Main St',
      tenantId: 't',
      tenantName: 'Shop',
      currency: null,
      pairedAt: '2026-01-01T00:00:00Z',
    };
    saveDevice(device, storage);
    expect(loadDevice(storage)).toEqual(device);
    storage.setItem('tillpoint.register.device', JSON.stringify({ ...device, deviceToken: 5 }));
    expect(loadDevice(storage)).toBeNull();

    const session = {
      token: 'tps_y',
      sessionId: 'x',
      expiresAt: '2026-01-01T08:00:00Z',
      user: { id: 'u', name: 'Ann', role: 'cashier' },
      pinHash: await hashPin('1357', 1000),
      locked: true,
    };
    saveCashier(session, storage);
    expect(loadCashier(storage)).toEqual(session);
    expect(isExpired(session, Date.parse('2026-01-01T07:59:59Z'))).toBe(false);
    expect(isExpired(session, Date.parse('2026-01-01T08:00:00Z'))).toBe(true);
  });

  it('keeps a cashier whose session ran out selling while the platform cannot be reached', async () => {
    const storage = new MapStorage();
    const session = {
      token: 'tps_z',
      sessionId: 'z',
      expiresAt: '2026-01-01T08:00:00Z',
      user: { id: 'u', name: 'Ann', role: 'cashier' },
      pinHash: await hashPin('2468', 1000),
      locked: false,
    };
    saveCashier(session, storage);
    const before = Date.parse('2026-01-01T07:59:59Z');
    const after = Date.parse('2026-01-01T08:00:00Z');
    expect(sessionStatus(session, true, before)).toBe('active');
    expect(sessionStatus(session, false, before)).toBe('active');
    // Offline: signing in could not work, so the till keeps the cashier (a reload too).
    expect(sessionStatus(session, false, after)).toBe('expired_offline');
    const reloaded = loadCashier(storage);
    if (!reloaded) throw new Error('the cashier was not kept');
    expect(sessionStatus(reloaded, false, after)).toBe('expired_offline');
    // Reachable again: sign in now.
    expect(sessionStatus(reloaded, true, after)).toBe('expired');
  });

  it('toggles quick keys, at most a dozen', () => {
    const storage = new MapStorage();
    let preferences = loadPreferences(storage);
    expect(preferences).toEqual(DEFAULT_PREFERENCES);
    expect(preferences.autoLockMinutes).toBe(5);
    for (let index = 0; index < MAX_QUICK_KEYS + 3; index += 1)
      preferences = toggleQuickKey(preferences, { variantId: `v${index}`, label: `Item ${index}` });
    expect(preferences.quickKeys).toHaveLength(MAX_QUICK_KEYS);
    preferences = toggleQuickKey(preferences, { variantId: 'v0', label: 'Item 0' });
    expect(preferences.quickKeys.map((key) => key.variantId)).not.toContain('v0');
  });
});

describe('when the register asks a manager first', () => {
  it('asks for price overrides by roles without sales.price_override', () => {
    expect(overrideNeedsApproval('cashier')).toBe(true);
    expect(overrideNeedsApproval('manager')).toBe(false);
    expect(overrideNeedsApproval('owner')).toBe(false);
    expect(isApprover('manager')).toBe(true);
    expect(isApprover('cashier')).toBe(false);
  });

  it('asks for discounts over the role limit, as the server compares them', () => {
    const limits = { cashier: 100_000 };
    expect(discountNeedsApproval('cashier', limits, { kind: 'percent', ppm: 100_000 }, 5_000)).toBe(
      false,
    );
    expect(discountNeedsApproval('cashier', limits, { kind: 'percent', ppm: 100_001 }, 5_000)).toBe(
      true,
    );
    expect(
      discountNeedsApproval('cashier', limits, { kind: 'fixed', amountMinor: 500 }, 5_000),
    ).toBe(false);
    expect(
      discountNeedsApproval('cashier', limits, { kind: 'fixed', amountMinor: 501 }, 5_000),
    ).toBe(true);
    expect(discountNeedsApproval('manager', limits, { kind: 'percent', ppm: 900_000 }, 5_000)).toBe(
      false,
    );
    expect(
      discountNeedsApproval('owner', { owner: 0 }, { kind: 'percent', ppm: 900_000 }, 5_000),
    ).toBe(false);
  });
});
