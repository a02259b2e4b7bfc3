// What the compose schema cannot say about docker-compose.yml: the start order holds together, our containers run
// compiled code by `node` (signals reach it), and Temporal is set up the supported way.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { BILLING_SERVICES } from './compose-env-coverage.js';
import { asList, type ComposeFile, type ComposeService, REPO_ROOT } from './deploy-files.js';

/** Go durations as compose writes them (`1m30s`), in seconds. */
export function durationSeconds(text: string | undefined): number {
  const units: Record<string, number> = { h: 3600, m: 60, s: 1, ms: 0.001 };
  let total = 0;
  for (const [, amount, unit] of (text ?? '').matchAll(/(\d+(?:\.\d+)?)(h|ms|m|s)/g)) {
    total += Number(amount) * (units[unit as string] ?? 0);
  }
  return total;
}

const dependencies = (service: ComposeService): Array<[string, string]> =>
  Array.isArray(service.depends_on)
    ? service.depends_on.map((name) => [name, 'service_started'])
    : Object.entries(service.depends_on ?? {}).map(([name, d]) => [name, d.condition]);

const commandOf = (service: ComposeService) => [...asList(service.entrypoint), ...asList(service.command)];

/**
 * Why a command is not our compiled code run by node itself, or undefined: `["node", "dist/<dir>/<file>.js"]`, built
 * by `npm run build` from `<dir>/<file>.ts` (same layout), which must exist.
 */
export function nodeEntryPointProblem(command: string[]): string | undefined {
  const compiled = /^dist\/(.+)\.js$/.exec(command[1] ?? '');
  if (command[0] !== 'node' || !compiled)
    return `runs ${JSON.stringify(command)}, not compiled JavaScript by node (["node", "dist/….js"])`;
  if (!existsSync(join(REPO_ROOT, `${compiled[1]}.ts`)))
    return `runs ${command[1]}, compiled from no ${compiled[1]}.ts`;
  return undefined;
}

/** Every way docker-compose.yml breaks the deployment's rules, one sentence each; empty when none. */
export function composeSemanticProblems(compose: ComposeFile, minimumGraceSeconds: Record<string, number>): string[] {
  const problems: string[] = [];
  const services = compose.services;
  for (const [name, service] of Object.entries(services)) {
    if (service.image?.includes('auto-setup')) problems.push(`${name}: temporalio/auto-setup is deprecated`);
    for (const [target, condition] of dependencies(service)) {
      const other = services[target];
      if (!other) problems.push(`${name}: depends on ${target}, which is not a service`);
      else if (condition === 'service_healthy' && !other.healthcheck)
        problems.push(`${name}: waits for ${target} to be healthy, but ${target} has no healthcheck`);
      else if (condition === 'service_completed_successfully' && /always|unless-stopped/.test(String(other.restart)))
        problems.push(`${name}: waits for ${target} to complete, but ${target} restarts forever`);
    }
    for (const volume of service.volumes ?? []) {
      const host = volume.split(':')[0] as string;
      if (host.startsWith('./') && !existsSync(join(REPO_ROOT, host)))
        problems.push(`${name}: mounts ${host}, missing`);
    }
  }
  const ours = Object.keys(services).filter(
    (name) => services[name]?.build || BILLING_SERVICES.some((b) => b === name),
  );
  for (const name of ours) {
    const service = services[name] as ComposeService;
    const command = commandOf(service);
    const entryPoint = nodeEntryPointProblem(command);
    if (entryPoint) problems.push(`${name}: ${entryPoint}`);
    if (command.some((part) => /\b(npm|npx|tsx)\b/.test(part)))
      problems.push(`${name}: npm/npx/tsx in its command: signals would stop at them`);
    if (!service.healthcheck) problems.push(`${name}: no healthcheck`);
    const grace = durationSeconds(service.stop_grace_period);
    if (grace < (minimumGraceSeconds[name] ?? 0))
      problems.push(`${name}: stop_grace_period ${service.stop_grace_period ?? 'unset (10s)'} is too short`);
  }
  return problems;
}
