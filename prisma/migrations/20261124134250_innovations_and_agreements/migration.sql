-- CreateEnum
CREATE TYPE "InnovationType" AS ENUM ('SMALL_INVENTION', 'SMALL_CREATION', 'SMALL_INNOVATION', 'SMALL_DESIGN', 'SMALL_SUGGESTION', 'TECH_INNOVATION', 'INVENTION');

-- CreateEnum
CREATE TYPE "Maturity" AS ENUM ('RESEARCH', 'PILOT_SMALL', 'PILOT', 'MASS_PRODUCTION', 'APPLIED');

-- CreateEnum
CREATE TYPE "TransferMode" AS ENUM ('TRANSFER', 'LICENSE', 'CO_DEVELOPMENT', 'EQUITY', 'TECH_SERVICE');

-- CreateEnum
CREATE TYPE "InnovationStatus" AS ENUM ('DRAFT', 'SUBMITTED', 'PUBLISHED', 'REJECTED', 'WITHDRAWN');

-- CreateEnum
CREATE TYPE "ContactPreference" AS ENUM ('PLATFORM', 'PHONE', 'EMAIL');

-- CreateEnum
CREATE TYPE "AwardLevel" AS ENUM ('NATIONAL', 'PROVINCIAL', 'MUNICIPAL', 'ENTERPRISE');

-- CreateEnum
CREATE TYPE "PatentType" AS ENUM ('INVENTION', 'UTILITY_MODEL', 'DESIGN');

-- CreateEnum
CREATE TYPE "PatentStatus" AS ENUM ('APPLIED', 'GRANTED');

-- CreateEnum
CREATE TYPE "SearchOutboxOp" AS ENUM ('UPSERT', 'DELETE');

-- CreateEnum
CREATE TYPE "AgreementStatus" AS ENUM ('PROPOSED', 'COUNTERED', 'ACCEPTED', 'SIGNED', 'DECLINED', 'WITHDRAWN', 'VOIDED');

-- CreateEnum
CREATE TYPE "AgreementParty" AS ENUM ('ENTERPRISE', 'INNOVATOR');

-- CreateEnum
CREATE TYPE "DepositStatus" AS ENUM ('PENDING', 'PAID', 'REFUNDED');

-- CreateEnum
CREATE TYPE "LedgerKind" AS ENUM ('SIGNED', 'VOIDED');

-- AlterTable
ALTER TABLE "Conference" ADD COLUMN     "lastAgreementNo" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "Innovation" (
    "id" TEXT NOT NULL,
    "ownerId" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "summary" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "type" "InnovationType" NOT NULL,
    "sector" TEXT NOT NULL,
    "keywords" TEXT[],
    "province" TEXT NOT NULL,
    "city" TEXT NOT NULL,
    "maturity" "Maturity" NOT NULL,
    "transferModes" "TransferMode"[],
    "askingPriceFen" BIGINT,
    "benefit" TEXT,
    "benefitFen" BIGINT,
    "contactPreference" "ContactPreference" NOT NULL DEFAULT 'PLATFORM',
    "status" "InnovationStatus" NOT NULL DEFAULT 'DRAFT',
    "rejectionReason" TEXT,
    "submittedAt" TIMESTAMP(3),
    "publishedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Innovation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Patent" (
    "id" TEXT NOT NULL,
    "innovationId" TEXT NOT NULL,
    "number" TEXT NOT NULL,
    "type" "PatentType" NOT NULL,
    "status" "PatentStatus" NOT NULL,

    CONSTRAINT "Patent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Award" (
    "id" TEXT NOT NULL,
    "innovationId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "level" "AwardLevel" NOT NULL,
    "year" INTEGER,

    CONSTRAINT "Award_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "InnovationImage" (
    "id" TEXT NOT NULL,
    "innovationId" TEXT NOT NULL,
    "contentType" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "sha256" TEXT NOT NULL,
    "data" BYTEA NOT NULL,
    "position" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "InnovationImage_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SearchOutbox" (
    "id" BIGSERIAL NOT NULL,
    "innovationId" TEXT NOT NULL,
    "op" "SearchOutboxOp" NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "processedAt" TIMESTAMP(3),
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "nextAttemptAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SearchOutbox_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Agreement" (
    "id" TEXT NOT NULL,
    "number" TEXT,
    "conferenceId" TEXT NOT NULL,
    "innovationId" TEXT NOT NULL,
    "enterpriseId" TEXT NOT NULL,
    "innovatorId" TEXT NOT NULL,
    "status" "AgreementStatus" NOT NULL DEFAULT 'PROPOSED',
    "amountFen" BIGINT NOT NULL,
    "transferMode" "TransferMode" NOT NULL,
    "cooperationMonths" INTEGER NOT NULL,
    "terms" TEXT NOT NULL,
    "employerConsent" BOOLEAN NOT NULL DEFAULT false,
    "textSha256" TEXT NOT NULL,
    "depositFen" BIGINT NOT NULL,
    "declineReason" TEXT,
    "declineNote" TEXT,
    "voidReason" TEXT,
    "revision" INTEGER NOT NULL DEFAULT 1,
    "signedAt" TIMESTAMP(3),
    "voidedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Agreement_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AgreementSignature" (
    "id" TEXT NOT NULL,
    "agreementId" TEXT NOT NULL,
    "party" "AgreementParty" NOT NULL,
    "signerId" TEXT NOT NULL,
    "fullName" TEXT NOT NULL,
    "textSha256" TEXT NOT NULL,
    "ip" TEXT NOT NULL,
    "signedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AgreementSignature_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Deposit" (
    "id" TEXT NOT NULL,
    "agreementId" TEXT NOT NULL,
    "amountFen" BIGINT NOT NULL,
    "status" "DepositStatus" NOT NULL DEFAULT 'PENDING',
    "checkoutSessionId" TEXT,
    "paymentIntentId" TEXT,
    "refundId" TEXT,
    "paidAt" TIMESTAMP(3),
    "refundedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Deposit_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "StripeEvent" (
    "id" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "processedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "StripeEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LedgerEntry" (
    "id" BIGSERIAL NOT NULL,
    "conferenceId" TEXT NOT NULL,
    "agreementId" TEXT NOT NULL,
    "kind" "LedgerKind" NOT NULL,
    "amountFen" BIGINT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LedgerEntry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LiveEvent" (
    "id" BIGSERIAL NOT NULL,
    "conferenceId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LiveEvent_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Innovation_status_publishedAt_idx" ON "Innovation"("status", "publishedAt");

-- CreateIndex
CREATE INDEX "Innovation_ownerId_idx" ON "Innovation"("ownerId");

-- CreateIndex
CREATE INDEX "SearchOutbox_processedAt_nextAttemptAt_idx" ON "SearchOutbox"("processedAt", "nextAttemptAt");

-- CreateIndex
CREATE UNIQUE INDEX "Agreement_number_key" ON "Agreement"("number");

-- CreateIndex
CREATE INDEX "Agreement_conferenceId_status_idx" ON "Agreement"("conferenceId", "status");

-- CreateIndex
CREATE INDEX "Agreement_enterpriseId_status_idx" ON "Agreement"("enterpriseId", "status");

-- CreateIndex
CREATE INDEX "Agreement_innovatorId_status_idx" ON "Agreement"("innovatorId", "status");

-- CreateIndex
CREATE INDEX "Agreement_innovationId_idx" ON "Agreement"("innovationId");

-- CreateIndex
CREATE UNIQUE INDEX "AgreementSignature_agreementId_party_textSha256_key" ON "AgreementSignature"("agreementId", "party", "textSha256");

-- CreateIndex
CREATE UNIQUE INDEX "Deposit_agreementId_key" ON "Deposit"("agreementId");

-- CreateIndex
CREATE UNIQUE INDEX "Deposit_checkoutSessionId_key" ON "Deposit"("checkoutSessionId");

-- CreateIndex
CREATE UNIQUE INDEX "Deposit_paymentIntentId_key" ON "Deposit"("paymentIntentId");

-- CreateIndex
CREATE INDEX "LedgerEntry_conferenceId_idx" ON "LedgerEntry"("conferenceId");

-- CreateIndex
CREATE UNIQUE INDEX "LedgerEntry_agreementId_kind_key" ON "LedgerEntry"("agreementId", "kind");

-- CreateIndex
CREATE INDEX "LiveEvent_conferenceId_id_idx" ON "LiveEvent"("conferenceId", "id");

-- AddForeignKey
ALTER TABLE "Innovation" ADD CONSTRAINT "Innovation_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Innovation" ADD CONSTRAINT "Innovation_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Patent" ADD CONSTRAINT "Patent_innovationId_fkey" FOREIGN KEY ("innovationId") REFERENCES "Innovation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Award" ADD CONSTRAINT "Award_innovationId_fkey" FOREIGN KEY ("innovationId") REFERENCES "Innovation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "InnovationImage" ADD CONSTRAINT "InnovationImage_innovationId_fkey" FOREIGN KEY ("innovationId") REFERENCES "Innovation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Agreement" ADD CONSTRAINT "Agreement_conferenceId_fkey" FOREIGN KEY ("conferenceId") REFERENCES "Conference"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Agreement" ADD CONSTRAINT "Agreement_innovationId_fkey" FOREIGN KEY ("innovationId") REFERENCES "Innovation"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Agreement" ADD CONSTRAINT "Agreement_enterpriseId_fkey" FOREIGN KEY ("enterpriseId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Agreement" ADD CONSTRAINT "Agreement_innovatorId_fkey" FOREIGN KEY ("innovatorId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AgreementSignature" ADD CONSTRAINT "AgreementSignature_agreementId_fkey" FOREIGN KEY ("agreementId") REFERENCES "Agreement"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AgreementSignature" ADD CONSTRAINT "AgreementSignature_signerId_fkey" FOREIGN KEY ("signerId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Deposit" ADD CONSTRAINT "Deposit_agreementId_fkey" FOREIGN KEY ("agreementId") REFERENCES "Agreement"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LedgerEntry" ADD CONSTRAINT "LedgerEntry_conferenceId_fkey" FOREIGN KEY ("conferenceId") REFERENCES "Conference"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LedgerEntry" ADD CONSTRAINT "LedgerEntry_agreementId_fkey" FOREIGN KEY ("agreementId") REFERENCES "Agreement"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LiveEvent" ADD CONSTRAINT "LiveEvent_conferenceId_fkey" FOREIGN KEY ("conferenceId") REFERENCES "Conference"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

