// The view the page shows, as it lives in the address bar, and the console token's fragment.
// The view is in the query string (?checkpoint=…&filter=…&order=…), so a copied link opens the
// same view; the token arrives in the fragment (#token=…, printed by scripts/run.sh), which
// the page removes at once, so no link anyone copies ever carries it. No DOM: Node tests it
// (tests/js/url-state.test.mjs).

export const ORDERS = ["descending", "ascending"];
export const DEFAULT_ORDER = "descending";

/**
 * The view a query string names. `checkpoint` is null when it names none (the page then shows
 * its default); a filter is kept as typed; an unknown order is the default one.
 */
export function readView(search) {
  const params = new URLSearchParams(search);
  const order = params.get("order");
  return {
    checkpoint: params.get("checkpoint"),
    filter: params.get("filter") ?? "",
    order: ORDERS.includes(order) ? order : DEFAULT_ORDER,
  };
}

/** The query string of a view: "" for the default view; defaults left out so links stay short. */
export function viewSearch({ checkpoint, filter, order }) {
  const parts = [];
  if (checkpoint) parts.push(`checkpoint=${encodeValue(checkpoint)}`);
  if (filter) parts.push(`filter=${encodeValue(filter)}`);
  if (order && order !== DEFAULT_ORDER) parts.push(`order=${encodeValue(order)}`);
  return parts.length > 0 ? `?${parts.join("&")}` : "";
}

// ":" and "@" are allowed in a query as they are, and a checkpoint id is full of colons: left
// readable, a link says which checkpoint it opens.
const encodeValue = (value) => encodeURIComponent(value).replace(/%3A/gi, ":").replace(/%40/gi, "@");

/**
 * Takes the console token out of a fragment ("#token=…", or one `token=` part among others
 * joined by "&"). Returns the token (null when there is none) and the fragment without it ("" when
 * nothing is left), other parts kept as they were, so an anchor such as "#main" survives.
 */
export function takeToken(hash) {
  const body = hash.startsWith("#") ? hash.slice(1) : hash;
  let token = null;
  const rest = [];
  for (const part of body.split("&")) {
    if (part.startsWith("token=")) token = decodeLeniently(part.slice("token=".length)) || token;
    else if (part !== "") rest.push(part);
  }
  return { token, hash: rest.length > 0 ? `#${rest.join("&")}` : "" };
}

function decodeLeniently(text) {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** The address of `view` on this page: path, the view's query, and a fragment that holds no token. */
export function viewAddress(pathname, view, hash = "") {
  return `${pathname}${viewSearch(view)}${takeToken(hash).hash}`;
}
