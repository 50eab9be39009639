// The big screen's stream in two kinds of frame: a whole snapshot when a screen connects, then a change per ledger
// change — the figures that moved, the breakdown slices that changed and the new ticker lines — carrying the event
// id it follows, so a screen that missed one knows it. Shared by the server (which diffs) and the browser (which
// applies); the server sends a change only when applying it reproduces the new snapshot exactly.
import type { LiveSlice, LiveSnapshot, LiveTickerItem } from "~/models/live.server.ts"

/** How many signings the ticker shows. */
export const TICKER_SIZE = 10

export type LiveChange = {
  /** the `lastEventId` of the snapshot this change applies to */
  from: string
  /** the `lastEventId` after it: the frame's SSE id */
  id: string
  totalFen?: string
  targetFen?: string
  signedAgreements?: number
  innovations?: number
  updatedAt?: string | null
  /** slices added or changed; a slice that left the breakdown comes with `agreements` 0 and `totalFen` "0" */
  bySector?: LiveSlice[]
  byProvince?: LiveSlice[]
  byOrganization?: LiveSlice[]
  /** ticker lines added or changed (a void marks its line) */
  ticker?: LiveTickerItem[]
}

const SCALARS = ["totalFen", "targetFen", "signedAgreements", "innovations", "updatedAt"] as const
const BREAKDOWNS = ["bySector", "byProvince", "byOrganization"] as const

/** Largest amount first; ties by label, then key, in code-unit order so server and browser agree. */
export function compareSlices(a: LiveSlice, b: LiveSlice) {
  const [x, y] = [BigInt(a.totalFen), BigInt(b.totalFen)]
  if (x !== y) return x > y ? -1 : 1
  if (a.label !== b.label) return a.label < b.label ? -1 : 1
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0
}

const isGone = (slice: LiveSlice) => slice.agreements === 0 && slice.totalFen === "0"

function diffSlices(before: LiveSlice[], after: LiveSlice[]) {
  const old = new Map(before.map((slice) => [slice.key, slice]))
  const changed = after.filter((slice) => {
    const was = old.get(slice.key)
    return !was || was.totalFen !== slice.totalFen || was.agreements !== slice.agreements || was.label !== slice.label
  })
  const kept = new Set(after.map((slice) => slice.key))
  for (const slice of before) if (!kept.has(slice.key)) changed.push({ key: slice.key, label: "", totalFen: "0", agreements: 0 })
  return changed
}

function applySlices(slices: LiveSlice[], changes: LiveSlice[]) {
  const byKey = new Map(slices.map((slice) => [slice.key, slice]))
  for (const slice of changes) {
    if (isGone(slice)) byKey.delete(slice.key)
    else byKey.set(slice.key, slice)
  }
  return [...byKey.values()].sort(compareSlices)
}

function applyTicker(ticker: LiveTickerItem[], changes: LiveTickerItem[]) {
  const byId = new Map(ticker.map((item) => [item.eventId, item]))
  for (const item of changes) byId.set(item.eventId, item)
  return [...byId.values()].sort((a, b) => (BigInt(b.eventId) > BigInt(a.eventId) ? 1 : -1)).slice(0, TICKER_SIZE)
}

/** What changed from `before` to `after`, as a change frame carries it. */
export function diffSnapshots(before: LiveSnapshot, after: LiveSnapshot): LiveChange {
  const change: LiveChange = { from: before.lastEventId, id: after.lastEventId }
  for (const key of SCALARS) if (before[key] !== after[key]) Object.assign(change, { [key]: after[key] })
  for (const key of BREAKDOWNS) {
    const slices = diffSlices(before[key], after[key])
    if (slices.length) change[key] = slices
  }
  const old = new Map(before.ticker.map((item) => [item.eventId, JSON.stringify(item)]))
  const ticker = after.ticker.filter((item) => old.get(item.eventId) !== JSON.stringify(item))
  if (ticker.length) change.ticker = ticker
  return change
}

/** The snapshot after `change`, or null when the change does not follow it (a frame was missed: start over). */
export function applyChange(snapshot: LiveSnapshot, change: LiveChange): LiveSnapshot | null {
  if (change.from !== snapshot.lastEventId) return null
  const next: LiveSnapshot = { ...snapshot, lastEventId: change.id }
  for (const key of SCALARS) if (change[key] !== undefined) Object.assign(next, { [key]: change[key] })
  for (const key of BREAKDOWNS) {
    const slices = change[key]
    if (slices) next[key] = applySlices(snapshot[key], slices)
  }
  if (change.ticker) next.ticker = applyTicker(snapshot.ticker, change.ticker)
  return next
}

/** The same figures (when each was read aside). */
export function sameFigures(a: LiveSnapshot, b: LiveSnapshot) {
  return JSON.stringify({ ...a, readAt: "" }) === JSON.stringify({ ...b, readAt: "" })
}

/**
 * The change from `before` to `after`, or null when applying it would not give exactly `after` (then screens are
 * sent the whole snapshot instead).
 */
export function checkedChange(before: LiveSnapshot, after: LiveSnapshot) {
  const change = diffSnapshots(before, after)
  const applied = applyChange(before, change)
  return applied && sameFigures(applied, after) ? change : null
}
