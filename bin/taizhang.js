#!/usr/bin/env node
import { main } from '../dist/cli/main.js';

// Output piped into a reader that stops early (`| head`) ends the command quietly, as other tools do.
process.stdout.on('error', (err) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw err;
});

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`taizhang: ${err?.stack ?? err}\n`);
    process.exitCode = 1;
  },
);
