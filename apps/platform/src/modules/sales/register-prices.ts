import { sql, type Tx } from '@tillpoint/db';
import type { TaxRate } from '@tillpoint/domain';
import { AppError } from '../../errors.ts';
import type { SellableVariant } from './line-build.ts';
import type { SaleFlagView, SubmitItemLineInput } from './sale-schemas.ts';

// A register prices a sale from its cached catalog and tax table. Online, a difference from the
// store's current price or rates means the cache is stale: refuse, so the register refreshes and
// shows the customer the right total. Offline, the sale already happened at those prices: keep
// what the customer was charged (refusing would strand the sale in the register's outbox
// forever) and flag the difference for a manager to review.

export function sameRates(a: readonly TaxRate[], b: readonly TaxRate[]): boolean {
  return (
    a.length === b.length &&
    a.every((rate, index) => {
      const other = b[index];
      return (
        other !== undefined &&
        rate.id === other.id &&
        rate.ratePpm === other.ratePpm &&
        (rate.compound ?? false) === (other.compound ?? false)
      );
    })
  );
}

/** The register's rates must name rates of this tenant (archived ones included). */
export async function assertKnownRates(
  tx: Tx,
  lines: readonly { taxRates?: readonly TaxRate[] | undefined }[],
): Promise<void> {
  const ids = [...new Set(lines.flatMap((line) => (line.taxRates ?? []).map((rate) => rate.id)))];
  if (ids.length === 0) return;
  const known = await tx.query<{ id: string }>(
    sql`select id from tax_rates where id = any(${ids}::uuid[])`,
  );
  const found = new Set(known.map((row) => row.id));
  const unknown = ids.find((id) => !found.has(id));
  if (unknown)
    throw new AppError('tax_rate.not_found', `No tax rate with id ${unknown} here.`, {
      taxRateId: unknown,
    });
}

/**
 * The unit price and rates a submitted line is charged at: the register's when it sent them
 * (checked online, kept and flagged offline), the catalog's otherwise.
 */
export function chargedPrice(
  variant: SellableVariant,
  line: SubmitItemLineInput,
  offline: boolean,
  flags: SaleFlagView[],
): { unitPriceMinor: number; taxRates: TaxRate[] } {
  const unitPriceMinor = line.unitPriceMinor ?? variant.priceMinor;
  const taxRates = line.taxRates
    ? line.taxRates.map((rate) => ({
        id: rate.id,
        ratePpm: rate.ratePpm,
        ...(rate.compound ? { compound: true } : {}),
      }))
    : [...variant.taxRates];
  const priceDiffers = unitPriceMinor !== variant.priceMinor;
  const ratesDiffer = !sameRates(taxRates, variant.taxRates);
  if (!offline && (priceDiffers || ratesDiffer)) {
    throw new AppError(
      priceDiffers ? 'sale.price_changed' : 'sale.tax_changed',
      `${variant.name} is now ${priceDiffers ? `priced ${variant.priceMinor}` : 'taxed differently'} ` +
        'in this store; refresh the register and show the customer the new total.',
      {
        lineId: line.id,
        variantId: variant.id,
        catalogPriceMinor: variant.priceMinor,
        registerPriceMinor: unitPriceMinor,
        catalogTaxRates: variant.taxRates,
      },
    );
  }
  if (priceDiffers)
    flags.push({
      code: 'price_changed',
      message: `Sold offline at ${unitPriceMinor}; the store's price is now ${variant.priceMinor}.`,
      variantId: variant.id,
      lineId: line.id,
    });
  if (ratesDiffer)
    flags.push({
      code: 'tax_changed',
      message: "Sold offline with tax rates that differ from the store's current ones.",
      variantId: variant.id,
      lineId: line.id,
    });
  return { unitPriceMinor, taxRates };
}
