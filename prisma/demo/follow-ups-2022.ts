// What became of the 2022 intents, for the demo: about 40% reached a technology contract, about half of those were
// registered (技术合同认定登记), payments partly received; a few ended. Deterministic, and made through the follow-up
// model (entered by one party, confirmed by the other, at historic times), so every rule and audit row applies.
// The intents, their ledger and the big screen's ¥84.86亿 are untouched.
import type { PrismaClient } from "../../app/generated/prisma/client.ts";
import type {
  ProposedFollowUp,
  StoredMilestone,
} from "../../app/models/follow-up-forms.ts";
import {
  confirmFollowUpChange,
  proposeFollowUpChange,
} from "../../app/models/follow-up.server.ts";
import { createRandom } from "./generate.ts";

const DAY = 86_400_000;

/** GB/T 2260 province codes: the registration number's third and fourth digits. */
const PROVINCE_CODES: Record<string, string> = {
  北京: "11",
  天津: "12",
  河北: "13",
  山西: "14",
  内蒙古: "15",
  辽宁: "21",
  吉林: "22",
  黑龙江: "23",
  上海: "31",
  江苏: "32",
  浙江: "33",
  安徽: "34",
  福建: "35",
  江西: "36",
  山东: "37",
  河南: "41",
  湖北: "42",
  湖南: "43",
  广东: "44",
  广西: "45",
  海南: "46",
  重庆: "50",
  四川: "51",
  贵州: "52",
  云南: "53",
  西藏: "54",
  陕西: "61",
  甘肃: "62",
  青海: "63",
  宁夏: "64",
  新疆: "65",
};

const CONTRACT_FOR_MODE: Record<string, ProposedFollowUp["contractType"]> = {
  TRANSFER: "TRANSFER",
  LICENSE: "LICENSE",
  CO_DEVELOPMENT: "DEVELOPMENT",
  EQUITY: "TRANSFER",
  TECH_SERVICE: "SERVICE",
};

const ENDINGS = [
  "企业调整了技改计划",
  "双方未能就知识产权归属达成一致",
  "成果需进一步中试验证",
  "企业资金安排推迟",
];
const BENEFITS = [
  "年节约检修成本",
  "年减少停机损失",
  "年降低能耗",
  "年提高产能带来的新增效益",
];

const day = (date: Date) =>
  new Date(date.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
/** A Beijing working-hours instant on that China day. */
const at = (dayText: string, hour: number) =>
  new Date(`${dayText}T${String(hour).padStart(2, "0")}:00:00+08:00`);

export async function replayFollowUps2022(
  prisma: PrismaClient,
  { conferenceId, log }: { conferenceId: string; log: (text: string) => void }
) {
  const random = createRandom(20_221_114);
  const now = Date.now();
  const agreements = await prisma.agreement.findMany({
    where: { conferenceId, status: "SIGNED" },
    select: {
      id: true,
      amountFen: true,
      signedAt: true,
      transferMode: true,
      enterpriseId: true,
      innovatorId: true,
      innovation: { select: { province: true } },
    },
    orderBy: { number: "asc" },
  });
  let sequence = 0;
  let contracts = 0;
  for (const agreement of agreements) {
    const fate = random.next();
    // ~58% stay 洽谈中 (nothing entered), ~6% end without a contract, ~36% reach a contract
    if (fate < 0.58) continue;
    const enterprise = {
      id: agreement.enterpriseId,
      role: "ENTERPRISE" as const,
    };
    const innovator = { id: agreement.innovatorId, role: "INNOVATOR" as const };
    const [enterer, confirmer] = random.chance(0.6)
      ? [enterprise, innovator]
      : [innovator, enterprise];
    const signedAt = agreement.signedAt ?? new Date();
    const base: ProposedFollowUp = {
      stage: "TERMINATED",
      contractType: null,
      contractAmountFen: null,
      contractSignedOn: null,
      registrationNo: null,
      registrationOffice: null,
      registeredAmountFen: null,
      milestones: [],
      benefit: null,
      benefitFen: null,
      terminationReason: null,
    };
    if (fate < 0.64) {
      const when = at(
        day(new Date(signedAt.getTime() + random.int(40, 200) * DAY)),
        random.int(9, 17)
      );
      const { changeId } = await proposeFollowUpChange(
        agreement.id,
        enterer,
        { ...base, terminationReason: random.pick(ENDINGS) },
        { at: when }
      );
      await confirmFollowUpChange(agreement.id, confirmer, changeId, {
        at: new Date(when.getTime() + random.int(1, 72) * 3_600_000),
      });
      continue;
    }
    contracts += 1;
    // The contract: 15–150 days after the intent, for 60–120% of the intent amount.
    const contractDay = day(
      new Date(signedAt.getTime() + random.int(15, 150) * DAY)
    );
    const contractFen =
      (agreement.amountFen * BigInt(random.int(60, 120))) / 100n;
    const registered = random.chance(0.55);
    const registrationDay = day(
      new Date(at(contractDay, 10).getTime() + random.int(10, 60) * DAY)
    );
    sequence += 1;
    const province = PROVINCE_CODES[agreement.innovation.province] ?? "11";
    // Payments: a down payment, then one or two more, received when due with a chance (partly received overall).
    const parts = random.pick([[30, 70], [30, 40, 30], [50, 50], [100]]);
    const milestones: StoredMilestone[] = [];
    let plannedAt = at(contractDay, 10).getTime();
    for (const [index, share] of parts.entries()) {
      plannedAt += random.int(20, 200) * DAY;
      const plannedOn = day(new Date(plannedAt));
      const plannedFen = (contractFen * BigInt(share)) / 100n;
      const received =
        plannedAt < now &&
        (index === 0 ? random.chance(0.9) : random.chance(0.55));
      milestones.push({
        label: index === 0 ? "首付款" : `第${index + 1}期`,
        plannedOn,
        plannedFen: plannedFen.toString(),
        receivedOn: received ? plannedOn : null,
        receivedFen: received ? plannedFen.toString() : null,
      });
    }
    const allReceived = milestones.every((milestone) => milestone.receivedFen);
    const stage: ProposedFollowUp["stage"] =
      allReceived && random.chance(0.7)
        ? "COMPLETED"
        : milestones.some((m) => m.receivedFen)
        ? "PERFORMING"
        : registered
        ? "REGISTERED"
        : "CONTRACT_SIGNED";
    const proposed: ProposedFollowUp = {
      ...base,
      stage,
      contractType: CONTRACT_FOR_MODE[agreement.transferMode] ?? "LICENSE",
      contractAmountFen: contractFen.toString(),
      contractSignedOn: contractDay,
      ...(registered
        ? {
            registrationNo: `${registrationDay.slice(
              2,
              4
            )}${province}01${String(random.int(1, 9)).padStart(2, "0")}${String(
              sequence * 7 + random.int(0, 6)
            ).padStart(6, "0")}`,
            registrationOffice: `${agreement.innovation.province}技术市场管理办公室`,
            registeredAmountFen: (
              (contractFen * BigInt(random.int(70, 100))) /
              100n
            ).toString(),
          }
        : {}),
      milestones,
      ...(stage === "COMPLETED" ||
      (stage === "PERFORMING" && random.chance(0.5))
        ? {
            benefit: random.pick(BENEFITS),
            benefitFen: (
              (agreement.amountFen * BigInt(random.int(10, 60))) /
              100n
            ).toString(),
          }
        : {}),
    };
    // Entered once the last thing it records had happened, confirmed within three days.
    const lastDay = [
      contractDay,
      registered ? registrationDay : null,
      ...milestones.map((m) => m.receivedOn),
    ]
      .filter((d): d is string => Boolean(d))
      .sort()
      .at(-1)!;
    const enteredAt = at(lastDay, random.int(9, 17));
    const { changeId } = await proposeFollowUpChange(
      agreement.id,
      enterer,
      proposed,
      { at: enteredAt }
    );
    await confirmFollowUpChange(agreement.id, confirmer, changeId, {
      at: new Date(enteredAt.getTime() + random.int(1, 72) * 3_600_000),
    });
    if ((contracts + 1) % 50 === 0)
      log(`2022 follow-ups: ${contracts} contracts`);
  }
  log(
    `2022 follow-ups: ${contracts} of ${agreements.length} intents reached a contract`
  );
}
