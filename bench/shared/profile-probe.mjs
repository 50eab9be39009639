// Preloaded (NODE_OPTIONS=--import, which takes neither --cpu-prof nor TypeScript) into the processes a bench
// profiles, never by the app itself. Two ways, as the bench asks:
// - BENCH_CPU_PROFILE_DIR set (bench:search --cpu-profile DIR): the process is profiled from its start and writes
//   DIR/app-<pid>.cpuprofile when it exits (the in-process inspector answers synchronously, so in the exit handler);
// - otherwise, on the bench's IPC messages (bench:live --cpu-profile FILE): a profile started and stopped into the file
//   named, so it covers the signings and nothing of the start-up or of the connecting.
import { writeFileSync } from "node:fs"
import { Session } from "node:inspector"
import path from "node:path"

/** Starts a profile; `interval` in µs. */
function startProfile(interval, then) {
  const session = new Session()
  session.connect()
  session.post("Profiler.enable", () => session.post("Profiler.setSamplingInterval", { interval }, () => session.post("Profiler.start", then)))
  return session
}

function stopProfile(session, file, then) {
  session.post("Profiler.stop", (error, result) => {
    if (!error) writeFileSync(file, JSON.stringify(result.profile))
    session.disconnect()
    then?.()
  })
}

const dir = process.env.BENCH_CPU_PROFILE_DIR
if (dir) {
  const session = startProfile(1000)
  process.on("exit", () => stopProfile(session, path.join(dir, `app-${process.pid}.cpuprofile`)))
} else if (process.send) {
  let session = null
  process.on("message", (message) => {
    if (message?.cmd !== "profile") return
    const done = () => process.send?.({ kind: "profile" })
    // Finer than the default 1 ms: one write to a socket takes microseconds.
    if (message.action === "start") session = startProfile(200, done)
    else if (session) {
      stopProfile(session, message.file, done)
      session = null
    }
  })
}
