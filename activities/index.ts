import { createProbeActivities, type ProbeActivityDeps } from './probe-activities.js';

export type ActivityDeps = ProbeActivityDeps;

/** Every side effect the workflows may perform, built from explicit dependencies so tests can supply their own. */
export function createActivities(deps: ActivityDeps) {
  return {
    ...createProbeActivities(deps),
  };
}

export type Activities = ReturnType<typeof createActivities>;
