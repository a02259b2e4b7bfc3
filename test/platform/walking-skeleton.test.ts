import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probes } from '../../db/schema/index.js';
import { type Harness, startHarness } from '../support/harness.js';
import { body } from '../support/http.js';

describe('walking skeleton: API → Temporal workflow → activity → PostgreSQL → API', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('POST /v1/admin/probes runs probeWorkflow whose activity writes the row the API then returns', async () => {
    const auth = { authorization: `Bearer ${await h.token('operator-1', { admin: true })}` };
    const created = await h.app.request('/v1/admin/probes', { method: 'POST', headers: auth });
    expect(created.status).toBe(201);
    const probe = await body(created);
    expect(probe).toMatchObject({
      status: 'completed',
      requestedBy: 'operator-1',
      workerIdentity: `test-worker-${process.pid}`,
    });
    expect(probe.workflowId).toBe(`probe-${probe.id}`);

    const [row] = await h.database.db.select().from(probes).where(eq(probes.id, probe.id));
    expect(row?.status).toBe('completed');

    const described = await h.client.workflow.getHandle(probe.workflowId).describe();
    expect(described.status.name).toBe('COMPLETED');
    expect(described.taskQueue).toBe(h.config.temporal.taskQueue);

    const read = await h.app.request(`/v1/admin/probes/${probe.id}`, { headers: auth });
    expect(read.status).toBe(200);
    expect(await body(read)).toEqual(probe);
  });

  it('GET /v1/admin/probes/{id} of an unknown probe is 404 probe_not_found', async () => {
    const auth = { authorization: `Bearer ${await h.token('operator-1', { admin: true })}` };
    const res = await h.app.request('/v1/admin/probes/prb_missing', { headers: auth });
    expect(res.status).toBe(404);
    expect((await body(res)).error.code).toBe('probe_not_found');
  });

  it('probes need a token (401) and the admin role (403)', async () => {
    expect((await h.app.request('/v1/admin/probes', { method: 'POST' })).status).toBe(401);
    const user = { authorization: `Bearer ${await h.token('viewer-1')}` };
    const res = await h.app.request('/v1/admin/probes', { method: 'POST', headers: user });
    expect(res.status).toBe(403);
    expect((await body(res)).error.code).toBe('forbidden');
  });
});
