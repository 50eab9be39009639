-- AlterTable
ALTER TABLE "Meeting" ADD COLUMN     "needId" TEXT;

-- CreateIndex
CREATE INDEX "Meeting_needId_idx" ON "Meeting"("needId");

-- AddForeignKey
ALTER TABLE "Meeting" ADD CONSTRAINT "Meeting_needId_fkey" FOREIGN KEY ("needId") REFERENCES "Need"("id") ON DELETE SET NULL ON UPDATE CASCADE;

