import { installTemporalRuntime } from '../../runtime/temporal-runtime.js';
import { captureFile } from './log-capture.js';

// Each test worker process gets a quiet Temporal runtime before any connection is made; its lines (workers' and
// activities' included) still go to the run's log capture.
installTemporalRuntime(process.env.TEST_TEMPORAL_LOG_LEVEL ?? 'silent', captureFile('temporal'));
