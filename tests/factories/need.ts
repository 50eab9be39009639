// Test data for needs (技术需求), made through the model so audit, outbox and the deadline job are what production writes.
import type { Role } from "../../app/generated/prisma/enums.ts"
import { NeedSchema } from "../../app/models/need-form.ts"
import { createNeed, transitionNeed } from "../../app/models/need.server.ts"

type Owner = { id: string; role: Role }

/** The need form as a browser sends it, with a deadline a month ahead. */
export function needFormValues(overrides: Record<string, unknown> = {}) {
  const deadline = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10)
  return {
    title: "变电站巡检人工成本高，寻求智能巡检方案",
    problem: "220kV 变电站依靠人工巡检，夜间和雨天风险高，人工成本逐年上升。",
    indicators: "巡检覆盖率100%，缺陷识别准确率95%以上",
    sector: "电力",
    keywords: "变电站、巡检、机器人",
    province: "江苏",
    city: "南京",
    budgetMin: "500000",
    budgetMax: "2000000",
    negotiable: false,
    deadline,
    transferModes: ["LICENSE", "TECH_SERVICE"],
    minMaturity: "PILOT",
    visibility: "PUBLIC",
    ...overrides,
  }
}

/** A need by `owner` in the status asked for (published through review by `organiser`). */
export async function createNeedAs(owner: Owner, organiser: Owner | null, status: "DRAFT" | "SUBMITTED" | "PUBLISHED" = "PUBLISHED", overrides: Record<string, unknown> = {}) {
  const { id } = await createNeed(owner, NeedSchema.parse(needFormValues(overrides)), [])
  if (status === "DRAFT") return { id }
  await transitionNeed(owner, id, "submit")
  if (status === "SUBMITTED") return { id }
  if (!organiser) throw new Error("publishing needs an organiser")
  await transitionNeed(organiser, id, "approve")
  return { id }
}
