-- 三权分立 (等保 2.0): the one administrator role splits into the system administrator
-- (accounts, departments, windows), the security administrator (roles) and the audit
-- administrator (the audit trail). Holders of the old role become system administrators: roles
-- are granted from now on by a security administrator (`cargo xtask admin <name> --role
-- security` creates the first). SQLite cannot change a CHECK, so the table is rebuilt.
CREATE TABLE staff_roles_split (
  staff_id TEXT NOT NULL REFERENCES staff (id),
  role     TEXT NOT NULL CHECK (role IN ('window_clerk', 'application_officer', 'consultation_officer',
                                         'complaint_officer', 'hall_manager', 'content_editor',
                                         'system_administrator', 'security_administrator',
                                         'audit_administrator')),
  PRIMARY KEY (staff_id, role)
);
INSERT INTO staff_roles_split (staff_id, role)
  SELECT staff_id, CASE role WHEN 'administrator' THEN 'system_administrator' ELSE role END
  FROM staff_roles;
DROP TABLE staff_roles;
ALTER TABLE staff_roles_split RENAME TO staff_roles;
