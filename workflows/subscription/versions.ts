// Patch ids of the subscription workflow (Temporal `patched()`): a run records the marker when it takes the new
// code, and replays of older histories (no marker) keep the old code. See README "Changing workflows".

/** Release 2: one ordered decision loop instead of concurrent handlers (issue 10). */
export const ORDERED_DECISIONS = 'subscription-ordered-decisions';
