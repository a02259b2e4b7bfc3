import { createMemoryProvider } from '../../acquiring/memory/provider.js';
import { providerContract } from './contract.js';
import type { ContractHarness } from './contract-harness.js';

const memory = createMemoryProvider({ webhookSecret: 'contract-secret' });

const harness: ContractHarness = {
  provider: memory.provider,
  cryptogram: async (card) => memory.controls.cryptogram(card),
  paRes: async (id, result) => memory.controls.paRes(id, result),
  payLink: async (url, card) => {
    await memory.controls.payLink(url, card);
  },
  setTokenBehavior: async (token, code, times) => memory.controls.setTokenBehavior(token, code, times),
  injectFault: async (fault) => memory.controls.injectFault(fault),
  clearFaults: async () => memory.controls.clearFault(),
  ledgerEntries: async (invoiceId) => memory.controls.transactions().filter((t) => t.invoiceId === invoiceId).length,
  payNotification: async (payment, format) =>
    memory.controls.notification('pay', payment.providerTransactionId ?? '', format),
};

providerContract('in-memory provider', () => harness);
