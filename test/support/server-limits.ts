// Limits of the test run's Temporal dev server that tests rely on; set in global-setup.ts.

/**
 * Accepted updates one workflow run may receive (`history.maxTotalUpdates`, 2000 in production), lowered so a test
 * can spend a run's budget in seconds. No other test sends more than a handful of updates to one run. The server
 * suggests continue-as-new from 90 % of it (`history.maxTotalUpdates.suggestContinueAsNewThreshold`).
 */
export const UPDATES_PER_RUN = 40;
