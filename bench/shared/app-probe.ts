// Preloaded into the app processes a bench starts (bench/shared/app-processes.ts), never by the app itself: on the
// bench's IPC message it collects garbage and answers with process.memoryUsage(), so the bench can tell memory held
// by open connections from garbage not yet collected; on another, its CPU time so far.
type Gc = () => void

if (process.send) {
  process.channel?.unref()
  process.on("message", (message: unknown) => {
    // The CPU time the process has used so far, to tell what a signing costs it whatever else the machine runs.
    if (message === "cpu?") return void process.send?.({ kind: "cpu", cpu: process.cpuUsage() })
    if (message !== "memory?") return
    const gc = (globalThis as { gc?: Gc }).gc
    const before = process.memoryUsage()
    if (gc) {
      gc()
      gc()
    }
    process.send?.({ kind: "memory", gc: Boolean(gc), before, after: process.memoryUsage() })
  })
}
