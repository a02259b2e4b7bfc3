import type { z } from 'zod';

/** Every acquirer this build has an adapter for; adding one = a name here and a case in acquiring/registry.ts. */
export const ACQUIRER_NAMES = ['cloudpayments', 'yookassa'] as const;
export type AcquirerName = (typeof ACQUIRER_NAMES)[number];

/** One ACQUIRER_ROUTES rule: new checkouts of this plan (or in this currency) go to that acquirer. */
export interface AcquirerRoute {
  by: 'plan' | 'currency';
  value: string;
  acquirer: string;
}

const RULE = /^(plan|currency):([^=\s]+)=([a-z0-9_-]+)$/;

/** `ACQUIRERS`: comma-separated, blanks ignored; unset means only the default. */
export function acquirerList(text: string | undefined, fallback: string): string[] {
  const names = (text ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return names.length > 0 ? names : [fallback];
}

/** `ACQUIRER_ROUTES`, e.g. `plan:annual=yookassa,currency:USD=cloudpayments`; every bad rule is a problem. */
export function parseAcquirerRoutes(text: string | undefined): { routes: AcquirerRoute[]; problems: string[] } {
  const routes: AcquirerRoute[] = [];
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const rule of (text ?? '').split(',').map((s) => s.trim())) {
    if (!rule) continue;
    const match = RULE.exec(rule);
    if (!match) {
      problems.push(`not a rule (plan:<id>=<acquirer> or currency:<ISO>=<acquirer>): ${rule}`);
      continue;
    }
    const [, by, raw, acquirer] = match as unknown as [string, AcquirerRoute['by'], string, string];
    const value = by === 'currency' ? raw.toUpperCase() : raw;
    if (by === 'currency' && !/^[A-Z]{3}$/.test(value)) problems.push(`not an ISO currency: ${rule}`);
    const key = `${by}:${value}`;
    if (seen.has(key)) problems.push(`${key} is routed twice`);
    seen.add(key);
    routes.push({ by, value, acquirer });
  }
  return { routes, problems };
}

interface AcquirerEnv {
  ACQUIRER: string;
  ACQUIRERS?: string | undefined;
  ACQUIRER_ROUTES?: string | undefined;
}

/** Refuses at start what routing could not honour: unknown names, a default not configured, rules to nowhere. */
export function acquirerIssues(env: AcquirerEnv, ctx: z.RefinementCtx): void {
  const names = acquirerList(env.ACQUIRERS, env.ACQUIRER);
  const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
  for (const name of names) {
    if (!(ACQUIRER_NAMES as readonly string[]).includes(name)) {
      issue('ACQUIRERS', `${name} is not an acquirer this build has (${ACQUIRER_NAMES.join(', ')})`);
    }
  }
  if (new Set(names).size !== names.length) issue('ACQUIRERS', 'names an acquirer twice');
  if (!names.includes(env.ACQUIRER)) issue('ACQUIRER', `${env.ACQUIRER} is not among ACQUIRERS (${names.join(', ')})`);
  const { routes, problems } = parseAcquirerRoutes(env.ACQUIRER_ROUTES);
  for (const problem of problems) issue('ACQUIRER_ROUTES', problem);
  for (const route of routes) {
    if (!names.includes(route.acquirer)) {
      issue('ACQUIRER_ROUTES', `${route.by}:${route.value} goes to ${route.acquirer}, which is not among ACQUIRERS`);
    }
  }
}
