import { createHash } from 'node:crypto';

/** A short, stable name for an endpoint URL: part of its delivery workflow ids, without the URL itself. */
export const endpointKey = (endpoint: string) => createHash('sha256').update(endpoint).digest('hex').slice(0, 12);
