// Reads our side of the books straight from PostgreSQL (the rows the API serves from), and whether each live
// subscription's workflow still runs.
import { Client, Connection } from '@temporalio/client';
import postgres from 'postgres';
import { subscriptionWorkflowId } from '../../workflows/workflow-ids.js';
import type { Books } from './invariants.js';

export function booksReader(databaseUrl: string, temporalAddress: string) {
  const sql = postgres(databaseUrl, { max: 2, onnotice: () => {} });
  /** Per subscription id: whether its workflow runs; undefined when Temporal cannot say (it is restarting). */
  const workflowsRunning = async (ids: string[]) => {
    const running = new Map<string, boolean | undefined>();
    const connection = await Connection.connect({ address: temporalAddress, connectTimeout: 5000 }).catch(
      () => undefined,
    );
    if (!connection) return running;
    try {
      const client = new Client({ connection });
      for (const id of ids) {
        const status = await client.workflow
          .getHandle(subscriptionWorkflowId(id))
          .describe()
          .then(
            (d) => d.status.name,
            () => undefined,
          );
        running.set(id, status === undefined ? undefined : status === 'RUNNING');
      }
    } finally {
      await connection.close();
    }
    return running;
  };
  return {
    async read(): Promise<Books> {
      const invoices = await sql`select id, status, amount::int as amount, kind from invoices`;
      const payments = await sql`select id, invoice_id, status, provider_transaction_id from payments`;
      const refunds =
        await sql`select id, payment_id, status, amount::int as amount, provider_transaction_id from refunds`;
      const rows = await sql`select id, status from subscriptions`;
      const running = await workflowsRunning(rows.filter((r) => r.status === 'active').map((r) => r.id as string));
      const subscriptions = rows.map((r) => ({ id: r.id, status: r.status, workflowRunning: running.get(r.id) }));
      return { invoices, payments, refunds, subscriptions } as unknown as Books;
    },
    close: () => sql.end({ timeout: 5 }),
  };
}
