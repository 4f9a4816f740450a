// A settlement worker that dies on its first job (settlements.test.ts: the node falls back).
import { parentPort } from 'node:worker_threads';

parentPort?.on('message', () => process.exit(3));
