// The package's call options, from the environment as openai-node reads it, and the flags.

/** A setting the command cannot run without is missing; the message says which. */
export class MissingSettingError extends Error {
  name = "MissingSettingError";
}

/** Unset and empty variables are the same thing: neither names a value. */
const setting = (value) => (value === undefined || value === "" ? undefined : value);

export function callOptionsFrom(env, { baseURL } = {}) {
  const apiKey = setting(env.OPENAI_ADMIN_KEY);
  if (apiKey === undefined) {
    throw new MissingSettingError("OPENAI_ADMIN_KEY is not set: export an OpenAI admin key in it (the key is never printed)");
  }
  const options = { apiKey };
  const chosenBaseURL = setting(baseURL) ?? setting(env.OPENAI_BASE_URL);
  if (chosenBaseURL !== undefined) options.baseURL = chosenBaseURL;
  const organization = setting(env.OPENAI_ORG_ID);
  if (organization !== undefined) options.organization = organization;
  const project = setting(env.OPENAI_PROJECT_ID);
  if (project !== undefined) options.project = project;
  return options;
}
