import type { SearchAttributeType } from '@temporalio/common';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { inject } from 'vitest';
import { BILLING_SEARCH_ATTRIBUTES } from '../../workflows/search-attributes.js';
import { freePort } from './free-port.js';

// temporal.api.enums.v1.IndexedValueType: the test server takes no search-attribute flags, so they are registered
// through its operator service, which wants the enum's numbers.
const INDEXED_VALUE_TYPE: Record<SearchAttributeType, number> = {
  TEXT: 1,
  KEYWORD: 2,
  INT: 3,
  DOUBLE: 4,
  BOOL: 5,
  DATETIME: 6,
  KEYWORD_LIST: 7,
};

/**
 * Temporal's time-skipping test server (installed by scripts/temporal-test-server.mjs), one per test file because
 * skipping time is global to a server, with our search attributes registered. It has no schedules and no visibility
 * list or count queries.
 */
export async function startTimeSkippingServer(): Promise<TestWorkflowEnvironment> {
  const env = await launch();
  try {
    await env.connection.operatorService.addSearchAttributes({
      namespace: env.namespace ?? 'default',
      searchAttributes: Object.fromEntries(
        BILLING_SEARCH_ATTRIBUTES.map((key) => [key.name, INDEXED_VALUE_TYPE[key.type]]),
      ),
    });
  } catch (error) {
    await env.teardown();
    throw error;
  }
  return env;
}

/**
 * The SDK gives the server 5 s to listen, a fixed limit; a JVM starting on a busy 2-core machine can take longer (seen
 * once in a full run beside other work). Only that failure to start is tried again, on a new port, twice at most.
 */
async function launch(attempt = 1): Promise<TestWorkflowEnvironment> {
  try {
    return await TestWorkflowEnvironment.createTimeSkipping({
      server: { executable: { type: 'existing-path', path: inject('temporalTestServerPath') }, port: await freePort() },
    });
  } catch (error) {
    if (attempt >= 3 || !/did not start within/.test(String(error))) throw error;
    return launch(attempt + 1);
  }
}
