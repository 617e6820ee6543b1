// "3 days ago": how long ago something happened, for the permissions table and the history. The
// package's CLI says it the same way, so the words are the package's (pkg/cli/time-text.mjs, served
// at /pkg/): one function, tested in tests/js/relative-time.test.mjs.

export { relativeTime } from "../pkg/cli/time-text.mjs";
