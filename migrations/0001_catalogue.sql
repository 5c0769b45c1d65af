-- The service-item catalogue: departments, items with their full guide, joint packages and the
-- holiday calendar. Loaded from seed/service-items.json by `cargo xtask seed`.

CREATE TABLE departments (
  code TEXT PRIMARY KEY CHECK (length(code) BETWEEN 1 AND 16),
  name TEXT NOT NULL,
  sort INTEGER NOT NULL
);

-- One row per service item. Short ordered lists of text (conditions, steps, channels,
-- audience, keywords) are JSON arrays; materials, which later records refer to, have a table.
CREATE TABLE items (
  code TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  department TEXT NOT NULL REFERENCES departments(code),
  category TEXT NOT NULL,
  audience TEXT NOT NULL CHECK (json_valid(audience)),
  kind TEXT NOT NULL CHECK (kind IN ('即办件', '承诺件')),
  legal_limit_workdays INTEGER NOT NULL CHECK (legal_limit_workdays >= 0),
  promised_limit_workdays INTEGER NOT NULL
    CHECK (promised_limit_workdays >= 0 AND promised_limit_workdays <= legal_limit_workdays),
  fee_fen INTEGER CHECK (fee_fen IS NULL OR fee_fen >= 0),
  fee_basis TEXT,
  conditions TEXT NOT NULL CHECK (json_valid(conditions)),
  steps TEXT NOT NULL CHECK (json_valid(steps)),
  channels TEXT NOT NULL CHECK (json_valid(channels)),
  tongban TEXT NOT NULL CHECK (tongban IN ('本地', '同城通办', '跨城通办', '全省通办')),
  rongque INTEGER NOT NULL CHECK (rongque IN (0, 1)),
  mail_delivery INTEGER NOT NULL CHECK (mail_delivery IN (0, 1)),
  appointment INTEGER NOT NULL CHECK (appointment IN (0, 1)),
  keywords TEXT NOT NULL CHECK (json_valid(keywords)),
  -- Search keys computed by the loader: pinyin and initials of the name and keywords.
  pinyin TEXT NOT NULL DEFAULT '',
  initials TEXT NOT NULL DEFAULT '',
  sort INTEGER NOT NULL
);
CREATE INDEX items_department ON items (department, sort);

CREATE TABLE item_materials (
  item_code TEXT NOT NULL REFERENCES items(code) ON DELETE CASCADE,
  seq INTEGER NOT NULL,
  name TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('原件', '复印件', '电子证照')),
  copies INTEGER NOT NULL CHECK (copies >= 1),
  required INTEGER NOT NULL CHECK (required IN (0, 1)),
  waivable INTEGER NOT NULL CHECK (waivable IN (0, 1) AND (waivable = 0 OR required = 1)),
  PRIMARY KEY (item_code, seq)
);

CREATE TABLE packages (
  code TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  theme TEXT NOT NULL,
  promised_limit_workdays INTEGER NOT NULL CHECK (promised_limit_workdays >= 0),
  description TEXT NOT NULL,
  sort INTEGER NOT NULL
);

CREATE TABLE package_items (
  package_code TEXT NOT NULL REFERENCES packages(code) ON DELETE CASCADE,
  seq INTEGER NOT NULL,
  item_code TEXT NOT NULL REFERENCES items(code),
  PRIMARY KEY (package_code, seq)
);
CREATE INDEX package_items_item ON package_items (item_code);

CREATE TABLE holiday_years (
  year INTEGER PRIMARY KEY,
  source TEXT NOT NULL,
  complete INTEGER NOT NULL CHECK (complete IN (0, 1))
);

-- Closed days besides weekends ('off') and weekend days worked ('workday').
CREATE TABLE holidays (
  date TEXT PRIMARY KEY CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  year INTEGER NOT NULL REFERENCES holiday_years(year) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('off', 'workday'))
);

-- Small key/value facts. `catalogue_version` changes whenever the catalogue is (re)loaded, so
-- Workers holding the catalogue in memory know to reload it.
CREATE TABLE meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
INSERT INTO meta (key, value) VALUES ('catalogue_version', '0');
