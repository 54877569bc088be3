// Worker-thread entry of the test runner: workers need their own TypeScript loader, the
// same one bin/estream.js registers for the main thread.
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
