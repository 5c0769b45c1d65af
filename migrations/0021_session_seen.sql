-- When a session was last used (NULL: not since it opened). Staff sessions end after a time
-- without use (HALL_STAFF_IDLE_MINUTES, 30 by default) and 12 hours after sign-in in all.
ALTER TABLE sessions ADD COLUMN last_seen INTEGER;
