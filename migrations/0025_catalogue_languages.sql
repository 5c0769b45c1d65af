-- The catalogue in the reader's language (issue: search and guides for every reader). Each
-- item, department and package keeps its text in English (translated, from the catalogue file)
-- and in 繁體 (Hong Kong; made from the 简体 by OpenCC when the catalogue is loaded) as one JSON
-- object `{"en": …, "hk": …}` shaped like `hall_domain::catalogue::Texts`. The 繁體 → 简体
-- table queries are read with (`hant_from`, `hant_to`) and the sounds of the common Han
-- characters (`pinyin_chars`, `pinyin_syllables`, for near-homophone typos) are kept in `meta`,
-- made by the same load.
ALTER TABLE items ADD COLUMN texts TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(texts));
ALTER TABLE departments ADD COLUMN texts TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(texts));
ALTER TABLE packages ADD COLUMN texts TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(texts));
INSERT INTO meta (key, value) VALUES ('hant_from', ''), ('hant_to', ''),
  ('pinyin_chars', ''), ('pinyin_syllables', '')
  ON CONFLICT (key) DO NOTHING;
