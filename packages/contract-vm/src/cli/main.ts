/**
 * leag-sim: the BABG contract from the command line. Each subcommand lives in its own file and
 * registers itself here with one line.
 */
import { Command } from 'commander';
import { registerClear } from './clear.js';
import { registerExperiment } from './experiment.js';
import { registerGenerate } from './generate.js';
import { runCli } from './run.js';

const program = new Command()
  .name('leag-sim')
  .description('Run the LEAG BABG market contract on market files, and generate markets (paper Table II).')
  .showHelpAfterError()
  .exitOverride(); // before the subcommands, which inherit it: runCli maps errors to exit codes

registerClear(program);
registerGenerate(program);
registerExperiment(program);

await runCli(program, process.argv);
