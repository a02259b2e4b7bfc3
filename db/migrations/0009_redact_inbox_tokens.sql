-- Card tokens no longer sit in the webhook inbox in clear (new rows keep them sealed with INBOX_ENCRYPTION_KEY).
-- SQL has no key, so existing rows lose theirs: every row whose payment is recorded (its card, if any, is saved in
-- payment_methods) or that is older than a day. A younger row whose payment is not yet recorded keeps it until its
-- workflow has read it; recordNotifiedPayment still reads such a clear token.
UPDATE "webhook_inbox" AS w
SET
  "payload" = w."payload" - 'token',
  "raw_body" = regexp_replace(
    regexp_replace(w."raw_body", '(^|&)Token=[^&]*', '\1Token=[redacted]', 'g'),
    '"Token"\s*:\s*"[^"]*"', '"Token":"[redacted]"', 'g'
  )
WHERE w."payload"->>'token' IS NOT NULL
  AND (
    w."received_at" < now() - interval '1 day'
    OR EXISTS (
      SELECT 1 FROM "payments" AS p
      WHERE p."provider" = w."provider" AND p."provider_transaction_id" = w."payload"->>'providerTransactionId'
    )
  );
