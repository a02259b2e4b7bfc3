import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../support/harness.js';
import { body } from '../support/http.js';
import { requestPutting, type TextInput, textInputs } from '../support/openapi-text-inputs.js';

/**
 * Text PostgreSQL cannot store, in every input the OpenAPI document declares, is a 400 `invalid_character` naming the
 * field, never the database's 500 (the audit filters and the 3-D Secure `MD` answered 500 before). The cases come from
 * /openapi.json, so a new route or field is covered without being added here.
 */
describe('text the database cannot store', () => {
  let h: Harness;
  let inputs: TextInput[];
  let admin: string;

  beforeAll(async () => {
    h = await startHarness({}, { worker: false });
    admin = `Bearer ${await h.token('op-text', { admin: true })}`;
    inputs = textInputs(await body(await fetch(`${h.apiUrl}/openapi.json`)));
  });
  afterAll(async () => {
    await h?.close();
  });

  /** Each input's answer as `status code [named]`, so a failure lists every input that answered otherwise. */
  const answers = async (chosen: TextInput[], value: string) => {
    const seen: Record<string, string> = {};
    for (const input of chosen) {
      const { path, init } = requestPutting(input, value);
      const res = await fetch(`${h.apiUrl}${path}`, {
        ...init,
        headers: { ...(init.headers as Record<string, string>), authorization: admin },
      });
      const error = res.headers.get('content-type')?.includes('json') ? (await body(res)).error : undefined;
      const named = (error?.details?.fields ?? []).some((f: { path: string }) => f.path === input.field);
      seen[`${input.method} ${input.route} ${input.field}`] = `${res.status} ${error?.code} ${named ? 'named' : ''}`;
    }
    return seen;
  };
  const refusedEverywhere = (chosen: TextInput[]) =>
    Object.fromEntries(chosen.map((i) => [`${i.method} ${i.route} ${i.field}`, '400 invalid_character named']));

  it('finds the inputs in the document, the known offenders among them', () => {
    const fields = inputs.map((i) => `${i.method} ${i.route} ${i.field}`);
    expect(fields).toEqual(
      expect.arrayContaining([
        'GET /v1/admin/audit query.actor',
        'GET /v1/admin/audit query.entityId',
        'GET /v1/admin/audit query.entityType',
        'GET /v1/payments/3ds/callback query.state',
        'POST /v1/payments/3ds/callback query.payment',
        'POST /v1/plans json.name',
        'PATCH /v1/plans/{id} path.id',
        'POST /v1/subscriptions json.payment.cryptogram',
      ]),
    );
    expect(inputs.length).toBeGreaterThan(50);
  });

  it('a NUL in any path, query, form or JSON text input is 400 invalid_character naming that field', async () => {
    expect(await answers(inputs, 'a\u0000b')).toEqual(refusedEverywhere(inputs));
  });

  it('an unpaired surrogate in any JSON text input is refused the same way', async () => {
    // Only JSON can carry one: a URL or form encodes it as U+FFFD on the way.
    const json = inputs.filter((i) => i.location === 'json');
    expect(await answers(json, 'a\ud800b')).toEqual(refusedEverywhere(json));
  });

  it('the 3-D Secure return with a NUL in an otherwise complete MD and PaRes is refused, not a 500', async () => {
    const res = await fetch(`${h.apiUrl}/v1/payments/3ds/callback`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ MD: '504\u0000', PaRes: 'eJxVUdtu' }).toString(),
    });
    expect(res.status).toBe(400);
    expect((await body(res)).error).toMatchObject({
      code: 'invalid_character',
      details: { fields: [{ path: 'form.MD' }] },
    });
  });

  it('a token whose subject holds a NUL is refused before any query runs by it', async () => {
    const res = await fetch(`${h.apiUrl}/v1/subscriptions`, {
      headers: { authorization: `Bearer ${await h.token('carol\u0000')}` },
    });
    expect(res.status).toBe(400);
    expect((await body(res)).error).toMatchObject({
      code: 'invalid_character',
      details: { fields: [{ path: 'token.sub' }] },
    });
  });

  it('text with ordinary control characters and any other Unicode still reaches the handlers', async () => {
    const res = await fetch(`${h.apiUrl}/v1/admin/audit?actor=${encodeURIComponent('a\u0001\t😀b')}`, {
      headers: { authorization: admin },
    });
    expect(res.status).toBe(200);
    expect((await body(res)).items).toEqual([]);
  });
});
