-- CreateEnum
CREATE TYPE "NeedStatus" AS ENUM ('DRAFT', 'SUBMITTED', 'PUBLISHED', 'REJECTED', 'CLOSED');

-- CreateEnum
CREATE TYPE "NeedCloseReason" AS ENUM ('SOLVED', 'WITHDRAWN', 'EXPIRED');

-- CreateEnum
CREATE TYPE "NeedVisibility" AS ENUM ('PUBLIC', 'INNOVATORS');

-- CreateEnum
CREATE TYPE "NeedAnswerStatus" AS ENUM ('SUBMITTED', 'SHORTLISTED', 'DECLINED');

-- CreateEnum
CREATE TYPE "NeedAnswerDeclineReason" AS ENUM ('TOO_EARLY', 'UNCLEAR_BENEFIT', 'NOT_APPLICABLE', 'PRICE', 'OTHER');

-- AlterTable
ALTER TABLE "Agreement" ADD COLUMN     "needAnswerId" TEXT;

-- CreateTable
CREATE TABLE "Need" (
    "id" TEXT NOT NULL,
    "ownerId" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "problem" TEXT NOT NULL,
    "indicators" TEXT NOT NULL,
    "sector" TEXT NOT NULL,
    "keywords" TEXT[],
    "province" TEXT NOT NULL,
    "city" TEXT NOT NULL,
    "budgetMinFen" BIGINT,
    "budgetMaxFen" BIGINT,
    "deadline" TIMESTAMP(3) NOT NULL,
    "transferModes" "TransferMode"[],
    "minMaturity" "Maturity",
    "visibility" "NeedVisibility" NOT NULL DEFAULT 'PUBLIC',
    "status" "NeedStatus" NOT NULL DEFAULT 'DRAFT',
    "closeReason" "NeedCloseReason",
    "rejectionReason" TEXT,
    "submittedAt" TIMESTAMP(3),
    "publishedAt" TIMESTAMP(3),
    "closedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Need_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "NeedAttachment" (
    "id" TEXT NOT NULL,
    "needId" TEXT NOT NULL,
    "contentType" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "sha256" TEXT NOT NULL,
    "data" BYTEA NOT NULL,
    "position" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "NeedAttachment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "NeedAnswer" (
    "id" TEXT NOT NULL,
    "needId" TEXT NOT NULL,
    "innovationId" TEXT NOT NULL,
    "innovatorId" TEXT NOT NULL,
    "proposal" TEXT NOT NULL,
    "estimatedCostFen" BIGINT,
    "estimatedMonths" INTEGER NOT NULL,
    "status" "NeedAnswerStatus" NOT NULL DEFAULT 'SUBMITTED',
    "declineReason" "NeedAnswerDeclineReason",
    "declineNote" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "NeedAnswer_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RecommendationDismissal" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "itemType" TEXT NOT NULL,
    "itemId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RecommendationDismissal_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SavedSearch" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "index" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "sector" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SavedSearch_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Need_status_publishedAt_idx" ON "Need"("status", "publishedAt");

-- CreateIndex
CREATE INDEX "Need_ownerId_idx" ON "Need"("ownerId");

-- CreateIndex
CREATE INDEX "NeedAnswer_innovatorId_idx" ON "NeedAnswer"("innovatorId");

-- CreateIndex
CREATE UNIQUE INDEX "NeedAnswer_needId_innovationId_key" ON "NeedAnswer"("needId", "innovationId");

-- CreateIndex
CREATE UNIQUE INDEX "RecommendationDismissal_userId_itemType_itemId_key" ON "RecommendationDismissal"("userId", "itemType", "itemId");

-- CreateIndex
CREATE INDEX "SavedSearch_userId_createdAt_idx" ON "SavedSearch"("userId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "SavedSearch_userId_index_text_sector_key" ON "SavedSearch"("userId", "index", "text", "sector");

-- AddForeignKey
ALTER TABLE "Agreement" ADD CONSTRAINT "Agreement_needAnswerId_fkey" FOREIGN KEY ("needAnswerId") REFERENCES "NeedAnswer"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Need" ADD CONSTRAINT "Need_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "NeedAttachment" ADD CONSTRAINT "NeedAttachment_needId_fkey" FOREIGN KEY ("needId") REFERENCES "Need"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "NeedAnswer" ADD CONSTRAINT "NeedAnswer_needId_fkey" FOREIGN KEY ("needId") REFERENCES "Need"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "NeedAnswer" ADD CONSTRAINT "NeedAnswer_innovationId_fkey" FOREIGN KEY ("innovationId") REFERENCES "Innovation"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "NeedAnswer" ADD CONSTRAINT "NeedAnswer_innovatorId_fkey" FOREIGN KEY ("innovatorId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RecommendationDismissal" ADD CONSTRAINT "RecommendationDismissal_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SavedSearch" ADD CONSTRAINT "SavedSearch_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

