import type { Database } from '@tillpoint/db';
import { barcodeLookupKey, normalizeBarcode } from '@tillpoint/domain';
import type { RequestContext } from '../../context.ts';
import { AppError } from '../../errors.ts';
import { authorize } from '../identity/authorize.ts';
import { catalogRules } from './errors.ts';
import { assertBarcodesFree } from './product-checks.ts';
import type { BarcodeBodyInput, VariantView } from './schemas.ts';
import { variantChanger } from './variant-change.ts';
import { deleteBarcode, insertBarcode } from './variant-queries.ts';

/** The barcodes of a variant: GS1 codes (check digit verified) and internal codes. */
export function createBarcodeService(db: Database) {
  const change = variantChanger(db);

  return {
    addBarcode(ctx: RequestContext, id: string, input: BarcodeBodyInput): Promise<VariantView> {
      const authed = authorize(ctx, 'catalog.manage');
      return catalogRules(async () => {
        const barcode = normalizeBarcode(input);
        return change(authed, id, async (tx) => {
          await assertBarcodesFree(tx, [barcode]);
          await insertBarcode(tx, authed.tenantId, id, barcode);
          return {
            action: 'variant.barcode_added',
            after: { code: barcode.code, kind: barcode.kind },
          };
        });
      });
    },

    removeBarcode(ctx: RequestContext, id: string, code: string): Promise<VariantView> {
      const authed = authorize(ctx, 'catalog.manage');
      return change(authed, id, async (tx) => {
        const removed = await deleteBarcode(tx, id, barcodeLookupKey(code));
        if (!removed) {
          throw new AppError('barcode.not_found', `This variant has no barcode ${code}.`, { code });
        }
        return {
          action: 'variant.barcode_removed',
          before: { code: removed.code, kind: removed.kind },
        };
      });
    },
  };
}
