// The YooKassa sandbox's fault switches: the shared ones plus its own (an answer lost after the operation
// was committed, notifications delayed or delivered out of order).
import { z } from 'zod';
import { createFaults, faultSettingsSchema } from '../faults.js';

export const yooKassaFaultSchema = faultSettingsSchema.extend({
  /** The operation is processed (and its Idempotence-Key answer stored) but the client gets HTTP 500. */
  errorAfterCommitRate: z.number().min(0).max(1).default(0),
  /** Each notification waits for the next one and is delivered after it. */
  reorderNotifications: z.boolean().default(false),
  /** Delay before a notification's first delivery attempt. */
  notificationDelayMs: z.number().int().min(0).max(600_000).default(0),
});
export type YooKassaFaultSettings = z.infer<typeof yooKassaFaultSchema>;

export const createYooKassaFaults = (random?: () => number) => createFaults(random, yooKassaFaultSchema.parse({}));
export type YooKassaFaults = ReturnType<typeof createYooKassaFaults>;
