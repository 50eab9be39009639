// Preloaded into the app processes `bench:search --processes N --cpu-profile DIR` starts (through NODE_OPTIONS, which
// takes neither --cpu-prof nor TypeScript): profiles the process from its start and writes DIR/app-<pid>.cpuprofile
// when it exits. The in-process inspector answers synchronously, so the profile is taken in the exit handler.
import { writeFileSync } from "node:fs"
import { Session } from "node:inspector"
import path from "node:path"

const dir = process.env.BENCH_CPU_PROFILE_DIR
if (dir) {
  const session = new Session()
  session.connect()
  session.post("Profiler.enable")
  session.post("Profiler.setSamplingInterval", { interval: 1000 })
  session.post("Profiler.start")
  process.on("exit", () => {
    session.post("Profiler.stop", (error, result) => {
      if (!error) writeFileSync(path.join(dir, `app-${process.pid}.cpuprofile`), JSON.stringify(result.profile))
    })
  })
}
