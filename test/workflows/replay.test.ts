import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type History, Worker } from '@temporalio/worker';
import { describe, expect, inject, it } from 'vitest';
import { HISTORIES_DIR, recordedHistories } from '../support/histories.js';

const fixtures = recordedHistories();

describe('replay of recorded workflow histories', () => {
  it('has recorded histories to replay', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(5);
  });

  it.each(fixtures)('%s replays deterministically against the current workflow code', async (file) => {
    const { workflowId, history } = JSON.parse(readFileSync(join(HISTORIES_DIR, file), 'utf8')) as {
      workflowId: string;
      history: History;
    };
    const results = Worker.runReplayHistories(
      { workflowBundle: { codePath: inject('workflowBundlePath') }, replayName: file },
      [{ workflowId, history }],
    );
    for await (const result of results) expect(result.error).toBeUndefined();
  });
});
