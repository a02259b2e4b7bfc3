// Verifying a new card costs the payer nothing: a hold of the smallest sensible amount, released at once.
/** 1.00 in a two-decimal currency (RUB); large enough for issuers that refuse zero or sub-unit authorisations. */
export const CARD_CHECK_AMOUNT = 100;
