// The app processes a bench measures: the production build started on loopback with the probe preloaded (it answers
// "cpu?" and "memory?" over IPC, bench/shared/app-probe.ts), several of them behind a local nginx, and their stopping.
// Every process started here is stopped by `stopStarted`, which a bench calls on its way out whatever happened.
import { type ChildProcess, spawn, spawnSync } from "node:child_process"
import { once } from "node:events"
import { mkdtemp, rm, writeFile } from "node:fs/promises"
import { tmpdir } from "node:os"
import path from "node:path"

export type App = { base: string; child: ChildProcess }

const started = new Set<ChildProcess>()

/** Stops a process: SIGTERM (or `signal`), then SIGKILL if it has not gone within 5 s. */
export async function stopProcess(child: ChildProcess, signal: NodeJS.Signals = "SIGTERM") {
  started.delete(child)
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = once(child, "exit")
  child.kill(signal)
  await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))])
  if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL")
}

/** Stops every app and nginx started here and not stopped yet. */
export function stopStarted() {
  return Promise.all([...started].map((child) => stopProcess(child)))
}

export async function waitForHealth(base: string, child: ChildProcess | undefined, timeoutMs: number) {
  const until = Date.now() + timeoutMs
  while (Date.now() < until) {
    const status = await fetch(`${base}/healthcheck`).then((response) => response.status, () => 0)
    if (status === 200) return
    if (child && child.exitCode !== null) throw new Error(`${base}: the process exited with ${child.exitCode}`)
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
  throw new Error(`${base} did not become healthy`)
}

/** Sends a child a message and waits for its answer of `kind` (an answer of kind "error" rejects). */
export function ask<T>(child: ChildProcess, message: unknown, kind: string, timeoutMs = 600_000) {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no "${kind}" answer within ${timeoutMs} ms`)), timeoutMs)
    const onMessage = (reply: { kind?: string; message?: string }) => {
      if (reply?.kind === "error") reject(new Error(reply.message))
      else if (reply?.kind !== kind) return
      else resolve(reply as T)
      clearTimeout(timer)
      child.off("message", onMessage)
    }
    child.on("message", onMessage)
    child.send(message as never)
  })
}

/** The production build on `port` (built beforehand), healthy; `env` is the whole environment it gets. */
export async function startApp(port: number, env: NodeJS.ProcessEnv, timeoutMs = 180_000): Promise<App> {
  const child = spawn(process.execPath, ["--expose-gc", "--import", "tsx", "--import", "./bench/shared/app-probe.ts", "app/server.ts"], {
    env: { ...env, PORT: String(port), HOST: "127.0.0.1", NODE_ENV: "production" },
    stdio: ["ignore", "pipe", "pipe", "ipc"],
  })
  started.add(child)
  child.stderr?.on("data", (chunk: Buffer) => process.stderr.write(`[app :${port}] ${chunk}`))
  child.stdout?.resume()
  const base = `http://127.0.0.1:${port}`
  await waitForHealth(base, child, timeoutMs) // a shared machine under load can take a while
  return { base, child }
}

/** nginx from Debian in front of `apps` on `port`, with a configuration of its own in a temporary directory. */
export async function startNginx(apps: App[], port: number) {
  if (spawnSync("nginx", ["-v"]).error) throw new Error("nginx is not installed: apt-get install nginx-light (Debian), then run again")
  const dir = await mkdtemp(path.join(tmpdir(), "bench-nginx-"))
  // Two workers (one per core) with reuseport, so the kernel spreads connections over both and neither holds more file
  // descriptors than the process limit allows (each proxied connection holds two). Buffering off: event streams
  // and pages reach the client as the app writes them.
  const conf = `
worker_processes 2;
worker_rlimit_nofile 20000;
daemon off;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 16000; }
http {
  access_log off;
  client_body_temp_path ${dir}/body; proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi; uwsgi_temp_path ${dir}/uwsgi; scgi_temp_path ${dir}/scgi;
  upstream app { ${apps.map((app) => `server ${app.base.slice("http://".length)};`).join(" ")} keepalive 32; }
  server {
    listen 127.0.0.1:${port} reuseport backlog=4096;
    location / {
      proxy_pass http://app;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-For $remote_addr;
      proxy_buffering off;
      proxy_read_timeout 1h;
    }
  }
}
`
  await writeFile(path.join(dir, "nginx.conf"), conf)
  const child = spawn("nginx", ["-p", dir, "-c", path.join(dir, "nginx.conf")], { stdio: ["ignore", "ignore", "pipe"] })
  started.add(child)
  child.stderr?.on("data", (chunk: Buffer) => process.stderr.write(`[nginx] ${chunk}`))
  const base = `http://127.0.0.1:${port}`
  await waitForHealth(base, child, 10_000)
  return {
    base,
    stop: async () => {
      await stopProcess(child, "SIGQUIT")
      await rm(dir, { recursive: true, force: true })
    },
  }
}

export type Cpu = { kind: "cpu"; cpu: NodeJS.CpuUsage }

/** The CPU time (user + system) an app process has used so far, from its probe. */
export function appCpu(app: App) {
  return ask<Cpu>(app.child, "cpu?", "cpu")
}

/** Milliseconds of CPU between two readings. */
export const cpuMs = (before: Cpu, after: Cpu) => (after.cpu.user - before.cpu.user + after.cpu.system - before.cpu.system) / 1000

export type Memory = { rss: number; heapTotal: number; heapUsed: number; external: number }
export type MemoryReport = { before: Memory; after: Memory }

function probeMemory(child: ChildProcess) {
  if (!child.connected) return Promise.resolve(undefined)
  // Two full GCs over 10,000 connections on a busy machine can take a while.
  return ask<MemoryReport & { kind: string }>(child, "memory?", "memory", 120_000).catch(() => undefined)
}

/**
 * The apps' memory once settled: closed connections finish their cleanup and timers fire over a few hundred
 * milliseconds, so read after forced GCs until two readings 500 ms apart agree within 0.5% (at most ~5 s).
 * Summed over the app processes.
 */
export async function settledMemory(apps: App[]) {
  const read = async () => {
    const reports = await Promise.all(apps.map((app) => probeMemory(app.child)))
    if (reports.some((report) => !report)) return undefined
    const sum = (pick: (report: MemoryReport) => Memory, key: keyof Memory) => reports.reduce((total, report) => total + pick(report!)[key], 0)
    const of = (pick: (report: MemoryReport) => Memory): Memory => ({
      rss: sum(pick, "rss"),
      heapTotal: sum(pick, "heapTotal"),
      heapUsed: sum(pick, "heapUsed"),
      external: sum(pick, "external"),
    })
    return { before: of((report) => report.before), after: of((report) => report.after) }
  }
  let last = await read()
  for (let i = 0; i < 10 && last; i++) {
    await new Promise((resolve) => setTimeout(resolve, 500))
    const next = await read()
    if (!next) break
    const settled = Math.abs(next.after.heapUsed - last.after.heapUsed) / last.after.heapUsed < 0.005
    last = next
    if (settled) break
  }
  return last
}
