// Does every setting reach the API and the worker containers? The rules docker-compose.yml and .env.example keep,
// as a pure function over their parsed text, so a test can also feed it a schema with a variable added later.
import type { ZodType } from 'zod';
import { asList, type ComposeFile, type EnvLine, interpolatedNames } from './deploy-files.js';

/** The containers that run our code; each gets every setting. */
export const BILLING_SERVICES = ['api', 'worker'] as const;

/** Production refuses to start without these, yet compose has a reason not to stop without them itself. */
export const REQUIRED_WITHOUT_COMPOSE_STOP: Record<string, string> = {
  JWT_SECRET: 'HS256 only: with RS256 it is JWT_PUBLIC_KEY or JWT_JWKS_URL; the service names the missing key at start',
  CLOUDPAYMENTS_API_URL: "compose defaults it to the real acquirer's https://api.cloudpayments.ru",
};

/**
 * Settings of our processes read outside config/env-schema.ts, by a library from the environment (OpenTelemetry's
 * exporter). Listing them in .env.example is not a stale entry.
 */
export const READ_OUTSIDE_SCHEMA = new Set(['OTEL_EXPORTER_OTLP_HEADERS']);

export interface DeploymentSettings {
  /** Every variable the service reads: the keys of config/env-schema.ts. */
  schemaVariables: readonly string[];
  /** The schema's variables production refuses to start without. */
  requiredInProduction: readonly string[];
  compose: ComposeFile;
  composeText: string;
  envExample: EnvLine[];
  /** Variables the image sets (Dockerfile ENV): an `.env` value would override them. */
  imageEnv: ReadonlySet<string>;
}

/** The variables a production parse of the schema complains about when given nothing but NODE_ENV. */
export function productionRequiredVariables(schema: ZodType): string[] {
  const result = schema.safeParse({ NODE_ENV: 'production' });
  return result.success ? [] : [...new Set(result.error.issues.map((issue) => String(issue.path[0])))];
}

/** Every way a setting would not reach a billing container, one sentence each; empty when all do. */
export function settingsCoverageProblems(s: DeploymentSettings): string[] {
  const problems: string[] = [];
  const listed = new Map<string, EnvLine>();
  for (const line of s.envExample) {
    if (listed.has(line.name)) problems.push(`${line.name}: listed twice in .env.example`);
    listed.set(line.name, line);
  }
  for (const name of s.schemaVariables) {
    if (!listed.has(name))
      problems.push(`${name}: read by the service (config/env-schema.ts), missing from .env.example`);
  }
  const known = new Set([...s.schemaVariables, ...READ_OUTSIDE_SCHEMA, ...interpolatedNames(s.composeText)]);
  for (const name of listed.keys()) {
    if (!known.has(name)) problems.push(`${name}: in .env.example, but neither the service nor compose reads it`);
  }
  for (const serviceName of BILLING_SERVICES) {
    const service = s.compose.services[serviceName];
    if (!service) {
      problems.push(`${serviceName}: no such compose service`);
      continue;
    }
    if (!asList(service.env_file).includes('.env')) problems.push(`${serviceName}: no env_file .env`);
    const environment = service.environment ?? {};
    for (const name of Object.keys(environment)) {
      if (!known.has(name)) problems.push(`${serviceName}: environment ${name} is read by nothing (a typo?)`);
    }
    for (const name of s.requiredInProduction) {
      if (name in REQUIRED_WITHOUT_COMPOSE_STOP) continue;
      if (!String(environment[name] ?? '').startsWith(`\${${name}:?`)) {
        problems.push(
          `${serviceName}: ${name} is required in production; compose must stop without it (\${${name}:?…})`,
        );
      }
    }
    for (const name of s.imageEnv) {
      const line = listed.get(name);
      if (line && !line.commented && !(name in environment)) {
        problems.push(`${name}: set in .env.example, it would override the image's ENV in ${serviceName}`);
      }
    }
  }
  return problems;
}
