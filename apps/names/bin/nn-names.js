#!/usr/bin/env node
// The command, in a file that exists before the build: pnpm links bins at install time, when dist/
// is not there yet (a bin pointing into dist/ made every install warn).
import '../dist/cli.js';
