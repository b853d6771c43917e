-- Half of each new outbox page is left free, so the claim of the relay (it sets claimed_until,
-- which no index covers) is a heap-only update on the same page instead of a new row version
-- with an entry in each of the three indexes of the table. Storage parameters are not
-- expressible in schema.prisma: packages/db/test/outbox.test.ts checks that the migrations of
-- every service set it.
ALTER TABLE "outbox_messages" SET (fillfactor = 50);
