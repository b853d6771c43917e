-- Statements date prepayment entries by when they count in the customer's account: an
-- overpayment from when its money was received (not when it was entered), anything else from
-- when it was written. Existing rows: written time, and the payment's receipt for overpayments.
ALTER TABLE "prepayment_entries" ADD COLUMN "effective_at" TIMESTAMPTZ(3);

UPDATE "prepayment_entries" SET "effective_at" = "created_at";

UPDATE "prepayment_entries" p SET "effective_at" = pa."received_at"
FROM "payment_allocations" pa
WHERE p."kind" = 'overpayment' AND pa."payment_id" = p."reference";

ALTER TABLE "prepayment_entries"
  ALTER COLUMN "effective_at" SET NOT NULL,
  ALTER COLUMN "effective_at" SET DEFAULT CURRENT_TIMESTAMP;
