// The conformance suite inside workerd (through Miniflare): the package's workerd entry imports
// the .wasm as a CompiledWasm module, exactly as in a Workers project. The test drives it with
// dispatchFetch("http://runner/?baseURL=…&apiKey=…&control=…").
import * as pkg from "../../pkg/workerd.js";
import { runConformance } from "./conformance.mjs";

export default {
  async fetch(request) {
    const params = new URL(request.url).searchParams;
    const results = await runConformance(pkg, {
      baseURL: params.get("baseURL"),
      apiKey: params.get("apiKey"),
      control: params.get("control"),
    });
    return Response.json(results);
  },
};
