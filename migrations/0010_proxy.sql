-- 代办服务 (standard 6.7): free proxy service. A citizen asks; staff assign a 代办员, who handles
-- the matter and closes the request, linking the application it led to. `version` guards
-- concurrent staff actions.
CREATE TABLE proxy_requests (
  id TEXT PRIMARY KEY,                 -- 'px_' + 16 hex digits
  citizen_id TEXT NOT NULL,
  item_code TEXT NOT NULL,
  reason TEXT NOT NULL CHECK (reason IN ('elderly', 'disabled', 'illness', 'project', 'other')),
  way TEXT NOT NULL CHECK (way IN ('hall', 'home')),
  address TEXT NOT NULL DEFAULT '',
  applicant_name TEXT NOT NULL,
  phone TEXT NOT NULL,                 -- the number to call
  note TEXT NOT NULL DEFAULT '',
  state TEXT NOT NULL DEFAULT 'requested'
    CHECK (state IN ('requested', 'assigned', 'in_progress', 'done', 'declined', 'cancelled')),
  assignee_id TEXT,
  application_id TEXT,
  idempotency_key TEXT NOT NULL UNIQUE,
  version INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX proxy_requests_by_citizen ON proxy_requests (citizen_id, created_at);
CREATE INDEX proxy_requests_by_state ON proxy_requests (state, created_at);

CREATE TABLE proxy_events (
  proxy_id TEXT NOT NULL REFERENCES proxy_requests(id),
  at INTEGER NOT NULL,
  action TEXT NOT NULL,                -- 'request' or a ProxyAction
  actor_kind TEXT NOT NULL CHECK (actor_kind IN ('citizen', 'staff')),
  actor_id TEXT,
  note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX proxy_events_by_request ON proxy_events (proxy_id, at);
