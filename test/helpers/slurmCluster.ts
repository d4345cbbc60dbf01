// A single-node Slurm cluster for the sweep integration test (issue #14, item 6), started from
// Debian's packages (munge, slurmctld, slurmd, slurm-client; .ci/run installs them): as root,
// ProctrackType=proctrack/linuxproc, TaskPlugin=task/none, SelectType=select/cons_tres, with
// its own munge key and socket, ports, spool and state folders under a temporary directory, so
// it touches nothing of the machine's own Slurm or munge. stop() ends every daemon it started.
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { cpus, hostname, tmpdir, totalmem } from 'node:os';
import { delimiter, join } from 'node:path';

export interface SlurmCluster {
  /** The slurm.conf to pass as SLURM_CONF to sbatch, squeue, scontrol, scancel. */
  conf: string;
  dir: string;
  partition: string;
  /** Stops slurmd, slurmctld and munged (the ones started here) and removes the folder. */
  stop(): Promise<void>;
}

const DAEMONS = ['/usr/sbin/munged', '/usr/sbin/slurmctld', '/usr/sbin/slurmd'];

/** Why a cluster cannot be started here, or null when it can. */
export function slurmMissing(): string | null {
  const missing = DAEMONS.filter((path) => !existsSync(path));
  const path = (process.env.PATH ?? '').split(delimiter).filter(Boolean);
  if (!path.some((dir) => existsSync(join(dir, 'sbatch')))) missing.push('sbatch');
  if (missing.length) {
    return `Slurm is not installed (${missing.join(', ')} missing: apt-get install slurmctld slurmd slurm-client munge)`;
  }
  if (process.getuid?.() !== 0) return 'starting slurmd and slurmctld needs root';
  return null;
}

function freePortPair(): [number, number] {
  const base = 20000 + Math.floor(Math.random() * 20000) * 2;
  return [base, base + 1];
}

async function waitFor(what: string, check: () => boolean, ms: number, logs: string[]) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (check()) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const tails = logs
    .filter((file) => existsSync(file))
    .map((file) => `${file}:\n${readFileSync(file, 'utf8').split('\n').slice(-15).join('\n')}`);
  throw new Error(`${what} did not happen within ${ms} ms\n${tails.join('\n')}`);
}

function pidOf(file: string): number | null {
  if (!existsSync(file)) return null;
  const pid = Number(readFileSync(file, 'utf8').trim());
  return Number.isInteger(pid) && pid > 0 ? pid : null;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export async function startSlurmCluster(): Promise<SlurmCluster> {
  const dir = mkdtempSync(join(tmpdir(), 'npas-slurm-'));
  const munge = join(dir, 'munge');
  mkdirSync(munge, { mode: 0o700 });
  mkdirSync(join(dir, 'spool'));
  mkdirSync(join(dir, 'state'));
  const key = join(munge, 'munge.key');
  writeFileSync(key, randomBytes(1024));
  chmodSync(key, 0o400);
  const socket = join(munge, 'munge.socket');
  const pids = {
    munged: join(munge, 'munged.pid'),
    slurmctld: join(dir, 'slurmctld.pid'),
    slurmd: join(dir, 'slurmd.pid'),
  };
  const logs = [join(munge, 'munged.log'), join(dir, 'slurmctld.log'), join(dir, 'slurmd.log')];
  const node = hostname().split('.')[0]!;
  const [ctldPort, slurmdPort] = freePortPair();
  const memory = Math.floor(totalmem() / 1024 / 1024 / 2);
  const conf = join(dir, 'slurm.conf');
  writeFileSync(
    conf,
    [
      'ClusterName=npasci',
      `SlurmctldHost=${node}(127.0.0.1)`,
      'SlurmUser=root',
      'SlurmdUser=root',
      'AuthType=auth/munge',
      'CredType=cred/munge',
      `AuthInfo=socket=${socket}`,
      'MpiDefault=none',
      'ProctrackType=proctrack/linuxproc',
      'TaskPlugin=task/none',
      'SelectType=select/cons_tres',
      'SelectTypeParameters=CR_Core',
      'ReturnToService=2',
      `SlurmctldPort=${ctldPort}`,
      `SlurmdPort=${slurmdPort}`,
      `SlurmctldPidFile=${pids.slurmctld}`,
      `SlurmdPidFile=${pids.slurmd}`,
      `SlurmdSpoolDir=${join(dir, 'spool')}`,
      `StateSaveLocation=${join(dir, 'state')}`,
      `SlurmctldLogFile=${logs[1]}`,
      `SlurmdLogFile=${logs[2]}`,
      'AccountingStorageType=accounting_storage/none',
      'JobAcctGatherType=jobacct_gather/none',
      'JobCompType=jobcomp/none',
      // Finished jobs stay in scontrol's view for an hour (there is no accounting database).
      'MinJobAge=3600',
      'KillWait=30',
      `NodeName=${node} NodeAddr=127.0.0.1 CPUs=${cpus().length} RealMemory=${memory} State=UNKNOWN`,
      `PartitionName=debug Nodes=${node} Default=YES MaxTime=INFINITE State=UP`,
      '',
    ].join('\n'),
  );
  const env = { ...process.env, SLURM_CONF: conf };
  const cluster: SlurmCluster = {
    conf,
    dir,
    partition: 'debug',
    async stop() {
      spawnSync('scancel', ['--full', '--partition=debug'], { env });
      // Reverse start order; each daemon by the pid it wrote, never by name.
      for (const file of [pids.slurmd, pids.slurmctld, pids.munged]) {
        const pid = pidOf(file);
        if (pid && alive(pid)) process.kill(pid, 'SIGTERM');
        if (pid)
          await waitFor(`pid ${pid} to exit`, () => !alive(pid), 15_000, []).catch(() => {
            if (alive(pid)) process.kill(pid, 'SIGKILL');
          });
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
  try {
    execFileSync('/usr/sbin/munged', [
      '--force',
      `--key-file=${key}`,
      `--socket=${socket}`,
      `--pid-file=${pids.munged}`,
      `--log-file=${logs[0]}`,
      `--seed-file=${join(munge, 'munged.seed')}`,
    ]);
    execFileSync('/usr/sbin/slurmctld', ['-f', conf], { env });
    await waitFor(
      'slurmctld to answer',
      () => spawnSync('scontrol', ['ping'], { env }).status === 0,
      20_000,
      logs,
    );
    execFileSync('/usr/sbin/slurmd', ['-f', conf], { env });
    await waitFor(
      `node ${node} to be idle`,
      () =>
        /idle/.test(spawnSync('sinfo', ['-h', '-o', '%t'], { env, encoding: 'utf8' }).stdout ?? ''),
      30_000,
      logs,
    );
    return cluster;
  } catch (error) {
    await cluster.stop();
    throw error;
  }
}
