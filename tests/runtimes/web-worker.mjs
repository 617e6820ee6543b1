// The conformance suite in a dedicated Web Worker (module worker): the page posts
// { entry, baseURL, apiKey, control } and gets back the results (or { failure }).
import { runConformance } from "./conformance.mjs";

self.onmessage = async ({ data }) => {
  try {
    const pkg = await import(data.entry);
    const results = await runConformance(pkg, data);
    self.postMessage({ results });
  } catch (error) {
    self.postMessage({ failure: `${error?.name}: ${error?.message}` });
  }
};
