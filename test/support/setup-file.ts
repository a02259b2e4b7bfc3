import { installTemporalRuntime } from '../../runtime/temporal-runtime.js';
import { captureFile } from './log-capture.js';

// Each test worker process gets a quiet Temporal runtime before any connection is made; its lines (workers' and
// activities' included) still go to the run's log capture. A process runs several test files in turn (vitest's
// `isolate: false`), and the runtime can be installed only once per process.
const installed = Symbol.for('billing.test.temporal-runtime-installed');
const processGlobals = globalThis as { [installed]?: boolean };
if (!processGlobals[installed]) {
  installTemporalRuntime(process.env.TEST_TEMPORAL_LOG_LEVEL ?? 'silent', captureFile('temporal'));
  processGlobals[installed] = true;
}
