import type { AuditLogStore, AuditRow } from '../../src/server/store/auditLog';

/** Every audit row, in id order (rows() streams them; tests mostly want the whole list). */
export async function auditRows(log: AuditLogStore): Promise<AuditRow[]> {
  const rows: AuditRow[] = [];
  for await (const row of log.rows()) rows.push(row);
  return rows;
}
