export { type ChargeAnswer, idempotencyKeyFor, paymentIdFor } from '../../../domain/subscription/charge-answer.js';
