/* Visits: recording one in a single transaction, listing them back. */
#include "wangge/common.h"
#include "wangge/visit.h"
#include "wangge/access.h"
#include "wangge/audit.h"
#include "wangge/config.h"
#include "wangge/store.h"

/* ---- reading ---- */

static char *dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

void visit_free(struct wg_visit *v)
{
	size_t i;

	if (!v)
		return;
	free(v->id);
	free(v->household_id);
	free(v->worker_id);
	free(v->worker_name);
	free(v->kind);
	free(v->outcome);
	free(v->date);
	free(v->note);
	free(v->sheet_id);
	free(v->created_at);
	free(v->created_by);
	for (i = 0; i < v->n_met; i++)
		free(v->met_names[i]);
	free(v->met_names);
	free(v->met_ids);
	for (i = 0; i < v->n_items; i++)
		free(v->items[i]);
	free(v->items);
	memset(v, 0, sizeof(*v));
}

void visits_free(struct wg_visit *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		visit_free(&v[i]);
	free(v);
}

#define VISIT_COLUMNS "v.id, v.household_id, v.worker_id, w.name, v.kind, v.outcome, v.at, " \
	"v.note, v.sheet_id, v.sheet_line, v.created_at, v.created_by "
#define VISIT_FROM "FROM visit v LEFT JOIN worker w ON w.id = v.worker_id "

static void visit_from_row(struct db_stmt *st, struct wg_visit *v)
{
	memset(v, 0, sizeof(*v));
	v->id = dup_or_null(db_text(st, 0));
	v->household_id = dup_or_null(db_text(st, 1));
	v->worker_id = dup_or_null(db_text(st, 2));
	v->worker_name = dup_or_null(db_text(st, 3));
	v->kind = dup_or_null(db_text(st, 4));
	v->outcome = dup_or_null(db_text(st, 5));
	v->date = dup_or_null(db_text(st, 6));
	v->note = dup_or_null(db_text(st, 7));
	v->sheet_id = dup_or_null(db_text(st, 8));
	v->sheet_line = (int)db_int(st, 9);
	v->created_at = dup_or_null(db_text(st, 10));
	v->created_by = dup_or_null(db_text(st, 11));
}

/* Fill the residents met and items ticked of visits[0..n). */
static enum wg_status visit_details(struct wg_db *db, struct wg_visit *visits, size_t n)
{
	struct db_stmt *met = db_prepare(db, "SELECT r.id, r.name FROM visit_resident vr "
		"JOIN resident r ON r.id = vr.resident_id WHERE vr.visit_id = ?1 "
		"ORDER BY r.position, r.id");
	struct db_stmt *items = db_prepare(db, "SELECT item FROM visit_item "
		"WHERE visit_id = ?1 ORDER BY item");
	enum wg_status rc;
	size_t i, cap;

	for (i = 0; i < n; i++) {
		struct wg_visit *v = &visits[i];

		db_reset(met);
		db_bind_text(met, 1, v->id);
		cap = 0;
		while (db_row(met)) {
			if (v->n_met == cap) {
				cap = cap ? cap * 2 : 4;
				v->met_ids = xrealloc(v->met_ids, cap * sizeof(*v->met_ids));
				v->met_names = xrealloc(v->met_names, cap * sizeof(*v->met_names));
			}
			v->met_ids[v->n_met] = db_int(met, 0);
			v->met_names[v->n_met] = xstrdup(db_text(met, 1));
			v->n_met++;
		}
		db_reset(items);
		db_bind_text(items, 1, v->id);
		cap = 0;
		while (db_row(items)) {
			if (v->n_items == cap) {
				cap = cap ? cap * 2 : 4;
				v->items = xrealloc(v->items, cap * sizeof(*v->items));
			}
			v->items[v->n_items++] = xstrdup(db_text(items, 0));
		}
		if (db_status(met) != WG_OK || db_status(items) != WG_OK)
			break;
	}
	rc = db_finish(met);
	if (db_finish(items) != WG_OK && rc == WG_OK)
		rc = WG_DB;
	return rc;
}

enum wg_status visit_list(struct wg_db *db, const struct wg_visit_filter *f,
	struct wg_visit **out, size_t *n)
{
	struct strbuf sql;
	struct db_stmt *st;
	struct wg_visit *list = NULL;
	size_t count = 0, cap = 0;
	enum wg_status rc;

	*out = NULL;
	*n = 0;
	if (f->from && !wg_date_valid(f->from))
		return wg_error_set(WG_USAGE, _("'%s' is not a date; write it as YYYY-MM-DD"),
			f->from);
	if (f->to && !wg_date_valid(f->to))
		return wg_error_set(WG_USAGE, _("'%s' is not a date; write it as YYYY-MM-DD"),
			f->to);

	/* Only fixed fragments go into the SQL; every value is bound. */
	sb_init(&sql);
	sb_add(&sql, "SELECT " VISIT_COLUMNS VISIT_FROM);
	if (f->grid_code)
		sb_add(&sql, "JOIN household h ON h.id = v.household_id "
			"JOIN building b ON b.id = h.building_id ");
	sb_add(&sql, "WHERE 1");
	if (f->household_id)
		sb_add(&sql, " AND v.household_id = ?1");
	if (f->worker_id)
		sb_add(&sql, " AND v.worker_id = ?2");
	if (f->grid_code)
		sb_add(&sql, " AND b.grid_code = ?3");
	if (f->from)
		sb_add(&sql, " AND v.at >= ?4");
	if (f->to)
		sb_add(&sql, " AND v.at <= ?5");
	sb_add(&sql, " ORDER BY v.at DESC, v.created_at DESC, v.rowid DESC LIMIT ?6");
	st = db_prepare(db, sql.buf);
	sb_free(&sql);
	if (f->household_id)
		db_bind_text(st, 1, f->household_id);
	if (f->worker_id)
		db_bind_text(st, 2, f->worker_id);
	if (f->grid_code)
		db_bind_text(st, 3, f->grid_code);
	if (f->from)
		db_bind_text(st, 4, f->from);
	if (f->to)
		db_bind_text(st, 5, f->to);
	db_bind_int(st, 6, f->limit ? (int64_t)f->limit : -1);
	while (db_row(st)) {
		if (count == cap) {
			cap = cap ? cap * 2 : 16;
			list = xrealloc(list, cap * sizeof(*list));
		}
		visit_from_row(st, &list[count++]);
	}
	rc = db_finish(st);
	if (rc == WG_OK)
		rc = visit_details(db, list, count);
	if (rc != WG_OK) {
		visits_free(list, count);
		return rc;
	}
	*out = list;
	*n = count;
	return WG_OK;
}

enum wg_status visit_get(struct wg_db *db, const char *id, struct wg_visit *out)
{
	struct db_stmt *st = db_prepare(db, "SELECT " VISIT_COLUMNS VISIT_FROM "WHERE v.id = ?1");
	enum wg_status rc;
	bool found;

	memset(out, 0, sizeof(*out));
	db_bind_text(st, 1, id);
	found = db_row(st);
	if (found)
		visit_from_row(st, out);
	rc = db_finish(st);
	if (rc == WG_OK && !found)
		rc = wg_error_set(WG_NOT_FOUND, _("no visit with id %s"), id);
	if (rc == WG_OK)
		rc = visit_details(db, out, 1);
	if (rc != WG_OK)
		visit_free(out);
	return rc;
}

/* ---- recording ---- */

struct present {
	int64_t *ids;
	char **names;
	size_t n;
	size_t n_living;       /* not moved out */
	int64_t only_living;   /* the one living resident when n_living == 1 */
};

static void present_free(struct present *p)
{
	size_t i;

	for (i = 0; i < p->n; i++)
		free(p->names[i]);
	free(p->names);
	free(p->ids);
}

/* The residents listed by `show`, in the same order (so "2" means the second one). */
static enum wg_status present_load(struct wg_db *db, const char *household_id,
	struct present *p)
{
	struct db_stmt *st = db_prepare(db, "SELECT id, name, moved_out_at FROM resident "
		"WHERE household_id = ?1 AND departed_at IS NULL ORDER BY position, id");
	size_t cap = 0;

	memset(p, 0, sizeof(*p));
	db_bind_text(st, 1, household_id);
	while (db_row(st)) {
		if (p->n == cap) {
			cap = cap ? cap * 2 : 8;
			p->ids = xrealloc(p->ids, cap * sizeof(*p->ids));
			p->names = xrealloc(p->names, cap * sizeof(*p->names));
		}
		p->ids[p->n] = db_int(st, 0);
		p->names[p->n] = xstrdup(db_text(st, 1));
		if (db_is_null(st, 2)) {
			p->n_living++;
			p->only_living = p->ids[p->n];
		}
		p->n++;
	}
	return db_finish(st);
}

static bool all_digits(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!isdigit((unsigned char)*s))
			return false;
	return true;
}

/* A name or a position number ("2": the second resident show lists) to a resident id. */
static enum wg_status resolve_resident(const struct present *p, const char *household_id,
	const char *what, int64_t *id)
{
	size_t i, hits = 0;

	if (all_digits(what)) {
		long k = strtol(what, NULL, 10);

		if (k >= 1 && (size_t)k <= p->n) {
			*id = p->ids[k - 1];
			return WG_OK;
		}
		return wg_error_set(WG_INVALID, _("household %s has no resident number %s "
			"(it has %zu); see `wangge show %s`"), household_id, what, p->n, household_id);
	}
	for (i = 0; i < p->n; i++) {
		if (STREQ(p->names[i], what)) {
			*id = p->ids[i];
			hits++;
		}
	}
	if (hits == 1)
		return WG_OK;
	if (hits > 1)
		return wg_error_set(WG_INVALID, _("household %s has %zu residents named %s; "
			"name them by their number in `wangge show %s`"), household_id, hits, what,
			household_id);
	return wg_error_set(WG_INVALID, _("no resident named %s lives in household %s; "
		"see `wangge show %s`"), what, household_id, household_id);
}

/* "routine, followup, ..." for messages; caller frees. */
static char *named_codes(const struct wg_named *list, size_t n)
{
	struct strbuf sb;
	size_t i;

	sb_init(&sb);
	for (i = 0; i < n; i++)
		sb_addf(&sb, "%s%s (%s)", i ? ", " : "", list[i].code, list[i].name);
	return sb_detach(&sb);
}

static enum wg_status check_new(const struct wg_config *cfg, const struct wg_visit_new *v,
	const char **kind, const char **outcome, char date[11])
{
	const struct wg_named *k, *o;
	char today[11];

	if (!v->household_id || !*v->household_id)
		return wg_error_set(WG_USAGE, _("which household was visited? Give its id"));
	if (v->kind) {
		k = config_visit_kind(cfg, v->kind);
		if (!k) {
			char *codes = named_codes(cfg->visit_kinds, cfg->n_visit_kinds);

			wg_error_set(WG_INVALID, _("'%s' is not a visit kind; use one of: %s"),
				v->kind, codes);
			free(codes);
			return WG_INVALID;
		}
	} else {
		if (cfg->n_visit_kinds == 0)
			return wg_error_set(WG_INVALID, _("the configuration lists no visit kinds"));
		k = &cfg->visit_kinds[0];
	}
	o = config_outcome(cfg, v->outcome ? v->outcome : "met");
	if (!o) {
		char *codes = named_codes(cfg->outcomes, cfg->n_outcomes);

		wg_error_set(WG_INVALID, _("'%s' is not a visit outcome; use one of: %s"),
			v->outcome ? v->outcome : "met", codes);
		free(codes);
		return WG_INVALID;
	}
	*kind = k->code;
	*outcome = o->code;
	wg_today(today);
	if (v->date) {
		if (!wg_date_valid(v->date))
			return wg_error_set(WG_INVALID, _("'%s' is not a date; write it as "
				"YYYY-MM-DD"), v->date);
		if (strcmp(v->date, today) > 0)
			return wg_error_set(WG_INVALID, _("the visit date %s is after today (%s): "
				"a visit can only be recorded once it has happened"), v->date, today);
		memcpy(date, v->date, 10);
		date[10] = '\0';
	} else {
		memcpy(date, today, 11);
	}
	if (v->sheet_id && v->sheet_line <= 0)
		return wg_error_set(WG_INVALID, _("sheet %s: line numbers start at 1"), v->sheet_id);
	return WG_OK;
}

/* Inside the transaction: the household's grid, the worker and the actor's scope. */
static enum wg_status check_place(struct wg_db *db, const struct wg_actor *actor,
	const char *household_id, const char *worker_id)
{
	char *grid = db_get_text(db, "SELECT b.grid_code FROM household h "
		"JOIN building b ON b.id = h.building_id WHERE h.id = ?1", household_id);
	enum wg_status rc = WG_OK;

	if (!grid)
		return wg_error_set(WG_NOT_FOUND, _("no household with id %s; look it up with "
			"`wangge find`"), household_id);
	if (worker_id && db_get_int(db, "SELECT count(*) FROM worker WHERE id = ?1 "
			"AND departed_at IS NULL", worker_id, 0) == 0)
		rc = wg_error_set(WG_INVALID, _("no worker with id %s (or they have left); "
			"check the id"), worker_id);
	else if (actor && actor->role != ROLE_NOBODY && !access_in_scope(db, actor, grid))
		rc = wg_error_set(WG_DENIED, _("%s may not record visits in grid %s"),
			actor->worker_id, grid);
	free(grid);
	return rc;
}

static bool contains_id(const int64_t *ids, size_t n, int64_t id)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (ids[i] == id)
			return true;
	return false;
}

enum wg_status visit_add(struct wg_db *db, const struct wg_config *cfg,
	const struct wg_actor *actor, const struct wg_visit_new *v, char out_id[37])
{
	const char *kind = NULL, *outcome = NULL, *worker_id, *operator_id;
	char date[11], now[20], id[37];
	struct present p = { 0 };
	int64_t *met = NULL;
	size_t n_met = 0, i;
	struct db_stmt *st;
	char *existing, *detail;
	enum wg_status rc;

	if (out_id)
		out_id[0] = '\0';
	rc = check_new(cfg, v, &kind, &outcome, date);
	if (rc != WG_OK)
		return rc;
	operator_id = actor && actor->role != ROLE_NOBODY ? actor->worker_id : NULL;
	worker_id = v->worker_id && *v->worker_id ? v->worker_id : operator_id;

	rc = db_begin(db);
	if (rc != WG_OK)
		return rc;
	rc = check_place(db, actor, v->household_id, worker_id);
	if (rc != WG_OK)
		goto out;
	if (v->sheet_id) {
		st = db_prepare(db, "SELECT id FROM visit WHERE sheet_id = ?1 AND sheet_line = ?2");
		db_bind_text(st, 1, v->sheet_id);
		db_bind_int(st, 2, v->sheet_line);
		existing = db_row(st) ? xstrdup(db_text(st, 0)) : NULL;
		rc = db_finish(st);
		if (existing) {
			if (out_id)
				snprintf(out_id, 37, "%s", existing);
			rc = wg_error_set(WG_EXISTS, _("sheet %s line %d is already keyed in (visit "
				"%s); nothing was added"), v->sheet_id, v->sheet_line, existing);
			free(existing);
		}
		if (rc != WG_OK)
			goto out;
	}

	/* Residents met, by name/number or id; each must live in this household. */
	rc = present_load(db, v->household_id, &p);
	if (rc != WG_OK)
		goto out;
	met = xcalloc(v->n_residents + v->n_resident_ids + 1, sizeof(*met));
	for (i = 0; i < v->n_residents; i++) {
		int64_t rid = 0;

		rc = resolve_resident(&p, v->household_id, v->residents[i], &rid);
		if (rc != WG_OK)
			goto out;
		if (!contains_id(met, n_met, rid))
			met[n_met++] = rid;
	}
	for (i = 0; i < v->n_resident_ids; i++) {
		if (!contains_id(p.ids, p.n, v->resident_ids[i])) {
			rc = wg_error_set(WG_INVALID, _("resident %lld does not live in "
				"household %s"), (long long)v->resident_ids[i], v->household_id);
			goto out;
		}
		if (!contains_id(met, n_met, v->resident_ids[i]))
			met[n_met++] = v->resident_ids[i];
	}
	if (n_met == 0 && STREQ(outcome, "met") && p.n_living == 1)
		met[n_met++] = p.only_living;

	wg_uuid(id);
	wg_now(now);
	st = db_prepare(db, "INSERT INTO visit (id, household_id, worker_id, kind, outcome, at, "
		"note, sheet_id, sheet_line, created_at, created_by) "
		"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)");
	db_bind_text(st, 1, id);
	db_bind_text(st, 2, v->household_id);
	db_bind_text(st, 3, worker_id);
	db_bind_text(st, 4, kind);
	db_bind_text(st, 5, outcome);
	db_bind_text(st, 6, date);
	db_bind_text(st, 7, v->note && *v->note ? v->note : NULL);
	db_bind_text(st, 8, v->sheet_id);
	if (v->sheet_id)
		db_bind_int(st, 9, v->sheet_line);
	else
		db_bind_null(st, 9);
	db_bind_text(st, 10, now);
	db_bind_text(st, 11, operator_id);
	rc = db_run(st);
	db_finish(st);
	if (rc != WG_OK)
		goto out;

	st = db_prepare(db, "INSERT OR IGNORE INTO visit_resident (visit_id, resident_id) "
		"VALUES (?1, ?2)");
	for (i = 0; i < n_met && rc == WG_OK; i++) {
		db_bind_text(st, 1, id);
		db_bind_int(st, 2, met[i]);
		rc = db_run(st);
	}
	db_finish(st);
	if (rc != WG_OK)
		goto out;

	st = db_prepare(db, "INSERT OR IGNORE INTO visit_item (visit_id, item, checked) "
		"VALUES (?1, ?2, 1)");
	for (i = 0; i < v->n_items && rc == WG_OK; i++) {
		char *item = xstrdup(v->items[i] ? v->items[i] : "");

		if (*wg_trim(item)) {
			db_bind_text(st, 1, id);
			db_bind_text(st, 2, item);
			rc = db_run(st);
		}
		free(item);
	}
	db_finish(st);
	if (rc != WG_OK)
		goto out;

	detail = v->sheet_id
		? xasprintf("%s %s %s %s sheet %s:%d", v->household_id, kind, outcome, date,
			v->sheet_id, v->sheet_line)
		: xasprintf("%s %s %s %s", v->household_id, kind, outcome, date);
	rc = audit_log(db, operator_id, "visit.add", id, detail);
	free(detail);
	if (rc == WG_OK)
		rc = db_commit(db);
out:
	if (rc != WG_OK)
		db_rollback(db);
	else if (out_id)
		memcpy(out_id, id, 37);
	present_free(&p);
	free(met);
	return rc;
}
