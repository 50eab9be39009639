// The smallest Remix server build around a few resource routes, for tests and benches that run route modules through
// the same Remix runtime as the app's build (and the event-stream path), without compiling the app.
import { once } from "node:events"
import { createServer } from "node:http"
import type { AddressInfo } from "node:net"
import type { ServerBuild } from "@remix-run/node"
import { closeEventStreams, createEventStreamHandler } from "../../app/utils/event-streams.server.ts"

/** A build whose root has the given resource routes, keyed by path (e.g. "live/:slug/events"). */
export function buildWithResourceRoutes(routes: Record<string, { loader: (...args: never[]) => unknown }>) {
  const route = (id: string, path: string) => ({ id, parentId: "root", path })
  const entries = Object.entries(routes).map(([path, module], i) => ({ id: `routes/${i}`, path, module }))
  const manifest = (id: string, path: string, hasLoader: boolean) => ({
    id,
    path,
    module: `/${id}.js`,
    hasAction: false,
    hasLoader,
    hasClientAction: false,
    hasClientLoader: false,
    hasErrorBoundary: false,
  })
  return {
    mode: "production",
    entry: { module: { default: () => new Response("document", { headers: { "Content-Type": "text/html" } }) } },
    routes: {
      root: { id: "root", path: "", module: { default: () => null } },
      ...Object.fromEntries(entries.map(({ id, path, module }) => [id, { ...route(id, path), module }])),
    },
    assets: {
      entry: { module: "/entry.js", imports: [] },
      routes: {
        root: manifest("root", "", false),
        ...Object.fromEntries(entries.map(({ id, path }) => [id, { ...manifest(id, path, true), parentId: "root" }])),
      },
      version: "test",
      url: "/manifest.js",
    },
    publicPath: "/build/",
    assetsBuildDirectory: "public/build",
    future: { v3_singleFetch: true },
    isSpaMode: false,
  } as unknown as ServerBuild
}

/** Serves `build`'s event streams on a loopback port the way app/server.ts does; `close` cuts every open stream. */
export async function serveEventStreams(build: ServerBuild, options: Partial<Pick<Parameters<typeof createEventStreamHandler>[0], "clientIp" | "headers" | "limits">> = {}) {
  const serve = createEventStreamHandler({
    build,
    origin: "http://localhost",
    headers: options.headers ?? {},
    clientIp: options.clientIp ?? ((req) => req.socket.remoteAddress ?? ""),
    limits: options.limits ?? { streamsPerAddress: 50, bufferedBytes: 64 * 1024 },
  })
  const server = createServer((req, res) => void serve(req, res))
  server.listen(0, "127.0.0.1")
  await once(server, "listening")
  const port = (server.address() as AddressInfo).port
  return {
    port,
    base: `http://127.0.0.1:${port}`,
    close: () => {
      closeEventStreams()
      server.close()
    },
  }
}
