import { hostname } from 'node:os';

/** The same shape Temporal uses by default, so the Web UI and our probe rows agree. */
export const defaultWorkerIdentity = () => `${process.pid}@${hostname()}`;
