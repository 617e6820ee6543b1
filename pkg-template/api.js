// The main entry's API: every call (calls.js) and nothing else.
export * from "./calls.js";
