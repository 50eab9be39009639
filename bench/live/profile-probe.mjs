// Preloaded (NODE_OPTIONS=--import) into the processes bench:live profiles with --cpu-profile, the app and the
// viewers, never by the app itself: on the bench's IPC messages it starts a CPU profile of the process and stops it
// into the file named, so a profile covers the signings and nothing of the start-up or of the connecting.
import { writeFileSync } from "node:fs"
import { Session } from "node:inspector"

let session = null

if (process.send) {
  process.on("message", (message) => {
    if (message?.cmd !== "profile") return
    const done = () => process.send?.({ kind: "profile" })
    if (message.action === "start") {
      session = new Session()
      session.connect()
      // Finer than the default 1 ms: one write to a socket takes microseconds.
      session.post("Profiler.enable", () => session.post("Profiler.setSamplingInterval", { interval: 200 }, () => session.post("Profiler.start", done)))
    } else if (session) {
      session.post("Profiler.stop", (error, result) => {
        if (!error) writeFileSync(message.file, JSON.stringify(result.profile))
        session.disconnect()
        session = null
        done()
      })
    }
  })
}
