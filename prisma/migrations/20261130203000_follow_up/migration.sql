-- CreateEnum
CREATE TYPE "FollowUpStage" AS ENUM ('NEGOTIATING', 'CONTRACT_SIGNED', 'REGISTERED', 'PERFORMING', 'COMPLETED', 'TERMINATED');

-- CreateEnum
CREATE TYPE "ContractType" AS ENUM ('DEVELOPMENT', 'TRANSFER', 'LICENSE', 'CONSULTING', 'SERVICE');

-- CreateEnum
CREATE TYPE "FollowUpChangeStatus" AS ENUM ('PENDING', 'CONFIRMED', 'REJECTED', 'SUPERSEDED');

-- CreateTable
CREATE TABLE "FollowUp" (
    "id" TEXT NOT NULL,
    "agreementId" TEXT NOT NULL,
    "stage" "FollowUpStage" NOT NULL DEFAULT 'NEGOTIATING',
    "contractType" "ContractType",
    "contractAmountFen" BIGINT,
    "contractSignedOn" DATE,
    "registrationNo" TEXT,
    "registrationOffice" TEXT,
    "registeredAmountFen" BIGINT,
    "milestones" JSONB NOT NULL DEFAULT '[]',
    "paidFen" BIGINT NOT NULL DEFAULT 0,
    "benefit" TEXT,
    "benefitFen" BIGINT,
    "terminationReason" TEXT,
    "confirmedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "FollowUp_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "FollowUpChange" (
    "id" TEXT NOT NULL,
    "followUpId" TEXT NOT NULL,
    "party" "AgreementParty" NOT NULL,
    "byId" TEXT NOT NULL,
    "proposed" JSONB NOT NULL,
    "status" "FollowUpChangeStatus" NOT NULL DEFAULT 'PENDING',
    "decidedById" TEXT,
    "rejectNote" TEXT,
    "decidedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "FollowUpChange_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ConversionSummary" (
    "id" TEXT NOT NULL,
    "innovatorId" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "textSha256" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ConversionSummary_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "FollowUp_agreementId_key" ON "FollowUp"("agreementId");

-- CreateIndex
CREATE INDEX "FollowUpChange_followUpId_status_idx" ON "FollowUpChange"("followUpId", "status");

-- CreateIndex
CREATE INDEX "ConversionSummary_innovatorId_createdAt_idx" ON "ConversionSummary"("innovatorId", "createdAt");

-- AddForeignKey
ALTER TABLE "FollowUp" ADD CONSTRAINT "FollowUp_agreementId_fkey" FOREIGN KEY ("agreementId") REFERENCES "Agreement"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FollowUpChange" ADD CONSTRAINT "FollowUpChange_followUpId_fkey" FOREIGN KEY ("followUpId") REFERENCES "FollowUp"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FollowUpChange" ADD CONSTRAINT "FollowUpChange_byId_fkey" FOREIGN KEY ("byId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FollowUpChange" ADD CONSTRAINT "FollowUpChange_decidedById_fkey" FOREIGN KEY ("decidedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ConversionSummary" ADD CONSTRAINT "ConversionSummary_innovatorId_fkey" FOREIGN KEY ("innovatorId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

