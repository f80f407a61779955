import type { Database } from '@tillpoint/db';
import type { Outbox } from './events/outbox.ts';
import type { JobQueue } from './jobs/queue.ts';
import { createAuditService } from './modules/audit/service.ts';
import { cashReportPrinters } from './modules/cash/printers.ts';
import { createCashService } from './modules/cash/service.ts';
import { createCatalogExportService } from './modules/catalog/csv/export-service.ts';
import { createCatalogImportService } from './modules/catalog/csv/import-service.ts';
import { createCatalogService } from './modules/catalog/service.ts';
import { createCustomerService } from './modules/customers/service.ts';
import { createStoreCreditService } from './modules/customers/store-credit-service.ts';
import { createGiftCardService } from './modules/gift-cards/service.ts';
import { createApiTokenService } from './modules/identity/api-token-service.ts';
import { createApprovalService } from './modules/identity/approval-service.ts';
import { createAuthenticator } from './modules/identity/authenticate-service.ts';
import { createDeviceService } from './modules/identity/device-service.ts';
import { createSignInService } from './modules/identity/sign-in-service.ts';
import { createStaffService } from './modules/identity/staff-service.ts';
import { createStockCountService } from './modules/inventory/count-service.ts';
import { createPurchaseOrderService } from './modules/inventory/purchase-order-service.ts';
import { createInventoryService } from './modules/inventory/service.ts';
import { createSupplierService } from './modules/inventory/supplier-service.ts';
import { createTransferService } from './modules/inventory/transfer-service.ts';
import { createCardPaymentService } from './modules/payments/card-payment-service.ts';
import { createCardRefundSettler } from './modules/payments/card-refunds.ts';
import { paymentProcessorsOf } from './modules/payments/plugin-processors.ts';
import type { PluginHost } from './modules/plugins/host.ts';
import { createPluginService } from './modules/plugins/service.ts';
import type { Mailer } from './modules/receipt-emails/mailer.ts';
import { createReceiptEmailService } from './modules/receipt-emails/service.ts';
import { receiptPrinters } from './modules/receipts/printers.ts';
import { createReceiptService } from './modules/receipts/service.ts';
import { createExchangeService } from './modules/sales/exchange-service.ts';
import { createRefundService } from './modules/sales/refund-service.ts';
import { createReversalService } from './modules/sales/reversal-service.ts';
import { createSalesService } from './modules/sales/sale-service.ts';
import { createSalesSettingsService } from './modules/sales/settings-service.ts';
import { createCategoryRateService } from './modules/tax/category-rate-service.ts';
import { createTaxRateService } from './modules/tax/rate-service.ts';
import { createTaxTableService } from './modules/tax/tax-table-service.ts';
import { createTenancyService } from './modules/tenancy/service.ts';

/** What use cases may reach besides the database: events after commit, background jobs. */
export interface Infrastructure {
  readonly outbox: Outbox;
  readonly jobs: JobQueue;
  /** Registered plugins, the secret key ring, time limits (see modules/plugins/host.ts). */
  readonly plugins: PluginHost;
  /** Where receipt emails go; null when email is not configured (see config.ts). */
  readonly mailer: Mailer | null;
}

/** Every use case of the platform, wired once; REST routes and GraphQL resolvers share them. */
export function createServices(db: Database, infra: Infrastructure) {
  const signIn = createSignInService(db);
  const plugins = createPluginService(db, infra.plugins);
  const processors = paymentProcessorsOf(db, plugins);
  const cardRefunds = createCardRefundSettler(db, processors);
  return {
    tenancy: createTenancyService(db),
    staff: createStaffService(db),
    signIn,
    devices: createDeviceService(db),
    apiTokens: createApiTokenService(db),
    approvals: createApprovalService(db, signIn),
    audit: createAuditService(db),
    catalog: createCatalogService(db),
    catalogImports: createCatalogImportService(db, infra.jobs),
    catalogExport: createCatalogExportService(db),
    authenticator: createAuthenticator(db),
    inventory: createInventoryService(db, infra.outbox),
    stockCounts: createStockCountService(db, infra.outbox),
    transfers: createTransferService(db, infra.outbox),
    suppliers: createSupplierService(db),
    purchaseOrders: createPurchaseOrderService(db, infra.outbox),
    cash: createCashService(db, infra.outbox, cashReportPrinters(plugins)),
    taxRates: createTaxRateService(db),
    taxCategoryRates: createCategoryRateService(db),
    taxTable: createTaxTableService(db),
    salesSettings: createSalesSettingsService(db),
    customers: createCustomerService(db),
    storeCredit: createStoreCreditService(db),
    giftCards: createGiftCardService(db),
    sales: createSalesService(db, infra.outbox),
    refunds: createRefundService(db, infra.outbox),
    reversals: createReversalService(db, infra.outbox),
    exchanges: createExchangeService(db, infra.outbox),
    plugins,
    cardPayments: createCardPaymentService(db, infra.outbox, processors, cardRefunds),
    cardRefunds,
    receipts: createReceiptService(db, receiptPrinters(plugins)),
    receiptEmails: createReceiptEmailService(db, infra.outbox, infra.mailer !== null),
    infra,
  };
}

export type Services = ReturnType<typeof createServices>;
