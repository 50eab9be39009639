// The processes of a bench: a free loopback port for an app, and helper processes (clients, setup) forked apart from
// the process being measured, so that the CPU and the event loop a bench reads are the measured process's own.
import { fork } from "node:child_process"
import { createServer } from "node:net"

/** A port nothing listens on just now (the OS picks it). */
export function freePort() {
  return new Promise<number>((resolve, reject) => {
    const server = createServer()
    server.once("error", reject)
    server.listen(0, "127.0.0.1", () => {
      const address = server.address()
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0))
    })
  })
}

/**
 * Forks a TypeScript module (through tsx) that answers each command sent over IPC with one message, and returns the
 * child with a way to send it a command and wait for that answer. One command at a time; the child should exit
 * when the bench disconnects.
 */
export function forkCommanded<Command>(module: URL, options: { args?: string[]; env?: NodeJS.ProcessEnv } = {}) {
  const child = fork(module, options.args ?? [], { execArgv: ["--import", "tsx"], env: options.env ?? process.env, stdio: ["ignore", "inherit", "inherit", "ipc"] })
  const ask = <T>(command: Command) =>
    new Promise<T>((resolve, reject) => {
      const onExit = (code: number | null) => reject(new Error(`${module.pathname} exited with ${code} before answering`))
      child.once("exit", onExit)
      child.once("message", (message) => {
        child.off("exit", onExit)
        resolve(message as T)
      })
      child.send(command as never)
    })
  return { child, ask }
}
