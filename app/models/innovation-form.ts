// The innovation listing form: one schema for the browser hints and the action, and the fixed choices it offers.
import { z } from "zod"
import { moneyField, optionalText, requiredText } from "~/utils/validation.ts"

export const INNOVATION_TYPES = [
  "SMALL_INVENTION",
  "SMALL_CREATION",
  "SMALL_INNOVATION",
  "SMALL_DESIGN",
  "SMALL_SUGGESTION",
  "TECH_INNOVATION",
  "INVENTION",
] as const
export const MATURITIES = ["RESEARCH", "PILOT_SMALL", "PILOT", "MASS_PRODUCTION", "APPLIED"] as const
export const TRANSFER_MODES = ["TRANSFER", "LICENSE", "CO_DEVELOPMENT", "EQUITY", "TECH_SERVICE"] as const
export const CONTACT_PREFERENCES = ["PLATFORM", "PHONE", "EMAIL"] as const
export const AWARD_LEVELS = ["NATIONAL", "PROVINCIAL", "MUNICIPAL", "ENTERPRISE"] as const
export const PATENT_TYPES = ["INVENTION", "UTILITY_MODEL", "DESIGN"] as const
export const PATENT_STATUSES = ["APPLIED", "GRANTED"] as const
export const INNOVATION_STATUSES = ["DRAFT", "SUBMITTED", "PUBLISHED", "REJECTED", "WITHDRAWN"] as const

/** 行业: stored as the Chinese name; app/i18n/innovations.ts has the English. */
export const SECTORS = [
  "电力",
  "铁路",
  "航天",
  "航空",
  "船舶",
  "石化",
  "冶金",
  "汽车",
  "电子信息",
  "建筑",
  "纺织",
  "煤炭",
  "机械制造",
  "交通运输",
  "通信",
  "医药",
  "农业",
  "环保",
  "新能源",
  "其他",
] as const

/** The 31 provinces, autonomous regions and municipalities of the mainland, stored as their Chinese names. */
export const PROVINCES = [
  "北京",
  "天津",
  "河北",
  "山西",
  "内蒙古",
  "辽宁",
  "吉林",
  "黑龙江",
  "上海",
  "江苏",
  "浙江",
  "安徽",
  "福建",
  "江西",
  "山东",
  "河南",
  "湖北",
  "湖南",
  "广东",
  "广西",
  "海南",
  "重庆",
  "四川",
  "贵州",
  "云南",
  "西藏",
  "陕西",
  "甘肃",
  "青海",
  "宁夏",
  "新疆",
] as const

export const MAX_IMAGES = 6
export const MAX_IMAGE_BYTES = 5 * 1024 * 1024
/** The most a listing form may send: its images and a form's worth of text (the request guard streams it, capped). */
export const MAX_UPLOAD_BYTES = MAX_IMAGES * MAX_IMAGE_BYTES + 1024 * 1024
export const IMAGE_TYPES = ["image/jpeg", "image/png", "image/webp"] as const
/** Asking prices above 1000亿元 are typing mistakes, and they would not fit the search engine's numbers. */
export const MAX_PRICE_FEN = 100_000_000_000n * 100n

/** "a, b、c，d" → ["a", "b", "c", "d"]: trimmed, de-duplicated, empty pieces dropped. */
export function splitKeywords(text: string) {
  return [...new Set(text.split(/[,，、;；\n]/).map((word) => word.trim()).filter(Boolean))]
}

const PatentSchema = z.object({
  number: requiredText(40),
  type: z.enum(PATENT_TYPES, { error: "errors.required" }),
  status: z.enum(PATENT_STATUSES, { error: "errors.required" }),
})

const AwardSchema = z.object({
  name: requiredText(100),
  level: z.enum(AWARD_LEVELS, { error: "errors.required" }),
  year: z.coerce
    .number({ error: "innovation.errors.year" })
    .int("innovation.errors.year")
    .min(1949, "innovation.errors.year")
    .max(2100, "innovation.errors.year")
    .optional(),
})

/** Keywords typed in one box, split on commas and 顿号: at most 12, each at most 20 characters. */
export function keywordsField() {
  return z
    .string()
    .optional()
    .transform((value) => splitKeywords(value ?? ""))
    .refine((words) => words.length <= 12, "innovation.errors.tooManyKeywords")
    .refine((words) => words.every((word) => [...word].length <= 20), "innovation.errors.keywordTooLong")
}

export const InnovationSchema = z
  .object({
    title: requiredText(80, 2),
    summary: requiredText(300),
    description: requiredText(10_000),
    type: z.enum(INNOVATION_TYPES, { error: "errors.required" }),
    sector: z.enum(SECTORS, { error: "errors.required" }),
    keywords: keywordsField(),
    province: z.enum(PROVINCES, { error: "errors.required" }),
    city: requiredText(30),
    maturity: z.enum(MATURITIES, { error: "errors.required" }),
    transferModes: z.array(z.enum(TRANSFER_MODES), { error: "innovation.errors.transferModes" }).min(1, "innovation.errors.transferModes"),
    askingPrice: moneyField({ max: MAX_PRICE_FEN, optional: true }),
    negotiable: z.boolean().optional().default(false),
    patents: z.array(PatentSchema).max(20).optional().default([]),
    awards: z.array(AwardSchema).max(20).optional().default([]),
    organizationId: z.string({ error: "errors.required" }).min(1, "errors.required").max(40),
    benefit: optionalText(1000),
    benefitYuan: moneyField({ max: MAX_PRICE_FEN, optional: true }),
    contactPreference: z.enum(CONTACT_PREFERENCES, { error: "errors.required" }),
    removeImageIds: z.array(z.string().max(40)).max(MAX_IMAGES).optional().default([]),
  })
  .superRefine((value, ctx) => {
    if (!value.negotiable && value.askingPrice === null) {
      ctx.addIssue({ code: "custom", path: ["askingPrice"], message: "innovation.errors.priceOrNegotiable" })
    }
  })

export type InnovationInput = z.output<typeof InnovationSchema>
