import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import type { Config } from '../config/config.js';

export async function connectClient(temporal: Config['temporal']): Promise<Client> {
  const connection = await Connection.connect({ address: temporal.address });
  return new Client({ connection, namespace: temporal.namespace });
}

export function connectWorker(temporal: Config['temporal']): Promise<NativeConnection> {
  return NativeConnection.connect({ address: temporal.address });
}
