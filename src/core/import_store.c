/* The store side of the grid importer: one transaction for the whole run, prepared
 * statements reused for every row, rows updated only when something changed, and what
 * vanished from the files' streets marked departed (never deleted). */
#include "wangge/common.h"
#include "wangge/audit.h"
#include "wangge/search.h"
#include "wangge/store.h"
#include "import_int.h"

struct imp_stmts {
	struct db_stmt *seen_ins, *seen_get;
	struct db_stmt *street, *community, *grid, *worker, *gw_del, *gw_ins, *building;
	struct db_stmt *hh_get, *hh_ins, *hh_upd;
	struct db_stmt *res_get, *res_ins, *res_upd, *res_pos, *res_touch, *res_dep;
	struct db_stmt *tag_get, *tag_add, *tag_rm;
	bool began, bulk;
	bool fresh;             /* no households stored before: nothing to compare with */
};

/* Bookkeeping tables live in the connection's temporary database: they vanish with it
 * and never touch the user's file. */
static const char temp_tables[] =
	"CREATE TEMP TABLE IF NOT EXISTS imp_seen ("
	"  kind INTEGER NOT NULL, key TEXT NOT NULL, file INTEGER, line INTEGER, col INTEGER,"
	"  PRIMARY KEY (kind, key)) WITHOUT ROWID;"
	"CREATE TEMP TABLE IF NOT EXISTS imp_gone (id TEXT PRIMARY KEY) WITHOUT ROWID;"
	"DELETE FROM temp.imp_seen; DELETE FROM temp.imp_gone;";

bool imp_writing(const struct imp_run *run)
{
	return run->opt->write && run->c.errors == 0 && !run->stop;
}

/* A storage failure ends the run; its message is kept for the caller (the failed
 * statements after it, the rollback and the cleanup would overwrite it: a full disk
 * must not be reported as the foreign-key error of the next row). */
static void db_failed(struct imp_run *run, enum wg_status rc)
{
	if (rc == WG_OK || run->db_rc != WG_OK)
		return;
	run->db_rc = rc;
	run->db_msg = xstrdup(wg_error_msg());
	run->stop = true;
}

/* After a failure nothing more is written: SQLite may have rolled the whole transaction
 * back already (a full disk, an I/O error), and a statement now would run, and commit,
 * on its own. */
static void run_stmt(struct imp_run *run, struct db_stmt *st)
{
	if (run->db_rc != WG_OK) {
		db_reset(st);
		return;
	}
	db_failed(run, db_run(st));
}

static void index_household(struct imp_run *run, const char *id)
{
	if (run->db_rc == WG_OK)
		db_failed(run, search_index_household(run->db, id));
}

enum wg_status imp_store_begin(struct imp_run *run)
{
	struct imp_stmts *s = xcalloc(1, sizeof(*s));
	struct wg_db *db = run->db;
	enum wg_status rc;

	run->st = s;
	rc = db_exec(db, temp_tables);
	if (rc != WG_OK)
		return rc;
	/* Big runs keep more pages in memory instead of spilling mid-transaction (a fixed
	 * bound, not growing with the file). Validation runs in a transaction too, rolled
	 * back at the end, so the bookkeeping is not committed row by row. */
	rc = db_exec(db, run->opt->write ?
		"PRAGMA main.cache_size = -32768; PRAGMA temp.cache_size = -32768" :
		"PRAGMA temp.cache_size = -32768");
	/* Validation touches only temporary tables: no write lock on the database. */
	if (rc == WG_OK)
		rc = run->opt->write ? db_begin(db) : db_exec(db, "BEGIN");
	if (rc != WG_OK)
		return rc;
	s->began = true;
	if (run->opt->write) {
		rc = search_begin_bulk(db);
		if (rc != WG_OK)
			return rc;
		s->bulk = true;
	}
	s->fresh = run->opt->write &&
		db_get_int(db, "SELECT NOT EXISTS (SELECT 1 FROM household)", NULL, 0) == 1;
	s->seen_ins = db_prepare(db, "INSERT INTO temp.imp_seen (kind, key, file, line, col) "
		"VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT DO NOTHING");
	s->seen_get = db_prepare(db, "SELECT file, line, col FROM temp.imp_seen "
		"WHERE kind = ?1 AND key = ?2");
	if (!run->opt->write)
		return WG_OK;
	s->street = db_prepare(db, "INSERT INTO street (code, name, district, city) "
		"VALUES (?1, ?2, ?3, ?4) ON CONFLICT (code) DO UPDATE SET name = excluded.name, "
		"district = excluded.district, city = excluded.city");
	s->community = db_prepare(db, "INSERT INTO community (code, street_code, name) "
		"VALUES (?1, ?2, ?3) ON CONFLICT (code) DO UPDATE SET "
		"street_code = excluded.street_code, name = excluded.name, departed_at = NULL");
	s->grid = db_prepare(db, "INSERT INTO grid (code, community_code, name, boundary) "
		"VALUES (?1, ?2, ?3, ?4) ON CONFLICT (code) DO UPDATE SET "
		"community_code = excluded.community_code, name = excluded.name, "
		"boundary = excluded.boundary, departed_at = NULL");
	s->worker = db_prepare(db, "INSERT INTO worker (id, name, phone, role) "
		"VALUES (?1, ?2, ?3, ?4) ON CONFLICT (id) DO UPDATE SET name = excluded.name, "
		"phone = excluded.phone, departed_at = NULL, "
		"role = CASE WHEN worker.role_locked THEN worker.role ELSE excluded.role END");
	s->gw_del = db_prepare(db, "DELETE FROM grid_worker WHERE grid_code = ?1");
	s->gw_ins = db_prepare(db, "INSERT OR IGNORE INTO grid_worker (grid_code, worker_id) "
		"VALUES (?1, ?2)");
	s->building = db_prepare(db, "INSERT INTO building (grid_code, code, name, compound, "
		"walk_key) VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (grid_code, code) DO UPDATE SET "
		"name = excluded.name, compound = excluded.compound, walk_key = excluded.walk_key, "
		"departed_at = NULL RETURNING id");
	s->hh_get = db_prepare(db, "SELECT building_id, unit, room, phone, tenure, note, "
		"departed_at FROM household WHERE id = ?1");
	s->hh_ins = db_prepare(db, "INSERT INTO household (id, building_id, unit, room, floor, "
		"phone, tenure, note, walk_key, created_at, updated_at, updated_by) "
		"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10, ?11)");
	s->hh_upd = db_prepare(db, "UPDATE household SET building_id = ?2, unit = ?3, "
		"room = ?4, floor = ?5, phone = ?6, tenure = ?7, note = ?8, walk_key = ?9, "
		"departed_at = NULL, updated_at = ?10, updated_by = ?11, version = version + 1 "
		"WHERE id = ?1");
	s->res_get = db_prepare(db, "SELECT id, name, id_number, sex, birth, relation, phone, "
		"registered, position, departed_at FROM resident WHERE household_id = ?1 "
		"ORDER BY position, id");
	s->res_ins = db_prepare(db, "INSERT INTO resident (household_id, position, name, "
		"id_number, sex, birth, relation, phone, registered, created_at, updated_at, "
		"updated_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10, ?11)");
	s->res_upd = db_prepare(db, "UPDATE resident SET position = ?2, name = ?3, "
		"id_number = ?4, sex = ?5, birth = ?6, relation = ?7, phone = ?8, registered = ?9, "
		"departed_at = NULL, updated_at = ?10, updated_by = ?11, version = version + 1 "
		"WHERE id = ?1");
	s->res_pos = db_prepare(db, "UPDATE resident SET position = ?2 WHERE id = ?1");
	s->res_touch = db_prepare(db, "UPDATE resident SET updated_at = ?2, updated_by = ?3, "
		"version = version + 1 WHERE id = ?1");
	s->res_dep = db_prepare(db, "UPDATE resident SET departed_at = ?2, updated_at = ?3, "
		"updated_by = ?4, version = version + 1 WHERE id = ?1");
	s->tag_get = db_prepare(db, "SELECT t.resident_id, t.category, t.removed_at "
		"FROM resident_tag t JOIN resident r ON r.id = t.resident_id "
		"WHERE r.household_id = ?1");
	/* A tag given again after it was removed starts a new period. */
	s->tag_add = db_prepare(db, "INSERT INTO resident_tag (resident_id, category, since, "
		"set_by) VALUES (?1, ?2, ?3, ?4) ON CONFLICT (resident_id, category) DO UPDATE SET "
		"since = excluded.since, removed_at = NULL, set_by = excluded.set_by");
	s->tag_rm = db_prepare(db, "UPDATE resident_tag SET removed_at = ?3, set_by = ?4 "
		"WHERE resident_id = ?1 AND category = ?2");
	return WG_OK;
}

bool imp_seen(struct imp_run *run, enum imp_kind kind, const char *key, struct imp_pos pos,
	struct imp_prev *prev)
{
	struct imp_stmts *s = run->st;

	db_bind_int(s->seen_ins, 1, kind);
	db_bind_text(s->seen_ins, 2, key);
	db_bind_int(s->seen_ins, 3, run->file);
	db_bind_int(s->seen_ins, 4, pos.line);
	db_bind_int(s->seen_ins, 5, pos.col);
	run_stmt(run, s->seen_ins);
	if (db_changes(run->db) > 0 || run->db_rc != WG_OK)
		return true;
	db_bind_int(s->seen_get, 1, kind);
	db_bind_text(s->seen_get, 2, key);
	memset(prev, 0, sizeof(*prev));
	prev->file = "?";
	if (db_row(s->seen_get)) {
		int64_t f = db_int(s->seen_get, 0);

		if (f >= 0 && (size_t)f < run->n_files)
			prev->file = run->files[f];
		prev->line = (int)db_int(s->seen_get, 1);
		prev->col = (int)db_int(s->seen_get, 2);
	}
	db_failed(run, db_status(s->seen_get));
	db_reset(s->seen_get);
	return false;
}

/* ---- ID numbers seen: open addressing over 64-bit hashes ---- */

struct idslot {
	uint64_t hash;                  /* 0: empty */
	uint32_t household, line;
	uint16_t file, col;
};

struct imp_idset {
	struct idslot *slot;
	size_t cap, n;                  /* cap is a power of two */
};

static uint64_t id_hash(const char *s)
{
	uint64_t h = 1469598103934665603ULL;      /* FNV-1a, then a final mix */

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	return h ? h : 1;
}

static void idset_grow(struct imp_idset *set)
{
	size_t cap = set->cap ? 2 * set->cap : 4096, i, j;
	struct idslot *slot = xcalloc(cap, sizeof(*slot));

	for (i = 0; i < set->cap; i++) {
		if (!set->slot[i].hash)
			continue;
		for (j = set->slot[i].hash & (cap - 1); slot[j].hash; j = (j + 1) & (cap - 1))
			;
		slot[j] = set->slot[i];
	}
	free(set->slot);
	set->slot = slot;
	set->cap = cap;
}

bool imp_seen_idnum(struct imp_run *run, const char *idnum, struct imp_pos pos,
	long household, struct imp_prev *prev)
{
	struct imp_idset *set = run->ids;
	uint64_t h = id_hash(idnum);
	size_t j;

	if (!set)
		set = run->ids = xcalloc(1, sizeof(*set));
	if (4 * (set->n + 1) > 3 * set->cap)      /* at most three quarters full */
		idset_grow(set);
	for (j = h & (set->cap - 1); set->slot[j].hash; j = (j + 1) & (set->cap - 1)) {
		const struct idslot *o = &set->slot[j];

		if (o->hash != h)
			continue;
		prev->file = o->file < run->n_files ? run->files[o->file] : "?";
		prev->line = (int)o->line;
		prev->col = o->col;
		prev->household = (long)o->household;
		return false;
	}
	set->slot[j].hash = h;
	set->slot[j].household = (uint32_t)household;
	set->slot[j].line = (uint32_t)pos.line;
	set->slot[j].file = (uint16_t)MIN(run->file, UINT16_MAX);
	set->slot[j].col = (uint16_t)MIN(pos.col, UINT16_MAX);
	set->n++;
	return true;
}

void imp_store_street(struct imp_run *run, const struct imp_street *st)
{
	struct db_stmt *s = run->st->street;

	db_bind_text(s, 1, st->code);
	db_bind_text(s, 2, st->name);
	db_bind_text(s, 3, st->district);
	db_bind_text(s, 4, st->city);
	run_stmt(run, s);
}

void imp_store_community(struct imp_run *run, const char *street_code,
	const struct imp_community *c)
{
	struct db_stmt *s = run->st->community;

	db_bind_text(s, 1, c->code);
	db_bind_text(s, 2, street_code);
	db_bind_text(s, 3, c->name ? c->name : "");
	run_stmt(run, s);
}

void imp_store_grid(struct imp_run *run, const char *community_code, const struct imp_grid *g,
	bool with_workers)
{
	struct imp_stmts *s = run->st;
	size_t i;

	db_bind_text(s->grid, 1, g->code);
	db_bind_text(s->grid, 2, community_code);
	db_bind_text(s->grid, 3, g->name ? g->name : "");
	db_bind_text(s->grid, 4, g->boundary);
	run_stmt(run, s->grid);
	if (!with_workers)
		return;
	/* The file says who works in the grid now; the list replaces the old one. */
	db_bind_text(s->gw_del, 1, g->code);
	run_stmt(run, s->gw_del);
	for (i = 0; i < g->n_workers; i++) {
		const struct imp_worker *w = &g->workers[i];

		db_bind_text(s->worker, 1, w->id);
		db_bind_text(s->worker, 2, w->name);
		db_bind_text(s->worker, 3, w->phone);
		db_bind_text(s->worker, 4, w->role ? w->role : "worker");
		run_stmt(run, s->worker);
		db_bind_text(s->gw_ins, 1, g->code);
		db_bind_text(s->gw_ins, 2, w->id);
		run_stmt(run, s->gw_ins);
	}
}

void imp_store_building(struct imp_run *run, const char *grid_code, struct imp_building *b)
{
	struct db_stmt *s = run->st->building;
	char *walk = wg_natural_key(b->code);

	db_bind_text(s, 1, grid_code);
	db_bind_text(s, 2, b->code);
	db_bind_text(s, 3, b->name);
	db_bind_text(s, 4, b->compound);
	db_bind_text(s, 5, walk);
	if (db_row(s))
		b->id = db_int(s, 0);
	/* Step to the end so the upsert completes, then reset. */
	while (db_row(s))
		;
	db_failed(run, db_status(s));
	db_reset(s);
	free(walk);
}

/* ---- households and residents ---- */

static bool same(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	return STREQ(a, b);
}

/* The floor of a room written as digits: "501" is on floor 5, "1203" on 12. */
static int64_t room_floor(const char *room)
{
	size_t i, n = strlen(room);

	if (n < 3 || n > 5)
		return 0;
	for (i = 0; i < n; i++)
		if (!isdigit((unsigned char)room[i]))
			return 0;
	return atoi(room) / 100;
}

/* Walking order inside a building: unit, floor, room, numbers compared as numbers. */
static char *walk_key(const char *unit, int64_t floor, const char *room)
{
	char *u = wg_natural_key(unit ? unit : "");
	char *r = wg_natural_key(room);
	char *key = xasprintf("%s %04d %s", u, (int)floor, r);

	free(u);
	free(r);
	return key;
}

struct old_resident {
	int64_t id;
	char *name, *id_number, *sex, *birth, *relation, *phone;
	bool registered, departed, matched;
	int64_t position;
};

struct old_tag {
	int64_t resident_id;
	char *category;
	bool removed, wanted;
};

struct old_household {
	struct old_resident *res;
	size_t n_res, cap_res;
	struct old_tag *tags;
	size_t n_tags, cap_tags;
};

static char *dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

static void load_old(struct imp_run *run, const char *id, struct old_household *old)
{
	struct imp_stmts *s = run->st;

	db_bind_text(s->res_get, 1, id);
	while (db_row(s->res_get)) {
		struct old_resident *r;

		if (old->n_res == old->cap_res) {
			old->cap_res = old->cap_res ? 2 * old->cap_res : 8;
			old->res = xrealloc(old->res, old->cap_res * sizeof(*old->res));
		}
		r = &old->res[old->n_res++];
		r->id = db_int(s->res_get, 0);
		r->name = dup_or_null(db_text(s->res_get, 1));
		r->id_number = dup_or_null(db_text(s->res_get, 2));
		r->sex = dup_or_null(db_text(s->res_get, 3));
		r->birth = dup_or_null(db_text(s->res_get, 4));
		r->relation = dup_or_null(db_text(s->res_get, 5));
		r->phone = dup_or_null(db_text(s->res_get, 6));
		r->registered = db_int(s->res_get, 7) != 0;
		r->position = db_int(s->res_get, 8);
		r->departed = !db_is_null(s->res_get, 9);
		r->matched = false;
	}
	db_failed(run, db_status(s->res_get));
	db_reset(s->res_get);
	if (!old->n_res)
		return;
	db_bind_text(s->tag_get, 1, id);
	while (db_row(s->tag_get)) {
		struct old_tag *t;

		if (old->n_tags == old->cap_tags) {
			old->cap_tags = old->cap_tags ? 2 * old->cap_tags : 8;
			old->tags = xrealloc(old->tags, old->cap_tags * sizeof(*old->tags));
		}
		t = &old->tags[old->n_tags++];
		t->resident_id = db_int(s->tag_get, 0);
		t->category = xstrdup(db_text(s->tag_get, 1));
		t->removed = !db_is_null(s->tag_get, 2);
		t->wanted = false;
	}
	db_failed(run, db_status(s->tag_get));
	db_reset(s->tag_get);
}

static void free_old(struct old_household *old)
{
	size_t i;

	for (i = 0; i < old->n_res; i++) {
		free(old->res[i].name);
		free(old->res[i].id_number);
		free(old->res[i].sex);
		free(old->res[i].birth);
		free(old->res[i].relation);
		free(old->res[i].phone);
	}
	for (i = 0; i < old->n_tags; i++)
		free(old->tags[i].category);
	free(old->res);
	free(old->tags);
}

/* The stored resident a file resident is: same ID number, else same name (when one of
 * the two has no ID number). NULL for a new resident. */
static struct old_resident *match(struct old_household *old, const struct imp_resident *r,
	bool by_name)
{
	size_t i;

	for (i = 0; i < old->n_res; i++) {
		struct old_resident *o = &old->res[i];

		if (o->matched)
			continue;
		if (!by_name && r->id_number && same(o->id_number, r->id_number))
			return o;
		if (by_name && (!r->id_number || !o->id_number) && same(o->name, r->name))
			return o;
	}
	return NULL;
}

static void bind_resident(struct imp_run *run, struct db_stmt *st, const struct imp_resident *r)
{
	db_bind_text(st, 3, r->name);
	db_bind_text(st, 4, r->id_number);
	db_bind_text(st, 5, r->sex);
	db_bind_text(st, 6, r->birth);
	db_bind_text(st, 7, r->relation);
	db_bind_text(st, 8, r->phone);
	db_bind_int(st, 9, r->registered);
	db_bind_text(st, 10, run->now);
	db_bind_text(st, 11, run->opt->operator_id);
}

static void tag_add(struct imp_run *run, int64_t resident_id, const char *category)
{
	struct db_stmt *s = run->st->tag_add;

	db_bind_int(s, 1, resident_id);
	db_bind_text(s, 2, category);
	db_bind_text(s, 3, run->today);
	db_bind_text(s, 4, run->opt->operator_id);
	run_stmt(run, s);
}

/* Brings the stored tags of a resident in line with the file's; true if any changed. */
static bool sync_tags(struct imp_run *run, struct old_household *old, int64_t resident_id,
	const struct imp_household *hh, const struct imp_resident *r)
{
	struct db_stmt *rm = run->st->tag_rm;
	bool changed = false;
	size_t i, j;

	for (i = r->tag0; i < r->tag0 + r->n_tags; i++) {
		const char *tag = hh->tags[i];

		for (j = 0; j < old->n_tags; j++)
			if (old->tags[j].resident_id == resident_id && STREQ(old->tags[j].category, tag))
				break;
		if (j < old->n_tags) {
			old->tags[j].wanted = true;
			if (!old->tags[j].removed)
				continue;
		}
		tag_add(run, resident_id, tag);
		changed = true;
	}
	for (j = 0; j < old->n_tags; j++) {
		struct old_tag *t = &old->tags[j];

		if (t->resident_id != resident_id || t->wanted || t->removed)
			continue;
		db_bind_int(rm, 1, resident_id);
		db_bind_text(rm, 2, t->category);
		db_bind_text(rm, 3, run->today);
		db_bind_text(rm, 4, run->opt->operator_id);
		run_stmt(run, rm);
		changed = true;
	}
	return changed;
}

static bool resident_differs(const struct old_resident *o, const struct imp_resident *r)
{
	return o->departed || !same(o->name, r->name) || !same(o->id_number, r->id_number) ||
		!same(o->sex, r->sex) || !same(o->birth, r->birth) ||
		!same(o->relation, r->relation) || !same(o->phone, r->phone) ||
		o->registered != r->registered;
}

/* Residents of a household already stored: update the matched, add the new, mark the
 * vanished departed. True if anything changed. */
static bool sync_residents(struct imp_run *run, const struct imp_household *hh)
{
	struct imp_stmts *s = run->st;
	struct old_household old = { 0 };
	struct old_resident **matched = xcalloc(hh->n_res + 1, sizeof(*matched));
	bool changed = false;
	size_t i;

	load_old(run, hh->id, &old);
	for (i = 0; i < hh->n_res; i++) {
		matched[i] = match(&old, &hh->res[i], false);
		if (matched[i])
			matched[i]->matched = true;
	}
	for (i = 0; i < hh->n_res; i++) {
		if (!matched[i]) {
			matched[i] = match(&old, &hh->res[i], true);
			if (matched[i])
				matched[i]->matched = true;
		}
	}
	for (i = 0; i < hh->n_res; i++) {
		const struct imp_resident *r = &hh->res[i];
		struct old_resident *o = matched[i];
		int64_t id;
		bool res_changed = false;

		if (!o) {
			db_bind_text(s->res_ins, 1, hh->id);
			db_bind_int(s->res_ins, 2, (int64_t)i);
			bind_resident(run, s->res_ins, r);
			run_stmt(run, s->res_ins);
			id = db_last_rowid(run->db);
			sync_tags(run, &old, id, hh, r);
			run->c.residents_added++;
			changed = true;
			continue;
		}
		id = o->id;
		if (resident_differs(o, r)) {
			db_bind_int(s->res_upd, 1, id);
			db_bind_int(s->res_upd, 2, (int64_t)i);
			bind_resident(run, s->res_upd, r);
			run_stmt(run, s->res_upd);
			res_changed = true;
		} else if (o->position != (int64_t)i) {
			/* Order alone is not a change of the person. */
			db_bind_int(s->res_pos, 1, id);
			db_bind_int(s->res_pos, 2, (int64_t)i);
			run_stmt(run, s->res_pos);
		}
		if (sync_tags(run, &old, id, hh, r) && !res_changed) {
			db_bind_int(s->res_touch, 1, id);
			db_bind_text(s->res_touch, 2, run->now);
			db_bind_text(s->res_touch, 3, run->opt->operator_id);
			run_stmt(run, s->res_touch);
			res_changed = true;
		}
		if (res_changed) {
			run->c.residents_updated++;
			changed = true;
		}
	}
	for (i = 0; i < old.n_res; i++) {
		struct old_resident *o = &old.res[i];

		if (o->matched || o->departed)
			continue;
		db_bind_int(s->res_dep, 1, o->id);
		db_bind_text(s->res_dep, 2, run->today);
		db_bind_text(s->res_dep, 3, run->now);
		db_bind_text(s->res_dep, 4, run->opt->operator_id);
		run_stmt(run, s->res_dep);
		run->c.residents_departed++;
		changed = true;
	}
	free(matched);
	free_old(&old);
	return changed;
}

static void bind_household(struct imp_run *run, struct db_stmt *st,
	const struct imp_building *b, const struct imp_household *hh)
{
	int64_t floor = room_floor(hh->room);
	char *walk = walk_key(hh->unit, floor, hh->room);

	db_bind_text(st, 1, hh->id);
	db_bind_int(st, 2, b->id);
	db_bind_text(st, 3, hh->unit);
	db_bind_text(st, 4, hh->room);
	if (floor)
		db_bind_int(st, 5, floor);
	else
		db_bind_null(st, 5);
	db_bind_text(st, 6, hh->phone);
	db_bind_text(st, 7, hh->tenure ? hh->tenure : "owner");
	db_bind_text(st, 8, hh->note);
	db_bind_text(st, 9, walk);
	db_bind_text(st, 10, run->now);
	db_bind_text(st, 11, run->opt->operator_id);
	free(walk);
}

void imp_store_household(struct imp_run *run, const struct imp_building *b,
	const struct imp_household *hh)
{
	struct imp_stmts *s = run->st;
	bool exists, changed = false;
	size_t i;

	/* Ids are unique within a run, so a first import need not look. */
	db_bind_text(s->hh_get, 1, hh->id);
	exists = !s->fresh && db_row(s->hh_get);
	if (exists) {
		changed = db_int(s->hh_get, 0) != b->id ||
			!same(db_text(s->hh_get, 1), hh->unit) ||
			!same(db_text(s->hh_get, 2), hh->room) ||
			!same(db_text(s->hh_get, 3), hh->phone) ||
			!same(db_text(s->hh_get, 4), hh->tenure ? hh->tenure : "owner") ||
			!same(db_text(s->hh_get, 5), hh->note) ||
			!db_is_null(s->hh_get, 6);
	}
	db_failed(run, db_status(s->hh_get));
	db_reset(s->hh_get);
	if (run->stop)
		return;
	if (!exists) {
		bind_household(run, s->hh_ins, b, hh);
		run_stmt(run, s->hh_ins);
		for (i = 0; i < hh->n_res; i++) {
			const struct imp_resident *r = &hh->res[i];
			size_t t;
			int64_t id;

			db_bind_text(s->res_ins, 1, hh->id);
			db_bind_int(s->res_ins, 2, (int64_t)i);
			bind_resident(run, s->res_ins, r);
			run_stmt(run, s->res_ins);
			id = db_last_rowid(run->db);
			for (t = r->tag0; t < r->tag0 + r->n_tags; t++)
				tag_add(run, id, hh->tags[t]);
		}
		run->c.households_added++;
		run->c.residents_added += (long)hh->n_res;
		index_household(run, hh->id);
		return;
	}
	if (changed) {
		bind_household(run, s->hh_upd, b, hh);
		run_stmt(run, s->hh_upd);
	}
	if (sync_residents(run, hh))
		changed = true;
	if (changed) {
		run->c.households_updated++;
		index_household(run, hh->id);
	} else {
		run->c.households_unchanged++;
	}
}

/* ---- the end of the run ---- */

/* Households, residents and places of the files' streets that the files no longer list. */
static enum wg_status mark_departed(struct imp_run *run)
{
	static const char *const places[] = {
		"UPDATE building SET departed_at = ?1 WHERE departed_at IS NULL AND grid_code IN "
		"(SELECT g.code FROM grid g JOIN community c ON c.code = g.community_code "
		" WHERE c.street_code IN (SELECT key FROM temp.imp_seen WHERE kind = 1)) "
		"AND NOT EXISTS (SELECT 1 FROM temp.imp_seen s WHERE s.kind = 4 "
		" AND s.key = building.grid_code || char(31) || building.code)",
		"UPDATE grid SET departed_at = ?1 WHERE departed_at IS NULL AND community_code IN "
		"(SELECT code FROM community WHERE street_code IN "
		" (SELECT key FROM temp.imp_seen WHERE kind = 1)) "
		"AND NOT EXISTS (SELECT 1 FROM temp.imp_seen s WHERE s.kind = 3 AND s.key = grid.code)",
		"UPDATE community SET departed_at = ?1 WHERE departed_at IS NULL AND street_code IN "
		"(SELECT key FROM temp.imp_seen WHERE kind = 1) "
		"AND NOT EXISTS (SELECT 1 FROM temp.imp_seen s WHERE s.kind = 2 "
		" AND s.key = community.code)",
	};
	struct db_stmt *st;
	enum wg_status rc;
	size_t i;

	st = db_prepare(run->db, "INSERT INTO temp.imp_gone (id) SELECT h.id FROM household h "
		"JOIN building b ON b.id = h.building_id JOIN grid g ON g.code = b.grid_code "
		"JOIN community c ON c.code = g.community_code "
		"WHERE h.departed_at IS NULL "
		"AND c.street_code IN (SELECT key FROM temp.imp_seen WHERE kind = 1) "
		"AND NOT EXISTS (SELECT 1 FROM temp.imp_seen s WHERE s.kind = 5 AND s.key = h.id)");
	rc = db_run(st);
	db_finish(st);
	if (rc != WG_OK)
		return rc;

	st = db_prepare(run->db, "UPDATE resident SET departed_at = ?1, updated_at = ?2, "
		"updated_by = ?3, version = version + 1 WHERE departed_at IS NULL "
		"AND household_id IN (SELECT id FROM temp.imp_gone)");
	db_bind_text(st, 1, run->today);
	db_bind_text(st, 2, run->now);
	db_bind_text(st, 3, run->opt->operator_id);
	rc = db_run(st);
	run->c.residents_departed += db_changes(run->db);
	db_finish(st);
	if (rc != WG_OK)
		return rc;

	st = db_prepare(run->db, "UPDATE household SET departed_at = ?1, updated_at = ?2, "
		"updated_by = ?3, version = version + 1 WHERE id IN (SELECT id FROM temp.imp_gone)");
	db_bind_text(st, 1, run->today);
	db_bind_text(st, 2, run->now);
	db_bind_text(st, 3, run->opt->operator_id);
	rc = db_run(st);
	run->c.households_departed += db_changes(run->db);
	db_finish(st);
	if (rc != WG_OK)
		return rc;

	st = db_prepare(run->db, "SELECT id FROM temp.imp_gone");
	while (rc == WG_OK && db_row(st))
		rc = search_unindex_household(run->db, db_text(st, 0));
	if (rc == WG_OK)
		rc = db_finish(st);
	else
		db_finish(st);
	for (i = 0; rc == WG_OK && i < ARRAY_SIZE(places); i++) {
		st = db_prepare(run->db, places[i]);
		db_bind_text(st, 1, run->today);
		rc = db_run(st);
		db_finish(st);
	}
	return rc;
}

static enum wg_status record_run(struct imp_run *run)
{
	const struct import_counts *c = &run->c;
	struct strbuf files;
	struct db_stmt *st;
	enum wg_status rc;
	char *detail;
	size_t i;

	sb_init(&files);
	for (i = 0; i < run->n_files; i++)
		sb_addf(&files, "%s%s", i ? ", " : "", run->files[i]);
	st = db_prepare(run->db, "INSERT INTO import_run (at, files, added, updated, departed, "
		"operator) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
	db_bind_text(st, 1, run->now);
	db_bind_text(st, 2, files.buf ? files.buf : "");
	db_bind_int(st, 3, c->households_added);
	db_bind_int(st, 4, c->households_updated);
	db_bind_int(st, 5, c->households_departed);
	db_bind_text(st, 6, run->opt->operator_id);
	rc = db_run(st);
	db_finish(st);
	detail = xasprintf("households +%ld ~%ld -%ld, residents +%ld ~%ld -%ld, warnings %ld",
		c->households_added, c->households_updated, c->households_departed,
		c->residents_added, c->residents_updated, c->residents_departed, c->warnings);
	if (rc == WG_OK)
		rc = audit_log(run->db, run->opt->operator_id, "import", files.buf, detail);
	free(detail);
	sb_free(&files);
	return rc;
}

static void finish_all(struct imp_stmts *s)
{
	struct db_stmt **all[] = {
		&s->seen_ins, &s->seen_get, &s->street, &s->community, &s->grid, &s->worker,
		&s->gw_del, &s->gw_ins, &s->building, &s->hh_get, &s->hh_ins, &s->hh_upd,
		&s->res_get, &s->res_ins, &s->res_upd, &s->res_pos, &s->res_touch, &s->res_dep,
		&s->tag_get, &s->tag_add, &s->tag_rm,
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(all); i++) {
		if (*all[i])
			db_finish(*all[i]);
		*all[i] = NULL;
	}
}

/* A failed run leaves nothing behind, not even the search keys gathered for its names:
 * search_end_bulk would write them in a transaction of their own. They are written into
 * a transaction that is rolled back (SQLite may have ended ours already). */
static void discard_pending(struct imp_run *run, struct imp_stmts *s)
{
	if (!s->bulk)
		return;
	if (db_in_transaction(run->db) || db_exec(run->db, "BEGIN") == WG_OK)
		search_flush_bulk(run->db);
	if (db_in_transaction(run->db))
		db_rollback(run->db);
}

enum wg_status imp_store_end(struct imp_run *run, bool ok)
{
	struct imp_stmts *s = run->st;
	enum wg_status rc = WG_OK;

	if (!s)
		return WG_OK;
	finish_all(s);
	if (s->began) {
		if (ok && run->db_rc == WG_OK && run->opt->write) {
			rc = mark_departed(run);
			/* the last search keys in the same transaction as the rows they find */
			if (rc == WG_OK)
				rc = search_flush_bulk(run->db);
			if (rc == WG_OK)
				rc = record_run(run);
			if (rc == WG_OK) {
				rc = db_commit(run->db);
			} else {
				discard_pending(run, s);
				db_rollback(run->db);
			}
		} else {
			discard_pending(run, s);
			db_rollback(run->db);
		}
	}
	if (s->bulk)
		search_end_bulk(run->db);
	/* The bookkeeping is not needed any more; empty it so it takes no room. */
	db_exec(run->db, "DELETE FROM temp.imp_seen; DELETE FROM temp.imp_gone");
	if (run->ids) {
		free(run->ids->slot);
		free(run->ids);
		run->ids = NULL;
	}
	free(s);
	run->st = NULL;
	return rc;
}
