import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addStaff,
  createTestApp,
  type Retailer,
  signUpRetailer,
  type TestApp,
} from '../../testing/index.ts';
import type { ProductView } from './schemas.ts';
import type { CategoryView, TaxCategoryView } from './taxonomy-schemas.ts';
import { createProduct, expectCode } from './testing.ts';

let t: TestApp;
let retailer: Retailer;

beforeAll(async () => {
  t = await createTestApp();
  retailer = await signUpRetailer(t.app, 'Taxonomy Traders');
});
afterAll(() => t.close());

async function category(body: Record<string, unknown>): Promise<CategoryView> {
  const response = await retailer.owner.post<CategoryView>('/api/v1/catalog/categories', body);
  if (response.status !== 201) throw new Error(JSON.stringify(response.body));
  return response.body;
}

describe('tax categories', () => {
  it('are created, listed and recoded; codes are unique per tenant', async () => {
    const food = await retailer.owner.post<TaxCategoryView>('/api/v1/catalog/tax-categories', {
      name: 'Food',
      code: 'FOOD',
    });
    expect(food.status).toBe(201);
    expectCode(
      await retailer.owner.post('/api/v1/catalog/tax-categories', { name: 'Food 2', code: 'FOOD' }),
      409,
      'catalog.tax_code_taken',
    );
    const recoded = await retailer.owner.patch<TaxCategoryView>(
      `/api/v1/catalog/tax-categories/${food.body.id}`,
      { code: 'FOOD-REDUCED' },
    );
    expect(recoded.body).toMatchObject({ name: 'Food', code: 'FOOD-REDUCED' });
    const list = await retailer.owner.get<TaxCategoryView[]>('/api/v1/catalog/tax-categories');
    expect(list.body.map((c) => c.code)).toContain('FOOD-REDUCED');
  });
});

describe('categories', () => {
  it('form a tree whose attribute definitions children inherit', async () => {
    const clothing = await category({
      name: 'Clothing',
      attributeDefinitions: [
        {
          key: 'material',
          label: 'Material',
          type: 'enum',
          options: ['cotton', 'wool'],
          required: true,
        },
      ],
    });
    const shirts = await category({
      name: 'Shirts',
      parentId: clothing.id,
      attributeDefinitions: [
        { key: 'organic', label: 'Organic', type: 'boolean', required: false },
      ],
    });
    expect(shirts.parentId).toBe(clothing.id);
    const shirt = await createProduct(retailer.owner, {
      categoryId: shirts.id,
      attributes: { material: 'cotton', organic: true },
    });
    expect(shirt.attributes).toEqual({ material: 'cotton', organic: true });
    expectCode(
      await retailer.owner.post('/api/v1/catalog/products', {
        name: 'Shirt without material',
        categoryId: shirts.id,
        variants: [{ sku: 'NO-MATERIAL-1', priceMinor: 1 }],
      }),
      422,
      'catalog.missing_attribute',
    );
  });

  it('keep sibling names unique, and allow the same name under another parent', async () => {
    const a = await category({ name: 'Home' });
    const b = await category({ name: 'Garden' });
    await category({ name: 'Tools', parentId: a.id });
    await category({ name: 'Tools', parentId: b.id });
    expectCode(
      await retailer.owner.post('/api/v1/catalog/categories', { name: 'tools', parentId: a.id }),
      409,
      'catalog.category_name_taken',
    );
    expectCode(
      await retailer.owner.post('/api/v1/catalog/categories', { name: 'HOME' }),
      409,
      'catalog.category_name_taken',
    );
  });

  it('refuse broken attribute definitions', async () => {
    expectCode(
      await retailer.owner.post('/api/v1/catalog/categories', {
        name: 'Broken',
        attributeDefinitions: [{ key: 'size', label: 'Size', type: 'enum', required: true }],
      }),
      422,
      'catalog.invalid_attribute_definition',
    );
  });

  it('move, and re-check a product against its new category', async () => {
    const electronics = await category({
      name: 'Electronics',
      attributeDefinitions: [{ key: 'voltage', label: 'Voltage', type: 'number', required: true }],
    });
    const misc = await category({ name: 'Misc' });
    const lamp = await createProduct(retailer.owner, { categoryId: misc.id });
    expectCode(
      await retailer.owner.patch(`/api/v1/catalog/products/${lamp.id}`, {
        categoryId: electronics.id,
      }),
      422,
      'catalog.missing_attribute',
    );
    const moved = await retailer.owner.patch<ProductView>(`/api/v1/catalog/products/${lamp.id}`, {
      categoryId: electronics.id,
      attributes: { voltage: 230 },
    });
    expect(moved.body).toMatchObject({ categoryId: electronics.id, attributes: { voltage: 230 } });
    const nested = await retailer.owner.patch<CategoryView>(
      `/api/v1/catalog/categories/${misc.id}`,
      { parentId: electronics.id },
    );
    expect(nested.body.parentId).toBe(electronics.id);
  });

  it('are readable by every role but written only by owners and admins', async () => {
    const cashier = await addStaff(t.app, retailer, 'cashier');
    expect((await cashier.caller.get('/api/v1/catalog/categories')).status).toBe(200);
    expectCode(
      await cashier.caller.post('/api/v1/catalog/categories', { name: 'Nope' }),
      403,
      'auth.forbidden',
    );
  });
});
