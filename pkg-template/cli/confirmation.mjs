// The interactive yes/no before apply writes. Anything but "y" or "yes" is a no, so an
// accidental Enter writes nothing.
import { createInterface } from "node:readline";

/** Asks on `output` (a terminal) and reads one line from `input`; resolves true only on yes. */
export function askYesNo(question, { input = process.stdin, output = process.stderr } = {}) {
  const lines = createInterface({ input, output, terminal: true });
  return new Promise((resolve) => {
    let answered = false;
    lines.question(`${question} [y/N] `, (answer) => {
      answered = true;
      lines.close();
      resolve(/^\s*y(es)?\s*$/i.test(answer));
    });
    // Ctrl-D or Ctrl-C ends the input without an answer: that is a no as well.
    lines.once("close", () => {
      if (!answered) {
        output.write("\n");
        resolve(false);
      }
    });
    lines.once("SIGINT", () => lines.close());
  });
}
