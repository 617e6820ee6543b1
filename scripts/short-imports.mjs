// Gives the wasm's imports one-letter names, and the wasm-bindgen glue's import object the same.
// wasm-bindgen names each import after its JS name plus a 16-digit hash, written twice (in the
// wasm and in the glue); the hashes are random, so gzip cannot shrink them: about 2 KB gzipped
// per build. Run after wasm-opt, which drops unused imports first.
//
//   node scripts/short-imports.mjs module.wasm glue.js      (both rewritten in place)
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const IMPORT_SECTION = 2;
const SHORT_MODULE = "w";
/** wasm-bindgen's own shims, in the glue's import object; other modules are imported as they are. */
const GLUE_MODULE = /_bg\.js$/;

/** The `i`-th short name: a … z, A … Z, then two letters. */
export function shortName(i) {
  const letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
  return i < letters.length ? letters[i] : shortName(Math.floor(i / letters.length) - 1) + letters[i % letters.length];
}

function unsignedLeb(value) {
  const bytes = [];
  do {
    let byte = value & 0x7f;
    value >>>= 7;
    if (value !== 0) byte |= 0x80;
    bytes.push(byte);
  } while (value !== 0);
  return bytes;
}

function reader(bytes, at) {
  const self = {
    at,
    leb() {
      let result = 0;
      let shift = 0;
      let byte;
      do {
        byte = bytes[self.at++];
        result |= (byte & 0x7f) << shift;
        shift += 7;
      } while (byte & 0x80);
      return result >>> 0;
    },
    name() {
      const length = self.leb();
      const text = new TextDecoder().decode(bytes.subarray(self.at, self.at + length));
      self.at += length;
      return text;
    },
    /** Skips one import's description (its kind and type), returning its bytes. */
    description() {
      const start = self.at;
      const kind = bytes[self.at++];
      if (kind === 0) self.leb(); // function: type index
      else if (kind === 1) { self.at += 1; limits(); } // table: reference type, limits
      else if (kind === 2) limits(); // memory
      else if (kind === 3) self.at += 2; // global: value type, mutability
      else throw new Error(`import kind ${kind} not handled`);
      return bytes.subarray(start, self.at);
    },
  };
  const limits = () => {
    const flags = self.leb();
    self.leb();
    if (flags & 1) self.leb();
  };
  return self;
}

const encodeName = (text) => {
  const utf8 = new TextEncoder().encode(text);
  return [...unsignedLeb(utf8.length), ...utf8];
};

/** The module with short import names, and the map from each old (module, name) to its new name. */
export function shortenImports(wasm) {
  const renamed = new Map();
  const parts = [wasm.subarray(0, 8)];
  const read = reader(wasm, 8);
  while (read.at < wasm.length) {
    const start = read.at;
    const id = wasm[read.at++];
    const size = read.leb();
    const end = read.at + size;
    if (id !== IMPORT_SECTION) {
      parts.push(wasm.subarray(start, end));
      read.at = end;
      continue;
    }
    const count = read.leb();
    const body = [...unsignedLeb(count)];
    for (let i = 0; i < count; i += 1) {
      const module = read.name();
      const name = read.name();
      if (!GLUE_MODULE.test(module)) {
        // Imported straight from a module of ours (promises.js): its export names stay.
        body.push(...encodeName(module), ...encodeName(name), ...read.description());
        continue;
      }
      const short = shortName(i);
      body.push(...encodeName(SHORT_MODULE), ...encodeName(short), ...read.description());
      if (!renamed.has(module)) renamed.set(module, new Map());
      renamed.get(module).set(name, short);
    }
    if (read.at !== end) throw new Error("import section not read to its end");
    parts.push(Uint8Array.of(IMPORT_SECTION, ...unsignedLeb(body.length), ...body));
  }
  return { wasm: Buffer.concat(parts), renamed };
}

/** The glue with its import object keyed by the new names. Fails on any name it cannot find once. */
export function renameInGlue(glue, renamed) {
  const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  let out = glue;
  const replaceOnce = (pattern, replacement, what) => {
    const matches = out.match(new RegExp(pattern.source, "gm"));
    if (matches?.length !== 1) throw new Error(`glue: expected ${what} once, found it ${matches?.length ?? 0} times`);
    out = out.replace(pattern, replacement);
  };
  if (renamed.size !== 1) throw new Error(`expected one glue import module, found ${[...renamed.keys()].join(", ") || "none"}`);
  for (const [module, names] of renamed) {
    replaceOnce(new RegExp(`^(\\s+)"${escape(module)}": `, "m"), `$1"${SHORT_MODULE}": `, `module key ${module}`);
    for (const [name, short] of names) {
      replaceOnce(new RegExp(`^(\\s+)${escape(name)}: function`, "m"), `$1${short}: function`, `import ${name}`);
    }
  }
  return out;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [wasmPath, gluePath] = process.argv.slice(2);
  const { wasm, renamed } = shortenImports(readFileSync(wasmPath));
  const glue = renameInGlue(readFileSync(gluePath, "utf8"), renamed);
  writeFileSync(wasmPath, wasm);
  writeFileSync(gluePath, glue);
}
