// One set of error classes for every entry, so `instanceof` works whichever an app imports.
export * from "../errors.js";
