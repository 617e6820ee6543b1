// The wasm's own executor (src/wasm/executor.rs + pkg-template/promises.js): calls started from
// inside a caller's fetch, thenables that call back at once or twice, and many interleaved calls
// each get their own answer; a finished call leaves nothing waiting.
import assert from "node:assert/strict";
import { test } from "node:test";

import { CHECKPOINT, pkg, useEmulator } from "./helpers.mjs";

const api = useEmulator();
const { createCheckpointPermissions, listCheckpointPermissions, APIConnectionError } = pkg;

const pageBody = (projectId) =>
  JSON.stringify({
    object: "list",
    data: [{ object: "checkpoint.permission", id: `cp_${projectId}`, created_at: 1, project_id: projectId }],
    first_id: `cp_${projectId}`,
    last_id: `cp_${projectId}`,
    has_more: false,
  });
const cannedFetch = (projectId) => async () => new Response(pageBody(projectId), { headers: { "content-type": "application/json" } });

test("a fetch that starts another call before it returns (re-entrant) serves both calls", async () => {
  let inner;
  const fetch = (url, init) => {
    inner = createCheckpointPermissions(CHECKPOINT, { project_ids: ["proj_inner"] }, api.options());
    return globalThis.fetch(url, init);
  };
  const outer = await createCheckpointPermissions(CHECKPOINT, { project_ids: ["proj_outer"] }, api.options({ fetch }));
  assert.deepEqual(outer.data.map((p) => p.project_id), ["proj_outer"]);
  assert.deepEqual((await inner).data.map((p) => p.project_id), ["proj_inner"]);
});

test("a thenable that calls back synchronously, or twice, settles the call once", async () => {
  const response = new Response(pageBody("proj_sync"), { headers: { "content-type": "application/json" } });
  const eager = { then(resolve) { resolve(response); } };
  const page = await createCheckpointPermissions(CHECKPOINT, { project_ids: ["proj_sync"] }, api.options({ fetch: () => eager, maxRetries: 0 }));
  assert.equal(page.data[0].project_id, "proj_sync");

  const fickle = { then(resolve, reject) { reject(new Error("first")); resolve(response.clone()); reject(new Error("third")); } };
  const error = await createCheckpointPermissions(CHECKPOINT, { project_ids: ["proj_sync"] }, api.options({ fetch: () => fickle, maxRetries: 0 })).then(
    () => assert.fail("resolved"),
    (e) => e,
  );
  assert.ok(error instanceof APIConnectionError);
  assert.match(error.message, /first/);
});

test("500 interleaved calls that finish in reverse order each get their own answer", async () => {
  const CALLS = 500;
  const gates = [];
  const calls = Array.from({ length: CALLS }, (_, index) => {
    const fetch = () => new Promise((resolve) => gates.push(() => resolve(cannedFetch(`proj_${index}`)())));
    return createCheckpointPermissions(CHECKPOINT, { project_ids: [`proj_${index}`] }, api.options({ fetch }));
  });
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(gates.length, CALLS);
  for (const open of gates.reverse()) open();
  const pages = await Promise.all(calls);
  pages.forEach((page, index) => assert.equal(page.data[0].project_id, `proj_${index}`));
});

test("a call waiting on a fetch that has not answered does not hold up the others", async () => {
  const stuck = new AbortController();
  // Answers only when aborted, as fetch does.
  const silent = (url, init) => new Promise((_, reject) => init.signal.addEventListener("abort", () => reject(init.signal.reason)));
  const never = createCheckpointPermissions(CHECKPOINT, { project_ids: ["proj_never"] }, api.options({ fetch: silent, signal: stuck.signal }));
  const page = await listCheckpointPermissions(CHECKPOINT, {}, api.options());
  assert.equal(page.object, "list");
  stuck.abort();
  await assert.rejects(never, { name: "APIUserAbortError" });
});
