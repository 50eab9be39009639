import { describe, expect, it } from "vitest"
import { parseEnv } from "./env.server.ts"

const demo = { DEMO: "1" }
const live = { STRIPE_SECRET_KEY: "sk_live_x", STRIPE_WEBHOOK_SECRET: "whsec_x" }

/** The one line start-up prints and stops with. */
function refusal(source: Record<string, string>) {
  try {
    parseEnv(source)
  } catch (error) {
    return (error as Error).message
  }
  return null
}

describe("parseEnv", () => {
  it("fills in defaults so the demo needs nothing but DEMO=1", () => {
    const env = parseEnv(demo)
    expect(env.DEMO).toBe(true)
    expect(env.PORT).toBe(3000)
    expect(env.PUBLIC_URL).toBe("http://localhost:3000")
    expect(env.DATABASE_URL).toBeUndefined()
    expect(env.PGLITE_DATA_DIR).toBe(".data/pglite")
  })

  it("names the variable that is malformed", () => {
    expect(() => parseEnv({ ...demo, DATABASE_URL: "mysql://nope" })).toThrow(/^Invalid environment: DATABASE_URL: must be a postgres/)
    expect(() => parseEnv({ ...demo, PORT: "eighty" })).toThrow(/PORT/)
    expect(() => parseEnv({ STRIPE_SECRET_KEY: "pk_live_x", STRIPE_WEBHOOK_SECRET: "whsec_x" })).toThrow(/STRIPE_SECRET_KEY: must start with sk_/)
    expect(() => parseEnv({ ...demo, SESSION_SECRET: "short" })).toThrow(/SESSION_SECRET: must be at least 32 characters/)
    expect(() => parseEnv({ DEMO: "maybe" })).toThrow(/DEMO: must be 1 or 0/)
  })

  it("names every bad variable on one line", () => {
    const message = refusal({ ...demo, PORT: "-1", MEILI_HOST: "not a url" }) ?? ""
    expect(message).toContain("PORT")
    expect(message).toContain("MEILI_HOST")
    expect(message.split("\n")).toHaveLength(1)
  })

  it("refuses the demo session secret when served over https", () => {
    expect(() => parseEnv({ ...live, PUBLIC_URL: "https://jiangxinhui.example.cn" })).toThrow(/SESSION_SECRET/)
    expect(parseEnv({ ...live, PUBLIC_URL: "https://jiangxinhui.example.cn", SESSION_SECRET: "x".repeat(40) }).PUBLIC_URL).toBe("https://jiangxinhui.example.cn")
  })

  it("caps live streams per address and their unsent bytes, configurably", () => {
    expect(parseEnv({ ...demo })).toMatchObject({ EVENT_STREAMS_PER_ADDRESS: 100, EVENT_STREAM_BUFFER_BYTES: 65_536 })
    expect(parseEnv({ ...demo, EVENT_STREAMS_PER_ADDRESS: "2000", EVENT_STREAM_BUFFER_BYTES: "262144" })).toMatchObject({
      EVENT_STREAMS_PER_ADDRESS: 2000,
      EVENT_STREAM_BUFFER_BYTES: 262_144,
    })
    expect(() => parseEnv({ ...demo, EVENT_STREAMS_PER_ADDRESS: "0" })).toThrow(/EVENT_STREAMS_PER_ADDRESS/)
    expect(() => parseEnv({ ...demo, EVENT_STREAM_BUFFER_BYTES: "many" })).toThrow(/EVENT_STREAM_BUFFER_BYTES/)
  })

  it("reads the mail settings", () => {
    expect(parseEnv({ ...live, SMTP_URL: "smtps://user:secret@smtp.example.cn:465" }).SMTP_URL).toBe("smtps://user:secret@smtp.example.cn:465")
    expect(parseEnv({ ...demo, MAIL_FROM: "大会组委会 <hui@example.cn>" }).MAIL_FROM).toBe("大会组委会 <hui@example.cn>")
    expect(() => parseEnv({ ...demo, SMTP_URL: "http://smtp.example.cn" })).toThrow(/SMTP_URL: must be an smtp/)
  })

  it("requires SESSION_SECRET in production unless DEMO=1, whatever PUBLIC_URL is", () => {
    expect(() => parseEnv({ NODE_ENV: "production" })).toThrow(/SESSION_SECRET: must be set when NODE_ENV is production/)
    expect(() => parseEnv({ NODE_ENV: "production", PUBLIC_URL: "http://10.0.0.5:3000" })).toThrow(/SESSION_SECRET/)
    expect(() => parseEnv({ NODE_ENV: "production", DEMO: "0" })).toThrow(/SESSION_SECRET/)
    expect(parseEnv({ NODE_ENV: "production", DEMO: "1" }).DEMO).toBe(true)
    expect(parseEnv({ ...live, NODE_ENV: "production", SESSION_SECRET: "y".repeat(40) }).SESSION_SECRET).toBe("y".repeat(40))
    expect(parseEnv({ ...live, NODE_ENV: "development" }).DEMO).toBe(false)
  })

  it("treats empty variables as unset", () => {
    expect(parseEnv({ ...demo, DATABASE_URL: "" }).DATABASE_URL).toBeUndefined()
  })

  it("takes the public origin from PORT unless it is set", () => {
    expect(parseEnv({ ...demo, PORT: "3101" }).PUBLIC_URL).toBe("http://localhost:3101")
    expect(parseEnv({ ...demo, PORT: "3101", PUBLIC_URL: "http://192.0.2.1:8080" }).PUBLIC_URL).toBe("http://192.0.2.1:8080")
  })
})

describe("Stripe is live or demo, decided here", () => {
  it("live: both variables; demo: DEMO=1 and neither", () => {
    expect(parseEnv(live).DEMO).toBe(false)
    expect(parseEnv({ ...demo, DEMO: "true" }).DEMO).toBe(true)
  })

  it("one variable without the other stops start-up with one line naming the missing one", () => {
    expect(refusal({ STRIPE_SECRET_KEY: "sk_live_x" })).toBe("Invalid environment: STRIPE_WEBHOOK_SECRET: must be set together with STRIPE_SECRET_KEY")
    expect(refusal({ STRIPE_WEBHOOK_SECRET: "whsec_x" })).toBe("Invalid environment: STRIPE_SECRET_KEY: must be set together with STRIPE_WEBHOOK_SECRET")
    // DEMO=1 does not excuse half a configuration.
    expect(refusal({ ...demo, STRIPE_SECRET_KEY: "sk_live_x" })).toMatch(/STRIPE_WEBHOOK_SECRET: must be set together/)
  })

  it("neither and no DEMO=1 refuses, in production as anywhere, saying what is missing", () => {
    for (const NODE_ENV of ["production", "development", "test"]) {
      // A session secret of its own, so that production has nothing else to refuse.
      expect(refusal({ NODE_ENV, SESSION_SECRET: "s".repeat(40) })).toBe(
        "Invalid environment: STRIPE_SECRET_KEY, STRIPE_WEBHOOK_SECRET: not set; set both for real payments, or DEMO=1 for the demo (no real payments)",
      )
      expect(refusal({ NODE_ENV, DEMO: "0" })).toMatch(/STRIPE_SECRET_KEY, STRIPE_WEBHOOK_SECRET: not set/)
    }
  })

  it("both, with DEMO=1, is refused: the banner would not be true", () => {
    expect(refusal({ ...live, ...demo })).toMatch(/^Invalid environment: DEMO: demo mode emulates Stripe/)
  })
})
