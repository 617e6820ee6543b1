// The package's call options from the command line's flags. Everything else (the key, the
// organization, the project, and the base URL when --base-url is not given) the package reads
// from the environment itself, as its library calls do: option > environment > default, decided
// in one place (the package's src/config.rs).

/** `{ baseURL }` when --base-url was given; nothing otherwise. */
export function callOptionsFrom({ baseURL } = {}) {
  return baseURL === undefined || baseURL === "" ? {} : { baseURL };
}
