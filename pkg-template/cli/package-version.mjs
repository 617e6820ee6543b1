// The version --version prints: the installed package's own, read from its package.json (the
// build stamps the crate's version there; the template says 0.0.0-template). Read from disk
// rather than imported as JSON, which Node 18's early releases cannot do without a flag.
import { readFileSync } from "node:fs";

export function packageVersion() {
  const manifest = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
  return manifest.version;
}
