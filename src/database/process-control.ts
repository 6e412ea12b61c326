import fs from 'node:fs';

/** True when a process with this pid exists (signal 0 probes without touching it). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The process's command line, or '' when it is gone or unreadable (Linux /proc). */
export function commandLineOf(pid: number): string {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    return '';
  }
}

/** SIGTERM, then SIGKILL if the process outlives the grace period. */
export async function stopProcess(pid: number, graceMs = 5000): Promise<void> {
  if (!isAlive(pid)) return;
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return;
  }
  const deadline = Date.now() + graceMs;
  while (isAlive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  if (isAlive(pid)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      /* already gone */
    }
    // SIGKILL cannot be refused; a process still listed after this long is a zombie nobody reaps.
    const killDeadline = Date.now() + 5000;
    while (isAlive(pid) && Date.now() < killDeadline) await new Promise((r) => setTimeout(r, 20));
    if (isAlive(pid)) throw new Error(`process ${pid} did not exit within 5 s of SIGKILL`);
  }
}

/** True while any process of the group led by `leaderPid` exists. */
export function isGroupAlive(leaderPid: number): boolean {
  return isAlive(-leaderPid);
}

/**
 * Stops a process started with `detached: true` (so it leads its own process group) and everything
 * it started: SIGTERM to the leader, which may pass it on and wait (the FerretDB guard does), then
 * SIGKILL to the whole group if anything of it outlives the grace period. Killing only the leader
 * would orphan its children: a FerretDB still holding its port and SQLite files while a new one
 * starts on the same data directory.
 */
export async function stopProcessGroup(leaderPid: number, graceMs = 5000): Promise<void> {
  if (!isGroupAlive(leaderPid)) return;
  try {
    process.kill(leaderPid, 'SIGTERM');
  } catch {
    /* the leader is gone; its group may not be */
  }
  const deadline = Date.now() + graceMs;
  while (isGroupAlive(leaderPid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  if (!isGroupAlive(leaderPid)) return;
  try {
    process.kill(-leaderPid, 'SIGKILL');
  } catch {
    /* already gone */
  }
  const killDeadline = Date.now() + 5000;
  while (isGroupAlive(leaderPid) && Date.now() < killDeadline) await new Promise((r) => setTimeout(r, 20));
  if (isGroupAlive(leaderPid)) throw new Error(`process group ${leaderPid} did not exit within 5 s of SIGKILL`);
}
