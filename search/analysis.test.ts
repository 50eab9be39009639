import { describe, expect, it } from "vitest"
import { planQuery, Synonyms, typoBudget, typoDistance } from "./analysis.ts"
import { highlight } from "./highlight.ts"
import { SYNONYM_SETS } from "./settings.ts"

const synonyms = new Synonyms(SYNONYM_SETS)
const setOf = (member: string) => SYNONYM_SETS.findIndex((set) => set.includes(member))

describe("typos, as Meilisearch counts them", () => {
  it("allows one typo from 5 letters and two from 9", () => {
    expect(["plc", "robo", "robot", "robotics", "inspection"].map(typoBudget)).toEqual([0, 0, 1, 1, 2])
  })

  it("counts insertions, deletions, substitutions and swapped neighbours as one; a changed first letter as two", () => {
    expect(typoDistance("robtic", "robotic", false, 1)).toBe(1)
    expect(typoDistance("robotcs", "robotics", false, 1)).toBe(1)
    expect(typoDistance("rbootics", "robotics", false, 1)).toBe(1)
    expect(typoDistance("robat", "robot", false, 1)).toBe(1)
    expect(typoDistance("xobot", "robot", false, 1)).toBe(2)
    expect(typoDistance("xobot", "robot", false, 2)).toBe(2)
    expect(typoDistance("robtic", "robot", false, 1)).toBe(2)
  })

  it("matches the last word as the start of a longer one, typos included", () => {
    expect(typoDistance("robo", "robotics", true, 0)).toBe(0)
    expect(typoDistance("robo", "rubber", true, 0)).toBe(1)
    expect(typoDistance("inspecti", "inspection", true, 1)).toBe(0)
    expect(typoDistance("insepcti", "inspection", true, 1)).toBe(1)
  })
})

describe("planQuery", () => {
  it("turns synonym members, and words within a typo of a Latin member, into their set", () => {
    for (const text of ["robot", "robotics", "robtic", "robotcs", "机器人"]) {
      expect(planQuery(text, synonyms).groups, text).toEqual([{ kind: "set", set: setOf("robot") }])
    }
    expect(planQuery("CNC", synonyms).groups).toEqual([{ kind: "set", set: setOf("cnc") }])
  })

  it("keeps CJK runs whole (found as substrings), splits out synonym members, and drops runs inside longer ones", () => {
    expect(planQuery("风电机器人巡检", synonyms).groups).toEqual([
      { kind: "set", set: setOf("机器人") },
      { kind: "run", run: "风电" },
      { kind: "run", run: "巡检" },
    ])
    expect(planQuery("巡检 检测 巡", synonyms).groups).toEqual([
      { kind: "run", run: "巡检" },
      { kind: "run", run: "检测" },
    ])
  })

  it("marks only the last word as a prefix", () => {
    expect(planQuery("predictive mainten", synonyms).groups).toEqual([
      { kind: "word", word: "predictive", prefix: false },
      { kind: "word", word: "mainten", prefix: true },
    ])
  })

  it("highlights what the engines match: runs, set members, typo'd and prefixed words", () => {
    const { needles } = planQuery("inspecton 风电 UAV mainten", synonyms)
    expect(highlight("Inspection of 风电塔筒 by drone: maintenance", needles)).toBe(
      "<mark>Inspection</mark> of <mark>风电</mark>塔筒 by <mark>drone</mark>: <mark>maintenance</mark>",
    )
  })

  it("marks full-width text at its own positions, and escapes text when there is nothing to mark", () => {
    expect(highlight("ＣＮＣ数控<b>", planQuery("cnc", synonyms).needles)).toBe("<mark>ＣＮＣ数控</mark>&lt;b&gt;")
    expect(highlight(`<script>"机器人"</script>`, planQuery("", synonyms).needles)).toBe("&lt;script&gt;&quot;机器人&quot;&lt;/script&gt;")
  })
})
