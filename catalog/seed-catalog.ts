import type { Database } from '../db/create-db.js';
import { plans } from '../db/schema/index.js';
import { DEFAULT_PLANS, DEMO_MINUTE_PLAN } from './default-plans.js';

/** Inserts the default plans that are missing; never touches a plan an operator has changed. */
export async function seedCatalog(db: Database, options: { shortPeriodsEnabled: boolean }) {
  const rows = options.shortPeriodsEnabled ? [...DEFAULT_PLANS, DEMO_MINUTE_PLAN] : DEFAULT_PLANS;
  await db.insert(plans).values(rows).onConflictDoNothing({ target: plans.id });
}
