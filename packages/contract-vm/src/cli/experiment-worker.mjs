// Worker entry for the experiment pool: registers tsx so the worker can load TypeScript source
// (it works whether the main thread was started by the bin launcher or by `node --import tsx`).
import { register } from 'tsx/esm/api';

register();
await import('./experiment-worker.ts');
