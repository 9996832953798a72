/* Households and residents: loading one with its surroundings, a grid's walking list,
 * and edits checked against the version the editor loaded. */
#include "wangge/common.h"
#include "wangge/household.h"
#include "wangge/access.h"
#include "wangge/address.h"
#include "wangge/audit.h"
#include "wangge/config.h"
#include "wangge/search.h"
#include "wangge/store.h"
#include "wangge/visit.h"

static char *dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

/* ---- categories ---- */

/* Position of code in the config's category list; unknown codes sort last. */
static size_t category_rank(const struct wg_config *cfg, const char *code)
{
	size_t i;

	for (i = 0; i < cfg->n_categories; i++)
		if (STREQ(cfg->categories[i].code, code))
			return i;
	return cfg->n_categories;
}

static void tags_add(const struct wg_config *cfg, char ***tags, size_t *n, const char *code)
{
	size_t i, at, rank = category_rank(cfg, code);

	for (i = 0; i < *n; i++)
		if (STREQ((*tags)[i], code))
			return;
	/* insertion in config order, then by code */
	for (at = 0; at < *n; at++) {
		size_t r = category_rank(cfg, (*tags)[at]);

		if (r > rank || (r == rank && strcmp((*tags)[at], code) > 0))
			break;
	}
	*tags = xrealloc(*tags, (*n + 1) * sizeof(**tags));
	memmove(*tags + at + 1, *tags + at, (*n - at) * sizeof(**tags));
	(*tags)[at] = xstrdup(code);
	(*n)++;
}

static void tags_free(char **tags, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(tags[i]);
	free(tags);
}

const char *household_category_label(const struct wg_config *cfg, const char *code,
	bool sees_restricted)
{
	const struct wg_category *c = config_category(cfg, code);

	if (!c)
		return code;
	if (c->restricted && !sees_restricted)
		return cfg->neutral_mark;
	return c->name;
}

bool household_has_restricted(const struct wg_household *hh, const struct wg_config *cfg)
{
	size_t i, j;

	for (i = 0; i < hh->n_residents; i++) {
		for (j = 0; j < hh->residents[i].n_tags; j++) {
			const struct wg_category *c = config_category(cfg, hh->residents[i].tags[j]);

			if (c && c->restricted)
				return true;
		}
	}
	return false;
}

/* ---- one household ---- */

static void resident_free(struct wg_resident *r)
{
	free(r->name);
	free(r->id_number);
	free(r->sex);
	free(r->birth);
	free(r->relation);
	free(r->phone);
	free(r->moved_out_at);
	tags_free(r->tags, r->n_tags);
}

void household_free(struct wg_household *hh)
{
	size_t i;

	if (!hh)
		return;
	free(hh->id);
	free(hh->street_code);
	free(hh->street_name);
	free(hh->community_code);
	free(hh->community_name);
	free(hh->grid_code);
	free(hh->grid_name);
	free(hh->building_code);
	free(hh->building_name);
	free(hh->compound);
	free(hh->unit);
	free(hh->room);
	free(hh->phone);
	free(hh->tenure);
	free(hh->note);
	free(hh->address);
	free(hh->door);
	free(hh->departed_at);
	free(hh->updated_at);
	free(hh->updated_by);
	for (i = 0; i < hh->n_residents; i++)
		resident_free(&hh->residents[i]);
	free(hh->residents);
	visits_free(hh->visits, hh->n_visits);
	memset(hh, 0, sizeof(*hh));
}

const struct wg_resident *household_head(const struct wg_household *hh)
{
	size_t i;

	for (i = 0; i < hh->n_residents; i++)
		if (hh->residents[i].relation && STREQ(hh->residents[i].relation, "户主") &&
		    !hh->residents[i].moved_out_at)
			return &hh->residents[i];
	for (i = 0; i < hh->n_residents; i++)
		if (!hh->residents[i].moved_out_at)
			return &hh->residents[i];
	return NULL;
}

static enum wg_status load_residents(struct wg_db *db, const struct wg_config *cfg,
	struct wg_household *hh)
{
	struct db_stmt *st = db_prepare(db, "SELECT id, position, name, id_number, sex, birth, "
		"relation, phone, registered, moved_out_at, version FROM resident "
		"WHERE household_id = ?1 AND departed_at IS NULL ORDER BY position, id");
	enum wg_status rc;
	size_t cap = 0, i;

	db_bind_text(st, 1, hh->id);
	while (db_row(st)) {
		struct wg_resident *r;

		if (hh->n_residents == cap) {
			cap = cap ? cap * 2 : 8;
			hh->residents = xrealloc(hh->residents, cap * sizeof(*hh->residents));
		}
		r = &hh->residents[hh->n_residents++];
		memset(r, 0, sizeof(*r));
		r->id = db_int(st, 0);
		r->position = (int)db_int(st, 1);
		r->name = xstrdup(db_text(st, 2));
		r->id_number = dup_or_null(db_text(st, 3));
		r->sex = dup_or_null(db_text(st, 4));
		r->birth = dup_or_null(db_text(st, 5));
		r->relation = dup_or_null(db_text(st, 6));
		r->phone = dup_or_null(db_text(st, 7));
		r->registered = db_int(st, 8) != 0;
		r->moved_out_at = dup_or_null(db_text(st, 9));
		r->version = db_int(st, 10);
	}
	rc = db_finish(st);
	if (rc != WG_OK)
		return rc;

	st = db_prepare(db, "SELECT category FROM resident_tag "
		"WHERE resident_id = ?1 AND removed_at IS NULL");
	for (i = 0; i < hh->n_residents; i++) {
		struct wg_resident *r = &hh->residents[i];

		db_reset(st);
		db_bind_int(st, 1, r->id);
		while (db_row(st))
			tags_add(cfg, &r->tags, &r->n_tags, db_text(st, 0));
	}
	return db_finish(st);
}

enum wg_status household_load(struct wg_db *db, const struct wg_config *cfg, const char *id,
	size_t max_visits, struct wg_household *out)
{
	struct db_stmt *st = db_prepare(db, "SELECT h.id, s.code, s.name, c.code, c.name, "
		"g.code, g.name, b.id, b.code, b.name, b.compound, h.unit, h.room, h.floor, "
		"h.phone, h.tenure, h.note, h.departed_at, h.updated_at, h.updated_by, h.version "
		"FROM household h JOIN building b ON b.id = h.building_id "
		"JOIN grid g ON g.code = b.grid_code "
		"JOIN community c ON c.code = g.community_code "
		"JOIN street s ON s.code = c.street_code WHERE h.id = ?1");
	enum wg_status rc;
	bool found;

	memset(out, 0, sizeof(*out));
	db_bind_text(st, 1, id);
	found = db_row(st);
	if (found) {
		out->id = xstrdup(db_text(st, 0));
		out->street_code = xstrdup(db_text(st, 1));
		out->street_name = xstrdup(db_text(st, 2));
		out->community_code = xstrdup(db_text(st, 3));
		out->community_name = xstrdup(db_text(st, 4));
		out->grid_code = xstrdup(db_text(st, 5));
		out->grid_name = xstrdup(db_text(st, 6));
		out->building_id = db_int(st, 7);
		out->building_code = xstrdup(db_text(st, 8));
		out->building_name = xstrdup(db_text(st, 9));
		out->compound = dup_or_null(db_text(st, 10));
		out->unit = dup_or_null(db_text(st, 11));
		out->room = xstrdup(db_text(st, 12));
		out->floor = (int)db_int(st, 13);
		out->phone = dup_or_null(db_text(st, 14));
		out->tenure = xstrdup(db_text(st, 15));
		out->note = dup_or_null(db_text(st, 16));
		out->departed_at = dup_or_null(db_text(st, 17));
		out->updated_at = dup_or_null(db_text(st, 18));
		out->updated_by = dup_or_null(db_text(st, 19));
		out->version = db_int(st, 20);
		out->address = address_format(out->compound, out->building_name, out->unit,
			out->room);
		out->door = address_door(out->building_code, out->unit, out->room);
	}
	rc = db_finish(st);
	if (rc == WG_OK && !found)
		rc = wg_error_set(WG_NOT_FOUND, _("no household with id %s; look it up with "
			"`wangge find`"), id);
	if (rc == WG_OK)
		rc = load_residents(db, cfg, out);
	if (rc == WG_OK && max_visits > 0) {
		struct wg_visit_filter f = { .household_id = id, .limit = max_visits };

		rc = visit_list(db, &f, &out->visits, &out->n_visits);
	}
	if (rc != WG_OK)
		household_free(out);
	return rc;
}

/* ---- a grid's walking list ---- */

void household_rows_free(struct wg_household_row *rows, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(rows[i].id);
		free(rows[i].address);
		free(rows[i].door);
		free(rows[i].tenure);
		free(rows[i].head);
		tags_free(rows[i].tags, rows[i].n_tags);
		free(rows[i].last_visit);
	}
	free(rows);
}

enum wg_status household_list_grid(struct wg_db *db, const struct wg_config *cfg,
	const char *grid_code, struct wg_household_row **rows, size_t *n)
{
	struct db_stmt *st, *res, *tags;
	struct wg_household_row *list = NULL;
	size_t count = 0, cap = 0, i;
	enum wg_status rc;

	*rows = NULL;
	*n = 0;
	if (db_get_int(db, "SELECT count(*) FROM grid WHERE code = ?1", grid_code, 0) == 0)
		return wg_error_set(WG_NOT_FOUND, _("no grid with code %s; `wangge stats` lists "
			"the grids"), grid_code);
	st = db_prepare(db, "SELECT h.id, b.compound, b.name, b.code, h.unit, h.room, h.tenure, "
		"(SELECT max(at) FROM visit v WHERE v.household_id = h.id) "
		"FROM household h JOIN building b ON b.id = h.building_id "
		"WHERE b.grid_code = ?1 AND h.departed_at IS NULL "
		"ORDER BY b.walk_key, h.walk_key, h.id");
	db_bind_text(st, 1, grid_code);
	while (db_row(st)) {
		struct wg_household_row *r;

		if (count == cap) {
			cap = cap ? cap * 2 : 64;
			list = xrealloc(list, cap * sizeof(*list));
		}
		r = &list[count++];
		memset(r, 0, sizeof(*r));
		r->id = xstrdup(db_text(st, 0));
		r->address = address_format(db_text(st, 1), db_text(st, 2), db_text(st, 4),
			db_text(st, 5));
		r->door = address_door(db_text(st, 3), db_text(st, 4), db_text(st, 5));
		r->tenure = xstrdup(db_text(st, 6));
		r->last_visit = dup_or_null(db_text(st, 7));
	}
	rc = db_finish(st);
	if (rc != WG_OK)
		goto out;

	/* Head first: 户主, else the first one living here. */
	res = db_prepare(db, "SELECT name, "
		"(SELECT count(*) FROM resident r2 WHERE r2.household_id = ?1 "
		"  AND r2.departed_at IS NULL AND r2.moved_out_at IS NULL) "
		"FROM resident WHERE household_id = ?1 AND departed_at IS NULL "
		"AND moved_out_at IS NULL ORDER BY relation IS NOT '户主', position, id LIMIT 1");
	tags = db_prepare(db, "SELECT DISTINCT t.category FROM resident_tag t "
		"JOIN resident r ON r.id = t.resident_id WHERE r.household_id = ?1 "
		"AND r.departed_at IS NULL AND r.moved_out_at IS NULL AND t.removed_at IS NULL");
	for (i = 0; i < count; i++) {
		db_reset(res);
		db_bind_text(res, 1, list[i].id);
		if (db_row(res)) {
			list[i].head = xstrdup(db_text(res, 0));
			list[i].n_residents = (int)db_int(res, 1);
		}
		db_reset(tags);
		db_bind_text(tags, 1, list[i].id);
		while (db_row(tags))
			tags_add(cfg, &list[i].tags, &list[i].n_tags, db_text(tags, 0));
	}
	rc = db_finish(res);
	if (db_finish(tags) != WG_OK && rc == WG_OK)
		rc = WG_DB;
out:
	if (rc != WG_OK) {
		household_rows_free(list, count);
		return rc;
	}
	*rows = list;
	*n = count;
	return WG_OK;
}

/* ---- edits ---- */

static const char *operator_of(const struct wg_actor *actor)
{
	return actor && actor->role != ROLE_NOBODY ? actor->worker_id : NULL;
}

static bool has_control(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 && *s != '\n' && *s != '\t')
			return true;
	return false;
}

/* Before any write: the record's grid, departed state and version. */
static enum wg_status check_edit(struct wg_db *db, const struct wg_actor *actor,
	const char *what, const char *grid, const char *departed, int64_t have, int64_t want,
	const char *by, const char *at)
{
	if (actor && actor->role != ROLE_NOBODY && !access_in_scope(db, actor, grid))
		return wg_error_set(WG_DENIED, _("%s may not edit records of grid %s"),
			actor->worker_id, grid);
	if (departed)
		return wg_error_set(WG_STATE, _("%s left the grid file on %s and can no longer "
			"be edited"), what, departed);
	if (have != want)
		return wg_error_set(WG_CONFLICT, _("%s was changed by %s at %s after you opened "
			"it; nothing was saved. Look at the new values and edit again"), what,
			by ? by : _("the command line"), at ? at : "?");
	return WG_OK;
}

static enum wg_status finish_edit(struct wg_db *db, enum wg_status rc, const char *operator_id,
	const char *action, const char *object, const char *detail, const char *household_id)
{
	if (rc == WG_OK)
		rc = audit_log(db, operator_id, action, object, detail);
	if (rc == WG_OK)
		rc = search_index_household(db, household_id);
	if (rc == WG_OK)
		rc = db_commit(db);
	if (rc != WG_OK)
		db_rollback(db);
	return rc;
}

enum wg_status household_edit(struct wg_db *db, const struct wg_actor *actor,
	const char *household_id, int64_t version, const char *field, const char *value,
	int64_t *new_version)
{
	static const char *const fields[] = { "phone", "tenure", "note" };
	static const char *const updates[] = {
		"UPDATE household SET phone = ?1, version = version + 1, updated_at = ?2, "
		"updated_by = ?3 WHERE id = ?4 AND version = ?5",
		"UPDATE household SET tenure = ?1, version = version + 1, updated_at = ?2, "
		"updated_by = ?3 WHERE id = ?4 AND version = ?5",
		"UPDATE household SET note = ?1, version = version + 1, updated_at = ?2, "
		"updated_by = ?3 WHERE id = ?4 AND version = ?5",
	};
	const char *operator_id = operator_of(actor);
	const char *val = value && *value ? value : NULL;
	struct db_stmt *st;
	enum wg_status rc;
	size_t f;
	char now[20], *what, *detail;

	for (f = 0; f < ARRAY_SIZE(fields); f++)
		if (field && STREQ(field, fields[f]))
			break;
	if (f == ARRAY_SIZE(fields))
		return wg_error_set(WG_USAGE, _("a household has no field '%s'; fields: phone, "
			"tenure, note"), field ? field : "");
	if (val && has_control(val))
		return wg_error_set(WG_INVALID, _("%s: control characters are not allowed"), field);
	if (STREQ(field, "tenure") && !(val && (STREQ(val, "owner") || STREQ(val, "rented") ||
			STREQ(val, "vacant"))))
		return wg_error_set(WG_INVALID, _("tenure '%s': use owner, rented or vacant"),
			val ? val : "");

	rc = db_begin(db);
	if (rc != WG_OK)
		return rc;
	st = db_prepare(db, "SELECT b.grid_code, h.departed_at, h.version, h.updated_by, "
		"h.updated_at FROM household h JOIN building b ON b.id = h.building_id "
		"WHERE h.id = ?1");
	db_bind_text(st, 1, household_id);
	what = xasprintf(_("household %s"), household_id);
	if (db_row(st))
		rc = check_edit(db, actor, what, db_text(st, 0), db_text(st, 1), db_int(st, 2),
			version, db_text(st, 3), db_text(st, 4));
	else if ((rc = db_status(st)) == WG_OK)
		rc = wg_error_set(WG_NOT_FOUND, _("no household with id %s"), household_id);
	db_finish(st);
	free(what);
	if (rc != WG_OK) {
		db_rollback(db);
		return rc;
	}
	wg_now(now);
	st = db_prepare(db, updates[f]);
	db_bind_text(st, 1, val);
	db_bind_text(st, 2, now);
	db_bind_text(st, 3, operator_id);
	db_bind_text(st, 4, household_id);
	db_bind_int(st, 5, version);
	rc = db_run(st);
	db_finish(st);
	if (rc == WG_OK && new_version)
		*new_version = version + 1;
	/* Phones are personal data: the audit says that it changed, not to what. */
	detail = STREQ(field, "phone") ? xasprintf("%s", field)
		: xasprintf("%s: %s", field, val ? val : "");
	rc = finish_edit(db, rc, operator_id, "household.edit", household_id, detail,
		household_id);
	free(detail);
	return rc;
}

/* ---- residents ---- */

static bool parse_bool(const char *s, bool *out)
{
	static const char *const yes[] = { "1", "true", "yes", "是" };
	static const char *const no[] = { "0", "false", "no", "否" };
	size_t i;

	for (i = 0; i < ARRAY_SIZE(yes); i++) {
		if (STREQ(s, yes[i])) {
			*out = true;
			return true;
		}
		if (STREQ(s, no[i])) {
			*out = false;
			return true;
		}
	}
	return false;
}

static enum wg_status check_resident_value(const char *field, const char *val, char **norm)
{
	char today[11];
	size_t i;

	*norm = val ? xstrdup(val) : NULL;
	if (val && has_control(val))
		return wg_error_set(WG_INVALID, _("%s: control characters are not allowed"), field);
	if (STREQ(field, "name")) {
		if (!val)
			return wg_error_set(WG_INVALID, _("a resident needs a name"));
	} else if (STREQ(field, "id_number") && val) {
		bool ok = strlen(val) == 18;

		for (i = 0; ok && i < 17; i++)
			ok = isdigit((unsigned char)val[i]);
		if (ok)
			ok = isdigit((unsigned char)val[17]) || val[17] == 'X' || val[17] == 'x';
		if (!ok)
			return wg_error_set(WG_INVALID, _("'%s' is not an ID number: 17 digits and a "
				"last digit or X"), val);
		(*norm)[17] = (char)toupper((unsigned char)(*norm)[17]);
	} else if (STREQ(field, "sex") && val) {
		if (!STREQ(val, "男") && !STREQ(val, "女"))
			return wg_error_set(WG_INVALID, _("sex '%s': use 男 or 女"), val);
	} else if ((STREQ(field, "birth") || STREQ(field, "moved_out_at")) && val) {
		wg_today(today);
		if (!wg_date_valid(val))
			return wg_error_set(WG_INVALID, _("'%s' is not a date; write it as "
				"YYYY-MM-DD"), val);
		if (strcmp(val, today) > 0)
			return wg_error_set(WG_INVALID, _("%s %s is after today"), field, val);
	} else if (STREQ(field, "registered")) {
		bool b;

		if (!val || !parse_bool(val, &b))
			return wg_error_set(WG_INVALID, _("registered '%s': use yes or no"),
				val ? val : "");
		free(*norm);
		*norm = xstrdup(b ? "1" : "0");
	}
	return WG_OK;
}

enum wg_status resident_edit(struct wg_db *db, const struct wg_actor *actor,
	int64_t resident_id, int64_t version, const char *field, const char *value,
	int64_t *new_version)
{
	static const char *const fields[] = { "name", "id_number", "sex", "birth", "relation",
		"phone", "registered", "moved_out_at" };
	/* One fixed statement per field: column names never come from input. */
	static const char *const updates[] = {
		"UPDATE resident SET name = ?1",
		"UPDATE resident SET id_number = ?1",
		"UPDATE resident SET sex = ?1",
		"UPDATE resident SET birth = ?1",
		"UPDATE resident SET relation = ?1",
		"UPDATE resident SET phone = ?1",
		"UPDATE resident SET registered = CAST(?1 AS INTEGER)",
		"UPDATE resident SET moved_out_at = ?1",
	};
	const char *operator_id = operator_of(actor);
	const char *val = value && *value ? value : NULL;
	char *norm = NULL, *what, *sql, *detail, *household_id = NULL, object[32];
	struct db_stmt *st;
	enum wg_status rc;
	size_t f;
	char now[20];

	for (f = 0; f < ARRAY_SIZE(fields); f++)
		if (field && STREQ(field, fields[f]))
			break;
	if (f == ARRAY_SIZE(fields))
		return wg_error_set(WG_USAGE, _("a resident has no field '%s'; fields: name, "
			"id_number, sex, birth, relation, phone, registered, moved_out_at"),
			field ? field : "");
	rc = check_resident_value(field, val, &norm);
	if (rc != WG_OK) {
		free(norm);
		return rc;
	}

	rc = db_begin(db);
	if (rc != WG_OK) {
		free(norm);
		return rc;
	}
	st = db_prepare(db, "SELECT b.grid_code, coalesce(r.departed_at, h.departed_at), "
		"r.version, r.updated_by, r.updated_at, r.household_id, r.name FROM resident r "
		"JOIN household h ON h.id = r.household_id "
		"JOIN building b ON b.id = h.building_id WHERE r.id = ?1");
	db_bind_int(st, 1, resident_id);
	if (db_row(st)) {
		household_id = xstrdup(db_text(st, 5));
		what = xasprintf(_("resident %s of household %s"), db_text(st, 6), household_id);
		rc = check_edit(db, actor, what, db_text(st, 0), db_text(st, 1), db_int(st, 2),
			version, db_text(st, 3), db_text(st, 4));
		free(what);
	} else if ((rc = db_status(st)) == WG_OK) {
		rc = wg_error_set(WG_NOT_FOUND, _("no resident with id %lld"), (long long)resident_id);
	}
	db_finish(st);
	if (rc != WG_OK)
		goto out;
	wg_now(now);
	sql = xasprintf("%s, version = version + 1, updated_at = ?2, updated_by = ?3 "
		"WHERE id = ?4 AND version = ?5", updates[f]);
	st = db_prepare(db, sql);
	free(sql);
	db_bind_text(st, 1, norm);
	db_bind_text(st, 2, now);
	db_bind_text(st, 3, operator_id);
	db_bind_int(st, 4, resident_id);
	db_bind_int(st, 5, version);
	rc = db_run(st);
	db_finish(st);
	if (rc == WG_OK && new_version)
		*new_version = version + 1;
	snprintf(object, sizeof object, "resident:%" PRId64, resident_id);
	detail = STREQ(field, "phone") || STREQ(field, "id_number") ? xasprintf("%s", field)
		: xasprintf("%s: %s", field, norm ? norm : "");
	rc = finish_edit(db, rc, operator_id, "resident.edit", object, detail, household_id);
	free(detail);
	free(household_id);
	free(norm);
	return rc;
out:
	db_rollback(db);
	free(household_id);
	free(norm);
	return rc;
}

enum wg_status resident_tag_set(struct wg_db *db, const struct wg_config *cfg,
	const struct wg_actor *actor, int64_t resident_id, const char *category, bool on)
{
	const struct wg_category *c = config_category(cfg, category);
	const char *operator_id = operator_of(actor);
	char *grid = NULL, *household_id = NULL, *codes, object[32], today[11], now[20];
	struct db_stmt *st;
	enum wg_status rc;

	if (!c) {
		codes = config_category_codes(cfg);
		wg_error_set(WG_INVALID, _("'%s' is not a category; known: %s"), category, codes);
		free(codes);
		return WG_INVALID;
	}
	rc = db_begin(db);
	if (rc != WG_OK)
		return rc;
	st = db_prepare(db, "SELECT b.grid_code, r.household_id, "
		"coalesce(r.departed_at, h.departed_at) FROM resident r "
		"JOIN household h ON h.id = r.household_id "
		"JOIN building b ON b.id = h.building_id WHERE r.id = ?1");
	db_bind_int(st, 1, resident_id);
	if (db_row(st)) {
		grid = xstrdup(db_text(st, 0));
		household_id = xstrdup(db_text(st, 1));
		if (!db_is_null(st, 2))
			rc = wg_error_set(WG_STATE, _("resident %lld left the grid file and "
				"can no longer be edited"), (long long)resident_id);
	} else if ((rc = db_status(st)) == WG_OK) {
		rc = wg_error_set(WG_NOT_FOUND, _("no resident with id %lld"), (long long)resident_id);
	}
	db_finish(st);
	if (rc == WG_OK && actor && actor->role != ROLE_NOBODY &&
	    !access_in_scope(db, actor, grid))
		rc = wg_error_set(WG_DENIED, _("%s may not edit records of grid %s"),
			actor->worker_id, grid);
	if (rc == WG_OK && c->restricted && !(actor && access_sees_restricted(db, actor, grid)))
		rc = wg_error_set(WG_DENIED, _("only the grid's workers and their leaders may set "
			"or remove this category"));
	if (rc != WG_OK) {
		db_rollback(db);
		goto out;
	}
	wg_today(today);
	wg_now(now);
	if (on) {
		/* A tag given back after removal starts its follow-up clock again. */
		st = db_prepare(db, "INSERT INTO resident_tag (resident_id, category, since, set_by) "
			"VALUES (?1, ?2, ?3, ?4) ON CONFLICT (resident_id, category) DO UPDATE SET "
			"since = CASE WHEN removed_at IS NULL THEN since ELSE excluded.since END, "
			"set_by = CASE WHEN removed_at IS NULL THEN set_by ELSE excluded.set_by END, "
			"removed_at = NULL");
		db_bind_int(st, 1, resident_id);
		db_bind_text(st, 2, c->code);
		db_bind_text(st, 3, today);
		db_bind_text(st, 4, operator_id);
	} else {
		st = db_prepare(db, "UPDATE resident_tag SET removed_at = ?3 "
			"WHERE resident_id = ?1 AND category = ?2 AND removed_at IS NULL");
		db_bind_int(st, 1, resident_id);
		db_bind_text(st, 2, c->code);
		db_bind_text(st, 3, today);
	}
	rc = db_run(st);
	db_finish(st);
	if (rc == WG_OK) {
		st = db_prepare(db, "UPDATE resident SET version = version + 1, updated_at = ?2, "
			"updated_by = ?3 WHERE id = ?1");
		db_bind_int(st, 1, resident_id);
		db_bind_text(st, 2, now);
		db_bind_text(st, 3, operator_id);
		rc = db_run(st);
		db_finish(st);
	}
	snprintf(object, sizeof object, "resident:%" PRId64, resident_id);
	{
		char *detail = xasprintf("%s%s", on ? "+" : "-", c->code);

		rc = finish_edit(db, rc, operator_id, "resident.tag", object, detail, household_id);
		free(detail);
	}
out:
	free(grid);
	free(household_id);
	return rc;
}
