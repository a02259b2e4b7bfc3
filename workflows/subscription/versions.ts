// Patch ids of the subscription workflow (Temporal `patched()`): a run records the marker when it takes the new
// code, and replays of older histories (no marker) keep the old code. See README "Changing workflows".

/** Release 2: one ordered decision loop instead of concurrent handlers (issue 10). */
export const ORDERED_DECISIONS = 'subscription-ordered-decisions';

/**
 * A first-release run waiting for its period end hands over to release 2 when the period ends (it continues-as-new
 * before renewing), so renewals are made by the ordered loop from the deploy on, not one period later.
 */
export const HAND_OVER_AT_PERIOD_END = 'subscription-v1-hand-over-at-period-end';

/** A first-release run whose dunning ends with a new-card link open asks the acquirer first: a paid link wins. */
export const LOOK_UP_LINK_BEFORE_ENDING = 'subscription-v1-look-up-link-before-ending';

/**
 * A run persists each decision by a local activity (no activity task round trip, one marker in history instead of
 * three events and a workflow task) and publishes its search attributes when it waits or continues-as-new, once,
 * instead of on every transition (issue 14). A run continued by such a run says so in its input.
 */
export const LEAN_PERSIST = 'subscription-lean-persist';
