// Helpers for the catalog's tests: valid barcodes on demand and a product in one call.
import { randomBytes } from 'node:crypto';
import { withCheckDigit } from '@tillpoint/domain';
import type { Caller } from '../../testing/index.ts';
import type { ProductView } from './schemas.ts';

let counter = 0;

/** A fresh valid EAN-13 (prefix 4 = a real GS1 country range, never an in-store "2x" code). */
export function freshEan13(): string {
  counter += 1;
  const random = randomBytes(4).readUInt32BE(0) % 100_000_000;
  return withCheckDigit(
    `4${String(counter % 1000).padStart(3, '0')}${String(random).padStart(8, '0')}`,
  );
}

export function freshSku(label = 'SKU'): string {
  counter += 1;
  return `${label}-${counter}-${randomBytes(3).toString('hex')}`.toUpperCase();
}

export interface ProductDraft {
  readonly [field: string]: unknown;
}

/** A single-variant product (or the given fields over it); fails the test if refused. */
export async function createProduct(
  caller: Caller,
  draft: ProductDraft = {},
): Promise<ProductView> {
  const response = await caller.post<ProductView>('/api/v1/catalog/products', {
    name: `Test product ${freshSku('N')}`,
    variants: [{ sku: freshSku(), priceMinor: 1000, barcodes: [{ code: freshEan13() }] }],
    ...draft,
  });
  if (response.status !== 201)
    throw new Error(`create product failed: ${JSON.stringify(response.body)}`);
  return response.body;
}

export function firstVariant(product: ProductView) {
  const [variant] = product.variants;
  if (!variant) throw new Error('product has no variant');
  return variant;
}

export function expectCode(
  response: { readonly status: number; readonly body: unknown },
  status: number,
  code: string,
): void {
  const actual = (response.body as { code?: unknown } | null)?.code;
  if (response.status !== status || actual !== code) {
    throw new Error(
      `expected ${status} ${code}, got ${response.status} ${JSON.stringify(response.body)}`,
    );
  }
}
