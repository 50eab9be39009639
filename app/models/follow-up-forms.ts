// The follow-up form's schema, used by the action and by the form for hints. It needs to know the confirmed stage,
// the day the intent was signed and today (China days), so it is made per request by followUpSchema(context).
// Messages are i18n keys.
import { z } from "zod"
import { optionalText, requiredText } from "~/utils/validation.ts"
import { amountField } from "./agreement-forms.ts"
import { CONTRACT_TYPES, canMove, FOLLOW_UP_STAGES, type FollowUpStage, stageRequires } from "./follow-up-state.ts"

/**
 * 技术合同登记号 (the registration number on a 技术合同认定登记证明). The Ministry of Science and Technology's model
 * contracts (技术合同示范文本, 填写说明) define it as 14 digits:
 *   YY   the year of registration (two digits, 公历年代号)
 *   PP   the province (省、自治区、直辖市) code of GB/T 2260: 11–15, 21–23, 31–37, 41–46, 50–54, 61–65
 *   CC   the prefecture or city (地、市) code of GB/T 2260, 00 for the province itself
 *   OO   the registration office (合同登记点) within it
 *   NNNNNN the office's sequence number (合同登记序号), zero-padded
 * e.g. 23110108000123 = 2023, 北京 (11) 01, office 08, No. 123. Spaces and hyphens people type between the groups
 * are ignored. The year must lie between the contract's year and this year.
 */
export const REGISTRATION_NO = /^(\d{2})(1[1-5]|2[1-3]|3[1-7]|4[1-6]|5[0-4]|6[1-5])(\d{2})(\d{2})(?!0{6})(\d{6})$/

export function normaliseRegistrationNo(input: string) {
  return input.replace(/[\s-]/g, "")
}

export const MAX_MILESTONES = 6

const day = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "followUp.date.invalid")
  .refine((value) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value), "followUp.date.invalid")

const milestoneSchema = z.object({
  label: optionalText(60),
  plannedOn: day.optional(),
  plannedAmount: amountField.optional(),
  receivedOn: day.optional(),
  receivedAmount: amountField.optional(),
})

export type FollowUpContext = {
  /** the confirmed stage the change starts from */
  from: FollowUpStage
  /** the day the intent was signed, YYYY-MM-DD in China */
  intentSignedOn: string
  /** today in China, YYYY-MM-DD */
  today: string
}

export function followUpSchema(context: FollowUpContext) {
  return z
    .object({
      intent: z.literal("change"),
      stage: z.enum(FOLLOW_UP_STAGES, { error: "errors.required" }),
      contractType: z.enum(CONTRACT_TYPES, { error: "errors.required" }).optional(),
      contractAmount: amountField.optional(),
      contractSignedOn: day.optional(),
      registrationNo: z.string().trim().max(40, "followUp.registrationNo.invalid").transform(normaliseRegistrationNo).optional(),
      registrationOffice: optionalText(100),
      registeredAmount: amountField.optional(),
      milestones: z.array(milestoneSchema.optional()).max(MAX_MILESTONES).optional(),
      benefit: optionalText(500),
      benefitAmount: amountField.optional(),
      terminationReason: optionalText(500),
    })
    .superRefine((value, ctx) => {
      const issue = (path: string | (string | number)[], message: string) => ctx.addIssue({ code: "custom", path: typeof path === "string" ? [path] : path, message })
      if (!canMove(context.from, value.stage)) issue("stage", "followUp.stage.notAllowed")
      const requires = stageRequires(value.stage)
      if (requires.contract) {
        if (!value.contractType) issue("contractType", "errors.required")
        if (value.contractAmount === undefined) issue("contractAmount", "errors.required")
        if (!value.contractSignedOn) issue("contractSignedOn", "errors.required")
      }
      if (value.contractSignedOn) {
        if (value.contractSignedOn < context.intentSignedOn) issue("contractSignedOn", "followUp.contractDate.beforeIntent")
        if (value.contractSignedOn > context.today) issue("contractSignedOn", "followUp.date.future")
      }
      const registration = [value.registrationNo, value.registrationOffice, value.registeredAmount]
      if (requires.registration || registration.some((field) => field !== undefined && field !== "")) {
        if (!value.registrationNo) issue("registrationNo", "errors.required")
        if (!value.registrationOffice) issue("registrationOffice", "errors.required")
        if (value.registeredAmount === undefined) issue("registeredAmount", "errors.required")
      }
      if (value.registrationNo) {
        const match = REGISTRATION_NO.exec(value.registrationNo)
        const year = match ? 2000 + Number(match[1]) : null
        const earliest = Number((value.contractSignedOn ?? context.intentSignedOn).slice(0, 4))
        if (!match) issue("registrationNo", "followUp.registrationNo.invalid")
        else if (year === null || year < earliest || year > Number(context.today.slice(0, 4))) issue("registrationNo", "followUp.registrationNo.year")
      }
      if (value.registeredAmount !== undefined && value.contractAmount !== undefined && value.registeredAmount > value.contractAmount) {
        issue("registeredAmount", "followUp.registeredAmount.aboveContract")
      }
      value.milestones?.forEach((milestone, index) => {
        if (!milestone) return
        if (milestone.plannedAmount === undefined && milestone.receivedAmount === undefined && (milestone.label || milestone.plannedOn || milestone.receivedOn)) {
          issue(["milestones", index, "plannedAmount"], "errors.required")
        }
        if (milestone.receivedOn && milestone.receivedAmount === undefined) issue(["milestones", index, "receivedAmount"], "errors.required")
        if (milestone.receivedAmount !== undefined && !milestone.receivedOn) issue(["milestones", index, "receivedOn"], "errors.required")
        if (milestone.receivedOn && milestone.receivedOn > context.today) issue(["milestones", index, "receivedOn"], "followUp.date.future")
        if (milestone.receivedOn && value.contractSignedOn && milestone.receivedOn < value.contractSignedOn) issue(["milestones", index, "receivedOn"], "followUp.received.beforeContract")
      })
      if (requires.terminationReason && !value.terminationReason) issue("terminationReason", "errors.required")
    })
}

export type FollowUpInput = z.output<ReturnType<typeof followUpSchema>>

export const RejectSchema = z.object({ intent: z.literal("reject"), changeId: requiredText(40), note: requiredText(500) })
export const ConfirmSchema = z.object({ intent: z.literal("confirm"), changeId: requiredText(40) })

/** A milestone as stored (fen as decimal strings so it survives JSON). */
export type StoredMilestone = { label: string | null; plannedOn: string | null; plannedFen: string | null; receivedOn: string | null; receivedFen: string | null }

/** The whole state a change proposes, as stored in FollowUpChange.proposed. */
export type ProposedFollowUp = {
  stage: FollowUpStage
  contractType: (typeof CONTRACT_TYPES)[number] | null
  contractAmountFen: string | null
  contractSignedOn: string | null
  registrationNo: string | null
  registrationOffice: string | null
  registeredAmountFen: string | null
  milestones: StoredMilestone[]
  benefit: string | null
  benefitFen: string | null
  terminationReason: string | null
}

/** The form's parsed value → what is stored; empty milestone rows are dropped. */
export function toProposed(input: Omit<FollowUpInput, "intent">): ProposedFollowUp {
  const fen = (value: bigint | undefined) => (value === undefined ? null : value.toString())
  return {
    stage: input.stage,
    contractType: input.contractType ?? null,
    contractAmountFen: fen(input.contractAmount),
    contractSignedOn: input.contractSignedOn ?? null,
    registrationNo: input.registrationNo || null,
    registrationOffice: input.registrationOffice || null,
    registeredAmountFen: fen(input.registeredAmount),
    milestones: (input.milestones ?? [])
      .filter((m): m is NonNullable<typeof m> => Boolean(m) && (m!.plannedAmount !== undefined || m!.receivedAmount !== undefined))
      .map((m) => ({
        label: m.label || null,
        plannedOn: m.plannedOn ?? null,
        plannedFen: fen(m.plannedAmount),
        receivedOn: m.receivedOn ?? null,
        receivedFen: fen(m.receivedAmount),
      })),
    benefit: input.benefit || null,
    benefitFen: fen(input.benefitAmount),
    terminationReason: input.terminationReason || null,
  }
}
