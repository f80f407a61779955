import { sql, type Tx } from '@tillpoint/db';
import type { BarcodeRuleView } from './barcode-rule-schemas.ts';

const ruleColumns = sql`id, name, prefix, item_code_length as "itemCodeLength",
  value_length as "valueLength", value_kind as "valueKind", barcode_length as "barcodeLength",
  to_json(created_at) #>> '{}' as "createdAt"`;

export function selectBarcodeRules(tx: Tx): Promise<BarcodeRuleView[]> {
  return tx.query<BarcodeRuleView>(
    sql`select ${ruleColumns} from embedded_barcode_rules order by barcode_length, prefix`,
  );
}

export interface BarcodeRuleRow {
  readonly name: string;
  readonly prefix: string;
  readonly itemCodeLength: number;
  readonly valueLength: number;
  readonly valueKind: 'price' | 'weight';
  readonly barcodeLength: number;
}

export function insertBarcodeRule(
  tx: Tx,
  tenantId: string,
  id: string,
  row: BarcodeRuleRow,
): Promise<BarcodeRuleView> {
  return tx.one<BarcodeRuleView>(sql`insert into embedded_barcode_rules (tenant_id, id, name,
      prefix, item_code_length, value_length, value_kind, barcode_length)
    values (${tenantId}, ${id}, ${row.name}, ${row.prefix}, ${row.itemCodeLength},
      ${row.valueLength}, ${row.valueKind}, ${row.barcodeLength})
    returning ${ruleColumns}`);
}

export function deleteBarcodeRule(tx: Tx, id: string): Promise<BarcodeRuleView | null> {
  return tx.maybeOne<BarcodeRuleView>(
    sql`delete from embedded_barcode_rules where id = ${id} returning ${ruleColumns}`,
  );
}
