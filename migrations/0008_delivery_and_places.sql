-- 结果邮寄 (standard 6.8): how the result reaches the applicant, and where to.
ALTER TABLE applications ADD COLUMN delivery TEXT NOT NULL DEFAULT 'collect'
  CHECK (delivery IN ('collect', 'mail'));
ALTER TABLE applications ADD COLUMN mail_address TEXT; -- JSON, when delivery = 'mail'

-- 同城/跨城通办 (standard 6.9, 6.10): where the application is handled when not at the hall that
-- accepted it (JSON place: a hall of this city or a city of Guangdong); NULL: where accepted.
ALTER TABLE applications ADD COLUMN handled_at TEXT;
