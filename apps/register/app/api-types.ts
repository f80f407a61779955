import type { paths } from '@tillpoint/api-client';

// The platform's wire shapes the register reads and writes, named once from the generated client
// so a change in openapi.json shows up here as a type error.

type Json<T> = T extends { content: { 'application/json': infer Body } } ? Body : never;

/** GET /api/v1/catalog/changes */
export type ChangesPage = Json<paths['/api/v1/catalog/changes']['get']['responses'][200]>;
export type CatalogItem = ChangesPage['items'][number];

/** GET /api/v1/stores/{storeId}/tax-table */
export type TaxTable = Json<paths['/api/v1/stores/{storeId}/tax-table']['get']['responses'][200]>;

/** GET /api/v1/settings/sales */
export type SalesSettings = Json<paths['/api/v1/settings/sales']['get']['responses'][200]>;

/** GET /api/v1/catalog/barcode-rules */
export type BarcodeRule = Json<
  paths['/api/v1/catalog/barcode-rules']['get']['responses'][200]
>[number];

/** GET /api/v1/stores/{id} */
export type StoreInfo = Json<paths['/api/v1/stores/{id}']['get']['responses'][200]>;

/** POST /api/v1/sales/submit: the body, and the sale it answers with (201 new, 200 replayed). */
export type SubmitBody = Json<paths['/api/v1/sales/submit']['post']['requestBody']>;
export type SubmitLine = SubmitBody['lines'][number];
export type SubmitPayment = SubmitBody['payments'][number];
export type SubmittedSale = Json<paths['/api/v1/sales/submit']['post']['responses'][201]>;
export type SaleFlag = SubmittedSale['flags'][number];

/** Line and order discounts as the API says them (ppm of the amount, or a fixed amount). */
export type DiscountInput = NonNullable<SubmitBody['orderDiscount']>;

/** GET /api/v1/sales/{id} */
export type ServerSale = Json<paths['/api/v1/sales/{id}']['get']['responses'][200]>;
export type ServerSaleLine = ServerSale['lines'][number];

/** GET /api/v1/sales/{id}/card-payments/{paymentId} */
export type CardPaymentReply = Json<
  paths['/api/v1/sales/{id}/card-payments/{paymentId}']['get']['responses'][200]
>;
export type CardPayment = CardPaymentReply['cardPayment'];
export type CardPaymentStatus = CardPayment['status'];

/** POST /api/v1/sales/{id}/payments */
export type PaymentBody = NonNullable<
  paths['/api/v1/sales/{id}/payments']['post']['requestBody']
>['content']['application/json'];

/** POST /api/v1/approvals */
export type ApprovalAction = NonNullable<
  paths['/api/v1/approvals']['post']['requestBody']
>['content']['application/json']['action'];
