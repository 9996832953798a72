/* Follow-up due lists: one SQL query gathers every active tag in scope with the day its
 * resident was last met and the attempts since; the dates, the filter and the reasons are
 * worked out here. Nothing is stored: overdue is always as of the day asked about. */
#include "wangge/common.h"
#include "wangge/due.h"
#include "wangge/access.h"
#include "wangge/address.h"
#include "wangge/config.h"
#include "wangge/store.h"

/* Sort keys kept beside each item while sorting. */
struct due_row {
	struct wg_due_item item;
	int32_t due_days;
	char *building_key;
	char *household_key;
};

/* Visits are stored with their day first ("YYYY-MM-DD" or "YYYY-MM-DD HH:MM"), so text
 * comparison against a day works for both. resident_met (kept by triggers, see
 * store_schema.c) holds the days each resident was met; the attempts count runs on the
 * partial index visit_household_notmet. ?1 the day after `on`; ?2 the scope's code. */
static const char due_sql_head[] =
	"WITH t AS MATERIALIZED ("
	" SELECT h.id AS hid, r.id AS rid, r.name AS rname, tg.category AS cat,"
	"  tg.since AS since, b.grid_code AS grid, b.walk_key AS bkey, h.walk_key AS hkey,"
	"  b.compound AS compound, b.name AS bname, h.unit AS unit, h.room AS room,"
	"  r.position AS pos,"
	"  (SELECT m.day FROM resident_met m WHERE m.resident_id = r.id"
	"    AND m.day >= tg.since AND m.day < ?1 ORDER BY m.day DESC LIMIT 1) AS met"
	/* CROSS JOIN keeps this order: the few tags drive, never a scan of all residents
	 * (which the planner picked on an imported street, 10x slower). */
	" FROM resident_tag tg"
	" CROSS JOIN resident r ON r.id = tg.resident_id"
	" CROSS JOIN household h ON h.id = r.household_id"
	" CROSS JOIN building b ON b.id = h.building_id"
	" WHERE tg.removed_at IS NULL AND tg.since < ?1"
	"  AND r.moved_out_at IS NULL AND r.departed_at IS NULL AND h.departed_at IS NULL";

static const char due_sql_tail[] =
	")"
	" SELECT hid, rid, rname, cat, since, grid, bkey, hkey, compound, bname, unit, room, met,"
	"  (SELECT count(*) FROM visit v WHERE v.household_id = t.hid AND v.outcome <> 'met'"
	"    AND v.at >= coalesce(date(t.met, '+1 day'), t.since) AND v.at < ?1)"
	" FROM t";   /* sorted in C, by due date first */



static const char *const scope_where[] = {
	[DUE_STREET] = " AND (?2 IS NULL OR b.grid_code IN (SELECT g.code FROM grid g"
		" JOIN community c ON c.code = g.community_code WHERE c.street_code = ?2))",
	[DUE_COMMUNITY] = " AND b.grid_code IN (SELECT code FROM grid WHERE community_code = ?2)",
	[DUE_GRID] = " AND b.grid_code = ?2",
	[DUE_WORKER] = " AND b.grid_code IN (SELECT grid_code FROM grid_worker WHERE worker_id = ?2)",
};

static const char *const scope_exists[] = {
	[DUE_STREET] = "SELECT count(*) FROM street WHERE code = ?1",
	[DUE_COMMUNITY] = "SELECT count(*) FROM community WHERE code = ?1",
	[DUE_GRID] = "SELECT count(*) FROM grid WHERE code = ?1",
	[DUE_WORKER] = "SELECT count(*) FROM worker WHERE id = ?1",
};

/* With a `within` limit, only lines due by ?3 are returned, so the attempts are counted
 * for those alone: WHERE date(coalesce(met, since), '+' || interval || ' days') <= ?3,
 * the interval coming from CASE cat WHEN ?4 THEN ?5 ... (the configured categories). */
static char *due_sql(const struct wg_config *cfg, enum wg_due_scope scope, bool limited)
{
	struct strbuf sb;

	sb_init(&sb);
	sb_add(&sb, due_sql_head);
	sb_add(&sb, scope_where[scope]);
	sb_add(&sb, due_sql_tail);
	if (limited && cfg->n_categories) {
		sb_add(&sb, " WHERE date(coalesce(t.met, t.since), '+' || CASE t.cat");
		for (size_t i = 0; i < cfg->n_categories; i++)
			sb_addf(&sb, " WHEN ?%zu THEN ?%zu", 4 + 2 * i, 5 + 2 * i);
		sb_add(&sb, " END || ' days') <= ?3");
	}
	return sb_detach(&sb);
}

static enum wg_status check_scope(struct wg_db *db, const struct wg_due_query *q)
{
	if ((size_t)q->scope >= ARRAY_SIZE(scope_where))
		return wg_error_set(WG_USAGE, _("unknown scope for the due list"));
	if (q->scope == DUE_STREET && !q->code)
		return WG_OK;
	if (!q->code || !*q->code)
		return wg_error_set(WG_USAGE, _("the due list needs a grid, community or worker"));
	if (db_get_int(db, scope_exists[q->scope], q->code, 0) > 0)
		return WG_OK;
	switch (q->scope) {
	case DUE_STREET:
		return wg_error_set(WG_NOT_FOUND, _("no street with code %s"), q->code);
	case DUE_COMMUNITY:
		return wg_error_set(WG_NOT_FOUND, _("no community with code %s; `wangge stats` "
			"lists them"), q->code);
	case DUE_GRID:
		return wg_error_set(WG_NOT_FOUND, _("no grid with code %s; `wangge stats` lists "
			"them"), q->code);
	case DUE_WORKER:
		break;
	}
	return wg_error_set(WG_NOT_FOUND, _("no worker with id %s"), q->code);
}

/* "03-02" for a day in the same year as `on`, else the whole date. */
static const char *short_date(const char *date, const char *on, char buf[11])
{
	if (strncmp(date, on, 4) == 0)
		snprintf(buf, 11, "%s", date + 5);
	else
		snprintf(buf, 11, "%s", date);
	return buf;
}

/* The translated pieces of a reason, looked up once per list. */
struct reason_text {
	const char *every, *last_met, *never, *since, *late, *today, *in, *tries;
};

static void reason_text_init(struct reason_text *rt)
{
	rt->every = _("every %d days");
	rt->last_met = _("last met %s");
	rt->never = _("never met");
	rt->since = _("on file since %s");
	rt->late = _("%d days late");
	rt->today = _("due today");
	rt->in = _("due in %d days");
	rt->tries = _("%d tries not met");
}

/* Append to buf[0..size) at *len; a reason longer than the buffer is cut, never
 * overrun (names of categories are short). */
WG_PRINTF(4, 5)
static void put(char *buf, size_t size, size_t *len, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (*len >= size - 1)
		return;
	va_start(ap, fmt);
	n = vsnprintf(buf + *len, size - *len, fmt, ap);
	va_end(ap);
	if (n > 0)
		*len = MIN(size - 1, *len + (size_t)n);
}

static char *reason_for(const struct reason_text *rt, const struct wg_due_item *it,
	const char *on)
{
	char out[512], date[11];
	size_t len = 0;
	const char *sep = " · ";

	out[0] = '\0';
	put(out, sizeof(out), &len, "%s%s", it->shown, sep);
	if (!it->masked) {
		put(out, sizeof(out), &len, rt->every, it->interval_days);
		put(out, sizeof(out), &len, "%s", sep);
	}
	if (it->last_met[0]) {
		put(out, sizeof(out), &len, rt->last_met, short_date(it->last_met, on, date));
	} else {
		put(out, sizeof(out), &len, "%s%s", rt->never, sep);
		put(out, sizeof(out), &len, rt->since, short_date(it->since, on, date));
	}
	put(out, sizeof(out), &len, "%s", sep);
	if (it->days_overdue > 0)
		put(out, sizeof(out), &len, rt->late, it->days_overdue);
	else if (it->days_overdue == 0)
		put(out, sizeof(out), &len, "%s", rt->today);
	else
		put(out, sizeof(out), &len, rt->in, -it->days_overdue);
	if (it->attempts > 0) {
		put(out, sizeof(out), &len, "%s", sep);
		put(out, sizeof(out), &len, rt->tries, it->attempts);
	}
	return xstrdup(out);
}

char *due_reason(const struct wg_config *cfg, const struct wg_due_item *item)
{
	struct reason_text rt;
	char on[11];
	int32_t d = wg_date_days(item->due);

	(void)cfg;
	if (d == INT32_MIN)
		wg_today(on);
	else
		wg_date_from_days(d + item->days_overdue, on);
	reason_text_init(&rt);
	return reason_for(&rt, item, on);
}

/* Does actor see the restricted categories of grid? Asked once per grid. */
struct sees_cache {
	char **grids;
	bool *sees;
	size_t n;
};

static bool sees(struct sees_cache *c, struct wg_db *db, const struct wg_actor *actor,
	const char *grid)
{
	size_t i;

	for (i = 0; i < c->n; i++)
		if (STREQ(c->grids[i], grid))
			return c->sees[i];
	c->grids = xrealloc(c->grids, (c->n + 1) * sizeof(*c->grids));
	c->sees = xrealloc(c->sees, (c->n + 1) * sizeof(*c->sees));
	c->grids[c->n] = xstrdup(grid);
	c->sees[c->n] = access_sees_restricted(db, actor, grid);
	return c->sees[c->n++];
}

static void sees_free(struct sees_cache *c)
{
	for (size_t i = 0; i < c->n; i++)
		free(c->grids[i]);
	free(c->grids);
	free(c->sees);
}

static void item_free(struct wg_due_item *it)
{
	free(it->household_id);
	free(it->grid_code);
	free(it->address);
	free(it->resident_name);
	free(it->category);
	free(it->reason);
}

static int row_cmp(const void *a, const void *b)
{
	const struct due_row *x = a, *y = b;
	int c;

	if (x->due_days != y->due_days)
		return x->due_days < y->due_days ? -1 : 1;
	if ((c = strcmp(x->item.grid_code, y->item.grid_code)) != 0)
		return c;
	if ((c = strcmp(x->building_key, y->building_key)) != 0)
		return c;
	if ((c = strcmp(x->household_key, y->household_key)) != 0)
		return c;
	if (x->item.resident_id != y->item.resident_id)
		return x->item.resident_id < y->item.resident_id ? -1 : 1;
	return strcmp(x->item.category, y->item.category);
}

static void copy_date(char dst[11], const char *src)
{
	snprintf(dst, 11, "%s", src ? src : "");
}

enum wg_status due_list(struct wg_db *db, const struct wg_config *cfg,
	const struct wg_actor *actor, const struct wg_due_query *q, struct wg_due_list *out)
{
	struct due_row *rows = NULL;
	size_t n = 0, cap = 0, i;
	struct sees_cache cache = { 0 };
	struct reason_text rt;
	struct db_stmt *st;
	char *sql, next[11];
	int32_t on_days;
	enum wg_status rc;

	memset(out, 0, sizeof(*out));
	if (q->on && !wg_date_valid(q->on))
		return wg_error_set(WG_USAGE, _("bad date '%s': write it as YYYY-MM-DD, e.g. "
			"2026-03-02"), q->on);
	if (q->on)
		copy_date(out->on, q->on);
	else
		wg_today(out->on);
	on_days = wg_date_days(out->on);
	rc = check_scope(db, q);
	if (rc != WG_OK)
		return rc;
	reason_text_init(&rt);
	wg_date_from_days(on_days + 1, next);

	sql = due_sql(cfg, q->scope, q->within >= 0);
	st = db_prepare(db, sql);
	free(sql);
	db_bind_text(st, 1, next);
	db_bind_text(st, 2, q->code);
	if (q->within >= 0 && cfg->n_categories) {
		char limit[11];

		wg_date_from_days(on_days + q->within, limit);
		db_bind_text(st, 3, limit);
		for (i = 0; i < cfg->n_categories; i++) {
			db_bind_text(st, (int)(4 + 2 * i), cfg->categories[i].code);
			db_bind_int(st, (int)(5 + 2 * i), cfg->categories[i].interval_days);
		}
	}
	while (db_row(st)) {
		const struct wg_category *cat = config_category(cfg, db_text(st, 3));
		struct wg_due_item *it;
		struct due_row *row;
		int32_t base;

		if (!cat)   /* a tag the configuration no longer has: no interval, no clock */
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			rows = xrealloc(rows, cap * sizeof(*rows));
		}
		row = &rows[n];
		memset(row, 0, sizeof(*row));
		it = &row->item;
		copy_date(it->since, db_text(st, 4));
		copy_date(it->last_met, db_text(st, 12));
		base = wg_date_days(it->last_met[0] ? it->last_met : it->since);
		if (base == INT32_MIN)
			continue;   /* a since that is not a date: nothing to count from */
		row->due_days = base + cat->interval_days;
		if (q->within >= 0 && row->due_days > on_days + q->within)
			continue;
		if (cat->restricted && !q->include_hidden && !sees(&cache, db, actor, db_text(st, 5)))
			continue;
		it->household_id = xstrdup(db_text(st, 0));
		it->resident_id = db_int(st, 1);
		it->resident_name = xstrdup(db_text(st, 2));
		it->category = xstrdup(cat->code);
		it->grid_code = xstrdup(db_text(st, 5));
		row->building_key = xstrdup(db_text(st, 6));
		row->household_key = xstrdup(db_text(st, 7));
		it->address = address_format(db_text(st, 8), db_text(st, 9), db_text(st, 10),
			db_text(st, 11));
		it->attempts = (int)db_int(st, 13);
		it->interval_days = cat->interval_days;
		it->masked = cat->restricted && !sees(&cache, db, actor, it->grid_code);
		it->shown = it->masked ? cfg->neutral_mark : cat->name;
		wg_date_from_days(row->due_days, it->due);
		it->days_overdue = (int)(on_days - row->due_days);
		it->reason = reason_for(&rt, it, out->on);
		n++;
	}
	rc = db_finish(st);
	sees_free(&cache);
	if (n > 1)
		qsort(rows, n, sizeof(*rows), row_cmp);
	if (rc == WG_OK && n) {
		out->items = xcalloc(n, sizeof(*out->items));
		out->n = n;
	}
	for (i = 0; i < n; i++) {
		if (rc == WG_OK)
			out->items[i] = rows[i].item;
		else
			item_free(&rows[i].item);
		free(rows[i].building_key);
		free(rows[i].household_key);
	}
	free(rows);
	return rc;
}

void due_list_free(struct wg_due_list *list)
{
	for (size_t i = 0; i < list->n; i++)
		item_free(&list->items[i]);
	free(list->items);
	list->items = NULL;
	list->n = 0;
}
