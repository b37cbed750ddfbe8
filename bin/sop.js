#!/usr/bin/env -S node --max-semi-space-size=4
// The `sop` command: TypeScript sources run through tsx's loader, no build step.
// Run as `npx sop` (or this file), a command keeps V8's young generation at 4 MB a half: a command
// runs once and exits, and the default, which grows with the machine's memory (up to 64 MB a half on
// Node 24), would hold garbage it never needs to keep (`sop ask`: 180 MB at its peak, 300 MB on
// Node 24 without it). `npm start` runs `node bin/sop.js serve`, which keeps the default.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
