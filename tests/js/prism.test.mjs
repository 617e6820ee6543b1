// Conformance to OpenAI's published spec, not to our own emulator: Prism (pinned in tests/tools)
// serves tests/contract/checkpoint-permissions.openapi.yaml, validates every request against it
// and answers with what the spec allows. In static mode that is one fixed answer per route, in
// dynamic mode (-d) random schema-valid data: extra fields, null cursors, has_more either way.
// A green run means Prism accepted each request the package sent, and the package accepted,
// unchanged, each answer Prism made.
import assert from "node:assert/strict";
import { describe, test } from "node:test";

import { openApiDocument } from "../contract/schema.mjs";
import { CHECKPOINT, KEY, pkg } from "./helpers.mjs";
import { LIST_ALL_LIMIT, MODES, SPECS, assertAnswerIsPrisms, assertRequest, assertWalk, readSpec, usePrism, walkStats } from "./prism-server.mjs";

const SPEC = SPECS.checkpointPermissions;

const PROJECT = "proj_abGMw1llN8IrBb6SvvY5A1iH";
const PERMISSION = "cp_zc4Q7MP6XxulcVzj4MZdwsAB";
const PAGE = "ListFineTuningCheckpointPermissionResponse";
const PERMISSION_SCHEMA = "FineTuningCheckpointPermission";
const DELETION = "DeleteFineTuningCheckpointPermissionResponse";

test("the schemas Ajv checks against are the ones in the spec Prism serves", () => {
  const spec = readSpec(SPEC);
  for (const name of [PAGE, PERMISSION_SCHEMA, DELETION, "CreateFineTuningCheckpointPermissionRequest"]) {
    assert.deepEqual(openApiDocument.components.schemas[name], spec.components.schemas[name], name);
  }
  assert.deepEqual(Object.keys(spec.paths).sort(), [
    "/fine_tuning/checkpoints/{fine_tuned_model_checkpoint}/permissions",
    "/fine_tuning/checkpoints/{fine_tuned_model_checkpoint}/permissions/{permission_id}",
  ]);
});

for (const mode of MODES) {
  describe(`Prism, ${mode.name} mode`, () => {
    const prism = usePrism(SPEC, mode);
    const { recorded, settled } = prism;

    test("createCheckpointPermissions: Prism accepts the request; the answer is Prism's JSON, spec-valid", async () => {
      for (let round = 0; round < mode.rounds; round++) {
        const { exchanges, options } = recorded();
        const page = await settled(pkg.createCheckpointPermissions(CHECKPOINT, { project_ids: [PROJECT] }, options), exchanges);
        assert.equal(exchanges.length, 1);
        assertRequest(exchanges[0], "POST", permissionsPath());
        assertAnswerIsPrisms(page, exchanges[0], PAGE);
      }
    });

    test("listCheckpointPermissions: after, limit, order and project_id pass Prism's checks; the page is Prism's, spec-valid", async () => {
      for (let round = 0; round < mode.rounds; round++) {
        const { exchanges, options } = recorded();
        const query = { after: PERMISSION, limit: 5, order: round % 2 ? "descending" : "ascending", project_id: PROJECT };
        const page = await settled(pkg.listCheckpointPermissions(CHECKPOINT, query, options), exchanges);
        assert.equal(exchanges.length, 1);
        assertRequest(exchanges[0], "GET", permissionsPath(), { ...query, limit: "5" });
        assertAnswerIsPrisms(page, exchanges[0], PAGE);
      }
    });

    test(`listAllCheckpointPermissions follows the cursors and yields Prism's permissions in order (cut at ${LIST_ALL_LIMIT})`, async (t) => {
      const met = walkStats();
      for (let round = 0; round < mode.rounds; round++) {
        const { exchanges, options } = recorded();
        const query = { limit: 3, order: "descending", project_id: PROJECT };
        const items = [];
        await settled(
          (async () => {
            for await (const permission of pkg.listAllCheckpointPermissions(CHECKPOINT, query, options)) {
              items.push(permission);
              if (items.length === LIST_ALL_LIMIT) break;
            }
          })(),
          exchanges,
        );
        met.add(assertWalk(exchanges, items, { path: permissionsPath(), query, page: PAGE, item: PERMISSION_SCHEMA }), items);
      }
      // Random answers: what this run happened to meet, for whoever reads the log.
      t.diagnostic(`met: ${JSON.stringify(met)}`);
    });

    test("deleteCheckpointPermission: Prism accepts the request; the answer is Prism's JSON, spec-valid", async () => {
      for (let round = 0; round < mode.rounds; round++) {
        const { exchanges, options } = recorded();
        const deleted = await settled(pkg.deleteCheckpointPermission(CHECKPOINT, PERMISSION, options), exchanges);
        assert.equal(exchanges.length, 1);
        assertRequest(exchanges[0], "DELETE", `${permissionsPath()}/${PERMISSION}`);
        assertAnswerIsPrisms(deleted, exchanges[0], DELETION);
      }
    });

    test("Prism really checks requests: 401 without Authorization, 422 for project_ids not a list", async () => {
      const path = `/fine_tuning/checkpoints/${encodeURIComponent(CHECKPOINT)}/permissions`;
      const send = (init) => prism.send(path, init);
      const authorization = { authorization: `Bearer ${KEY}` };
      const json = { "content-type": "application/json" };

      assert.equal((await send({ headers: authorization })).status, 200, "the control: the same GET with a key");
      const anonymous = await send({});
      assert.equal(anonymous.status, 401, anonymous.text);
      assert.equal(anonymous.headers.get("www-authenticate"), "Bearer");

      const post = (body) => send({ method: "POST", headers: { ...authorization, ...json }, body: JSON.stringify(body) });
      assert.equal((await post({ project_ids: [PROJECT] })).status, 200, "the control: the same POST with a list");
      const notAList = await post({ project_ids: "not-a-list" });
      assert.equal(notAList.status, 422, notAList.text);
      const locations = JSON.parse(notAList.text).validation.map((violation) => violation.location);
      assert.deepEqual(locations, [["body", "project_ids"]], notAList.text);
    });

    if (mode.answersAlike) {
      test("a walk ends at the cursor Prism repeats, although every page says has_more", async () => {
        // Static mode answers every list with the same page: has_more true, the same last_id.
        const { exchanges, options } = recorded();
        const items = [];
        for await (const permission of pkg.listAllCheckpointPermissions(CHECKPOINT, null, options)) {
          items.push(permission);
          if (items.length === LIST_ALL_LIMIT) break;
        }
        const pages = exchanges.map((exchange) => JSON.parse(exchange.body));
        assert.ok(pages.every((page) => page.has_more && page.last_id === pages[0].last_id), "the premise: one repeating page");
        assert.equal(exchanges.length, 2, "the first page, then the page after its cursor, which repeats it");
        assert.equal(exchanges[1].url.searchParams.get("after"), pages[0].last_id);
        assert.equal(items.length, pages[0].data.length * 2);
      });
    }
  });
}

// ---------------------------------------------------------------- helpers

function permissionsPath() {
  return `/fine_tuning/checkpoints/${CHECKPOINT}/permissions`;
}
