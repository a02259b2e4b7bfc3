export * from './audit.js';
export * from './billing.js';
export * from './diagnostics.js';
export * from './messaging.js';
export * from './plans.js';
export * from './reconciliation.js';
export * from './statuses.js';
export * from './subscriptions.js';
