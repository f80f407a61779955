// CPU time of a benchmark's child processes, read from /proc (Linux), to say how much of a
// request's latency the platform process spends on the CPU.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

let ticksPerSecond: number | null = null;

function clockTicks(): number {
  if (ticksPerSecond === null) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
    } catch {
      ticksPerSecond = 100;
    }
    if (!Number.isFinite(ticksPerSecond) || ticksPerSecond <= 0) ticksPerSecond = 100;
  }
  return ticksPerSecond;
}

/** Fields of /proc/<pid>/stat after the command name: [state, ppid, ..., utime (11), stime (12)]. */
function statFields(pid: number): string[] {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
}

/** Direct children of `parentPid` whose command line contains `marker`. */
export function childProcesses(parentPid: number, marker: string): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^[0-9]+$/.test(entry)) continue;
    const pid = Number(entry);
    try {
      if (Number(statFields(pid)[1]) !== parentPid) continue;
      if (readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(marker)) found.push(pid);
    } catch {
      // The process ended while we looked.
    }
  }
  return found;
}

/** User + system CPU time of a process so far, in milliseconds (resolution: one clock tick). */
export function processCpuMs(pid: number): number {
  const fields = statFields(pid);
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / clockTicks();
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Busy CPU time of the whole machine so far (all cores, everything but idle and iowait), ms. */
export function machineBusyMs(): number {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
  const [, user, nice, system, , , irq, softirq, steal] = line.trim().split(/\s+/).map(Number);
  const busy = [user, nice, system, irq, softirq, steal].reduce<number>(
    (sum, v) => sum + (v ?? 0),
    0,
  );
  return (busy * 1000) / clockTicks();
}

/**
 * CPU time so far of every live process whose command name is `command` (e.g. all PostgreSQL
 * backends), ms. Processes that exit between two readings take their time with them, so use it
 * for long-lived processes (a connection pool's backends), machineBusyMs otherwise.
 */
export function commandCpuMs(command: string): number {
  let total = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^[0-9]+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() !== command) continue;
      total += processCpuMs(Number(entry));
    } catch {
      // The process ended while we looked.
    }
  }
  return total;
}
