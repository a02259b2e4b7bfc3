import type { plans } from '../db/schema/index.js';

type NewPlan = typeof plans.$inferInsert;

/** The catalogue every deployment starts with; prices in kopecks. */
export const DEFAULT_PLANS: NewPlan[] = [
  { id: 'monthly', name: 'Monthly', amount: 29900, currency: 'RUB', periodUnit: 'month', periodCount: 1 },
  { id: 'quarterly', name: '3 months', amount: 79900, currency: 'RUB', periodUnit: 'month', periodCount: 3 },
  { id: 'half-year', name: '6 months', amount: 149900, currency: 'RUB', periodUnit: 'month', periodCount: 6 },
  { id: 'yearly', name: '12 months', amount: 279900, currency: 'RUB', periodUnit: 'year', periodCount: 1 },
];

/** Only where short periods are enabled (local stack, tests): a one-minute plan with dunning in seconds. */
export const DEMO_MINUTE_PLAN: NewPlan = {
  id: 'demo-minute',
  name: 'Demo (one minute)',
  amount: 1000,
  currency: 'RUB',
  periodUnit: 'minute',
  periodCount: 1,
  dunningScheduleSeconds: [10, 20, 30],
};
