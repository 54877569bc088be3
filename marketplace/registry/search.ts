import type { IndexEntry, RegistryIndex } from './layout.ts';

export interface SearchQuery {
  text: string;
  category?: string;
  tags?: string[];
  verified?: boolean;
  official?: boolean;
  type?: 'package' | 'solution';
  sort?: 'relevance' | 'downloads' | 'rating' | 'recent';
  limit?: number;
  offset?: number;
}

export interface SearchHit extends IndexEntry {
  name: string;
  registry: string;
  /** 0 exact name, 1 prefix, 2 substring, 3 other (description/keywords). */
  rank: number;
}

export interface SearchResult {
  total: number;
  hits: SearchHit[];
}

export const MAX_SEARCH_LIMIT = 100;

/** The bare part of a scoped name, so `validator` finds `@acme/validator` as an exact match. */
const bare = (name: string) => (name.startsWith('@') ? name.slice(name.indexOf('/') + 1) : name);

/**
 * Search of §6: every term must match the name, description or a keyword (case-insensitive);
 * relevance ranks exact name, then name prefix, then name substring, then other matches;
 * ties by downloads (descending) then name. Unlisted/private/solution-only packages are hidden.
 */
export function searchIndexes(indexes: { registry: string; index: RegistryIndex }[], q: SearchQuery): SearchResult {
  const text = q.text.trim().toLowerCase();
  const terms = text.split(/\s+/).filter(Boolean);
  const seen = new Set<string>();
  const hits: SearchHit[] = [];
  if (q.type === 'solution') return { total: 0, hits: [] };
  for (const { registry, index } of indexes) {
    for (const [name, e] of Object.entries(index.packages)) {
      if (seen.has(name)) continue; // the first registry holding a name serves it
      seen.add(name);
      if (e.listing && e.listing !== 'public') continue;
      if (q.category && e.category !== q.category) continue;
      const keywords = e.keywords.map((k) => k.toLowerCase());
      if (q.tags?.length && !q.tags.every((t) => keywords.includes(t.toLowerCase()))) continue;
      if (q.verified && !e.badges.includes('verified')) continue;
      if (q.official && !e.badges.includes('official')) continue;
      const lname = name.toLowerCase();
      const hay = [lname, e.description.toLowerCase(), ...keywords];
      if (!terms.every((t) => hay.some((h) => h.includes(t)))) continue;
      let rank = 3;
      if (text === '' || lname === text || bare(lname) === text) rank = text === '' ? 3 : 0;
      else if (lname.startsWith(text) || bare(lname).startsWith(text)) rank = 1;
      else if (lname.includes(text)) rank = 2;
      hits.push({ ...e, name, registry, rank });
    }
  }
  const byName = (a: SearchHit, b: SearchHit) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  const sort = q.sort ?? 'relevance';
  hits.sort((a, b) => {
    if (sort === 'relevance') return a.rank - b.rank || b.downloads - a.downloads || byName(a, b);
    if (sort === 'downloads') return b.downloads - a.downloads || byName(a, b);
    if (sort === 'rating') return b.rating - a.rating || b.downloads - a.downloads || byName(a, b);
    return b.updated_at - a.updated_at || byName(a, b);
  });
  const limit = Math.min(Math.max(q.limit ?? 20, 1), MAX_SEARCH_LIMIT);
  const offset = Math.max(q.offset ?? 0, 0);
  return { total: hits.length, hits: hits.slice(offset, offset + limit) };
}
