// patches/@remix-run+router+*.patch changes how the server matches a URL to its routes (kept branches, compiled
// patterns, branches passed over by their first segment). Whatever it changes, every pathname must match exactly as
// the unpatched router matches it: the package's UMD build, which the patch leaves alone, is the reference. Run on
// the app's own route tree (as remix.config.js defines it) and on a small tree of the shapes the app does not use.
import { createRequire } from "node:module"
import { describe, expect, test } from "vitest"
import { defineRoutes } from "@remix-run/dev/dist/config/routes.js"
import type { AgnosticRouteObject } from "@remix-run/router"
import config from "../../remix.config.js"

type Router = { matchRoutes: (routes: AgnosticRouteObject[], pathname: string) => { route: { id?: string }; params: object; pathname: string; pathnameBase: string }[] | null }
const require = createRequire(import.meta.url)
const patched = require("@remix-run/router") as Router
const unpatched = require("@remix-run/router/dist/router.umd.js") as Router

type ManifestRoute = { id: string; parentId?: string; path?: string; index?: boolean; caseSensitive?: boolean }

/** The route tree Remix builds from a route manifest (its routes nested under their parents). */
function tree(manifest: Record<string, ManifestRoute>, parentId?: string): AgnosticRouteObject[] {
  return Object.values(manifest)
    .filter((route) => route.parentId === parentId)
    .map((route) => {
      const base = { id: route.id, path: route.path, caseSensitive: route.caseSensitive }
      return route.index ? { ...base, index: true as const } : { ...base, children: tree(manifest, route.id) }
    })
}

async function appRoutes() {
  const routes = (await config.routes!(defineRoutes)) as Record<string, ManifestRoute>
  return [{ id: "root", path: "", children: tree(routes, "root") }]
}

const shapes: AgnosticRouteObject[] = [
  {
    id: "root",
    path: "",
    children: [
      { id: "home", index: true },
      { id: "case", path: "Case/:id", caseSensitive: true },
      { id: "dots", path: "sitemap.xml" },
      { id: "special", path: "a+b/(c)" },
      { id: "optional", path: ":lang?/about" },
      { id: "optional-static", path: "docs/en?/intro" },
      { id: "layout", children: [{ id: "in-layout", path: "inside/:x" }] },
      { id: "nested", path: "n", children: [{ id: "n-index", index: true }, { id: "n-child", path: ":a/:b" }, { id: "n-splat", path: "*" }] },
      { id: "absolute", path: "/abs/x" },
      { id: "ss", path: "straße" },
      { id: "splat", path: "*" },
    ],
  },
]

/** Pathnames for a route tree: each route's path with sample values, in other cases, slashes and encodings. */
function pathnames(routes: AgnosticRouteObject[]) {
  const found = new Set<string>(["/", "", "//", "/x", "/%E4%B8%AD", "/ſitemap.xml", "/STRASSE", "/straße/", "/ABS/X", "/.data", "/_root.data"])
  const walk = (list: AgnosticRouteObject[], prefix: string) => {
    for (const route of list) {
      const joined = route.path === undefined ? prefix : route.path.startsWith("/") ? route.path : `${prefix}/${route.path}`.replace(/\/+/g, "/")
      for (const value of ["abc", "ABC", "中文", "a.b", "1"]) {
        const concrete = joined
          .replace(/:[\w-]+\??/g, value)
          .replace(/\/[^/]+\?(?=\/|$)/g, (segment) => segment.slice(0, -1))
          .replace(/\*$/, `${value}/deeper`)
        for (const variant of [concrete, concrete.toUpperCase(), `${concrete}/`, `/${concrete}`, `${concrete}.data`, `${concrete}/extra`, encodeURI(concrete)]) {
          found.add(variant.replace(/^(?!\/)/, "/"))
        }
      }
      if ("children" in route && route.children) walk(route.children, joined)
    }
  }
  walk(routes, "")
  return [...found]
}

const summary = (matches: ReturnType<Router["matchRoutes"]>) =>
  matches?.map((match) => ({ id: match.route.id, params: match.params, pathname: match.pathname, pathnameBase: match.pathnameBase })) ?? null

describe("the patched route matching", () => {
  test.each([
    ["the app's routes", appRoutes],
    ["routes of other shapes", async () => shapes],
  ])("matches every pathname as the unpatched router does: %s", async (_name, load) => {
    const routes = await load()
    const paths = pathnames(routes)
    expect(paths.length).toBeGreaterThan(50)
    // twice: the second time from what the patched router kept of the first
    for (let round = 0; round < 2; round++) {
      for (const pathname of paths) expect(summary(patched.matchRoutes(routes, pathname)), pathname).toEqual(summary(unpatched.matchRoutes(routes, pathname)))
    }
  })

  test("the app's routes match what they should (the test above compares something)", async () => {
    const routes = await appRoutes()
    const ids = (pathname: string) => patched.matchRoutes(routes, pathname)?.map((match) => match.route.id)
    expect(ids("/innovations/abc/meet")).toEqual(["root", "routes/innovations+/$innovationId_.meet"])
    expect(ids("/INNOVATIONS")?.at(-1)).toBe("routes/innovations+/_index")
    expect(ids("/no/such/page")?.at(-1)).toBe("routes/$")
  })
})
