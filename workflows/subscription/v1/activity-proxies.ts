// The first release used the same activity options as release 2 (options are not part of a replayed history).
export { acquirer, interactiveAcquirer, records } from '../activity-proxies.js';
