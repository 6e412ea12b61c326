/**
 * Whether this instance should receive traffic: false while starting and while draining for
 * shutdown, whatever the database says.
 */
export class Readiness {
  private accepting = false;

  start(): void {
    this.accepting = true;
  }

  drain(): void {
    this.accepting = false;
  }

  get isAccepting(): boolean {
    return this.accepting;
  }
}
