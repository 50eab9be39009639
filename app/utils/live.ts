// Browser side of the live figures: the conference's snapshot kept current over its event stream (whole at connect,
// then change frames applied in order), an animated money counter and a ticking "N seconds ago".
import { useEffect, useMemo, useRef, useState } from "react"
import type { LiveSnapshot } from "~/models/live.server.ts"
import { applyChange, type LiveChange } from "~/utils/live-frames.ts"

/** After the server refused the stream (429, 5xx), try again this much later (with jitter, so screens spread out). */
const REFUSED_RETRY_MS = 15_000

/**
 * The conference's latest snapshot from the event stream at `url` (null until its first frame). One EventSource;
 * a change that does not follow the snapshot held (a missed frame) closes it and opens a new one, whose first frame
 * is a fresh snapshot. The browser reconnects by itself after a dropped connection; a refused one is retried later.
 */
export function useLiveStream(url: string) {
  const [snapshot, setSnapshot] = useState<LiveSnapshot | null>(null)
  useEffect(() => {
    let source: EventSource | null = null
    let current: LiveSnapshot | null = null
    let retry: ReturnType<typeof setTimeout> | undefined
    const open = () => {
      source?.close()
      const opened = new EventSource(url)
      source = opened
      opened.addEventListener("snapshot", (event) => {
        current = JSON.parse((event as MessageEvent<string>).data) as LiveSnapshot
        setSnapshot(current)
      })
      opened.addEventListener("change", (event) => {
        const next = current && applyChange(current, JSON.parse((event as MessageEvent<string>).data) as LiveChange)
        if (!next) return open()
        current = next
        setSnapshot(next)
      })
      opened.addEventListener("error", () => {
        if (opened.readyState !== EventSource.CLOSED || source !== opened) return
        retry = setTimeout(open, REFUSED_RETRY_MS * (1 + Math.random()))
      })
    }
    open()
    return () => {
      clearTimeout(retry)
      source?.close()
    }
  }, [url])
  return snapshot
}

/** The newer of the loader's snapshot and the stream's (by event id; on a tie the stream's, read later). */
export function useLiveSnapshot(url: string, initial: LiveSnapshot) {
  const streamed = useLiveStream(url)
  return useMemo(() => {
    if (!streamed || streamed.conferenceId !== initial.conferenceId) return initial
    return BigInt(streamed.lastEventId) >= BigInt(initial.lastEventId) ? streamed : initial
  }, [streamed, initial])
}

function prefersReducedMotion() {
  return typeof window !== "undefined" && window.matchMedia?.("(prefers-reduced-motion: reduce)").matches
}

/** Counts from the shown value to `target` (fen, exact BigInt steps) over `ms`, or jumps when motion is reduced. */
export function useAnimatedFen(target: bigint, ms = 1200) {
  const [shown, setShown] = useState(target)
  const shownRef = useRef(target)
  useEffect(() => {
    const from = shownRef.current
    if (from === target) return
    if (prefersReducedMotion()) {
      shownRef.current = target
      setShown(target)
      return
    }
    const start = performance.now()
    let frame = 0
    const step = (now: number) => {
      const t = Math.min(1, (now - start) / ms)
      const eased = 1 - (1 - t) ** 3
      const value = t >= 1 ? target : from + ((target - from) * BigInt(Math.round(eased * 1_000_000))) / 1_000_000n
      shownRef.current = value
      setShown(value)
      if (t < 1) frame = requestAnimationFrame(step)
    }
    frame = requestAnimationFrame(step)
    return () => cancelAnimationFrame(frame)
  }, [target, ms])
  return shown
}

/** Whole seconds since `iso`, ticking once a second; null when there is no time. */
export function useSecondsSince(iso: string | null) {
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000)
    return () => clearInterval(timer)
  }, [])
  if (!iso) return null
  return Math.max(0, Math.floor((now - new Date(iso).getTime()) / 1000))
}

/** Progress to the target in percent with two decimals (rounded down), exact on BigInt fen. */
export function progressPercent(totalFen: string, targetFen: string) {
  const target = BigInt(targetFen)
  if (target <= 0n) return 0
  return Number((BigInt(totalFen) * 10_000n) / target) / 100
}
