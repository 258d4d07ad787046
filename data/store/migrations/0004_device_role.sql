-- The role the county server gave this laptop's user at enrolment
-- (navigator, trainer, admin; '' for an enrolment made before roles were
-- sent), so the app can say before the work is done that a navigator's
-- directory and training-material changes stay on this laptop.
ALTER TABLE sync_device ADD COLUMN role TEXT NOT NULL DEFAULT '';
