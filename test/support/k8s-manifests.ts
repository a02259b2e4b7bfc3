// The Kubernetes manifests under deploy/k8s, read and validated offline: each document against the Kubernetes
// OpenAPI schema of its kind (package kubernetes-models, the check `kubectl apply --dry-run` would start with).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import { Job } from 'kubernetes-models/batch/v1/Job';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { Namespace } from 'kubernetes-models/v1/Namespace';
import { Secret } from 'kubernetes-models/v1/Secret';
import { Service } from 'kubernetes-models/v1/Service';
import { parseAllDocuments } from 'yaml';

type ModelClass = new (data: never) => { validate(): void };

/** The kinds this deployment may use, by `apiVersion/kind`; anything else is refused rather than left unchecked. */
const MODELS: Record<string, ModelClass> = {
  'v1/Namespace': Namespace,
  'v1/ConfigMap': ConfigMap,
  'v1/Secret': Secret,
  'v1/Service': Service,
  'apps/v1/Deployment': Deployment,
  'batch/v1/Job': Job,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
  'autoscaling/v2/HorizontalPodAutoscaler': HorizontalPodAutoscaler,
  'networking.k8s.io/v1/NetworkPolicy': NetworkPolicy,
};

export interface Manifest {
  file: string;
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string> };
  // biome-ignore lint/suspicious/noExplicitAny: a manifest's body is whatever its kind defines; checks narrow it.
  [field: string]: any;
}

const yamlFiles = (dir: string): string[] =>
  readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return yamlFiles(path);
      return /\.ya?ml$/.test(name) ? [path] : [];
    });

/** Every YAML document under `dir`, with the file it came from (relative to `root`). */
export function loadManifests(dir: string, root: string): Manifest[] {
  return yamlFiles(dir).flatMap((path) =>
    parseAllDocuments(readFileSync(path, 'utf8'))
      .map((document) => document.toJS() as Manifest | null)
      .filter((doc): doc is Manifest => doc !== null)
      .map((doc) => ({ ...doc, file: relative(root, path) })),
  );
}

/** Why a manifest is not a valid object of its kind, or undefined when it is. */
export function manifestSchemaProblem(manifest: Manifest): string | undefined {
  const { file, ...doc } = manifest;
  const model = MODELS[`${doc.apiVersion}/${doc.kind}`];
  if (!model) return `${file}: no model for ${doc.apiVersion} ${doc.kind} (add it to MODELS or use a known kind)`;
  try {
    new model(doc as never).validate();
    return undefined;
  } catch (error) {
    return `${file} ${doc.kind}/${doc.metadata?.name}: ${(error as Error).message}`;
  }
}
