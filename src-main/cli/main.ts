// `npas`: the command line over NPAS Studio's services. Dispatches to a command, turns every
// expected failure into one line on stderr and a non-zero exit code (2 for bad input, 1 for
// anything else), never a stack trace for a user's mistake.
import { NpasError } from '../contract/errors';
import { describeVersionInfo, versionInfo } from './versionInfo';

// Each command is imported when it runs: `npas inspect` then loads accounting only, and
// `npas --version` and `npas --help` load no TensorFlow.js at all.
const COMMANDS: Record<string, { summary: string; run: (argv: string[]) => Promise<number> }> = {
  train: {
    summary: 'train a network (unshared, SSN or SuperWeights) and print the result',
    run: async (argv) => (await import('./commands/train')).trainCommand(argv),
  },
  inspect: {
    summary: 'print the parameter accounting of a network and budget, without training',
    run: async (argv) => (await import('./commands/inspect')).inspectCommand(argv),
  },
  doctor: {
    summary: 'show which compute backends are available and which one would be used',
    run: async (argv) => (await import('./commands/doctor')).doctorCommand(argv),
  },
  bench: {
    summary: 'measure training images/s for a model, batch size and input size',
    run: async (argv) => (await import('./commands/bench')).benchCommand(argv),
  },
  runs: {
    summary: 'list, show, tag, note, archive, delete, resume and export recorded runs',
    run: async (argv) => (await import('./commands/runs')).runsCommand(argv),
  },
  export: {
    summary: 'write a trained network as ONNX, safetensors, TF.js or the compact NPAS form',
    run: async (argv) => (await import('./commands/export')).exportCommand(argv),
  },
  eval: {
    summary: 'evaluate a trained network (top-1, top-5, loss; ensembles per member)',
    run: async (argv) => (await import('./commands/eval')).evalCommand(argv),
  },
  predict: {
    summary: 'print the top-5 classes of image files',
    run: async (argv) => (await import('./commands/predict')).predictCommand(argv),
  },
  sweep: {
    summary: 'run a grid of configs on the local queue or as a Slurm job array, and follow it',
    run: async (argv) => (await import('./commands/sweep')).sweepCommand(argv),
  },
  serve: {
    summary: 'serve the app to a web browser (browser mode)',
    run: async (argv) => (await import('./commands/serve')).serveCommand(argv),
  },
};

export function usage(): string {
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(9)} ${c.summary}`);
  return [
    'usage: npas <command> [flags]',
    '',
    'commands:',
    ...lines,
    '',
    'common flags: --arch wrn-16-4|resnet-20|mlp|cnn --classes N --input HxWxC --dataset sample|PATH',
    '              --method unshared|ssn|superweights --budget N|P% --epochs N --batch-size N --seed N',
    '              --backend auto|node-gpu|webgpu|node|wasm|cpu --config file.json --preset NAME --json',
    "run 'npas <command> --help' for a command's flags; 'npas --version [--json]' for versions.",
  ].join('\n');
}

/** Runs the CLI with `argv` (without node and script); resolves to the exit code. */
export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(usage());
    return name ? 0 : 2;
  }
  if (name === '--version' || name === '-V') {
    const info = versionInfo();
    console.log(
      rest.includes('--json') ? JSON.stringify(info, null, 2) : describeVersionInfo(info),
    );
    return 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    console.error(`npas: unknown command "${name}"; commands: ${Object.keys(COMMANDS).join(', ')}`);
    return 2;
  }
  try {
    return await command.run(rest);
  } catch (error) {
    if (error instanceof NpasError) {
      console.error(`npas ${name}: ${error.message}`);
      return error.kind === 'internal' ? 1 : 2;
    }
    console.error(`npas ${name}: ${error instanceof Error ? error.message : String(error)}`);
    if (process.env.NPAS_DEBUG && error instanceof Error) console.error(error.stack);
    return 1;
  }
}
