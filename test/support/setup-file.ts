import { installTemporalRuntime } from '../../runtime/temporal-runtime.js';

// Each test worker process gets a quiet Temporal runtime before any connection is made.
installTemporalRuntime(process.env.TEST_TEMPORAL_LOG_LEVEL ?? 'silent');
