import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SwaggerParser from '@apidevtools/swagger-parser';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import openapiTS, { astToString, type OpenAPI3 } from 'openapi-typescript';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../support/harness.js';
import { body } from '../support/http.js';

type Operation = { operationId?: string; parameters?: Array<{ in: string; name: string }>; responses?: object };
type Doc = OpenAPI3 & { paths: Record<string, Record<string, Operation>>; webhooks: Record<string, { post: object }> };

const METHODS = new Set(['get', 'post', 'put', 'patch', 'delete']);
const operations = (items: Record<string, Record<string, Operation>>) =>
  Object.entries(items).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => METHODS.has(method))
      .map(([method, op]) => ({ at: `${method.toUpperCase()} ${path}`, method, op })),
  );

/** A receiver's and a caller's code, typed only from the generated file; `@ts-expect-error` proves it is not `any`. */
const CLIENT = `import type { paths, webhooks } from './schema.js';

type Subscribe = paths['/v1/subscriptions']['post'];
export const request: Subscribe['requestBody']['content']['application/json'] = {
  planId: 'monthly',
  payment: { method: 'payment_link' },
};
export const headers: Subscribe['parameters']['header'] = { 'idempotency-key': 'checkout-1' };
declare const created: Subscribe['responses'][201]['content']['application/json'];
export const firstInvoice: string = created.checkout.invoiceId;

type ListSubscriptions = paths['/v1/subscriptions']['get'];
export const query: NonNullable<ListSubscriptions['parameters']['query']> = { limit: 50, starting_after: 'sub_1' };
declare const page: ListSubscriptions['responses'][200]['content']['application/json'];
export const more: boolean = page.has_more;
export const ids: string[] = page.items.map((s) => s.id);

type Granted = webhooks['entitlement.granted']['post']['requestBody'];
declare const granted: NonNullable<Granted>['content']['application/json'];
export const role: string | null = granted.data.role;
export const kind: 'entitlement.granted' = granted.type;

// @ts-expect-error planId is required
export const missingPlan: Subscribe['requestBody']['content']['application/json'] = { payment: { method: 'payment_link' } };
// @ts-expect-error has_more is a boolean
export const wrongMore: string = page.has_more;
`;

describe('OpenAPI for generated clients', () => {
  let h: Harness;
  let doc: Doc;
  beforeAll(async () => {
    h = await startHarness({}, { worker: false });
    doc = await body(await h.app.request('/openapi.json'));
  });
  afterAll(async () => {
    await h?.close();
  });

  it('the document with its webhooks validates as OpenAPI 3.1', async () => {
    expect(doc.openapi).toBe('3.1.0');
    await expect(SwaggerParser.validate(structuredClone(doc) as never)).resolves.toBeTruthy();
  });

  it('every operation, webhooks included, has its own operationId', () => {
    const all = [...operations(doc.paths), ...operations(doc.webhooks as never)];
    expect(all.filter(({ op }) => !op.operationId).map(({ at }) => at)).toEqual([]);
    const ids = all.map(({ op }) => op.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(all.length).toBeGreaterThan(40);
  });

  it('the main schemas carry examples, and every example is valid against its own schema', () => {
    const schemas = doc.components?.schemas as Record<string, { example?: unknown }>;
    const withExample = Object.keys(schemas).filter((name) => schemas[name]?.example !== undefined);
    expect(withExample).toEqual(
      expect.arrayContaining([
        'Subscription',
        'CreateSubscription',
        'Checkout',
        'Invoice',
        'Payment',
        'Refund',
        'Plan',
      ]),
    );
    expect(withExample).toEqual(expect.arrayContaining(['CreateRefund', 'Error', 'OutgoingEvent']));
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats.default(ajv);
    ajv.addSchema({ $id: 'https://billing.test/openapi.json', components: doc.components });
    const invalid = withExample.flatMap((name) => {
      const validate = ajv.compile({ $ref: `https://billing.test/openapi.json#/components/schemas/${name}` });
      return validate(schemas[name]?.example) ? [] : [{ name, errors: validate.errors }];
    });
    expect(invalid).toEqual([]);
  });

  it('every POST that can replay an answer declares the Idempotency-Key header it replays by', () => {
    const replaying = operations(doc.paths).filter(({ op }) =>
      JSON.stringify(op.responses ?? {}).includes('Idempotent-Replayed'),
    );
    expect(replaying.map(({ at }) => at)).toContain('POST /v1/subscriptions');
    for (const { at, op } of replaying) {
      expect({ at, header: op.parameters?.some((p) => p.in === 'header' && p.name === 'idempotency-key') }).toEqual({
        at,
        header: true,
      });
    }
  });

  it('every operation takes an optional X-Request-Id, and every answer declares the one the API sends', async () => {
    const all = operations(doc.paths);
    expect(all.length).toBeGreaterThan(30);
    for (const { at, op } of all) {
      const param = op.parameters?.find((p) => p.in === 'header' && p.name === 'X-Request-Id');
      const answers = Object.entries(op.responses ?? {}) as [string, { headers?: Record<string, unknown> }][];
      const undeclared = answers.filter(([, r]) => !r.headers?.['X-Request-Id']).map(([status]) => status);
      expect({ at, param: param !== undefined, undeclared }).toEqual({ at, param: true, undeclared: [] });
    }
    const res = await h.app.request('/v1/plans', { headers: { 'X-Request-Id': 'support-case-42' } });
    expect(res.headers.get('x-request-id')).toBe('support-case-42');
  });

  it('webhooks describe every event type product.md lists, with a signed-delivery header', () => {
    const listed = ['subscription.', 'payment.', 'refund.', 'entitlement.'].flatMap((prefix) =>
      Object.keys(doc.webhooks).filter((k) => k.startsWith(prefix)),
    );
    expect(listed.sort()).toEqual(
      expect.arrayContaining([
        'entitlement.granted',
        'entitlement.revoked',
        'payment.failed',
        'payment.succeeded',
        'refund.failed',
        'refund.succeeded',
        'subscription.activated',
        'subscription.canceled',
        'subscription.expired',
        'subscription.past_due',
        'subscription.plan_changed',
        'subscription.renewed',
      ]),
    );
    expect(JSON.stringify(doc.webhooks['subscription.renewed'])).toContain('billing-signature');
  });

  it('openapi-typescript types generated from /openapi.json compile a typed call and a webhook receiver', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'billing-client-'));
    try {
      const schema = astToString(await openapiTS(structuredClone(doc)));
      await writeFile(join(dir, 'schema.ts'), schema);
      await writeFile(join(dir, 'client.ts'), CLIENT);
      const program = ts.createProgram([join(dir, 'client.ts')], {
        strict: true,
        noEmit: true,
        target: ts.ScriptTarget.ES2022,
        module: ts.ModuleKind.NodeNext,
        moduleResolution: ts.ModuleResolutionKind.NodeNext,
        skipLibCheck: true,
        types: [],
      });
      const errors = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
      expect(errors).toEqual([]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
