// Random ids shaped like OpenAI's: a prefix and random alphanumerics.

import { randomInt } from "node:crypto";

const ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

export function randomAlphanumerics(length) {
  let text = "";
  for (let i = 0; i < length; i += 1) text += ID_ALPHABET[randomInt(ID_ALPHABET.length)];
  return text;
}
