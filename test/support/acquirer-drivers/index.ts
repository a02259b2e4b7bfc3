// The acquirers a whole-stack scenario can run on, by the name ACQUIRER takes.
import { cloudPaymentsDriver } from './cloudpayments.js';
import type { AcquirerDriver, AcquirerName } from './driver.js';
import { yooKassaDriver } from './yookassa.js';

export * from './driver.js';

const DRIVERS: Record<AcquirerName, AcquirerDriver> = {
  cloudpayments: cloudPaymentsDriver,
  yookassa: yooKassaDriver,
};

export const acquirerDriver = (name: AcquirerName): AcquirerDriver => DRIVERS[name];
