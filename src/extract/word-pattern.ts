// Regex alternations built from the vocabulary lists (src/extract/vocabulary/), so that a word is added in one
// place and every pattern that needs it picks it up.

/** "a|bc|def" longest first: a regex alternation tries its branches in order, so "原则同意" must come before "同意". */
export function oneOf(words: readonly string[]): string {
  return [...words].sort((a, b) => b.length - a.length).join("|");
}
