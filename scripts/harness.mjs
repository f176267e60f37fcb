#!/usr/bin/env node
// npm run harness -- --data-dir DIR --port PORT: runs the TypeScript harness through tsx
// (Node 20 cannot strip types itself). Signals reach the harness directly: same process.
import { register } from 'tsx/esm/api';

register();
await import('../e2e/harness/server.ts');
