import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import type { Config } from '../config/config.js';
import { clientTracingInterceptors } from '../observability/temporal-tracing.js';
import { temporalConnectionOptions } from './temporal-connection-options.js';

export async function connectClient(temporal: Config['temporal']): Promise<Client> {
  const connection = await Connection.connect(temporalConnectionOptions(temporal));
  // The caller's span (an API request's) travels in the headers of what the client starts, signals and updates.
  return new Client({ connection, namespace: temporal.namespace, interceptors: clientTracingInterceptors() });
}

export function connectWorker(temporal: Config['temporal']): Promise<NativeConnection> {
  return NativeConnection.connect(temporalConnectionOptions(temporal));
}
