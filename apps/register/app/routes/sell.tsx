import { ok } from '@tillpoint/api-client';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Link } from 'react-router';
import { loadParked, type ParkedCart, parkCart, takeParked } from '../checkout/parked-carts.ts';
import { voidServerSale } from '../checkout/server-sale.ts';
import { useCheckout } from '../checkout/use-checkout.ts';
import { codeOf, messageOf } from '../device/api.ts';
import { toggleQuickKey } from '../device/preferences.ts';
import { lookupBarcode, searchCatalog } from '../offline/catalog-cache.ts';
import type { CachedVariant as StoredVariant } from '../offline/db.ts';
import { type CachedVariant, type CartLine, isLocked } from '../sale/cart.ts';
import { scannedItemAction } from '../sale/label-price.ts';
import { priceCart } from '../sale/totals.ts';
import { StockBadge } from '../stock/StockBadge.tsx';
import { useLiveStock } from '../stock/use-live-stock.ts';
import { CartView, TotalsView } from '../ui/CartView.tsx';
import { CustomerDialog } from '../ui/CustomerDialog.tsx';
import { Dialog } from '../ui/Dialog.tsx';
import { LineDialog } from '../ui/LineDialog.tsx';
import { money } from '../ui/money.ts';
import { EmptyState, ErrorNote, InfoNote } from '../ui/Notice.tsx';
import { OrderDiscountDialog } from '../ui/OrderDiscountDialog.tsx';
import { ParkedDialog } from '../ui/ParkedDialog.tsx';
import { ReceiptPanel } from '../ui/ReceiptPanel.tsx';
import type { CompletedSale } from '../ui/receipt-model.ts';
import { useRegister } from '../ui/register-context.ts';
import { ScanBox, type ScanBoxHandle } from '../ui/ScanBox.tsx';
import { TenderPanel } from '../ui/TenderPanel.tsx';
import { useApproval } from '../ui/use-approval.tsx';
import { WeightDialog } from '../ui/WeightDialog.tsx';

export function meta() {
  return [{ title: 'Sell · Tillpoint Register' }];
}

/** The cart keeps only what pricing needs, not the cache's index keys. */
function saleVariant(
  variant: Pick<StoredVariant, 'id' | 'name' | 'sku' | 'priceMinor' | 'taxCategoryId' | 'unit'>,
): CachedVariant {
  return {
    id: variant.id,
    name: variant.name,
    sku: variant.sku,
    priceMinor: variant.priceMinor,
    taxCategoryId: variant.taxCategoryId,
    unit: variant.unit,
  };
}

type Modal =
  | { readonly kind: 'line'; readonly lineId: string }
  | { readonly kind: 'weigh'; readonly variant: CachedVariant }
  | { readonly kind: 'orderDiscount' }
  | { readonly kind: 'customer' }
  | { readonly kind: 'parked' }
  | { readonly kind: 'void' };

export default function Sell() {
  const register = useRegister();
  const {
    db,
    saleContext: context,
    device,
    cashier,
    client,
    online,
    bridge,
    preferences,
    catalog,
  } = register;
  const checkout = useCheckout(context);
  const { cart, onServer } = checkout.state;
  const [mode, setMode] = useState<'sell' | 'tender'>('sell');
  const [completed, setCompleted] = useState<CompletedSale | null>(null);
  const [drawerMessage, setDrawerMessage] = useState<string | null>(null);
  const [results, setResults] = useState<readonly StoredVariant[] | null>(null);
  const [searched, setSearched] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [flash, setFlash] = useState<string | null>(null);
  const [modal, setModal] = useState<Modal | null>(null);
  const [parked, setParked] = useState<readonly ParkedCart[]>(() => loadParked());
  const [voidReason, setVoidReason] = useState('');
  // Online, selling needs an open shift (cash session); offline the server flags it instead.
  const [shiftOpen, setShiftOpen] = useState<boolean | null>(null);
  const scan = useRef<ScanBoxHandle>(null);
  const approval = useApproval();
  // Live shelf levels of what is on screen: the cart's items and the search results.
  const shownVariantIds = useMemo(
    () => [
      ...cart.lines.map((line) => line.variant.id),
      ...(results ?? []).map((variant) => variant.id),
    ],
    [cart.lines, results],
  );
  const stock = useLiveStock(shownVariantIds);

  useEffect(() => {
    if (!online || !client || !device) {
      setShiftOpen(null);
      return;
    }
    client.api
      .GET('/api/v1/registers/{registerId}/cash-sessions/current', {
        params: { path: { registerId: device.registerId } },
      })
      .then(({ response }) =>
        setShiftOpen(response.ok ? true : response.status === 404 ? false : null),
      )
      .catch(() => setShiftOpen(null));
  }, [online, client, device]);

  const totals = useMemo(() => (context ? priceCart(cart, context) : null), [cart, context]);
  const locked = isLocked(cart) || onServer;

  const startNextSale = useCallback(() => {
    setCompleted(null);
    setDrawerMessage(null);
    setMode('sell');
  }, []);

  const addVariant = useCallback(
    (variant: CachedVariant, embedded: Parameters<typeof scannedItemAction>[1] = null) => {
      if (!context) return;
      if (variant.unit === 'weight' && embedded === null) {
        setModal({ kind: 'weigh', variant });
        return;
      }
      const refused = checkout.apply(scannedItemAction(variant, embedded, context));
      setError(refused);
      if (!refused) {
        setFlash(variant.name);
        setResults(null);
      }
    },
    [checkout, context],
  );

  const onScan = useCallback(
    async (text: string) => {
      if (completed) startNextSale();
      setError(null);
      if (!db || !context) {
        setError(
          'The catalog is not on this register yet. Connect to the network and wait for the sync.',
        );
        return;
      }
      if (locked) {
        setError('Payments have been taken: finish or void this sale before adding items.');
        return;
      }
      const match = await lookupBarcode(db, text);
      if (match) {
        addVariant(saleVariant(match.variant), match.embedded);
        return;
      }
      if (/^\d{6,}$/.test(text) && online && client && device) {
        // Not in the cache (added a moment ago?): ask the server before giving up.
        try {
          const found = await ok(
            client.api.GET('/api/v1/catalog/lookup', {
              params: { query: { barcode: text, storeId: device.storeId } },
            }),
          );
          if (!found.item.archived) {
            addVariant(
              saleVariant({
                ...found.item,
                id: found.item.variantId,
                unit: found.item.unit === 'weight' ? 'weight' : 'each',
              }),
              found.embedded,
            );
            return;
          }
        } catch {
          // Falls through to "not found".
        }
      }
      if (/^\d+$/.test(text)) {
        setError(`No item has the barcode ${text}.`);
        return;
      }
      setSearched(text);
      setResults(await searchCatalog(db, text, 24));
    },
    [db, context, locked, online, client, device, completed, addVariant, startNextSale],
  );

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'F2') {
        event.preventDefault();
        setMode('sell');
        scan.current?.focus();
      } else if (event.key === 'F12') {
        event.preventDefault();
        if (cart.lines.length > 0 && !completed && shiftOpen !== false) setMode('tender');
      } else if (event.key === 'Escape' && results !== null) {
        setResults(null);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [cart.lines.length, completed, results, shiftOpen]);

  useEffect(() => {
    if (!flash) return;
    const timer = setTimeout(() => setFlash(null), 1500);
    return () => clearTimeout(timer);
  }, [flash]);

  const onCompleted = useCallback(
    (sale: CompletedSale) => {
      setCompleted(sale);
      // "Added <item>" would sit over the emptied cart next to the receipt.
      setFlash(null);
      checkout.reset();
      setMode('sell');
      if (sale.drawerJobId && device) {
        if (!bridge) {
          setDrawerMessage('No printer bridge is paired: open the drawer by hand.');
          return;
        }
        bridge
          .openDrawer({ jobId: sale.drawerJobId, registerId: device.registerId })
          .catch((caught: unknown) =>
            setDrawerMessage(`The drawer did not open: ${messageOf(caught)} Open it by hand.`),
          );
      }
    },
    [checkout, bridge, device],
  );

  async function voidSale() {
    if (!client) return;
    const reason = voidReason.trim() || 'Abandoned at the register';
    try {
      await voidServerSale(client.api, cart.id, reason);
    } catch (caught) {
      if (codeOf(caught) !== 'approval.required' && codeOf(caught) !== 'auth.forbidden') {
        setError(messageOf(caught));
        return;
      }
      const approvalId = await approval.ask('sale.void', { saleId: cart.id });
      if (!approvalId) return;
      try {
        await voidServerSale(client.api, cart.id, reason, approvalId);
      } catch (again) {
        setError(messageOf(again));
        return;
      }
    }
    setModal(null);
    setVoidReason('');
    checkout.reset();
    setMode('sell');
    setFlash('Sale voided');
  }

  function park() {
    if (!cashier || cart.lines.length === 0) return;
    const label =
      cart.customer?.name ??
      `Sale at ${new Date().toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}`;
    setParked(
      parkCart({ cart, parkedAt: new Date().toISOString(), parkedBy: cashier.user.name, label }),
    );
    checkout.reset();
    setFlash(`Parked ${label}`);
  }

  function resume(cartId: string) {
    if (cart.lines.length > 0) {
      if (locked) {
        setError('Finish or void the current sale before resuming another.');
        setModal(null);
        return;
      }
      park();
    }
    const entry = takeParked(cartId);
    setParked(loadParked());
    setModal(null);
    if (entry) checkout.replace(entry.cart);
    else setError('That sale was already resumed elsewhere.');
  }

  async function quickKey(variantId: string) {
    if (!db) return;
    if (completed) startNextSale();
    const stored = await db.get('variants', variantId);
    if (!stored) {
      setError('That quick key item is no longer in the catalog.');
      return;
    }
    addVariant(saleVariant(stored));
  }

  if (!context || !totals) {
    return (
      <main className="screen">
        <section className="panel panel-narrow">
          <h1>Getting the catalog</h1>
          <p className="muted">
            The register needs the catalog, prices and tax settings before it can sell.
            {online ? ' Downloading now…' : ' Connect to the network to download them.'}
          </p>
          <ErrorNote message={catalog.error} />
          <button
            type="button"
            className="button button-primary"
            disabled={!online || catalog.syncing}
            onClick={() => void register.syncNow()}
          >
            {catalog.syncing ? 'Syncing…' : 'Sync now'}
          </button>
        </section>
      </main>
    );
  }

  const editing =
    modal?.kind === 'line' ? cart.lines.find((line) => line.id === modal.lineId) : undefined;

  return (
    <main className="sell">
      <section className="sell-left" aria-label="Sale">
        <ScanBox
          ref={scan}
          onSubmit={(text) => void onScan(text)}
          keepFocus={mode === 'sell' && modal === null}
        />
        {flash ? (
          <p className="flash" role="status">
            Added {flash}
          </p>
        ) : null}
        <ErrorNote message={error} />
        {results !== null ? (
          <section className="results" aria-label="Search results">
            <div className="row-between">
              <strong>Results for “{searched}”</strong>
              <button type="button" className="link-button" onClick={() => setResults(null)}>
                Close results
              </button>
            </div>
            {results.length === 0 ? (
              <EmptyState title="Nothing found">Try fewer letters, or the SKU.</EmptyState>
            ) : null}
            <ul className="result-list">
              {results.map((variant) => {
                const starred = preferences.quickKeys.some((key) => key.variantId === variant.id);
                return (
                  <li key={variant.id} className="result-row">
                    <button
                      type="button"
                      className="result"
                      aria-label={`Add ${variant.name}`}
                      onClick={() => addVariant(saleVariant(variant))}
                    >
                      <span className="result-name">{variant.name}</span>
                      <span className="muted">
                        {variant.sku} · {money(variant.priceMinor, context)}
                        {variant.unit === 'weight' ? '/kg' : ''}
                      </span>
                      <StockBadge entry={stock.get(variant.id)} />
                    </button>
                    <button
                      type="button"
                      className="icon-button"
                      aria-label={
                        starred
                          ? `Remove ${variant.name} from quick keys`
                          : `Add ${variant.name} to quick keys`
                      }
                      aria-pressed={starred}
                      onClick={() =>
                        register.setPreferences(
                          toggleQuickKey(preferences, {
                            variantId: variant.id,
                            label: variant.name,
                          }),
                        )
                      }
                    >
                      {starred ? '★' : '☆'}
                    </button>
                  </li>
                );
              })}
            </ul>
          </section>
        ) : null}
        {preferences.quickKeys.length > 0 ? (
          <fieldset className="quick-keys plain-fieldset">
            <legend className="visually-hidden">Quick keys</legend>
            {preferences.quickKeys.map((key) => (
              <button
                key={key.variantId}
                type="button"
                className="quick-key"
                onClick={() => void quickKey(key.variantId)}
                disabled={locked}
              >
                {key.label}
              </button>
            ))}
          </fieldset>
        ) : null}
        <CartView
          cart={cart}
          totals={totals}
          context={context}
          locked={locked}
          onStep={(line: CartLine, delta) =>
            setError(
              checkout.apply({
                type: 'setQuantity',
                lineId: line.id,
                quantityMilli: line.quantityMilli + delta * 1000,
              }),
            )
          }
          onRemove={(line) => setError(checkout.apply({ type: 'removeLine', lineId: line.id }))}
          onEdit={(line) => setModal({ kind: 'line', lineId: line.id })}
          stock={stock}
        />
        <div className="cart-actions">
          <button
            type="button"
            className="button"
            onClick={() => setModal({ kind: 'customer' })}
            disabled={locked}
          >
            {cart.customer ? `Customer: ${cart.customer.name}` : 'Customer'}
          </button>
          <button
            type="button"
            className="button"
            onClick={() => setModal({ kind: 'orderDiscount' })}
            disabled={locked || cart.lines.length === 0}
          >
            {cart.orderDiscount ? 'Order discount ✓' : 'Order discount'}
          </button>
          <button
            type="button"
            className="button"
            onClick={park}
            disabled={locked || cart.lines.length === 0}
            title={locked ? 'A sale with payments cannot be parked' : undefined}
          >
            Park sale
          </button>
          <button type="button" className="button" onClick={() => setModal({ kind: 'parked' })}>
            Parked sales ({parked.length})
          </button>
          {onServer ? (
            <button
              type="button"
              className="button button-danger"
              onClick={() => setModal({ kind: 'void' })}
            >
              Void sale
            </button>
          ) : (
            <button
              type="button"
              className="button button-danger"
              disabled={cart.lines.length === 0 && cart.payments.length === 0}
              onClick={() => {
                checkout.reset();
                setMode('sell');
              }}
            >
              Clear sale
            </button>
          )}
        </div>
      </section>

      <aside className="sell-right" aria-label="Checkout">
        {completed ? (
          <ReceiptPanel sale={completed} drawerMessage={drawerMessage} onNewSale={startNextSale} />
        ) : mode === 'tender' && cart.lines.length > 0 ? (
          <>
            <TotalsView totals={totals} context={context} />
            <TenderPanel
              checkout={checkout}
              totals={totals}
              context={context}
              onCompleted={onCompleted}
              onBack={() => setMode('sell')}
            />
          </>
        ) : (
          <>
            <TotalsView totals={totals} context={context} />
            {cart.payments.length > 0 ? (
              <InfoNote>{money(totals.paidMinor, context)} already paid on this sale.</InfoNote>
            ) : null}
            {shiftOpen === false ? (
              <InfoNote>
                No shift is open on this register. <Link to="/shift">Open the shift</Link> to take
                payments.
              </InfoNote>
            ) : null}
            <button
              type="button"
              className="button button-primary button-pay"
              disabled={cart.lines.length === 0 || shiftOpen === false}
              onClick={() => setMode('tender')}
            >
              Pay <span className="pay-amount">{money(totals.balanceMinor, context)}</span>
              <kbd>F12</kbd>
            </button>
          </>
        )}
      </aside>

      {modal?.kind === 'line' && editing ? (
        <LineDialog
          line={editing}
          priced={totals.lines.find((line) => line.id === editing.id)}
          context={context}
          apply={checkout.apply}
          onClose={() => setModal(null)}
        />
      ) : null}
      {modal?.kind === 'weigh' ? (
        <WeightDialog
          variant={modal.variant}
          onClose={() => setModal(null)}
          onWeighed={(quantityMilli) => {
            const refused = checkout.apply({
              type: 'addVariant',
              variant: modal.variant,
              quantityMilli,
            });
            setError(refused);
            setModal(null);
          }}
        />
      ) : null}
      {modal?.kind === 'orderDiscount' ? (
        <OrderDiscountDialog
          cart={cart}
          totals={totals}
          context={context}
          apply={checkout.apply}
          onClose={() => setModal(null)}
        />
      ) : null}
      {modal?.kind === 'customer' ? (
        <CustomerDialog
          current={cart.customer}
          context={context}
          onClose={() => setModal(null)}
          onDetach={() => {
            setError(checkout.apply({ type: 'detachCustomer' }));
            setModal(null);
          }}
          onAttach={(customer) => {
            setError(
              checkout.apply({
                type: 'attachCustomer',
                customer: { id: customer.id, name: customer.name, taxExempt: customer.taxExempt },
              }),
            );
            setModal(null);
          }}
        />
      ) : null}
      {modal?.kind === 'parked' ? (
        <ParkedDialog
          parked={parked}
          context={context}
          onResume={resume}
          onClose={() => setModal(null)}
        />
      ) : null}
      {modal?.kind === 'void' ? (
        <Dialog title="Void this sale" onClose={() => setModal(null)}>
          <p>
            The sale is open on the server (a card payment was started). Voiding it gives back any
            payment taken on it. A manager approves.
          </p>
          <form
            className="stack"
            onSubmit={(event) => {
              event.preventDefault();
              void voidSale();
            }}
          >
            <label className="field">
              <span>Reason</span>
              <input
                value={voidReason}
                onChange={(event) => setVoidReason(event.target.value)}
                placeholder="Customer left"
              />
            </label>
            <button type="submit" className="button button-danger" disabled={!online}>
              Void sale
            </button>
            {!online ? <ErrorNote message="Voiding needs the network." /> : null}
          </form>
          {approval.dialog}
        </Dialog>
      ) : null}
    </main>
  );
}
