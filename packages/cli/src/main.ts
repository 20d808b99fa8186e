#!/usr/bin/env node
import 'reflect-metadata';
import { exitCodeFor } from './exit-codes';
import { program } from './program';

program()
  .parseAsync(process.argv)
  .catch((error: unknown) => {
    const detail = process.env.OTFUSE_DEBUG && error instanceof Error ? error.stack : undefined;
    process.stderr.write(`otfuse: ${error instanceof Error ? error.message : String(error)}\n${detail ? `${detail}\n` : ''}`);
    process.exit(exitCodeFor(error));
  });
