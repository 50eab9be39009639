-- AlterTable
-- Edited by hand from the generated DROP/ADD: pending rows keep their innovation as the document of the
-- innovations index.
ALTER TABLE "SearchOutbox" RENAME COLUMN "innovationId" TO "documentId";
ALTER TABLE "SearchOutbox" ADD COLUMN "index" TEXT NOT NULL DEFAULT 'innovations';
ALTER TABLE "SearchOutbox" ALTER COLUMN "index" DROP DEFAULT;
