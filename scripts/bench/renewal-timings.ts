// Renewals as PostgreSQL records them: each paid renewal invoice's period start (the instant it fell due) and
// `paid_at`. Lateness is the gap between the two; the rate is how many were paid in a span of wall time.
import postgres from 'postgres';

export interface PaidRenewal {
  dueMs: number;
  paidMs: number;
}

export function openRenewalReader(databaseUrl: string) {
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  return {
    async paidRenewals(): Promise<PaidRenewal[]> {
      const rows = await sql<Array<{ due_ms: string; paid_ms: string }>>`
        select (extract(epoch from period_start) * 1000)::bigint as due_ms,
               (extract(epoch from paid_at) * 1000)::bigint as paid_ms
        from invoices
        where kind = 'renewal' and status = 'paid' and paid_at is not null`;
      return rows.map((r) => ({ dueMs: Number(r.due_ms), paidMs: Number(r.paid_ms) }));
    },
    close: () => sql.end({ timeout: 5 }),
  };
}
