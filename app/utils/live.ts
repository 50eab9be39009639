// Browser side of the live figures: the latest snapshot (SSE over the loader's), an animated money counter and a
// ticking "N seconds ago".
import { useEffect, useMemo, useRef, useState } from "react"
import { useEventSource } from "remix-utils/sse/react"
import type { LiveSnapshot } from "~/models/live.server.ts"

function newer(a: LiveSnapshot, b: LiveSnapshot) {
  const ai = BigInt(a.lastEventId)
  const bi = BigInt(b.lastEventId)
  if (ai !== bi) return ai > bi ? a : b
  return a.readAt >= b.readAt ? a : b
}

/** The newest of the loader's snapshot and the last `snapshot` frame of the event stream at `url`. */
export function useLiveSnapshot(url: string, initial: LiveSnapshot) {
  const frame = useEventSource(url, { event: "snapshot" })
  return useMemo(() => {
    if (!frame) return initial
    try {
      const streamed = JSON.parse(frame) as LiveSnapshot
      return streamed.conferenceId === initial.conferenceId ? newer(streamed, initial) : initial
    } catch {
      return initial
    }
  }, [frame, initial])
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
