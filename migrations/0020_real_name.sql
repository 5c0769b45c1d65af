-- Real-name identity from the province's unified identity platform (OpenID Connect).
--
-- An identity document counts only when the platform vouched for it (id_verified_at); one a
-- citizen typed into My Hall before links nothing. Applications received at a window were
-- linked to the account holding the same (self-declared) document: those links are dropped
-- here and made again when the holder signs in with the platform.
ALTER TABLE citizens ADD COLUMN id_verified_at INTEGER;
UPDATE applications SET citizen_id = NULL WHERE channel = 'window';
UPDATE joint_applications SET citizen_id = NULL;

-- The platform's subject of each citizen who signed in with it.
CREATE TABLE citizen_identities (
  issuer     TEXT NOT NULL,
  subject    TEXT NOT NULL,
  citizen_id TEXT NOT NULL REFERENCES citizens (id),
  created_at INTEGER NOT NULL,
  seen_at    INTEGER NOT NULL,
  PRIMARY KEY (issuer, subject)
);
CREATE UNIQUE INDEX citizen_identities_citizen ON citizen_identities (issuer, citizen_id);

-- A started sign-in: used once (deleted as it is read), tied to the browser that started it
-- by the SHA-256 of the hall_oidc cookie, and to the request by the SHA-256 of its state.
CREATE TABLE oidc_flows (
  state_hash   TEXT PRIMARY KEY,
  browser_hash TEXT NOT NULL,
  nonce        TEXT NOT NULL,
  verifier     TEXT NOT NULL,
  next         TEXT NOT NULL,
  lang         TEXT NOT NULL,
  expires_at   INTEGER NOT NULL
);

-- How sure a session is of who signed in: 'phone' (a code sent to the mobile) or 'real_name'
-- (the platform's verified identity).
ALTER TABLE sessions ADD COLUMN assurance TEXT NOT NULL DEFAULT 'phone'
  CHECK (assurance IN ('phone', 'real_name'));
