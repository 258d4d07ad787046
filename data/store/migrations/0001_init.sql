-- Trellis local store, schema 1.
--
-- Every synced table has the same shape: a UUIDv7 text id, its domain
-- columns, a tombstone flag, and "clocks": a JSON object mapping each column
-- to the hybrid logical clock timestamp of the write that set it ("*" covers
-- every column not listed). Only data/store writes these tables.
--
-- There are no SQL foreign keys between synced tables on purpose: sync
-- delivers rows from different scopes (an organization's referrals, the
-- county's directory) in separate streams, so a referral may arrive before
-- the service it points to. Local writes check references in the store API.

CREATE TABLE meta (
	key   TEXT PRIMARY KEY,
	value TEXT NOT NULL
) WITHOUT ROWID;

-- The outbox: every local change, in the order it was made, until sync has
-- delivered it. fields is a JSON object {column: {value, hlc}}; sensitive
-- values are stored sealed by the codec, as in the tables.
CREATE TABLE outbox (
	seq    INTEGER PRIMARY KEY AUTOINCREMENT,
	tbl    TEXT NOT NULL,
	row_id TEXT NOT NULL,
	fields TEXT NOT NULL
);

CREATE TABLE households (
	id                 TEXT PRIMARY KEY,
	name               TEXT NOT NULL DEFAULT '',
	home_language      TEXT NOT NULL DEFAULT '',
	other_languages    TEXT NOT NULL DEFAULT '',
	interpreter_needed INTEGER NOT NULL DEFAULT 0,
	contact_method     TEXT NOT NULL DEFAULT '',
	contact_times      TEXT NOT NULL DEFAULT '',
	phone              TEXT NOT NULL DEFAULT '',
	email              TEXT NOT NULL DEFAULT '',
	address            TEXT NOT NULL DEFAULT '',
	zip                TEXT NOT NULL DEFAULT '',
	consent_contact    INTEGER NOT NULL DEFAULT 0,
	consent_contact_on TEXT NOT NULL DEFAULT '',
	consent_contact_by TEXT NOT NULL DEFAULT '',
	consent_share      INTEGER NOT NULL DEFAULT 0,
	consent_share_on   TEXT NOT NULL DEFAULT '',
	consent_share_by   TEXT NOT NULL DEFAULT '',
	race_ethnicity     TEXT NOT NULL DEFAULT '',
	notes              TEXT NOT NULL DEFAULT '',
	navigator          TEXT NOT NULL DEFAULT '',
	organization       TEXT NOT NULL DEFAULT '',
	created_at         TEXT NOT NULL DEFAULT '',
	deleted            INTEGER NOT NULL DEFAULT 0,
	clocks             TEXT NOT NULL DEFAULT '{}'
);

CREATE TABLE members (
	id           TEXT PRIMARY KEY,
	household_id TEXT NOT NULL DEFAULT '',
	role         TEXT NOT NULL DEFAULT '',
	given_name   TEXT NOT NULL DEFAULT '',
	family_name  TEXT NOT NULL DEFAULT '',
	birth_date   TEXT NOT NULL DEFAULT '',
	relationship TEXT NOT NULL DEFAULT '',
	language     TEXT NOT NULL DEFAULT '',
	notes        TEXT NOT NULL DEFAULT '',
	deleted      INTEGER NOT NULL DEFAULT 0,
	clocks       TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX members_household ON members(household_id);

CREATE TABLE contacts (
	id           TEXT PRIMARY KEY,
	household_id TEXT NOT NULL DEFAULT '',
	at           TEXT NOT NULL DEFAULT '',
	kind         TEXT NOT NULL DEFAULT '',
	language     TEXT NOT NULL DEFAULT '',
	notes        TEXT NOT NULL DEFAULT '',
	navigator    TEXT NOT NULL DEFAULT '',
	deleted      INTEGER NOT NULL DEFAULT 0,
	clocks       TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX contacts_household ON contacts(household_id);

CREATE TABLE screenings (
	id           TEXT PRIMARY KEY,
	household_id TEXT NOT NULL DEFAULT '',
	child_id     TEXT NOT NULL DEFAULT '',
	tool         TEXT NOT NULL DEFAULT '',
	tool_name    TEXT NOT NULL DEFAULT '',
	screened_on  TEXT NOT NULL DEFAULT '',
	language     TEXT NOT NULL DEFAULT '',
	outcome      TEXT NOT NULL DEFAULT '',
	score        REAL,
	notes        TEXT NOT NULL DEFAULT '',
	navigator    TEXT NOT NULL DEFAULT '',
	deleted      INTEGER NOT NULL DEFAULT 0,
	clocks       TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX screenings_household ON screenings(household_id);

CREATE TABLE referrals (
	id           TEXT PRIMARY KEY,
	household_id TEXT NOT NULL DEFAULT '',
	child_id     TEXT NOT NULL DEFAULT '',
	service_id   TEXT NOT NULL DEFAULT '',
	reason       TEXT NOT NULL DEFAULT '',
	priority     TEXT NOT NULL DEFAULT '',
	created_at   TEXT NOT NULL DEFAULT '',
	navigator    TEXT NOT NULL DEFAULT '',
	deleted      INTEGER NOT NULL DEFAULT 0,
	clocks       TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX referrals_household ON referrals(household_id);
CREATE INDEX referrals_service ON referrals(service_id);

CREATE TABLE referral_events (
	id           TEXT PRIMARY KEY,
	referral_id  TEXT NOT NULL DEFAULT '',
	household_id TEXT NOT NULL DEFAULT '',
	status       TEXT NOT NULL DEFAULT '',
	at           TEXT NOT NULL DEFAULT '',
	by           TEXT NOT NULL DEFAULT '',
	note         TEXT NOT NULL DEFAULT '',
	prev_id      TEXT NOT NULL DEFAULT '',
	deleted      INTEGER NOT NULL DEFAULT 0,
	clocks       TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX referral_events_referral ON referral_events(referral_id, at, id);

-- Derived, local only: each referral's current status, kept by the store
-- whenever an event is written (locally or by sync) and rebuildable from
-- referral_events at any time.
CREATE TABLE referral_state (
	referral_id   TEXT PRIMARY KEY,
	status        TEXT NOT NULL,
	status_at     TEXT NOT NULL,
	started_at    TEXT NOT NULL DEFAULT '',
	last_event_id TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX referral_state_status ON referral_state(status, status_at);

CREATE TABLE followups (
	id           TEXT PRIMARY KEY,
	household_id TEXT NOT NULL DEFAULT '',
	referral_id  TEXT NOT NULL DEFAULT '',
	due_on       TEXT NOT NULL DEFAULT '',
	note         TEXT NOT NULL DEFAULT '',
	done_at      TEXT NOT NULL DEFAULT '',
	done_by      TEXT NOT NULL DEFAULT '',
	navigator    TEXT NOT NULL DEFAULT '',
	created_at   TEXT NOT NULL DEFAULT '',
	deleted      INTEGER NOT NULL DEFAULT 0,
	clocks       TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX followups_household ON followups(household_id);
CREATE INDEX followups_open ON followups(due_on) WHERE done_at = '' AND deleted = 0;

-- Local only: which families this navigator opened recently.
CREATE TABLE recent_families (
	household_id TEXT PRIMARY KEY,
	opened_at    TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE materials (
	id         TEXT PRIMARY KEY,
	topic      TEXT NOT NULL DEFAULT '',
	audience   TEXT NOT NULL DEFAULT '',
	status     TEXT NOT NULL DEFAULT '',
	author     TEXT NOT NULL DEFAULT '',
	updated_at TEXT NOT NULL DEFAULT '',
	deleted    INTEGER NOT NULL DEFAULT 0,
	clocks     TEXT NOT NULL DEFAULT '{}'
);

CREATE TABLE material_versions (
	id          TEXT PRIMARY KEY,
	material_id TEXT NOT NULL DEFAULT '',
	language    TEXT NOT NULL DEFAULT '',
	title       TEXT NOT NULL DEFAULT '',
	body        TEXT NOT NULL DEFAULT '',
	deleted     INTEGER NOT NULL DEFAULT 0,
	clocks      TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX material_versions_material ON material_versions(material_id);

CREATE TABLE material_attachments (
	id          TEXT PRIMARY KEY,
	material_id TEXT NOT NULL DEFAULT '',
	sha256      TEXT NOT NULL DEFAULT '',
	name        TEXT NOT NULL DEFAULT '',
	size        INTEGER NOT NULL DEFAULT 0,
	media_type  TEXT NOT NULL DEFAULT '',
	deleted     INTEGER NOT NULL DEFAULT 0,
	clocks      TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX material_attachments_material ON material_attachments(material_id);

-- The service directory, shaped after Open Referral HSDS 3.0.

CREATE TABLE dir_organizations (
	id                     TEXT PRIMARY KEY,
	name                   TEXT NOT NULL DEFAULT '',
	alternate_name         TEXT NOT NULL DEFAULT '',
	description            TEXT NOT NULL DEFAULT '',
	email                  TEXT NOT NULL DEFAULT '',
	website                TEXT NOT NULL DEFAULT '',
	tax_status             TEXT NOT NULL DEFAULT '',
	tax_id                 TEXT NOT NULL DEFAULT '',
	year_incorporated      REAL,
	legal_status           TEXT NOT NULL DEFAULT '',
	logo                   TEXT NOT NULL DEFAULT '',
	uri                    TEXT NOT NULL DEFAULT '',
	parent_organization_id TEXT NOT NULL DEFAULT '',
	deleted                INTEGER NOT NULL DEFAULT 0,
	clocks                 TEXT NOT NULL DEFAULT '{}'
);

CREATE TABLE dir_services (
	id                      TEXT PRIMARY KEY,
	organization_id         TEXT NOT NULL DEFAULT '',
	program_id              TEXT NOT NULL DEFAULT '',
	name                    TEXT NOT NULL DEFAULT '',
	alternate_name          TEXT NOT NULL DEFAULT '',
	description             TEXT NOT NULL DEFAULT '',
	url                     TEXT NOT NULL DEFAULT '',
	email                   TEXT NOT NULL DEFAULT '',
	status                  TEXT NOT NULL DEFAULT '',
	interpretation_services TEXT NOT NULL DEFAULT '',
	application_process     TEXT NOT NULL DEFAULT '',
	fees_description        TEXT NOT NULL DEFAULT '',
	wait_time               TEXT NOT NULL DEFAULT '',
	fees                    TEXT NOT NULL DEFAULT '',
	accreditations          TEXT NOT NULL DEFAULT '',
	eligibility_description TEXT NOT NULL DEFAULT '',
	minimum_age             REAL,
	maximum_age             REAL,
	assured_date            TEXT NOT NULL DEFAULT '',
	assurer_email           TEXT NOT NULL DEFAULT '',
	licenses                TEXT NOT NULL DEFAULT '',
	alert                   TEXT NOT NULL DEFAULT '',
	last_modified           TEXT NOT NULL DEFAULT '',
	source                  TEXT NOT NULL DEFAULT '',
	deleted                 INTEGER NOT NULL DEFAULT 0,
	clocks                  TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX dir_services_organization ON dir_services(organization_id);

CREATE TABLE dir_service_translations (
	id                      TEXT PRIMARY KEY,
	service_id              TEXT NOT NULL DEFAULT '',
	language                TEXT NOT NULL DEFAULT '',
	name                    TEXT NOT NULL DEFAULT '',
	description             TEXT NOT NULL DEFAULT '',
	eligibility_description TEXT NOT NULL DEFAULT '',
	deleted                 INTEGER NOT NULL DEFAULT 0,
	clocks                  TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX dir_service_translations_service ON dir_service_translations(service_id);

CREATE TABLE dir_locations (
	id                       TEXT PRIMARY KEY,
	location_type            TEXT NOT NULL DEFAULT '',
	url                      TEXT NOT NULL DEFAULT '',
	organization_id          TEXT NOT NULL DEFAULT '',
	name                     TEXT NOT NULL DEFAULT '',
	alternate_name           TEXT NOT NULL DEFAULT '',
	description              TEXT NOT NULL DEFAULT '',
	transportation           TEXT NOT NULL DEFAULT '',
	latitude                 REAL,
	longitude                REAL,
	external_identifier      TEXT NOT NULL DEFAULT '',
	external_identifier_type TEXT NOT NULL DEFAULT '',
	deleted                  INTEGER NOT NULL DEFAULT 0,
	clocks                   TEXT NOT NULL DEFAULT '{}'
);

CREATE TABLE dir_addresses (
	id             TEXT PRIMARY KEY,
	location_id    TEXT NOT NULL DEFAULT '',
	attention      TEXT NOT NULL DEFAULT '',
	address_1      TEXT NOT NULL DEFAULT '',
	address_2      TEXT NOT NULL DEFAULT '',
	city           TEXT NOT NULL DEFAULT '',
	region         TEXT NOT NULL DEFAULT '',
	state_province TEXT NOT NULL DEFAULT '',
	postal_code    TEXT NOT NULL DEFAULT '',
	country        TEXT NOT NULL DEFAULT '',
	address_type   TEXT NOT NULL DEFAULT '',
	deleted        INTEGER NOT NULL DEFAULT 0,
	clocks         TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX dir_addresses_location ON dir_addresses(location_id);

CREATE TABLE dir_service_at_locations (
	id          TEXT PRIMARY KEY,
	service_id  TEXT NOT NULL DEFAULT '',
	location_id TEXT NOT NULL DEFAULT '',
	description TEXT NOT NULL DEFAULT '',
	deleted     INTEGER NOT NULL DEFAULT 0,
	clocks      TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX dir_service_at_locations_service ON dir_service_at_locations(service_id);

CREATE TABLE dir_phones (
	id                     TEXT PRIMARY KEY,
	location_id            TEXT NOT NULL DEFAULT '',
	service_id             TEXT NOT NULL DEFAULT '',
	organization_id        TEXT NOT NULL DEFAULT '',
	contact_id             TEXT NOT NULL DEFAULT '',
	service_at_location_id TEXT NOT NULL DEFAULT '',
	number                 TEXT NOT NULL DEFAULT '',
	extension              REAL,
	type                   TEXT NOT NULL DEFAULT '',
	description            TEXT NOT NULL DEFAULT '',
	deleted                INTEGER NOT NULL DEFAULT 0,
	clocks                 TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX dir_phones_service ON dir_phones(service_id);
CREATE INDEX dir_phones_location ON dir_phones(location_id);

CREATE TABLE dir_languages (
	id          TEXT PRIMARY KEY,
	service_id  TEXT NOT NULL DEFAULT '',
	location_id TEXT NOT NULL DEFAULT '',
	phone_id    TEXT NOT NULL DEFAULT '',
	name        TEXT NOT NULL DEFAULT '',
	code        TEXT NOT NULL DEFAULT '',
	note        TEXT NOT NULL DEFAULT '',
	deleted     INTEGER NOT NULL DEFAULT 0,
	clocks      TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX dir_languages_service ON dir_languages(service_id);

CREATE TABLE dir_schedules (
	id                     TEXT PRIMARY KEY,
	service_id             TEXT NOT NULL DEFAULT '',
	location_id            TEXT NOT NULL DEFAULT '',
	service_at_location_id TEXT NOT NULL DEFAULT '',
	valid_from             TEXT NOT NULL DEFAULT '',
	valid_to               TEXT NOT NULL DEFAULT '',
	dtstart                TEXT NOT NULL DEFAULT '',
	timezone               REAL,
	until                  TEXT NOT NULL DEFAULT '',
	count                  REAL,
	wkst                   TEXT NOT NULL DEFAULT '',
	freq                   TEXT NOT NULL DEFAULT '',
	interval               REAL,
	byday                  TEXT NOT NULL DEFAULT '',
	byweekno               TEXT NOT NULL DEFAULT '',
	bymonthday             TEXT NOT NULL DEFAULT '',
	byyearday              TEXT NOT NULL DEFAULT '',
	description            TEXT NOT NULL DEFAULT '',
	opens_at               TEXT NOT NULL DEFAULT '',
	closes_at              TEXT NOT NULL DEFAULT '',
	schedule_link          TEXT NOT NULL DEFAULT '',
	attending_type         TEXT NOT NULL DEFAULT '',
	notes                  TEXT NOT NULL DEFAULT '',
	deleted                INTEGER NOT NULL DEFAULT 0,
	clocks                 TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX dir_schedules_service ON dir_schedules(service_id);

CREATE TABLE dir_service_areas (
	id          TEXT PRIMARY KEY,
	service_id  TEXT NOT NULL DEFAULT '',
	name        TEXT NOT NULL DEFAULT '',
	description TEXT NOT NULL DEFAULT '',
	extent      TEXT NOT NULL DEFAULT '',
	extent_type TEXT NOT NULL DEFAULT '',
	uri         TEXT NOT NULL DEFAULT '',
	deleted     INTEGER NOT NULL DEFAULT 0,
	clocks      TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX dir_service_areas_service ON dir_service_areas(service_id);

CREATE TABLE dir_cost_options (
	id                 TEXT PRIMARY KEY,
	service_id         TEXT NOT NULL DEFAULT '',
	valid_from         TEXT NOT NULL DEFAULT '',
	valid_to           TEXT NOT NULL DEFAULT '',
	option             TEXT NOT NULL DEFAULT '',
	currency           TEXT NOT NULL DEFAULT '',
	amount             REAL,
	amount_description TEXT NOT NULL DEFAULT '',
	deleted            INTEGER NOT NULL DEFAULT 0,
	clocks             TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX dir_cost_options_service ON dir_cost_options(service_id);

CREATE TABLE dir_required_documents (
	id         TEXT PRIMARY KEY,
	service_id TEXT NOT NULL DEFAULT '',
	document   TEXT NOT NULL DEFAULT '',
	uri        TEXT NOT NULL DEFAULT '',
	deleted    INTEGER NOT NULL DEFAULT 0,
	clocks     TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX dir_required_documents_service ON dir_required_documents(service_id);

CREATE TABLE dir_taxonomies (
	id          TEXT PRIMARY KEY,
	name        TEXT NOT NULL DEFAULT '',
	description TEXT NOT NULL DEFAULT '',
	uri         TEXT NOT NULL DEFAULT '',
	version     TEXT NOT NULL DEFAULT '',
	deleted     INTEGER NOT NULL DEFAULT 0,
	clocks      TEXT NOT NULL DEFAULT '{}'
);

CREATE TABLE dir_taxonomy_terms (
	id          TEXT PRIMARY KEY,
	code        TEXT NOT NULL DEFAULT '',
	name        TEXT NOT NULL DEFAULT '',
	description TEXT NOT NULL DEFAULT '',
	parent_id   TEXT NOT NULL DEFAULT '',
	taxonomy    TEXT NOT NULL DEFAULT '',
	language    TEXT NOT NULL DEFAULT '',
	taxonomy_id TEXT NOT NULL DEFAULT '',
	term_uri    TEXT NOT NULL DEFAULT '',
	deleted     INTEGER NOT NULL DEFAULT 0,
	clocks      TEXT NOT NULL DEFAULT '{}'
);

CREATE TABLE dir_attributes (
	id               TEXT PRIMARY KEY,
	link_id          TEXT NOT NULL DEFAULT '',
	taxonomy_term_id TEXT NOT NULL DEFAULT '',
	link_type        TEXT NOT NULL DEFAULT '',
	link_entity      TEXT NOT NULL DEFAULT '',
	value            TEXT NOT NULL DEFAULT '',
	deleted          INTEGER NOT NULL DEFAULT 0,
	clocks           TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX dir_attributes_link ON dir_attributes(link_id);
