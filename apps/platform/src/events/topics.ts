// Pub/sub topics are built on the server from the authenticated tenant, never from client input,
// so a subscriber can only ever be wired to its own tenant's events.
export function storeStockTopic(tenantId: string, storeId: string): string {
  return `tenant/${tenantId}/store/${storeId}/stock`;
}

export function storeLowStockTopic(tenantId: string, storeId: string): string {
  return `tenant/${tenantId}/store/${storeId}/low-stock`;
}
