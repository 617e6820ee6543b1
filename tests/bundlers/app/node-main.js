// Node entry (esbuild, webpack): target from argv, one JSON line on stdout.
import { run } from "./app.js";

const [baseURL, token] = process.argv.slice(2);
run({ baseURL, token }).then(
  (result) => console.log(`APP_RESULT=${JSON.stringify({ result })}`),
  (error) => {
    console.log(`APP_RESULT=${JSON.stringify({ error: `${error?.name}: ${error?.message}` })}`);
    process.exitCode = 1;
  },
);
