import { Command, CommanderError } from 'commander';
import { CliIo, processIo } from './commands/cli-io';
import { EXIT_BAD_INPUT, EXIT_OK, exitCodeFor } from './exit-codes';
import { program } from './program';

/** Commander reports through exceptions instead of exiting, on every (sub)command. */
function routeThroughExceptions(command: Command, io: CliIo): void {
  command.exitOverride().configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  for (const sub of command.commands) routeThroughExceptions(sub, io);
}

/**
 * Runs the otfuse command line (`argv` without node and the script) and returns the exit code:
 * 0 success, 2 bad input (config, files, options, data), 1 internal failure. Errors are written
 * to stderr; with OTFUSE_DEBUG set, with their stack.
 */
export async function runCli(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  const cli = program(io);
  routeThroughExceptions(cli, io);
  try {
    await cli.parseAsync([...argv], { from: 'user' });
    return EXIT_OK;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander has already printed its message (or the help).
      return error.exitCode === 0 ? EXIT_OK : EXIT_BAD_INPUT;
    }
    const detail = process.env.OTFUSE_DEBUG && error instanceof Error ? `${error.stack}\n` : '';
    io.stderr(`otfuse: ${error instanceof Error ? error.message : String(error)}\n${detail}`);
    return exitCodeFor(error);
  }
}
