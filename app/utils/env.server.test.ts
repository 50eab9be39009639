import { describe, expect, it } from "vitest"
import { parseEnv } from "./env.server.ts"

describe("parseEnv", () => {
  it("fills in defaults so a fresh machine needs no configuration", () => {
    const env = parseEnv({})
    expect(env.PORT).toBe(3000)
    expect(env.DATABASE_URL).toBeUndefined()
    expect(env.PGLITE_DATA_DIR).toBe(".data/pglite")
  })

  it("names the variable that is malformed", () => {
    expect(() => parseEnv({ DATABASE_URL: "mysql://nope" })).toThrow(/^Invalid environment: DATABASE_URL: must be a postgres/)
    expect(() => parseEnv({ PORT: "eighty" })).toThrow(/PORT/)
    expect(() => parseEnv({ STRIPE_SECRET_KEY: "pk_live_x" })).toThrow(/STRIPE_SECRET_KEY: must start with sk_/)
    expect(() => parseEnv({ SESSION_SECRET: "short" })).toThrow(/SESSION_SECRET: must be at least 32 characters/)
  })

  it("names every bad variable on one line", () => {
    let message = ""
    try {
      parseEnv({ PORT: "-1", MEILI_HOST: "not a url" })
    } catch (error) {
      message = (error as Error).message
    }
    expect(message).toContain("PORT")
    expect(message).toContain("MEILI_HOST")
    expect(message.split("\n")).toHaveLength(1)
  })

  it("refuses the demo session secret when served over https", () => {
    expect(() => parseEnv({ PUBLIC_URL: "https://jiangxinhui.example.cn" })).toThrow(/SESSION_SECRET/)
    expect(parseEnv({ PUBLIC_URL: "https://jiangxinhui.example.cn", SESSION_SECRET: "x".repeat(40) }).PUBLIC_URL).toBe(
      "https://jiangxinhui.example.cn",
    )
  })

  it("treats empty variables as unset", () => {
    expect(parseEnv({ DATABASE_URL: "" }).DATABASE_URL).toBeUndefined()
  })
})
