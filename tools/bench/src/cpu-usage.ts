import { readdirSync, readFileSync } from 'node:fs';

/**
 * Where the CPU went during a run, in cores busy (1.0 = one core all the time): the measured server,
 * PostgreSQL's processes, the bench client itself, and the machine as a whole. Read from /proc, so Linux
 * only; elsewhere every figure is NaN and the report prints a dash.
 */
export interface CpuShare {
  readonly server: number;
  readonly postgres: number;
  readonly client: number;
  readonly machine: number;
}

interface CpuSnapshot {
  readonly at: number;
  readonly serverTicks: number;
  readonly postgresTicks: number;
  readonly clientMicros: number;
  readonly machineBusyTicks: number;
}

const TICKS_PER_SECOND = 100; // USER_HZ: 100 on every Linux the bench targets (getconf CLK_TCK)

export function cpuSnapshot(serverPid: number | undefined): CpuSnapshot {
  const usage = process.cpuUsage();
  return {
    at: performance.now(),
    serverTicks: serverPid === undefined ? Number.NaN : processTicks(String(serverPid)),
    postgresTicks: postgresTicks(),
    clientMicros: usage.user + usage.system,
    machineBusyTicks: machineBusyTicks(),
  };
}

export function cpuShareBetween(before: CpuSnapshot, after: CpuSnapshot): CpuShare {
  const seconds = (after.at - before.at) / 1000;
  const cores = (ticks: number) => ticks / TICKS_PER_SECOND / seconds;
  return {
    server: cores(after.serverTicks - before.serverTicks),
    postgres: cores(after.postgresTicks - before.postgresTicks),
    client: (after.clientMicros - before.clientMicros) / 1e6 / seconds,
    machine: cores(after.machineBusyTicks - before.machineBusyTicks),
  };
}

/** utime + stime of a process (all its threads); NaN when it is gone or /proc is absent. */
function processTicks(pid: string): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which is in parentheses and may hold spaces.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return Number.NaN;
  }
}

/** Every postgres process (postmaster, backends, WAL writer, ...); a backend that exits mid-run drops out. */
function postgresTicks(): number {
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return Number.NaN;
  }
  let total = 0;
  for (const pid of pids) {
    try {
      if (readFileSync(`/proc/${pid}/comm`, 'utf8').trim() !== 'postgres') continue;
    } catch {
      continue;
    }
    const ticks = processTicks(pid);
    if (!Number.isNaN(ticks)) total += ticks;
  }
  return total;
}

function machineBusyTicks(): number {
  try {
    const [cpu] = readFileSync('/proc/stat', 'utf8').split('\n');
    const [, user, nice, system, , , irq, softirq, steal] = cpu!.trim().split(/\s+/).map(Number);
    return user! + nice! + system! + irq! + softirq! + steal!;
  } catch {
    return Number.NaN;
  }
}
