-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "DepositStatus" ADD VALUE 'CHECKOUT_OPEN';
ALTER TYPE "DepositStatus" ADD VALUE 'EXPIRED';
ALTER TYPE "DepositStatus" ADD VALUE 'REFUND_REQUESTED';
ALTER TYPE "DepositStatus" ADD VALUE 'REFUND_FAILED';

-- AlterTable
ALTER TABLE "Agreement" ADD COLUMN     "text" TEXT NOT NULL;

-- AlterTable
ALTER TABLE "Conference" ADD COLUMN     "signingClosesAt" TIMESTAMP(3),
ADD COLUMN     "signingOpensAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "Deposit" ADD COLUMN     "failedRefunds" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "DemoSecret" (
    "name" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DemoSecret_pkey" PRIMARY KEY ("name")
);

