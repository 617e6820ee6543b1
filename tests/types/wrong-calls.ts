// Each call below is wrong; `tsc --strict` must reject every line marked with an expected error.
import { createCheckpointPermissions, listCheckpointPermissions, syncCheckpointPermissions } from "../../pkg/index.js";

// @ts-expect-error project_ids must be an array
createCheckpointPermissions("ft:x", { project_ids: "proj_a" });
// @ts-expect-error the body is required
createCheckpointPermissions("ft:x");
// @ts-expect-error order is "ascending" or "descending"
listCheckpointPermissions("ft:x", { order: "asc" });
// @ts-expect-error maxRetries is a number
createCheckpointPermissions("ft:x", { project_ids: [] }, { maxRetries: "2" });
// @ts-expect-error dryRun is a boolean
syncCheckpointPermissions("ft:x", [], { dryRun: "yes" });
