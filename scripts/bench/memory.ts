import fs from 'node:fs';

/**
 * Peak resident memory of this process (the service runs in it), two ways: the highest RSS sampled
 * every 200 ms while measuring, and the kernel's high-water mark (VmHWM), which also covers seeding.
 */
export function rssSampler() {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 200);
  timer.unref();
  return {
    peakMb: () => Math.round((Math.max(peak, process.memoryUsage().rss) / 1024 / 1024) * 10) / 10,
    stop: () => clearInterval(timer),
  };
}

/** VmHWM from /proc/self/status in MB, or undefined off Linux. */
export function highWaterMarkMb(): number | undefined {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync('/proc/self/status', 'utf8'));
    return match ? Math.round((Number(match[1]) / 1024) * 10) / 10 : undefined;
  } catch {
    return undefined;
  }
}
