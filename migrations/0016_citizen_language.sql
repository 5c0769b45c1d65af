-- The language a citizen reads messages in (zh-CN, zh-HK or en), chosen at sign-in or in My Hall.
ALTER TABLE citizens ADD COLUMN lang TEXT NOT NULL DEFAULT 'zh-CN';
