import type { App, AppDeps } from '../../app-env.js';
import { readFinanceSummary } from './finance-summary.js';
import { getFinanceSummary } from './routes.js';

/** The UTC midnight starting the day `date` names, or today's. */
const utcDay = (date: string | undefined, now: Date) => new Date(`${date ?? now.toISOString().slice(0, 10)}T00:00:00Z`);

export function registerFinanceRoutes(app: App, deps: AppDeps) {
  app.openapi(getFinanceSummary, async (c) => {
    const { date } = c.req.valid('query');
    const day = utcDay(date, deps.now?.() ?? new Date());
    // One snapshot: a renewal paid between two of the queries never shows in one number and not in another.
    const summary = await deps.db.transaction((tx) => readFinanceSummary(tx, day), {
      isolationLevel: 'repeatable read',
      accessMode: 'read only',
    });
    return c.json(summary, 200);
  });
}
