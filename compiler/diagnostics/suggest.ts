/**
 * "Did you mean …?" for misspelt names: the one edit distance (Levenshtein) every stage
 * and the CLI use, and the two ways they pick what to suggest.
 */

/**
 * Levenshtein distance between `a` and `b` (insertions, deletions and substitutions of
 * UTF-16 code units), or `max + 1` when it exceeds `max`: the scan stops as soon as that
 * is certain, so looking for close names among many candidates stays cheap.
 */
export function editDistance(a: string, b: string, max = Number.POSITIVE_INFINITY): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      cur.push(v);
      if (v < best) best = v;
    }
    if (best > max) return max + 1;
    prev = cur;
  }
  return Math.min(prev[b.length]!, max + 1);
}

/** How far a name may be misspelt and still be recognised: 2 edits, or a third of a long name. */
export function reachOf(name: string): number {
  return Math.max(2, Math.floor(name.length / 3));
}

/**
 * Every candidate other than `name` itself within `maxDistance` edits of it, in the
 * candidates' order (for hints that list all near names: "did you mean 'a' or 'b'?").
 */
export function closeNames(name: string, candidates: Iterable<string>, maxDistance = reachOf(name)): string[] {
  const out: string[] = [];
  for (const c of candidates) if (c !== name && editDistance(c, name, maxDistance) <= maxDistance) out.push(c);
  return out;
}

/**
 * The single closest candidate within `maxDistance` edits (ties: the alphabetically first),
 * phrased as a diagnostic hint: "did you mean `x`?". Undefined when none is that close.
 */
export function didYouMean(name: string, candidates: Iterable<string>, maxDistance = 2): string | undefined {
  let best: string | undefined;
  let bestD = maxDistance + 1;
  for (const c of candidates) {
    if (c === name) continue;
    const d = editDistance(name, c, maxDistance);
    if (d < bestD || (d === bestD && best !== undefined && c < best)) {
      best = c;
      bestD = d;
    }
  }
  return best !== undefined && bestD <= maxDistance ? `did you mean \`${best}\`?` : undefined;
}
