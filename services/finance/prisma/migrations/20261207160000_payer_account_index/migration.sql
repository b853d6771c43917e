-- Lines paid to a customer by payer account, normalised as matching compares it. Expression
-- and partial, so not expressible in schema.prisma. A bank line from an account that paid one
-- customer before is matched to that customer.
CREATE INDEX "bank_lines_payer_account_idx" ON "bank_lines"
  ("org_id", "site_id", (regexp_replace(upper("payer_account"), '[^0-9A-Z]', '', 'g')))
  WHERE "customer_id" IS NOT NULL AND "status" IN ('matched', 'resolved');
