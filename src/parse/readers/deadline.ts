/**
 * A reader doing long, bounded steps (OCR: each page killed at its own deadline) asks the isolating thread
 * for more time before each step; the reader worker installs the messenger for the read in progress.
 */
let extender: ((ms: number) => void) | null = null;

export function setDeadlineExtender(fn: ((ms: number) => void) | null): void {
  extender = fn;
}

/** Moves the read's deadline to `ms` from now (no-op when reading in-process). */
export function extendDeadline(ms: number): void {
  extender?.(ms);
}
