import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { recordAudit } from '../../../db/audit.js';
import { plans } from '../../../db/schema/index.js';
import { ConflictError, NotFoundError, ValidationError } from '../../../domain/errors.js';
import { assertCurrencySupported } from '../../../domain/unsupported-currency.js';
import type { App, AppDeps } from '../../app-env.js';
import { type ListOrder, readTablePage } from '../../pagination.js';
import { createPlan, listPlans, updatePlan } from './routes.js';

type PlanRow = typeof plans.$inferSelect;

export const toPlan = (row: PlanRow) => ({
  id: row.id,
  name: row.name,
  amount: row.amount,
  currency: row.currency,
  period: { unit: row.periodUnit, count: row.periodCount },
  role: row.role,
  active: row.active,
});

/** The catalogue reads cheapest first, as it always has; a handful of rows, so no index on the price. */
const planOrder = { table: plans, id: plans.id, keys: [plans.amount, plans.id], direction: 'asc' } satisfies ListOrder;

/** Reading the catalogue is public; writes are admin-only (see access-policy.ts). */
export function registerPlanRoutes(app: App, { db, config, acquirers }: AppDeps) {
  // A plan may be priced in any currency some configured acquirer takes (ACQUIRER_ROUTES can send it there).
  const currencies = [...new Set(acquirers.all().flatMap((p) => p.capabilities.currencies))];
  app.openapi(listPlans, async (c) => {
    const page = await readTablePage(db, c.req.valid('query'), planOrder, eq(plans.active, true));
    return c.json({ items: page.rows.map(toPlan), has_more: page.has_more }, 200);
  });

  app.openapi(createPlan, async (c) => {
    const input = c.req.valid('json');
    if (input.period.unit === 'minute' && !config.shortPeriodsEnabled) {
      throw new ValidationError('Minute periods are enabled only for demos and tests', {
        fields: [{ path: 'json.period.unit', message: 'minute periods are disabled (SHORT_PERIODS_ENABLED=false)' }],
      });
    }
    assertCurrencySupported(input.currency, currencies, 'json.currency');
    const actor = c.get('principal').userId;
    const values = {
      id: input.id ?? `plan_${randomUUID()}`,
      name: input.name,
      amount: input.amount,
      currency: input.currency,
      periodUnit: input.period.unit,
      periodCount: input.period.count,
      role: input.role,
      active: input.active,
      dunningScheduleSeconds: input.dunningScheduleSeconds ?? null,
    };
    const row = await db.transaction(async (tx) => {
      const [inserted] = await tx.insert(plans).values(values).onConflictDoNothing({ target: plans.id }).returning();
      if (!inserted) throw new ConflictError('plan_exists', `Plan ${values.id} already exists`, { id: values.id });
      await recordAudit(tx, {
        actor,
        action: 'plan.created',
        entityType: 'plan',
        entityId: inserted.id,
        after: toPlan(inserted),
      });
      return inserted;
    });
    return c.json(toPlan(row), 201);
  });

  app.openapi(updatePlan, async (c) => {
    const { id } = c.req.valid('param');
    const patch = c.req.valid('json');
    const actor = c.get('principal').userId;
    const row = await db.transaction(async (tx) => {
      const [before] = await tx.select().from(plans).where(eq(plans.id, id)).for('update');
      if (!before) throw new NotFoundError('plan', id);
      // A plan left over in a currency no acquirer takes may be renamed or taken off sale, never (kept) on sale.
      if (patch.active ?? before.active) assertCurrencySupported(before.currency, currencies);
      const [after] = await tx
        .update(plans)
        .set({ ...patch, updatedAt: new Date() })
        .where(eq(plans.id, id))
        .returning();
      if (!after) throw new NotFoundError('plan', id);
      await recordAudit(tx, {
        actor,
        action: 'plan.updated',
        entityType: 'plan',
        entityId: id,
        before: toPlan(before),
        after: toPlan(after),
      });
      return after;
    });
    return c.json(toPlan(row), 200);
  });
}
