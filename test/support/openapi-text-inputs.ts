// Every place an OpenAPI document lets a caller put text: path and query parameters, form fields, and the string
// properties of JSON bodies (nested objects and either side of a union included). Tests walk it so a new route or
// field is covered without anyone adding it to a list.

type Schema = Record<string, unknown>;
// biome-ignore lint/suspicious/noExplicitAny: an OpenAPI document is plain JSON walked by shape
type Doc = any;

export interface TextInput {
  method: string;
  /** As documented, e.g. `/v1/plans/{id}`. */
  route: string;
  /** `path` | `query` | `json` | `form`. */
  location: string;
  /** Where in it: a parameter name, or `payment.cryptogram` inside a JSON body. */
  name: string;
  /** What the answer names: `query.actor`, `path.id`, `json.payment.cryptogram`, `form.MD`. */
  field: string;
  /** The route's other path parameters, for building its URL. */
  pathParams: string[];
}

function resolve(doc: Doc, schema: Schema): Schema {
  const ref = schema.$ref;
  if (typeof ref !== 'string') return schema;
  return resolve(
    doc,
    ref
      .replace(/^#\//, '')
      .split('/')
      .reduce((node, key) => node[key], doc),
  );
}

const isString = (s: Schema) => s.type === 'string' || (Array.isArray(s.type) && s.type.includes('string'));

/** Dotted paths of the string-valued leaves of a JSON schema. */
function stringLeaves(doc: Doc, raw: Schema, prefix: string, out: Set<string>) {
  const schema = resolve(doc, raw);
  if (isString(schema) && prefix) out.add(prefix);
  for (const key of ['anyOf', 'oneOf', 'allOf'])
    for (const part of (schema[key] as Schema[] | undefined) ?? []) stringLeaves(doc, part, prefix, out);
  for (const [name, sub] of Object.entries((schema.properties as Record<string, Schema> | undefined) ?? {}))
    stringLeaves(doc, sub, prefix ? `${prefix}.${name}` : name, out);
  if (schema.items) stringLeaves(doc, schema.items as Schema, `${prefix}.0`, out);
}

export function textInputs(doc: Doc): TextInput[] {
  const inputs: TextInput[] = [];
  for (const [route, operations] of Object.entries<Doc>(doc.paths)) {
    for (const [method, op] of Object.entries<Doc>(operations)) {
      const parameters: Doc[] = op.parameters ?? [];
      const pathParams = parameters.filter((p) => p.in === 'path').map((p) => p.name as string);
      const add = (location: string, name: string) =>
        inputs.push({ method: method.toUpperCase(), route, location, name, field: `${location}.${name}`, pathParams });
      for (const p of parameters) if (p.in === 'path' || p.in === 'query') add(p.in, p.name);
      for (const [type, media] of Object.entries<Doc>(op.requestBody?.content ?? {})) {
        const leaves = new Set<string>();
        stringLeaves(doc, media.schema ?? {}, '', leaves);
        const location = type.includes('json') ? 'json' : 'form';
        for (const leaf of leaves) add(location, leaf);
      }
    }
  }
  return inputs;
}

/** `{ a: { b: value } }` for the dotted path `a.b` (a numeric step makes an array). */
export function nestedValue(path: string, value: unknown): unknown {
  return path.split('.').reduceRight<unknown>((inner, key) => (/^\d+$/.test(key) ? [inner] : { [key]: inner }), value);
}

/** A request that puts `value` into exactly the one input, and plain text everywhere else it needs some. */
export function requestPutting(input: TextInput, value: string): { path: string; init: RequestInit } {
  let path = input.route;
  for (const name of input.pathParams) {
    path = path.replace(
      `{${name}}`,
      encodeURIComponent(input.location === 'path' && input.name === name ? value : 'x'),
    );
  }
  const headers: Record<string, string> = { 'idempotency-key': `text-${input.field}` };
  let body: string | undefined;
  if (input.location === 'query') path += `?${new URLSearchParams({ [input.name]: value })}`;
  if (input.location === 'json') {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(nestedValue(input.name, value));
  }
  if (input.location === 'form') {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams({ [input.name]: value }).toString();
  }
  return { path, init: { method: input.method, headers, body } };
}
