-- 网上缴费 (standard 6.3.6): one order per attempt to pay an application's fee. The provider's
-- callback moves it from pending to paid once (the update only matches a pending order, so a
-- repeated callback changes nothing); a refused or withdrawn application's paid fee is refunded.
CREATE TABLE payments (
  id TEXT PRIMARY KEY,                -- order number, e.g. 'PO' + 16 hex digits
  application_id TEXT NOT NULL REFERENCES applications(id),
  amount_fen INTEGER NOT NULL CHECK (amount_fen > 0),
  provider TEXT NOT NULL,             -- 'sandbox' in development
  state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'paid', 'refunded')),
  created_at INTEGER NOT NULL,
  paid_at INTEGER,
  provider_ref TEXT,                  -- the provider's transaction number
  receipt_no TEXT,
  refunded_at INTEGER,
  refund_ref TEXT,
  refund_reason TEXT
);
CREATE INDEX payments_by_application ON payments (application_id, created_at);
-- At most one order of an application is ever paid.
CREATE UNIQUE INDEX payments_one_paid ON payments (application_id) WHERE state IN ('paid', 'refunded');
CREATE UNIQUE INDEX payments_by_provider_ref ON payments (provider, provider_ref) WHERE provider_ref IS NOT NULL;
