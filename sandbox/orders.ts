// Payment links (`/orders/create`): an order is paid on the hosted page at its Url.
import { randomBytes } from 'node:crypto';
import type { SandboxTransaction } from './ledger.js';

export interface SandboxOrder {
  id: string;
  number: number;
  amount: number;
  currency: string;
  description: string;
  email: string | null;
  invoiceId: string | null;
  accountId: string | null;
  requireConfirmation: boolean;
  successRedirectUrl: string | null;
  failRedirectUrl: string | null;
  jsonData: string | null;
  status: 'Created' | 'Paid' | 'Cancelled';
  createdAt: Date;
  paidAt: Date | null;
  transactionIds: number[];
  url: string;
}

const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';
const orderId = () => [...randomBytes(16)].map((b) => ALPHABET[b % ALPHABET.length]).join('');

export function createOrderStore() {
  const orders = new Map<string, SandboxOrder>();
  let number = 1;
  return {
    create(
      fields: Omit<SandboxOrder, 'id' | 'number' | 'status' | 'createdAt' | 'paidAt' | 'transactionIds' | 'url'>,
      baseUrl: string,
    ) {
      const id = orderId();
      const order: SandboxOrder = {
        ...fields,
        id,
        number: number++,
        status: 'Created',
        createdAt: new Date(),
        paidAt: null,
        transactionIds: [],
        url: `${baseUrl}/d/${id}`,
      };
      orders.set(id, order);
      return order;
    },
    get: (id: string) => orders.get(id),
    /** Records a finished payment attempt against its order. */
    settle(tx: SandboxTransaction) {
      const order = tx.orderId ? orders.get(tx.orderId) : undefined;
      if (!order) return;
      if (!order.transactionIds.includes(tx.id)) order.transactionIds.push(tx.id);
      if (tx.status === 'Completed' || tx.status === 'Authorized') {
        order.status = 'Paid';
        order.paidAt = new Date();
      }
    },
  };
}
export type OrderStore = ReturnType<typeof createOrderStore>;

const msDate = (d: Date | null) => (d ? `/Date(${d.getTime()})/` : null);
const isoDate = (d: Date | null) => (d ? d.toISOString().slice(0, 19) : null);

export function orderModel(order: SandboxOrder) {
  return {
    Id: order.id,
    Number: order.number,
    Amount: order.amount,
    Currency: order.currency,
    CurrencyCode: 0,
    Email: order.email,
    Phone: null,
    Description: order.description,
    RequireConfirmation: order.requireConfirmation,
    Url: order.url,
    CultureName: 'ru-RU',
    CreatedDate: msDate(order.createdAt),
    CreatedDateIso: isoDate(order.createdAt),
    PaymentDate: msDate(order.paidAt),
    PaymentDateIso: isoDate(order.paidAt),
    StatusCode: order.status === 'Created' ? 0 : order.status === 'Paid' ? 2 : 3,
    Status: order.status,
    InternalId: order.number,
  };
}

/** The card payment an order asks for, as the hosted page and the test control both make it. */
export function orderPayment(order: SandboxOrder, payer: { ipAddress: string; name: string | null; packet: string }) {
  return {
    amount: order.amount,
    currency: order.currency,
    invoiceId: order.invoiceId,
    accountId: order.accountId,
    description: order.description,
    email: order.email,
    ipAddress: payer.ipAddress,
    name: payer.name,
    jsonData: order.jsonData,
    twoStage: order.requireConfirmation,
    requestId: null,
    orderId: order.id,
    packet: payer.packet,
  };
}
