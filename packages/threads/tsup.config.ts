import { defineConfig } from 'tsup';
import base from '../../tsup.base.ts';

/** Two entries: the browser's (index, Web Workers) and Node's (node, worker_threads). */
export default defineConfig({ ...base, entry: ['src/index.ts', 'src/node.ts'] });
