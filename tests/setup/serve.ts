// Serves route modules through the app's own server (app/server.ts: Express, its security middleware, Remix's
// request handler, the emulators in demo mode) on the test file's own port (PUBLIC_URL, see database.ts), so a
// test sees the HTTP status, headers and body a client would, not a loader's return value. Document routes are
// answered with an empty body and the status Remix decided; their words are what Playwright tests are for.
import type { ServerBuild } from "@remix-run/node"

type RouteModule = Record<string, unknown>

/** `routes` maps a URL pattern (Remix syntax, e.g. "webhooks/stripe", "offline-checkout/:sessionId") to its module. */
export async function serveRoutes(routes: Record<string, RouteModule>) {
  const build = {
    mode: "production",
    entry: {
      module: {
        // Remix hands document requests here with the status it decided (404 from a loader's thrown response…).
        default: (_request: Request, status: number, headers: Headers) => new Response(null, { status, headers }),
      },
    },
    routes: {
      root: { id: "root", path: "", module: { default: () => null } },
      ...Object.fromEntries(
        Object.entries(routes).map(([path, module], index) => [`route${index}`, { id: `route${index}`, parentId: "root", path, module }]),
      ),
    },
    assets: { entry: { module: "/build/entry.js", imports: [] }, routes: {}, url: "/build/manifest.js", version: "test" },
    publicPath: "/build/",
    assetsBuildDirectory: "public/build",
    future: { v3_fetcherPersist: true, v3_relativeSplatPath: true, v3_throwAbortReason: true, v3_lazyRouteDiscovery: true, v3_singleFetch: true },
    isSpaMode: false,
    basename: undefined,
  } as unknown as ServerBuild
  const { startServer } = await import("../../app/server.ts")
  const { env } = await import("../../app/utils/env.server.ts")
  const server = await startServer({ build })
  const url = env.PUBLIC_URL
  return {
    url,
    request: (path: string, init?: RequestInit) => fetch(`${url}${path}`, { redirect: "manual", ...init }),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  }
}
