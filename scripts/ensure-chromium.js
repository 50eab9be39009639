// Playwright drives Debian's Chromium (its own browser download is not reachable here). Installs it when missing
// and we are root; otherwise says exactly what to run.
import { execFileSync } from "node:child_process"
import { existsSync } from "node:fs"

const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium"
const packages = ["chromium", "fonts-wqy-microhei"]

if (!existsSync(chromium)) {
  if (process.getuid?.() === 0) {
    console.log(`Chromium not found at ${chromium}; installing ${packages.join(" ")} with apt-get …`)
    execFileSync("apt-get", ["update", "-qq"], { stdio: "inherit" })
    execFileSync("apt-get", ["install", "-y", "-qq", ...packages], { stdio: "inherit", env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } })
  } else {
    console.error(`Chromium not found at ${chromium}. Install it with:\n  sudo apt-get install -y ${packages.join(" ")}\nor set CHROMIUM_PATH to a Chromium or Chrome binary.`)
    process.exit(1)
  }
}
