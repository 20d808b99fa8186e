#!/usr/bin/env node
import 'reflect-metadata';
import { exitCodeFor } from './exit-codes';
import { program } from './program';

program()
  .parseAsync(process.argv)
  .catch((error: unknown) => {
    process.stderr.write(`otfuse: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(exitCodeFor(error));
  });
