import { createMemoryProvider, type MemoryProviderOptions } from '../../acquiring/memory/provider.js';
import { cloudPaymentsNotificationContract } from './cloudpayments-notifications.js';
import { providerContract } from './contract.js';
import { CLOUDPAYMENTS_CARDS, CLOUDPAYMENTS_DECLINES, type ContractHarness } from './contract-harness.js';

function memoryHarness(options: MemoryProviderOptions) {
  const memory = createMemoryProvider({ webhookSecret: 'contract-secret', ...options });
  const harness: ContractHarness = {
    provider: memory.provider,
    cards: CLOUDPAYMENTS_CARDS,
    declines: CLOUDPAYMENTS_DECLINES,
    cryptogram: async (card) => memory.controls.cryptogram(card),
    authenticate: async (challenge, result) => memory.controls.authenticate(challenge, result),
    payLink: async (url, card) => {
      await memory.controls.payLink(url, card);
    },
    declineTokenCharges: async (token, times) => memory.controls.setTokenBehavior(token, 5005, times),
    injectFault: async (fault) => memory.controls.injectFault(fault),
    clearFaults: async () => memory.controls.clearFault(),
    ledgerEntries: async (invoiceId) => memory.controls.transactions().filter((t) => t.invoiceId === invoiceId).length,
    paymentNotification: async (payment) => memory.controls.notification('pay', payment.providerTransactionId ?? ''),
    forge: (request) => ({
      ...request,
      rawBody: Buffer.from(
        Buffer.from(request.rawBody)
          .toString('utf8')
          .replace(/Amount=[\d.]+/, 'Amount=1.00'),
      ),
    }),
  };
  const payNotification = async (payment: { providerTransactionId?: string | undefined }, format: 'form' | 'json') =>
    memory.controls.notification('pay', payment.providerTransactionId ?? '', format);
  return { harness, payNotification };
}

const signed = memoryHarness({});
const unsigned = memoryHarness({ notifications: 'unsigned' });

providerContract('in-memory provider', () => signed.harness);
providerContract('in-memory provider with unsigned notifications', () => unsigned.harness);
cloudPaymentsNotificationContract('in-memory provider', () => signed);
