#!/usr/bin/env node
// npm run gatehouse -- COMMAND …: the provisioning CLI (src/cli/main.ts), run through tsx
// because Node 20 cannot strip TypeScript types itself.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
