/* Schema migrations, oldest first. wg_migrations[i] takes user_version i to i + 1.
 * Never edit a migration that has shipped; add a new one. */
#include "wangge/store.h"

static const char schema_v1_1[] =
	/* Settings and counters of this database (demo flag, incident numbers, ...). */
	"CREATE TABLE meta ("
	"  key   TEXT PRIMARY KEY,"
	"  value TEXT"
	");"

	/* Places, as written in the grid YAML: ids stay as written. */
	"CREATE TABLE street ("
	"  code     TEXT PRIMARY KEY,"
	"  name     TEXT NOT NULL,"
	"  district TEXT,"
	"  city     TEXT"
	");"
	"CREATE TABLE community ("
	"  code        TEXT PRIMARY KEY,"
	"  street_code TEXT NOT NULL REFERENCES street(code),"
	"  name        TEXT NOT NULL,"
	"  departed_at TEXT"
	");"
	"CREATE INDEX community_street ON community(street_code);"
	"CREATE TABLE grid ("
	"  code           TEXT PRIMARY KEY,"
	"  community_code TEXT NOT NULL REFERENCES community(code),"
	"  name           TEXT NOT NULL,"
	"  boundary       TEXT,"
	"  departed_at    TEXT"
	");"
	"CREATE INDEX grid_community ON grid(community_code);";

static const char schema_v1_2[] =
	/* People who use the program. role_locked: set to admin on the command line, so a
	 * re-import does not take it away. */
	"CREATE TABLE worker ("
	"  id            TEXT PRIMARY KEY,"
	"  name          TEXT NOT NULL,"
	"  phone         TEXT,"
	"  role          TEXT NOT NULL DEFAULT 'worker' CHECK (role IN ('worker','leader','admin')),"
	"  role_locked   INTEGER NOT NULL DEFAULT 0,"
	"  pw_hash       TEXT,"
	"  failed_logins INTEGER NOT NULL DEFAULT 0,"
	"  locked_until  INTEGER NOT NULL DEFAULT 0,"
	"  departed_at   TEXT"
	");"
	"CREATE TABLE grid_worker ("
	"  grid_code TEXT NOT NULL REFERENCES grid(code),"
	"  worker_id TEXT NOT NULL REFERENCES worker(id),"
	"  PRIMARY KEY (grid_code, worker_id)"
	") WITHOUT ROWID;"
	"CREATE INDEX grid_worker_worker ON grid_worker(worker_id);"

	"CREATE TABLE building ("
	"  id          INTEGER PRIMARY KEY,"
	"  grid_code   TEXT NOT NULL REFERENCES grid(code),"
	"  code        TEXT NOT NULL,"
	"  name        TEXT NOT NULL,"
	"  compound    TEXT,"
	"  walk_key    TEXT NOT NULL,"
	"  departed_at TEXT,"
	"  UNIQUE (grid_code, code)"
	");";

static const char schema_v1_3[] =
	/* walk_key orders households for walking: building, unit, floor, room, with numbers
	 * compared as numbers. version and updated_* refuse silent overwrites. */
	"CREATE TABLE household ("
	"  id          TEXT PRIMARY KEY,"
	"  building_id INTEGER NOT NULL REFERENCES building(id),"
	"  unit        TEXT,"
	"  room        TEXT NOT NULL,"
	"  floor       INTEGER,"
	"  phone       TEXT,"
	"  tenure      TEXT NOT NULL DEFAULT 'owner' CHECK (tenure IN ('owner','rented','vacant')),"
	"  note        TEXT,"
	"  walk_key    TEXT NOT NULL,"
	"  departed_at TEXT,"
	"  created_at  TEXT NOT NULL,"
	"  updated_at  TEXT NOT NULL,"
	"  updated_by  TEXT,"
	"  version     INTEGER NOT NULL DEFAULT 1"
	");"
	"CREATE INDEX household_walk ON household(building_id, walk_key);"

	/* Residents have no id in the YAML; import matches them within a household by ID
	 * number, else by name. */
	"CREATE TABLE resident ("
	"  id           INTEGER PRIMARY KEY,"
	"  household_id TEXT NOT NULL REFERENCES household(id),"
	"  position     INTEGER NOT NULL DEFAULT 0,"
	"  name         TEXT NOT NULL,"
	"  id_number    TEXT,"
	"  sex          TEXT CHECK (sex IN ('男','女')),"
	"  birth        TEXT,"
	"  relation     TEXT,"
	"  phone        TEXT,"
	"  registered   INTEGER NOT NULL DEFAULT 1,"
	"  moved_out_at TEXT,"
	"  departed_at  TEXT,"
	"  created_at   TEXT NOT NULL,"
	"  updated_at   TEXT NOT NULL,"
	"  updated_by   TEXT,"
	"  version      INTEGER NOT NULL DEFAULT 1"
	");"
	"CREATE INDEX resident_household ON resident(household_id, position);"
	"CREATE INDEX resident_id_number ON resident(id_number) WHERE id_number IS NOT NULL;";

static const char schema_v1_4[] =
	/* since: the day the tag was first imported or set; the follow-up clock of a person
	 * never met starts there. removed_at: the tag was taken away (kept for history). */
	"CREATE TABLE resident_tag ("
	"  resident_id INTEGER NOT NULL REFERENCES resident(id),"
	"  category    TEXT NOT NULL,"
	"  since       TEXT NOT NULL,"
	"  removed_at  TEXT,"
	"  set_by      TEXT,"
	"  PRIMARY KEY (resident_id, category)"
	") WITHOUT ROWID;"
	"CREATE INDEX resident_tag_category ON resident_tag(category, resident_id);"

	/* Records made on a workstation carry random UUIDs, so stores can be merged later.
	 * sheet_id/sheet_line: keyed in from a printed sheet (once per line). */
	"CREATE TABLE visit ("
	"  id          TEXT PRIMARY KEY,"
	"  household_id TEXT NOT NULL REFERENCES household(id),"
	"  worker_id   TEXT REFERENCES worker(id),"
	"  kind        TEXT NOT NULL,"
	"  outcome     TEXT NOT NULL,"
	"  at          TEXT NOT NULL,"
	"  note        TEXT,"
	"  sheet_id    TEXT,"
	"  sheet_line  INTEGER,"
	"  created_at  TEXT NOT NULL,"
	"  created_by  TEXT,"
	"  UNIQUE (sheet_id, sheet_line)"
	");"
	"CREATE INDEX visit_household ON visit(household_id, at);"
	"CREATE INDEX visit_worker ON visit(worker_id, at);"
	"CREATE INDEX visit_at ON visit(at);"
	"CREATE TABLE visit_resident ("
	"  visit_id    TEXT NOT NULL REFERENCES visit(id) ON DELETE CASCADE,"
	"  resident_id INTEGER NOT NULL REFERENCES resident(id),"
	"  PRIMARY KEY (visit_id, resident_id)"
	") WITHOUT ROWID;"
	"CREATE INDEX visit_resident_resident ON visit_resident(resident_id, visit_id);"
	"CREATE TABLE visit_item ("
	"  visit_id TEXT NOT NULL REFERENCES visit(id) ON DELETE CASCADE,"
	"  item     TEXT NOT NULL,"
	"  checked  INTEGER NOT NULL DEFAULT 0,"
	"  PRIMARY KEY (visit_id, item)"
	") WITHOUT ROWID;";

static const char schema_v1_5[] =
	/* Incidents: seq is the short number people type; id the UUID underneath. The
	 * current state is kept consistent with incident_event in the same transaction. */
	"CREATE TABLE incident ("
	"  id           TEXT PRIMARY KEY,"
	"  seq          INTEGER NOT NULL UNIQUE,"
	"  type         TEXT NOT NULL,"
	"  urgent       INTEGER NOT NULL DEFAULT 0,"
	"  level        TEXT NOT NULL DEFAULT 'grid'"
	"               CHECK (level IN ('grid','community','street','district')),"
	"  status       TEXT NOT NULL,"
	"  grid_code    TEXT REFERENCES grid(code),"
	"  household_id TEXT REFERENCES household(id),"
	"  place        TEXT,"
	"  text         TEXT NOT NULL,"
	"  reported_by  TEXT REFERENCES worker(id),"
	"  reported_at  TEXT NOT NULL,"
	"  handler_id   TEXT REFERENCES worker(id),"
	"  deadline     TEXT,"
	"  supervised   INTEGER NOT NULL DEFAULT 0,"
	"  rating       TEXT,"
	"  resolved_at  TEXT,"
	"  closed_at    TEXT,"
	"  updated_at   TEXT NOT NULL,"
	"  version      INTEGER NOT NULL DEFAULT 1"
	");"
	"CREATE INDEX incident_status ON incident(status, deadline);"
	"CREATE INDEX incident_grid ON incident(grid_code, status);"
	"CREATE INDEX incident_household ON incident(household_id);"
	"CREATE INDEX incident_handler ON incident(handler_id, status);"
	"CREATE TABLE incident_event ("
	"  id          TEXT PRIMARY KEY,"
	"  incident_id TEXT NOT NULL REFERENCES incident(id),"
	"  at          TEXT NOT NULL,"
	"  by_worker   TEXT REFERENCES worker(id),"
	"  action      TEXT NOT NULL,"
	"  from_status TEXT,"
	"  to_status   TEXT NOT NULL,"
	"  handler_id  TEXT,"
	"  deadline    TEXT,"
	"  level       TEXT,"
	"  rating      TEXT,"
	"  note        TEXT"
	");"
	"CREATE INDEX incident_event_incident ON incident_event(incident_id, at);"
	"CREATE TRIGGER incident_event_no_update BEFORE UPDATE ON incident_event"
	"  BEGIN SELECT RAISE(ABORT, 'incident history is append-only'); END;"
	"CREATE TRIGGER incident_event_no_delete BEFORE DELETE ON incident_event"
	"  BEGIN SELECT RAISE(ABORT, 'incident history is append-only'); END;";

static const char schema_v1_6[] =
	/* Printed checklists: a sheet id on paper leads back to its lines when keyed in. */
	"CREATE TABLE sheet ("
	"  id         TEXT PRIMARY KEY,"
	"  for_date   TEXT NOT NULL,"
	"  grid_code  TEXT,"
	"  worker_id  TEXT,"
	"  scope      TEXT NOT NULL,"
	"  created_at TEXT NOT NULL,"
	"  created_by TEXT"
	");"
	"CREATE TABLE sheet_line ("
	"  sheet_id     TEXT NOT NULL REFERENCES sheet(id),"
	"  line         INTEGER NOT NULL,"
	"  household_id TEXT NOT NULL REFERENCES household(id),"
	"  items        TEXT,"
	"  PRIMARY KEY (sheet_id, line)"
	") WITHOUT ROWID;"

	/* Append-only audit trail; each row's hash covers the previous row's hash. */
	"CREATE TABLE audit ("
	"  seq       INTEGER PRIMARY KEY,"
	"  at        TEXT NOT NULL,"
	"  operator  TEXT,"
	"  action    TEXT NOT NULL,"
	"  object    TEXT,"
	"  detail    TEXT,"
	"  prev_hash TEXT NOT NULL,"
	"  hash      TEXT NOT NULL"
	");"
	"CREATE INDEX audit_operator ON audit(operator, at);"
	"CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit"
	"  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;"
	"CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit"
	"  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;"

	/* One row per import run: what came in, from where, by whom. */
	"CREATE TABLE import_run ("
	"  id        INTEGER PRIMARY KEY,"
	"  at        TEXT NOT NULL,"
	"  files     TEXT NOT NULL,"
	"  added     INTEGER NOT NULL,"
	"  updated   INTEGER NOT NULL,"
	"  departed  INTEGER NOT NULL,"
	"  operator  TEXT"
	");";

/* Each migration is a NULL-terminated list of parts: C compilers need not accept one
 * string literal longer than 4095 characters. */
static const char *const schema_v1[] = {
	schema_v1_1, schema_v1_2, schema_v1_3, schema_v1_4, schema_v1_5, schema_v1_6, NULL,
};

/* Follow-ups (due.c): the days each resident was met, kept by triggers from visit and
 * visit_resident whoever writes them, so the due list finds a resident's last meeting
 * with one index seek; not-met attempts per household from a small partial index. */
static const char schema_followup_1[] =
	"CREATE TABLE resident_met ("
	"  resident_id INTEGER NOT NULL,"
	"  day         TEXT NOT NULL,"
	"  visit_id    TEXT NOT NULL,"
	"  PRIMARY KEY (resident_id, day, visit_id)"
	") WITHOUT ROWID;"
	"CREATE INDEX resident_met_visit ON resident_met(visit_id);"
	"INSERT OR IGNORE INTO resident_met (resident_id, day, visit_id)"
	"  SELECT vr.resident_id, substr(v.at, 1, 10), v.id FROM visit_resident vr"
	"  JOIN visit v ON v.id = vr.visit_id WHERE v.outcome = 'met';"
	"CREATE TRIGGER resident_met_add AFTER INSERT ON visit_resident BEGIN"
	"  INSERT OR IGNORE INTO resident_met (resident_id, day, visit_id)"
	"    SELECT NEW.resident_id, substr(v.at, 1, 10), v.id FROM visit v"
	"    WHERE v.id = NEW.visit_id AND v.outcome = 'met';"
	"END;"
	"CREATE TRIGGER resident_met_drop AFTER DELETE ON visit_resident BEGIN"
	"  DELETE FROM resident_met WHERE resident_id = OLD.resident_id"
	"    AND visit_id = OLD.visit_id;"
	"END;"
	"CREATE TRIGGER resident_met_visit_change AFTER UPDATE OF outcome, at ON visit BEGIN"
	"  DELETE FROM resident_met WHERE visit_id = OLD.id;"
	"  INSERT OR IGNORE INTO resident_met (resident_id, day, visit_id)"
	"    SELECT vr.resident_id, substr(NEW.at, 1, 10), NEW.id FROM visit_resident vr"
	"    WHERE vr.visit_id = NEW.id AND NEW.outcome = 'met';"
	"END;"
	"CREATE TRIGGER resident_met_visit_drop AFTER DELETE ON visit BEGIN"
	"  DELETE FROM resident_met WHERE visit_id = OLD.id;"
	"END;"
	"CREATE INDEX visit_household_notmet ON visit(household_id, at, outcome)"
	"  WHERE outcome <> 'met';";

static const char *const schema_followup[] = { schema_followup_1, NULL };

/* Household lookup (src/core/search*.c): one search document per household, keyed by
 * its walking order (grid, building, household walk keys, id); keys per distinct name and
 * per building; indexes on residents' names and on the last four characters of ID
 * numbers and phones. Category tags are never indexed. */
static const char schema_search_1[] =
	"CREATE TABLE search_doc ("
	"  walk         TEXT PRIMARY KEY,"
	"  household_id TEXT NOT NULL,"
	"  building_id  INTEGER NOT NULL,"
	"  door         TEXT NOT NULL,"
	"  room         TEXT NOT NULL,"
	"  body         TEXT NOT NULL"
	") WITHOUT ROWID;"
	"CREATE UNIQUE INDEX search_doc_household ON search_doc(household_id);"
	"CREATE INDEX search_doc_door ON search_doc(door, household_id);"
	"CREATE INDEX search_doc_room ON search_doc(room, household_id);"
	"CREATE INDEX search_doc_building ON search_doc(building_id, household_id);"
	"CREATE TABLE search_name ("
	"  key  TEXT NOT NULL,"
	"  name TEXT NOT NULL,"
	"  PRIMARY KEY (key, name)"
	") WITHOUT ROWID;"
	"CREATE TABLE search_building ("
	"  key         TEXT NOT NULL,"
	"  building_id INTEGER NOT NULL,"
	"  PRIMARY KEY (key, building_id)"
	") WITHOUT ROWID;"
	"CREATE TABLE search_building_text ("
	"  building_id INTEGER PRIMARY KEY,"
	"  text        TEXT NOT NULL"
	");"
	"CREATE INDEX search_resident_name ON resident(name, household_id)"
	"  WHERE departed_at IS NULL AND moved_out_at IS NULL;"
	"CREATE INDEX search_resident_id4 ON resident(substr(id_number, -4), household_id)"
	"  WHERE id_number IS NOT NULL;"
	"CREATE INDEX search_resident_phone4 ON resident(substr(phone, -4), household_id)"
	"  WHERE phone IS NOT NULL;"
	"CREATE INDEX search_household_phone4 ON household(substr(phone, -4))"
	"  WHERE phone IS NOT NULL;";

static const char *const schema_search[] = { schema_search_1, NULL };

/* Reports (report.c): households met in a range by one seek each (partial index on met
 * visits), and visits per worker and kind read from the index alone, already grouped. */
static const char schema_report_1[] =
	"CREATE INDEX visit_met_household ON visit(household_id, at) WHERE outcome = 'met';"
	"CREATE INDEX visit_worker_kind ON visit(worker_id, kind, at, outcome);";

static const char *const schema_report[] = { schema_report_1, NULL };

/* Audit (audit.c): the log's tail (row count, last hash) is kept in meta so deleting the
 * newest rows is found; databases written before that get it from their log as it is. */
static const char schema_audit_1[] =
	"INSERT OR IGNORE INTO meta (key, value)"
	"  SELECT 'audit.count', CAST(max(seq) AS TEXT) FROM audit HAVING count(*) > 0;"
	"INSERT OR IGNORE INTO meta (key, value)"
	"  SELECT 'audit.last_hash', hash FROM audit ORDER BY seq DESC LIMIT 1;";

static const char *const schema_audit[] = { schema_audit_1, NULL };

const char *const *const wg_migrations[] = {
	schema_v1,
	schema_followup,
	schema_search,
	schema_report,
	schema_audit,
};

const int wg_migration_count = (int)(sizeof(wg_migrations) / sizeof(wg_migrations[0]));
