-- 联审联办 (standard 5.6): a joint package applied for once. Its members are applications with
-- joint_id set; each is handled by its own department under the package's deadline.
CREATE TABLE joint_applications (
  id              TEXT PRIMARY KEY,           -- tracking number
  package_code    TEXT NOT NULL REFERENCES packages (code),
  hall_code       TEXT NOT NULL,
  citizen_id      TEXT REFERENCES citizens (id),
  applicant_name  TEXT NOT NULL,
  id_kind         TEXT NOT NULL,
  id_number       TEXT NOT NULL,
  phone           TEXT NOT NULL,
  owner_id        TEXT REFERENCES staff (id), -- 首办负责人 of the joint acceptance
  received_on     TEXT NOT NULL,
  accepted_on     TEXT,
  due_on          TEXT,
  idempotency_key TEXT NOT NULL UNIQUE,
  created_at      INTEGER NOT NULL
);
CREATE INDEX joint_applications_citizen ON joint_applications (citizen_id);

ALTER TABLE applications ADD COLUMN joint_id TEXT REFERENCES joint_applications (id);
CREATE INDEX applications_joint ON applications (joint_id) WHERE joint_id IS NOT NULL;
