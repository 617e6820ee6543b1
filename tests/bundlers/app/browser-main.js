// Browser entry (Vite): reads the target from the query string, leaves the outcome on window.
import { run } from "./app.js";

const params = new URLSearchParams(location.search);
run({ baseURL: params.get("baseURL"), token: params.get("token") }).then(
  (result) => (window.__appResult = { result }),
  (error) => (window.__appResult = { error: `${error?.name}: ${error?.message}` }),
);
