-- 改约: a booking moved to another time is cancelled and names the booking that replaced it,
-- in the same transaction that makes the new one (the old slot is released as the new one is
-- taken).
ALTER TABLE bookings ADD COLUMN moved_to TEXT;
