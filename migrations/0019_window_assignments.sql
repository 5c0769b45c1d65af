-- A window assignment names its hall: window codes repeat across halls ("01" at tianhe and at
-- haizhu), and an assignment of the bare code reached every hall's window of that code. A
-- code that exists at exactly one hall keeps its assignment there; one that exists at several
-- is dropped, for an administrator to assign again (each change audited).
CREATE TABLE staff_windows_by_hall (
  staff_id    TEXT NOT NULL REFERENCES staff (id),
  hall_code   TEXT NOT NULL,
  window_code TEXT NOT NULL,
  PRIMARY KEY (staff_id, hall_code, window_code)
);
INSERT INTO staff_windows_by_hall (staff_id, hall_code, window_code)
  SELECT sw.staff_id, w.hall_code, sw.window_code
  FROM staff_windows sw JOIN windows w ON w.code = sw.window_code
  WHERE (SELECT count(*) FROM windows x WHERE x.code = sw.window_code) = 1;
DROP TABLE staff_windows;
ALTER TABLE staff_windows_by_hall RENAME TO staff_windows;
