import { describe, expect, test } from "vitest"
import { safeRedirectPath } from "./http.server.ts"

describe("safeRedirectPath keeps redirects on this site", () => {
  test.each([
    ["/agreements?status=SIGNED#top", "/agreements?status=SIGNED#top"],
    ["/innovations/abc", "/innovations/abc"],
    ["/%2F%2Fevil.com", "/%2F%2Fevil.com"], // an encoded slash is part of a path, never a host
    ["/%5Cevil.com", "/%5Cevil.com"],
    ["/innovations/../agreements", "/agreements"],
  ])("%j stays on the site as %j", (input, expected) => {
    expect(safeRedirectPath(input)).toBe(expected)
  })

  test.each([
    "//evil.com",
    "/\\evil.com",
    "\\\\evil.com",
    "/\t/evil.com", // what /login?redirectTo=%2F%09%2Fevil.com decodes to: Chromium drops the tab
    "/\n/evil.com",
    "/\r\n/evil.com",
    "\t//evil.com",
    "/\u0000/evil.com",
    "https://evil.com/",
    "http://localhost:3000.evil.com/",
    "javascript:alert(1)",
    "evil.com",
    "",
  ])("%j falls back to /", (input) => {
    expect(safeRedirectPath(input)).toBe("/")
  })

  test("no CR or LF ever reaches the Location header", () => {
    expect(safeRedirectPath("/ok\r\nSet-Cookie: x=1")).toBe("/okSet-Cookie:%20x=1")
  })

  test("anything that is not text falls back", () => {
    expect(safeRedirectPath(null)).toBe("/")
    expect(safeRedirectPath(new File(["/x"], "x.txt"), "/home")).toBe("/home")
  })
})
