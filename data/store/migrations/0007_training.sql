-- Training sessions and attendance (issue 18 §3): the workforce roster,
-- the trainings given and who attended them.
CREATE TABLE training_people (
	id             TEXT PRIMARY KEY,
	name           TEXT NOT NULL DEFAULT '',
	role           TEXT NOT NULL DEFAULT '',
	organization   TEXT NOT NULL DEFAULT '',
	account        TEXT NOT NULL DEFAULT '',
	supervisor_id  TEXT NOT NULL DEFAULT '',
	languages      TEXT NOT NULL DEFAULT '',
	gender         TEXT NOT NULL DEFAULT '',
	race_ethnicity TEXT NOT NULL DEFAULT '',
	age_group      TEXT NOT NULL DEFAULT '',
	deleted        INTEGER NOT NULL DEFAULT 0,
	clocks         TEXT NOT NULL DEFAULT '{}'
);

CREATE TABLE trainings (
	id           TEXT PRIMARY KEY,
	topic        TEXT NOT NULL DEFAULT '',
	held_on      TEXT NOT NULL DEFAULT '',
	minutes      INTEGER NOT NULL DEFAULT 0,
	language     TEXT NOT NULL DEFAULT '',
	trainer      TEXT NOT NULL DEFAULT '',
	material_ids TEXT NOT NULL DEFAULT '',
	deleted      INTEGER NOT NULL DEFAULT 0,
	clocks       TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX trainings_held_on ON trainings(held_on);

CREATE TABLE training_attendance (
	id          TEXT PRIMARY KEY,
	training_id TEXT NOT NULL DEFAULT '',
	person_id   TEXT NOT NULL DEFAULT '',
	organization TEXT NOT NULL DEFAULT '',
	deleted     INTEGER NOT NULL DEFAULT 0,
	clocks      TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX training_attendance_training ON training_attendance(training_id);
CREATE INDEX training_attendance_person ON training_attendance(person_id);
