-- CreateEnum
CREATE TYPE "MeetingStatus" AS ENUM ('REQUESTED', 'COUNTERED', 'ACCEPTED', 'DECLINED', 'EXPIRED', 'CANCELLED', 'NO_SHOW');

-- CreateEnum
CREATE TYPE "MeetingParty" AS ENUM ('REQUESTER', 'HOST');

-- CreateTable
CREATE TABLE "Exhibitor" (
    "id" TEXT NOT NULL,
    "conferenceId" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "boothNumber" TEXT NOT NULL,
    "zone" TEXT NOT NULL,
    "slotMinutes" INTEGER NOT NULL DEFAULT 20,
    "dailyHours" TEXT[],
    "code" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Exhibitor_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ExhibitorStudio" (
    "exhibitorId" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,

    CONSTRAINT "ExhibitorStudio_pkey" PRIMARY KEY ("exhibitorId","organizationId")
);

-- CreateTable
CREATE TABLE "ExhibitorListing" (
    "id" TEXT NOT NULL,
    "conferenceId" TEXT NOT NULL,
    "exhibitorId" TEXT NOT NULL,
    "innovationId" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ExhibitorListing_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "NegotiationTable" (
    "id" TEXT NOT NULL,
    "conferenceId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "location" TEXT NOT NULL,
    "slotMinutes" INTEGER NOT NULL DEFAULT 20,
    "dailyHours" TEXT[],
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "NegotiationTable_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Meeting" (
    "id" TEXT NOT NULL,
    "conferenceId" TEXT NOT NULL,
    "exhibitorId" TEXT,
    "tableId" TEXT,
    "innovationId" TEXT,
    "requesterId" TEXT NOT NULL,
    "hostId" TEXT NOT NULL,
    "bookedById" TEXT,
    "startsAt" TIMESTAMPTZ(3) NOT NULL,
    "endsAt" TIMESTAMPTZ(3) NOT NULL,
    "status" "MeetingStatus" NOT NULL DEFAULT 'REQUESTED',
    "expiresAt" TIMESTAMPTZ(3),
    "note" TEXT,
    "declineReason" TEXT,
    "cancelledBy" "MeetingParty",
    "cancelReason" TEXT,
    "noShowParty" "MeetingParty",
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Meeting_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MeetingAttendee" (
    "meetingId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "startsAt" TIMESTAMPTZ(3) NOT NULL,
    "endsAt" TIMESTAMPTZ(3) NOT NULL,
    "active" BOOLEAN NOT NULL,

    CONSTRAINT "MeetingAttendee_pkey" PRIMARY KEY ("meetingId","userId")
);

-- CreateTable
CREATE TABLE "QrScan" (
    "id" BIGSERIAL NOT NULL,
    "exhibitorId" TEXT NOT NULL,
    "innovationId" TEXT,
    "userId" TEXT,
    "isLead" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "QrScan_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Exhibitor_code_key" ON "Exhibitor"("code");

-- CreateIndex
CREATE UNIQUE INDEX "Exhibitor_conferenceId_organizationId_key" ON "Exhibitor"("conferenceId", "organizationId");

-- CreateIndex
CREATE UNIQUE INDEX "Exhibitor_conferenceId_boothNumber_key" ON "Exhibitor"("conferenceId", "boothNumber");

-- CreateIndex
CREATE UNIQUE INDEX "ExhibitorListing_code_key" ON "ExhibitorListing"("code");

-- CreateIndex
CREATE INDEX "ExhibitorListing_exhibitorId_idx" ON "ExhibitorListing"("exhibitorId");

-- CreateIndex
CREATE UNIQUE INDEX "ExhibitorListing_conferenceId_innovationId_key" ON "ExhibitorListing"("conferenceId", "innovationId");

-- CreateIndex
CREATE UNIQUE INDEX "NegotiationTable_conferenceId_name_key" ON "NegotiationTable"("conferenceId", "name");

-- CreateIndex
CREATE INDEX "Meeting_conferenceId_startsAt_idx" ON "Meeting"("conferenceId", "startsAt");

-- CreateIndex
CREATE INDEX "Meeting_exhibitorId_startsAt_idx" ON "Meeting"("exhibitorId", "startsAt");

-- CreateIndex
CREATE INDEX "Meeting_tableId_startsAt_idx" ON "Meeting"("tableId", "startsAt");

-- CreateIndex
CREATE INDEX "Meeting_requesterId_startsAt_idx" ON "Meeting"("requesterId", "startsAt");

-- CreateIndex
CREATE INDEX "Meeting_hostId_startsAt_idx" ON "Meeting"("hostId", "startsAt");

-- CreateIndex
CREATE INDEX "MeetingAttendee_userId_startsAt_idx" ON "MeetingAttendee"("userId", "startsAt");

-- CreateIndex
CREATE INDEX "QrScan_exhibitorId_createdAt_idx" ON "QrScan"("exhibitorId", "createdAt");

-- CreateIndex
CREATE INDEX "QrScan_userId_idx" ON "QrScan"("userId");

-- AddForeignKey
ALTER TABLE "Exhibitor" ADD CONSTRAINT "Exhibitor_conferenceId_fkey" FOREIGN KEY ("conferenceId") REFERENCES "Conference"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Exhibitor" ADD CONSTRAINT "Exhibitor_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ExhibitorStudio" ADD CONSTRAINT "ExhibitorStudio_exhibitorId_fkey" FOREIGN KEY ("exhibitorId") REFERENCES "Exhibitor"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ExhibitorStudio" ADD CONSTRAINT "ExhibitorStudio_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ExhibitorListing" ADD CONSTRAINT "ExhibitorListing_exhibitorId_fkey" FOREIGN KEY ("exhibitorId") REFERENCES "Exhibitor"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ExhibitorListing" ADD CONSTRAINT "ExhibitorListing_innovationId_fkey" FOREIGN KEY ("innovationId") REFERENCES "Innovation"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "NegotiationTable" ADD CONSTRAINT "NegotiationTable_conferenceId_fkey" FOREIGN KEY ("conferenceId") REFERENCES "Conference"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Meeting" ADD CONSTRAINT "Meeting_conferenceId_fkey" FOREIGN KEY ("conferenceId") REFERENCES "Conference"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Meeting" ADD CONSTRAINT "Meeting_exhibitorId_fkey" FOREIGN KEY ("exhibitorId") REFERENCES "Exhibitor"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Meeting" ADD CONSTRAINT "Meeting_tableId_fkey" FOREIGN KEY ("tableId") REFERENCES "NegotiationTable"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Meeting" ADD CONSTRAINT "Meeting_innovationId_fkey" FOREIGN KEY ("innovationId") REFERENCES "Innovation"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Meeting" ADD CONSTRAINT "Meeting_requesterId_fkey" FOREIGN KEY ("requesterId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Meeting" ADD CONSTRAINT "Meeting_hostId_fkey" FOREIGN KEY ("hostId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Meeting" ADD CONSTRAINT "Meeting_bookedById_fkey" FOREIGN KEY ("bookedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MeetingAttendee" ADD CONSTRAINT "MeetingAttendee_meetingId_fkey" FOREIGN KEY ("meetingId") REFERENCES "Meeting"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MeetingAttendee" ADD CONSTRAINT "MeetingAttendee_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "QrScan" ADD CONSTRAINT "QrScan_exhibitorId_fkey" FOREIGN KEY ("exhibitorId") REFERENCES "Exhibitor"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "QrScan" ADD CONSTRAINT "QrScan_innovationId_fkey" FOREIGN KEY ("innovationId") REFERENCES "Innovation"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "QrScan" ADD CONSTRAINT "QrScan_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;


-- ─── Hand-written (Prisma's schema cannot express these): nobody double-booked, enforced by the database ───
-- btree_gist lets one GiST index compare ids with = and time ranges with && (the embedded PGlite loads it too).
CREATE EXTENSION IF NOT EXISTS btree_gist;

ALTER TABLE "Meeting" ADD CONSTRAINT "Meeting_place_check" CHECK ("exhibitorId" IS NOT NULL OR "tableId" IS NOT NULL);
ALTER TABLE "Meeting" ADD CONSTRAINT "Meeting_time_check" CHECK ("endsAt" > "startsAt");
ALTER TABLE "Meeting" ADD CONSTRAINT "Meeting_parties_check" CHECK ("requesterId" <> "hostId");

-- An open meeting (requested, counter-proposed or accepted) holds its booth or table for its time.
ALTER TABLE "Meeting" ADD CONSTRAINT "Meeting_booth_no_overlap"
  EXCLUDE USING gist ("exhibitorId" WITH =, tstzrange("startsAt", "endsAt") WITH &&)
  WHERE ("tableId" IS NULL AND "status" IN ('REQUESTED', 'COUNTERED', 'ACCEPTED'));
ALTER TABLE "Meeting" ADD CONSTRAINT "Meeting_table_no_overlap"
  EXCLUDE USING gist ("tableId" WITH =, tstzrange("startsAt", "endsAt") WITH &&)
  WHERE ("tableId" IS NOT NULL AND "status" IN ('REQUESTED', 'COUNTERED', 'ACCEPTED'));

-- Nobody is in two open meetings at once, on either side.
ALTER TABLE "MeetingAttendee" ADD CONSTRAINT "MeetingAttendee_no_overlap"
  EXCLUDE USING gist ("userId" WITH =, tstzrange("startsAt", "endsAt") WITH &&) WHERE ("active");

-- The attendee rows follow their meeting: whatever writes a meeting, its two people are checked.
CREATE FUNCTION meeting_attendees_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND (OLD."requesterId" <> NEW."requesterId" OR OLD."hostId" <> NEW."hostId") THEN
    DELETE FROM "MeetingAttendee" WHERE "meetingId" = NEW."id";
  END IF;
  INSERT INTO "MeetingAttendee" ("meetingId", "userId", "startsAt", "endsAt", "active")
  SELECT NEW."id", person, NEW."startsAt", NEW."endsAt", NEW."status" IN ('REQUESTED', 'COUNTERED', 'ACCEPTED')
  FROM unnest(ARRAY[NEW."requesterId", NEW."hostId"]) AS person
  ON CONFLICT ("meetingId", "userId") DO UPDATE
    SET "startsAt" = EXCLUDED."startsAt", "endsAt" = EXCLUDED."endsAt", "active" = EXCLUDED."active";
  RETURN NULL;
END
$$;

CREATE TRIGGER meeting_attendees_sync AFTER INSERT OR UPDATE OF "status", "startsAt", "endsAt", "requesterId", "hostId" ON "Meeting"
  FOR EACH ROW EXECUTE FUNCTION meeting_attendees_sync();
