-- Materials that reach families (issue 18).
--
-- Each language version says when its text last changed, which English
-- text a translation says the same as (so a translation left behind by a
-- change of the English shows as out of date), and who reviewed it as a
-- native speaker (with the checksum of the text reviewed). Versions made
-- before this take their material's last update as their change, and
-- translations are taken as up to date with the English as it stands.
ALTER TABLE material_versions ADD COLUMN changed_at TEXT NOT NULL DEFAULT '';
ALTER TABLE material_versions ADD COLUMN english_as_of TEXT NOT NULL DEFAULT '';
ALTER TABLE material_versions ADD COLUMN reviewed_by TEXT NOT NULL DEFAULT '';
ALTER TABLE material_versions ADD COLUMN reviewed_on TEXT NOT NULL DEFAULT '';
ALTER TABLE material_versions ADD COLUMN reviewed_sum TEXT NOT NULL DEFAULT '';
UPDATE material_versions SET changed_at = COALESCE((SELECT m.updated_at FROM materials m WHERE m.id = material_versions.material_id), '');
UPDATE material_versions SET english_as_of = COALESCE((SELECT e.changed_at FROM material_versions e
	WHERE e.material_id = material_versions.material_id AND e.deleted = 0 AND (e.language = 'en' OR e.language LIKE 'en-%')
	ORDER BY e.language LIMIT 1), '')
	WHERE language <> 'en' AND language NOT LIKE 'en-%';

-- The language an attachment speaks or is written in ('' for none).
ALTER TABLE material_attachments ADD COLUMN language TEXT NOT NULL DEFAULT '';

-- Materials given to a family, on the family's timeline.
CREATE TABLE materials_given (
	id           TEXT PRIMARY KEY,
	household_id TEXT NOT NULL DEFAULT '',
	material_id  TEXT NOT NULL DEFAULT '',
	title        TEXT NOT NULL DEFAULT '',
	language     TEXT NOT NULL DEFAULT '',
	wanted       TEXT NOT NULL DEFAULT '',
	given_at     TEXT NOT NULL DEFAULT '',
	navigator    TEXT NOT NULL DEFAULT '',
	deleted      INTEGER NOT NULL DEFAULT 0,
	clocks       TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX materials_given_household ON materials_given(household_id);
