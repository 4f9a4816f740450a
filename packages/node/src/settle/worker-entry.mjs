// Worker entry for the settlement worker: registers tsx so the worker can load TypeScript source
// (whether the node was started by the bin launcher or by `node --import tsx`).
import { register } from 'tsx/esm/api';

register();
await import('./worker-main.ts');
