-- 容缺受理承诺书 (standard 5.7) signed online by the applicant before acceptance; at the window
-- the clerk records the paper signature with the acceptance step instead.
ALTER TABLE applications ADD COLUMN commitment_signed_at INTEGER;
