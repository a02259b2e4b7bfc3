// How the request id (api/request-context.ts) reads in /openapi.json: every operation takes an optional
// `X-Request-Id` and every answer carries one. Added to the generated document, since it is every route's, not one's.
import type { App } from './app-env.js';
import { REQUEST_ID_PATTERN } from './request-context.js';

const PARAMETER = {
  name: 'X-Request-Id',
  in: 'header',
  required: false,
  description: 'Your id for this request, echoed in the answer and in our logs and traces; else one is made',
  schema: { type: 'string' as const, pattern: REQUEST_ID_PATTERN },
};
const HEADER = {
  description: 'The id of this request: the caller’s X-Request-Id, or one made for it; quote it to support',
  schema: { type: 'string' as const },
};
const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

type Operation = { parameters?: unknown[]; responses?: Record<string, { headers?: Record<string, unknown> }> };
type Document = ReturnType<App['getOpenAPI31Document']>;

export function declareRequestIds(doc: Document): Document {
  doc.components = { ...doc.components, headers: { ...doc.components?.headers, RequestId: HEADER } };
  for (const item of Object.values(doc.paths ?? {})) {
    for (const method of METHODS) {
      const op = (item as Record<string, Operation | undefined>)[method];
      if (!op) continue;
      op.parameters = [...(op.parameters ?? []), PARAMETER];
      for (const answer of Object.values(op.responses ?? {}))
        answer.headers = { ...answer.headers, 'X-Request-Id': { $ref: '#/components/headers/RequestId' } };
    }
  }
  return doc;
}
