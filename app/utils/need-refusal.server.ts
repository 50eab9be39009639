// Maps an answer refusal to the status and the message a route answers with: one place for every need route.
import type { AnswerRefusalCode } from "~/models/need-answer.server.ts"

export const ANSWER_REFUSALS: Record<AnswerRefusalCode, { status: number; message: string; field?: "innovationId" }> = {
  needNotFound: { status: 404, message: "Not found" },
  needNotOpen: { status: 400, message: "need.errors.needNotOpen" },
  notInnovator: { status: 403, message: "Forbidden" },
  listingNotYours: { status: 400, message: "need.errors.listingNotYours", field: "innovationId" },
  alreadyAnswered: { status: 400, message: "need.errors.alreadyAnswered", field: "innovationId" },
  answerNotFound: { status: 404, message: "Not found" },
  notNeedOwner: { status: 403, message: "Forbidden" },
  answerDecided: { status: 409, message: "need.errors.answerDecided" },
}
