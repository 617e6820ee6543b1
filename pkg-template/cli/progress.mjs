// "checkpoint 3/10 done" on the terminal while a plan or an apply runs, on one line that each
// update overwrites and that is wiped at the end, so the text that follows starts clean.

const CLEAR_LINE = "\r\x1b[2K";

/**
 * @param {(text: string) => void} write the error stream's writer
 * @param {number|undefined} total checkpoints expected, when known
 * @returns {{ onCheckpoint: () => void, finish: () => void }}
 */
export function terminalProgress(write, total) {
  let done = 0;
  return {
    onCheckpoint() {
      done += 1;
      write(`${CLEAR_LINE}checkpoint ${total ? `${done}/${total}` : done} done`);
    },
    finish() {
      if (done > 0) write(CLEAR_LINE);
    },
  };
}

/** For streams that are not a terminal: progress would only clutter a log. */
export const silentProgress = { onCheckpoint() {}, finish() {} };
