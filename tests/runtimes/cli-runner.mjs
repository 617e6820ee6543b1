// Runs the conformance suite in a CLI runtime (Deno, Bun) and prints one line:
//   CONFORMANCE_RESULT=<JSON array of { name, ok, detail }>
// Usage: <runtime> cli-runner.mjs <entry URL or path relative to this file> <baseURL> <apiKey> <controlURL>
// No node: imports, so it runs wherever the suite runs.
import { runConformance } from "./conformance.mjs";

const args = globalThis.Deno ? globalThis.Deno.args : globalThis.process.argv.slice(2);
const [entry, baseURL, apiKey, control] = args;
const pkg = await import(new URL(entry, import.meta.url).href);
const results = await runConformance(pkg, { baseURL, apiKey, control });
console.log(`CONFORMANCE_RESULT=${JSON.stringify(results)}`);
