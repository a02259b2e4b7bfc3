// What a schema-valid manifest can still get wrong: selectors that match nothing, probes on ports that do not exist,
// pods that run as root or write to their image, a required setting no pod is refused without.
import { nodeEntryPointProblem } from './compose-semantics.js';
import type { Manifest } from './k8s-manifests.js';

export interface ClusterExpectations {
  /** Deployments that run our code, each with the probe paths its ops or http port answers. */
  billing: Record<string, { readiness: string; liveness: string }>;
  /** Settings production refuses to start without, each expected as a secretKeyRef (a pod waits for it). */
  requiredFromSecret: readonly string[];
  /** Every variable a billing process reads: ConfigMap keys outside it are typos. */
  knownVariables: ReadonlySet<string>;
}

const matches = (selector: Record<string, string> = {}, labels: Record<string, string> = {}) =>
  Object.keys(selector).length > 0 && Object.entries(selector).every(([k, v]) => labels[k] === v);

// biome-ignore lint/suspicious/noExplicitAny: pod specs are checked field by field below.
type PodSpec = any;

function podProblems(where: string, pod: PodSpec): string[] {
  const problems: string[] = [];
  const podContext = pod?.securityContext ?? {};
  for (const container of pod?.containers ?? []) {
    const at = `${where} container ${container.name}`;
    const context = container.securityContext ?? {};
    if (!container.image) problems.push(`${at}: no image`);
    if (!(context.runAsNonRoot ?? podContext.runAsNonRoot)) problems.push(`${at}: may run as root`);
    if (context.readOnlyRootFilesystem !== true) problems.push(`${at}: root filesystem writable`);
    if (context.allowPrivilegeEscalation !== false) problems.push(`${at}: privilege escalation allowed`);
    const { requests = {}, limits = {} } = container.resources ?? {};
    if (!requests.cpu || !requests.memory || !limits.memory)
      problems.push(`${at}: cpu/memory requests or memory limit unset`);
  }
  return problems;
}

function deploymentProblems(d: Manifest, expect: ClusterExpectations, configKeys: Set<string>): string[] {
  const where = `Deployment ${d.metadata.name}`;
  const pod = d.spec?.template?.spec;
  const problems = podProblems(where, pod);
  if (!matches(d.spec?.selector?.matchLabels, d.spec?.template?.metadata?.labels))
    problems.push(`${where}: selector does not match its pod labels`);
  if (!pod?.terminationGracePeriodSeconds) problems.push(`${where}: terminationGracePeriodSeconds unset`);
  const probes = expect.billing[d.metadata.name];
  if (!probes) return problems;
  for (const container of pod?.containers ?? []) {
    const ports = new Set((container.ports ?? []).map((p: { name?: string }) => p.name));
    for (const [kind, path] of [
      ['readiness', probes.readiness],
      ['liveness', probes.liveness],
    ] as const) {
      const probe = container[`${kind}Probe`]?.httpGet;
      if (probe?.path !== path || !ports.has(probe?.port))
        problems.push(`${where}: ${kind} probe is not GET ${path} on a named port of the container`);
    }
    const entryPoint = nodeEntryPointProblem(container.command ?? []);
    if (entryPoint) problems.push(`${where}: ${entryPoint}`);
    const sources = (container.envFrom ?? []).map((e: PodSpec) => e.configMapRef?.name ?? e.secretRef?.name);
    if (sources.join() !== 'billing-secrets,billing-settings')
      problems.push(
        `${where}: envFrom is not the billing-secrets Secret, then the billing-settings ConfigMap (which wins)`,
      );
    const fromSecret = new Set(
      (container.env ?? [])
        .filter((e: PodSpec) => e.valueFrom?.secretKeyRef?.optional !== true && e.valueFrom?.secretKeyRef)
        .map((e: PodSpec) => e.name),
    );
    for (const name of expect.requiredFromSecret) {
      if (!fromSecret.has(name) && !configKeys.has(name))
        problems.push(`${where}: ${name} is required in production; neither a secretKeyRef nor in billing-settings`);
    }
  }
  return problems;
}

/** Every rule the manifests break, one sentence each; empty when none. */
export function k8sSemanticProblems(manifests: Manifest[], expect: ClusterExpectations): string[] {
  const problems: string[] = [];
  const byKind = (kind: string) => manifests.filter((m) => m.kind === kind);
  const deployments = byKind('Deployment');
  const settings = byKind('ConfigMap').find((m) => m.metadata.name === 'billing-settings');
  const configKeys = new Set(Object.keys(settings?.data ?? {}));
  for (const key of configKeys) {
    if (!expect.knownVariables.has(key)) problems.push(`ConfigMap billing-settings: ${key} is read by nothing`);
  }
  for (const name of Object.keys(expect.billing)) {
    if (!deployments.some((d) => d.metadata.name === name)) problems.push(`Deployment ${name}: missing`);
  }
  for (const d of deployments) problems.push(...deploymentProblems(d, expect, configKeys));
  for (const job of byKind('Job')) problems.push(...podProblems(`Job ${job.metadata.name}`, job.spec?.template?.spec));
  const podLabels = deployments.map((d) => d.spec?.template?.metadata?.labels ?? {});
  for (const s of byKind('Service')) {
    if (!podLabels.some((labels) => matches(s.spec?.selector, labels)))
      problems.push(`Service ${s.metadata.name}: selects no pods`);
  }
  for (const pdb of byKind('PodDisruptionBudget')) {
    if (!podLabels.some((labels) => matches(pdb.spec?.selector?.matchLabels, labels)))
      problems.push(`PodDisruptionBudget ${pdb.metadata.name}: selects no pods`);
  }
  for (const hpa of byKind('HorizontalPodAutoscaler')) {
    const target = hpa.spec?.scaleTargetRef?.name;
    const scaled = deployments.find((d) => d.metadata.name === target);
    if (!scaled) problems.push(`HPA ${hpa.metadata.name}: scales no Deployment`);
    else if (scaled.spec?.replicas !== undefined)
      problems.push(`Deployment ${target}: sets replicas, which every apply would reset under its HPA`);
    const types = (hpa.spec?.metrics ?? []).map((m: { type: string }) => m.type);
    if (!types.includes('External') && !types.includes('Pods'))
      problems.push(`HPA ${hpa.metadata.name}: no task-queue signal (External or Pods metric)`);
  }
  return problems;
}
