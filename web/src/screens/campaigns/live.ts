/**
 * A screen shows one campaign that reaches it three ways: the query, the answers of its own mutations,
 * and the live subscription. Whichever arrives, the screen keeps the newest: a higher version wins, and
 * at the same version the later arrival (an upload moved on without the draft changing).
 */
export interface Versioned {
  id: string;
  version: number;
}

export function newerCampaign<T extends Versioned>(current: T | null, arriving: T | null | undefined): T | null {
  if (!arriving) return current;
  if (!current || current.id !== arriving.id) return arriving;
  return arriving.version >= current.version ? arriving : current;
}

/** The same for an upload, ordered by its updatedAt (ISO time). */
export function newerUpload<T extends { id: string; updatedAt: string }>(current: T | null, arriving: T | null | undefined): T | null {
  if (!arriving) return current;
  if (!current || current.id !== arriving.id) return arriving;
  return Date.parse(arriving.updatedAt) >= Date.parse(current.updatedAt) ? arriving : current;
}
