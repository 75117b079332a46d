// Reading a record runs on the main thread beside every other request. Work that may take longer than a moment
// calls `pause()` between small steps; it hands the event loop back once a slice of time has gone by, so no
// request waits behind a file for more than a slice, whatever the shape of the file.
import { setImmediate } from "node:timers/promises";

export class EventLoopBudget {
  private sliceStart = performance.now();

  constructor(private readonly sliceMs = 10) {}

  async pause(): Promise<void> {
    if (performance.now() - this.sliceStart < this.sliceMs) return;
    await setImmediate();
    this.sliceStart = performance.now();
  }
}
