-- Schedule lines whose bill was issued before runs marked them: mark them billed, so billing runs
-- and their counts skip them by state.
UPDATE "scheduled_charges" sc SET "state" = 'billed'
FROM "bills" b
WHERE sc."state" = 'scheduled'
  AND b."dedupe_key" = 'charge:' || sc."lease_id" || ':' || sc."fee_code" || ':' || to_char(sc."period_start", 'YYYY-MM-DD');
