import fs from 'node:fs';

/**
 * Peak resident memory of a process (the service's child process), in MB: the kernel's high-water
 * mark VmHWM from /proc/<pid>/status. Undefined off Linux or once the process has gone.
 */
export function peakRssMb(pid: number): number | undefined {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Math.round((Number(match[1]) / 1024) * 10) / 10 : undefined;
  } catch {
    return undefined;
  }
}
