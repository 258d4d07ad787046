-- Providers close the loop (issue 16).
--
-- How a family gave its consent to share (verbal, written).
ALTER TABLE households ADD COLUMN consent_share_how TEXT NOT NULL DEFAULT '';

-- Which enrolled organizations run which directory organizations' services.
CREATE TABLE provider_links (
	id               TEXT PRIMARY KEY,
	org_id           TEXT NOT NULL DEFAULT '',
	org_name         TEXT NOT NULL DEFAULT '',
	directory_org_id TEXT NOT NULL DEFAULT '',
	deleted          INTEGER NOT NULL DEFAULT 0,
	clocks           TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX provider_links_directory ON provider_links(directory_org_id);

-- A referral shared with a provider: the minimum the provider receives.
CREATE TABLE referral_shares (
	id                 TEXT PRIMARY KEY,
	referral_id        TEXT NOT NULL DEFAULT '',
	provider_org       TEXT NOT NULL DEFAULT '',
	service_id         TEXT NOT NULL DEFAULT '',
	family_name        TEXT NOT NULL DEFAULT '',
	caregiver_name     TEXT NOT NULL DEFAULT '',
	phone              TEXT NOT NULL DEFAULT '',
	email              TEXT NOT NULL DEFAULT '',
	contact_method     TEXT NOT NULL DEFAULT '',
	contact_times      TEXT NOT NULL DEFAULT '',
	home_language      TEXT NOT NULL DEFAULT '',
	interpreter_needed INTEGER NOT NULL DEFAULT 0,
	child_first_name   TEXT NOT NULL DEFAULT '',
	child_age_months   INTEGER NOT NULL DEFAULT -1,
	reason             TEXT NOT NULL DEFAULT '',
	priority           TEXT NOT NULL DEFAULT '',
	navigator          TEXT NOT NULL DEFAULT '',
	navigator_org      TEXT NOT NULL DEFAULT '',
	referring_org      TEXT NOT NULL DEFAULT '',
	last_event_id      TEXT NOT NULL DEFAULT '',
	shared_at          TEXT NOT NULL DEFAULT '',
	withdrawn_at       TEXT NOT NULL DEFAULT '',
	deleted            INTEGER NOT NULL DEFAULT 0,
	clocks             TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX referral_shares_referral ON referral_shares(referral_id);

-- A provider's answers to a shared referral (a history).
CREATE TABLE referral_answers (
	id             TEXT PRIMARY KEY,
	share_id       TEXT NOT NULL DEFAULT '',
	referral_id    TEXT NOT NULL DEFAULT '',
	referring_org  TEXT NOT NULL DEFAULT '',
	status         TEXT NOT NULL DEFAULT '',
	decline_code   TEXT NOT NULL DEFAULT '',
	appointment_at TEXT NOT NULL DEFAULT '',
	note           TEXT NOT NULL DEFAULT '',
	by             TEXT NOT NULL DEFAULT '',
	provider       TEXT NOT NULL DEFAULT '',
	at             TEXT NOT NULL DEFAULT '',
	prev_id        TEXT NOT NULL DEFAULT '',
	deleted        INTEGER NOT NULL DEFAULT 0,
	clocks         TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX referral_answers_share ON referral_answers(share_id, at, id);
CREATE INDEX referral_answers_referral ON referral_answers(referral_id, at, id);
