-- AlterTable
ALTER TABLE "MessageThread" ADD COLUMN     "conferenceId" TEXT;

-- CreateIndex
CREATE INDEX "MessageThread_conferenceId_createdAt_idx" ON "MessageThread"("conferenceId", "createdAt");

-- AddForeignKey
ALTER TABLE "MessageThread" ADD CONSTRAINT "MessageThread_conferenceId_fkey" FOREIGN KEY ("conferenceId") REFERENCES "Conference"("id") ON DELETE SET NULL ON UPDATE CASCADE;

