// deploy/k8s checked offline (no cluster here): every document against the Kubernetes schema of its kind, then the
// rules a schema cannot see, then the kustomization that applies them.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { envSchema } from '../../config/env-schema.js';
import {
  productionRequiredVariables,
  READ_OUTSIDE_SCHEMA,
  REQUIRED_WITHOUT_COMPOSE_STOP,
} from '../support/compose-env-coverage.js';
import { loadCompose, REPO_ROOT, repoFile } from '../support/deploy-files.js';
import { loadManifests, type Manifest, manifestSchemaProblem } from '../support/k8s-manifests.js';
import { type ClusterExpectations, k8sSemanticProblems } from '../support/k8s-semantics.js';

const DEPLOY = join(REPO_ROOT, 'deploy');
const manifests = loadManifests(join(DEPLOY, 'k8s'), DEPLOY);
const kustomization = parse(repoFile('deploy/kustomization.yaml'));
const expectations: ClusterExpectations = {
  billing: {
    'billing-api': { readiness: '/ready', liveness: '/health' },
    'billing-worker': { readiness: '/ready', liveness: '/health' },
  },
  // Kubernetes has no compose to build DATABASE_URL: it comes from the Secret like the others.
  requiredFromSecret: [
    'DATABASE_URL',
    ...productionRequiredVariables(envSchema).filter((name) => !(name in REQUIRED_WITHOUT_COMPOSE_STOP)),
  ],
  knownVariables: new Set([...Object.keys(envSchema.shape), ...READ_OUTSIDE_SCHEMA]),
};
const find = (kind: string, name: string) =>
  manifests.find((m) => m.kind === kind && m.metadata.name === name) as Manifest;
const copy = () => structuredClone(manifests);

describe('deploy/k8s against the Kubernetes schemas', () => {
  it('is a valid object of its kind, every document', () => {
    expect(manifests.map((m) => `${m.kind}/${m.metadata.name}`)).toEqual(
      expect.arrayContaining([
        'Deployment/billing-api',
        'Deployment/billing-worker',
        'Service/billing-api',
        'PodDisruptionBudget/billing-api',
        'PodDisruptionBudget/billing-worker',
        'HorizontalPodAutoscaler/billing-worker',
        'Job/temporal-namespace',
      ]),
    );
    expect(manifests.map(manifestSchemaProblem).filter(Boolean)).toEqual([]);
  });

  it('refuses a kind it has no schema for and a field of the wrong type', () => {
    const wrong = {
      ...find('Deployment', 'billing-worker'),
      spec: { ...find('Deployment', 'billing-worker').spec, replicas: 'two' },
    };
    const unknown = {
      file: 'k8s/x.yaml',
      apiVersion: 'keda.sh/v1alpha1',
      kind: 'ScaledObject',
      metadata: { name: 'x' },
    };
    expect(manifestSchemaProblem(wrong)).toBe(
      'k8s/worker-deployment.yaml Deployment/billing-worker: data/spec/replicas must be integer',
    );
    expect(manifestSchemaProblem(unknown)).toMatch(/^k8s\/x\.yaml: no model for keda\.sh\/v1alpha1 ScaledObject/);
  });
});

describe('deploy/k8s beyond the schemas', () => {
  it('holds together: selectors, probes, non-root read-only pods, resources, required settings', () => {
    expect(k8sSemanticProblems(manifests, expectations)).toEqual([]);
  });

  it('names each broken rule', () => {
    const broken = copy();
    const worker = broken.find((m) => m.metadata.name === 'billing-worker' && m.kind === 'Deployment') as Manifest;
    const container = worker.spec.template.spec.containers[0];
    worker.spec.replicas = 3;
    container.readinessProbe.httpGet.path = '/health';
    container.securityContext.readOnlyRootFilesystem = false;
    container.env = container.env.filter((e: { name: string }) => e.name !== 'INBOX_ENCRYPTION_KEY');
    const service = broken.find((m) => m.kind === 'Service') as Manifest;
    service.spec.selector = { 'app.kubernetes.io/name': 'billing-apj' };
    expect(k8sSemanticProblems(broken, expectations)).toEqual([
      'Deployment billing-worker container worker: root filesystem writable',
      'Deployment billing-worker: readiness probe is not GET /ready on a named port of the container',
      'Deployment billing-worker: INBOX_ENCRYPTION_KEY is required in production; neither a secretKeyRef nor in billing-settings',
      'Service billing-api: selects no pods',
      'Deployment billing-worker: sets replicas, which every apply would reset under its HPA',
    ]);
  });

  it('keeps the acquirer under a live terminal’s 30 requests at once with the HPA at its maximum', () => {
    const perWorker = Number(find('ConfigMap', 'billing-settings').data.CLOUDPAYMENTS_MAX_CONCURRENT_REQUESTS);
    const maxWorkers = find('HorizontalPodAutoscaler', 'billing-worker').spec.maxReplicas;
    expect(perWorker * maxWorkers).toBeLessThanOrEqual(30);
  });
});

describe('deploy/kustomization.yaml', () => {
  it('applies every manifest under deploy/k8s and nothing that does not exist', () => {
    const files = [...new Set(manifests.map((m) => m.file))].sort();
    expect([...kustomization.resources].sort()).toEqual(files);
  });

  it("mounts compose's namespace script into the Temporal job, with compose's admin-tools image", () => {
    const [generator] = kustomization.configMapGenerator;
    expect(generator).toEqual({ name: 'temporal-setup', files: ['temporal/setup-namespace.sh'] });
    expect(existsSync(join(DEPLOY, generator.files[0]))).toBe(true);
    const job = find('Job', 'temporal-namespace').spec.template.spec;
    expect(job.volumes).toContainEqual({ name: 'setup', configMap: { name: 'temporal-setup' } });
    expect(job.containers[0].command).toEqual(['/bin/sh', '/deploy/setup-namespace.sh']);
    expect(job.containers[0].image).toBe(loadCompose().services['temporal-namespace']?.image);
  });
});
