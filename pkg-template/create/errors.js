// One set of error classes for both entries, so `instanceof` works whichever an app imports.
export * from "../errors.js";
