/**
 * A one-line progress bar on stderr (redrawn in place on a terminal, every 10 % otherwise), so a
 * long seed shows how far it has got and how fast it goes.
 */
export function progressBar(label: string, total: number) {
  const started = Date.now();
  const tty = process.stderr.isTTY === true;
  let lastTenth = -1;
  const line = (done: number) => {
    const fraction = total === 0 ? 1 : done / total;
    const width = 30;
    const filled = Math.round(fraction * width);
    const seconds = (Date.now() - started) / 1000;
    const rate = seconds > 0 ? Math.round(done / seconds) : 0;
    return `${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${String(Math.floor(fraction * 100)).padStart(3)}% ${done.toLocaleString('en-GB')}/${total.toLocaleString('en-GB')} (${rate.toLocaleString('en-GB')}/s, ${seconds.toFixed(0)} s)`;
  };
  return {
    update(done: number): void {
      if (tty) process.stderr.write(`\r${line(done)}`);
      else {
        const tenth = Math.floor((done / Math.max(total, 1)) * 10);
        if (tenth !== lastTenth) {
          lastTenth = tenth;
          process.stderr.write(`${line(done)}\n`);
        }
      }
    },
    done(): void {
      if (tty) process.stderr.write(`\r${line(total)}\n`);
      else if (lastTenth !== 10) process.stderr.write(`${line(total)}\n`);
    },
  };
}
