/* Figures out of the data: every number is one SQL aggregate over the scope's grids (the
 * definitions are in report.h and wangge(1)). The scope and the range are bound
 * parameters shared by all queries:
 *   ?1 scope (0 street, 1 community, 2 grid, 3 worker)   ?2 code
 *   ?3 from (YYYY-MM-DD)   ?4 the day after to (for "at < ?4" on times)
 *   ?5 to   ?6 today */
#include "wangge/common.h"
#include "wangge/report.h"
#include "wangge/access.h"
#include "wangge/config.h"
#include "wangge/export.h"
#include "wangge/store.h"
#include "wangge/textwidth.h"

/* Grids and current households of the scope. */
#define SCOPE_CTE \
	"WITH sg(code) AS (SELECT code FROM grid WHERE ?1 = 0" \
	"  OR (?1 = 1 AND community_code = ?2) OR (?1 = 2 AND code = ?2)" \
	"  OR (?1 = 3 AND code IN (SELECT grid_code FROM grid_worker WHERE worker_id = ?2)))," \
	" sh(id, grid, tenure) AS (SELECT h.id, b.grid_code, h.tenure FROM household h" \
	"  JOIN building b ON b.id = h.building_id" \
	"  WHERE b.grid_code IN (SELECT code FROM sg) AND h.departed_at IS NULL) "

/* Incidents of the scope: the street sees also those not tied to a grid. */
#define INCIDENT_SCOPE "(?1 = 0 OR i.grid_code IN (SELECT code FROM sg))"

struct ctx {
	struct wg_db *db;
	const struct wg_config *cfg;
	const struct wg_report_query *q;
	struct wg_report *rep;
	char to_next[11];
};

static struct db_stmt *prepare(struct ctx *c, const char *sql)
{
	struct db_stmt *st = db_prepare(c->db, sql);

	db_bind_int(st, 1, (int64_t)c->rep->scope);
	db_bind_text(st, 2, c->rep->code);
	db_bind_text(st, 3, c->rep->from);
	db_bind_text(st, 4, c->to_next);
	db_bind_text(st, 5, c->rep->to);
	db_bind_text(st, 6, c->rep->today);
	return st;
}

static struct wg_report_count *count_add(struct wg_report_count **list, size_t *n,
	const char *code, const char *label)
{
	struct wg_report_count *rc;

	*list = xrealloc(*list, (*n + 1) * sizeof(**list));
	rc = &(*list)[(*n)++];
	memset(rc, 0, sizeof(*rc));
	rc->code = code ? xstrdup(code) : NULL;
	rc->label = xstrdup(label ? label : (code ? code : ""));
	return rc;
}

static struct wg_report_count *count_find(struct wg_report_count *list, size_t n,
	const char *code)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (list[i].code && STREQ(list[i].code, code))
			return &list[i];
	return NULL;
}

/* Resolve the scope's name; WG_NOT_FOUND when the code names nothing. */
static enum wg_status scope_name(struct ctx *c)
{
	struct wg_report *rep = c->rep;
	const char *sql;
	char *name;

	switch (rep->scope) {
	case REPORT_STREET:
		name = db_get_text(c->db, "SELECT name FROM street ORDER BY code LIMIT 1", NULL);
		rep->scope_name = name ? name : xstrdup(_("all communities"));
		return WG_OK;
	case REPORT_COMMUNITY:
		sql = "SELECT name FROM community WHERE code = ?";
		break;
	case REPORT_GRID:
		sql = "SELECT name FROM grid WHERE code = ?";
		break;
	default:
		sql = "SELECT name FROM worker WHERE id = ?";
	}
	name = db_get_text(c->db, sql, rep->code);
	if (!name) {
		const char *what = rep->scope == REPORT_COMMUNITY ? _("community") :
			rep->scope == REPORT_GRID ? _("grid") : _("worker");

		return wg_error_set(WG_NOT_FOUND, _("no %s '%s' in this database; check the code "
			"(`wangge find` looks places and people up)"), what, rep->code);
	}
	rep->scope_name = name;
	return WG_OK;
}

/* Households, vacant, rented and coverage, per grid and in total. Grid names repeat
 * between communities (第一网格), so the street's rows carry the community's name. */
static enum wg_status households(struct ctx *c)
{
	struct wg_report *rep = c->rep;
	struct wg_report_count *g;
	struct db_stmt *st;

	st = prepare(c, SCOPE_CTE
		"SELECT sh.grid, CASE WHEN ?1 = 0 THEN community.name || grid.name ELSE grid.name END,"
		"  count(*), sum(sh.tenure = 'vacant'),"
		"  sum(sh.tenure = 'rented'),"
		"  sum(EXISTS (SELECT 1 FROM visit v WHERE v.household_id = sh.id"
		"    AND v.at >= ?3 AND v.at < ?4 AND v.outcome = 'met'))"
		" FROM sh JOIN grid ON grid.code = sh.grid"
		" JOIN community ON community.code = grid.community_code"
		" GROUP BY sh.grid ORDER BY sh.grid");
	while (db_row(st)) {
		g = count_add(&rep->by_grid, &rep->n_by_grid, db_text(st, 0), db_text(st, 1));
		g->extra2 = db_int(st, 2);
		g->extra = db_int(st, 5);
		g->n = g->extra2 ? (g->extra * 100 + g->extra2 / 2) / g->extra2 : 0;
		rep->households += db_int(st, 2);
		rep->vacant += db_int(st, 3);
		rep->rented += db_int(st, 4);
		rep->coverage.num += db_int(st, 5);
	}
	rep->coverage.den = rep->households;
	return db_finish(st);
}

static enum wg_status residents(struct ctx *c)
{
	struct wg_report *rep = c->rep;
	struct db_stmt *st;

	st = prepare(c, SCOPE_CTE
		"SELECT count(*), coalesce(sum(r.registered <> 0), 0) FROM resident r"
		" JOIN sh ON sh.id = r.household_id"
		" WHERE r.departed_at IS NULL AND r.moved_out_at IS NULL");
	if (db_row(st)) {
		rep->residents = db_int(st, 0);
		rep->registered = db_int(st, 1);
		rep->unregistered = rep->residents - rep->registered;
	}
	return db_finish(st);
}

/* Does the actor see restricted categories in every grid of the scope? */
static bool sees_all(struct ctx *c, const struct wg_actor *actor)
{
	struct db_stmt *st;
	bool all = true;

	st = prepare(c, SCOPE_CTE "SELECT code FROM sg");
	while (all && db_row(st))
		all = access_sees_restricted(c->db, actor, db_text(st, 0));
	db_finish(st);
	return all;
}

/* The per-category CTEs: cat(code, days) from the configuration, tg the tags of the
 * scope's residents with the day they end, met the days each was met (resident_met, kept
 * by due.c's triggers), anc the days each follow-up counts from (since, then every met
 * day). */
static char *category_sql(const struct wg_config *cfg, const char *select)
{
	struct strbuf sb;
	size_t i;

	sb_init(&sb);
	sb_add(&sb, SCOPE_CTE ", cat(code, days) AS (VALUES ");
	for (i = 0; i < cfg->n_categories; i++)
		sb_addf(&sb, "%s(?%zu, ?%zu)", i ? ", " : "", 7 + 2 * i, 8 + 2 * i);
	sb_add(&sb, "),"
		" tg(rid, cat, days, since, endd, active) AS MATERIALIZED (SELECT t.resident_id, t.category,"
		"  cat.days, substr(t.since, 1, 10),"
		"  min(coalesce(t.removed_at, '9'), coalesce(r.departed_at, '9'),"
		"    coalesce(r.moved_out_at, '9')),"
		"  t.removed_at IS NULL AND r.departed_at IS NULL AND r.moved_out_at IS NULL"
		"  FROM resident_tag t JOIN cat ON cat.code = t.category"
		"  JOIN resident r ON r.id = t.resident_id JOIN sh ON sh.id = r.household_id),"
		" met(rid, d) AS (SELECT DISTINCT resident_id, day FROM resident_met"
		"  WHERE resident_id IN (SELECT rid FROM tg) AND day <= ?6),"
		" anc(rid, cat, days, endd, active, a) AS ("
		"  SELECT rid, cat, days, endd, active, since FROM tg"
		"  UNION ALL SELECT tg.rid, tg.cat, tg.days, tg.endd, tg.active, met.d FROM tg"
		"  JOIN met ON met.rid = tg.rid AND met.d > tg.since) ");
	sb_add(&sb, select);
	return sb_detach(&sb);
}

static struct db_stmt *prepare_categories(struct ctx *c, const char *select)
{
	char *sql = category_sql(c->cfg, select);
	struct db_stmt *st = prepare(c, sql);
	size_t i;

	free(sql);
	for (i = 0; i < c->cfg->n_categories; i++) {
		db_bind_text(st, (int)(7 + 2 * i), c->cfg->categories[i].code);
		db_bind_int(st, (int)(8 + 2 * i), c->cfg->categories[i].interval_days);
	}
	return st;
}

static struct wg_report_category *category_row(struct wg_report *rep, const char *code)
{
	size_t i;

	for (i = 0; i < rep->n_categories; i++)
		if (rep->categories[i].code && STREQ(rep->categories[i].code, code))
			return &rep->categories[i];
	return NULL;
}

static enum wg_status categories(struct ctx *c, const struct wg_actor *actor)
{
	const struct wg_config *cfg = c->cfg;
	struct wg_report *rep = c->rep;
	struct wg_report_category *row, *merged = NULL;
	struct db_stmt *st;
	enum wg_status rc;
	bool show = true;
	size_t i, j;

	if (cfg->n_categories == 0)
		return WG_OK;
	for (i = 0; i < cfg->n_categories; i++)
		if (cfg->categories[i].restricted)
			show = false;
	if (!show)
		show = sees_all(c, actor);
	rep->categories = xcalloc(cfg->n_categories, sizeof(*rep->categories));
	for (i = 0; i < cfg->n_categories; i++) {
		row = &rep->categories[rep->n_categories++];
		row->code = xstrdup(cfg->categories[i].code);
		row->label = cfg->categories[i].name;
	}

	/* One row per follow-up (each day it counts from, with the next such day): the last
	 * one of an active tag says whether it is overdue now; those due in the range are
	 * counted for compliance. */
	st = prepare_categories(c,
		"SELECT cat, coalesce(sum(nxt IS NULL AND active), 0),"
		"  coalesce(sum(nxt IS NULL AND active AND due < ?6), 0),"
		"  coalesce(max(CASE WHEN nxt IS NULL AND active AND due < ?6"
		"    THEN julianday(?6) - julianday(due) END), 0),"
		"  coalesce(sum(due >= ?3 AND due <= ?5 AND due < ?6 AND due < endd), 0),"
		"  coalesce(sum(due >= ?3 AND due <= ?5 AND due < ?6 AND due < endd"
		"    AND nxt IS NOT NULL AND nxt <= due), 0)"
		" FROM (SELECT cat, active, endd, date(a, '+' || days || ' days') AS due,"
		"  lead(a) OVER (PARTITION BY rid, cat ORDER BY a) AS nxt FROM anc)"
		" GROUP BY cat");
	while (db_row(st)) {
		row = category_row(rep, db_text(st, 0));
		row->residents = db_int(st, 1);
		row->overdue = db_int(st, 2);
		row->longest_overdue = (int64_t)db_double(st, 3);
		row->compliance.den = db_int(st, 4);
		row->compliance.num = db_int(st, 5);
	}
	rc = db_finish(st);
	if (rc != WG_OK)
		return rc;

	for (i = 0; i < rep->n_categories; i++) {
		row = &rep->categories[i];
		rep->compliance.num += row->compliance.num;
		rep->compliance.den += row->compliance.den;
		rep->overdue += row->overdue;
		rep->longest_overdue = MAX(rep->longest_overdue, row->longest_overdue);
	}
	if (show)
		return WG_OK;

	/* Merge the restricted categories into one neutral-mark row at the end. */
	for (i = j = 0; i < rep->n_categories; i++) {
		row = &rep->categories[i];
		if (!config_category(cfg, row->code)->restricted) {
			rep->categories[j++] = *row;
			continue;
		}
		if (!merged) {
			merged = xcalloc(1, sizeof(*merged));
			merged->label = cfg->neutral_mark;
			merged->masked = true;
		}
		merged->residents += row->residents;
		merged->compliance.num += row->compliance.num;
		merged->compliance.den += row->compliance.den;
		merged->overdue += row->overdue;
		merged->longest_overdue = MAX(merged->longest_overdue, row->longest_overdue);
		free(row->code);
	}
	rep->n_categories = j;
	if (merged) {
		rep->categories[rep->n_categories++] = *merged;
		free(merged);
	}
	return WG_OK;
}

/* Where code stands in the configuration's list (types, levels) or the workflow
 * (statuses); unknown codes go last. */
static size_t count_rank(const struct wg_config *cfg, const char *column, const char *code)
{
	static const char *const states[] = { "reported", "accepted", "in_progress",
		"resolved", "closed" };
	size_t i;

	if (STREQ(column, "type")) {
		for (i = 0; i < cfg->n_incident_types; i++)
			if (STREQ(cfg->incident_types[i].code, code))
				return i;
	} else if (STREQ(column, "level")) {
		for (i = 0; i < cfg->n_levels; i++)
			if (STREQ(cfg->levels[i].code, code))
				return i;
	} else {
		for (i = 0; i < ARRAY_SIZE(states); i++)
			if (STREQ(states[i], code))
				return i;
	}
	return SIZE_MAX;
}

/* Rows in the order people know them (grid before community, reported before closed). */
static void sort_counts(const struct wg_config *cfg, const char *column,
	struct wg_report_count *rows, size_t n)
{
	struct wg_report_count tmp;
	size_t i, j;

	for (i = 1; i < n; i++) {
		tmp = rows[i];
		for (j = i; j > 0 && count_rank(cfg, column, rows[j - 1].code) >
				count_rank(cfg, column, tmp.code); j--)
			rows[j] = rows[j - 1];
		rows[j] = tmp;
	}
}

static enum wg_status incident_counts(struct ctx *c, const char *column,
	struct wg_report_count **list, size_t *n)
{
	const struct wg_config *cfg = c->cfg;
	struct db_stmt *st;
	const char *label;
	char *sql;

	sql = xasprintf(SCOPE_CTE "SELECT i.%s, count(*) FROM incident i WHERE " INCIDENT_SCOPE
		" AND i.reported_at >= ?3 AND i.reported_at < ?4 GROUP BY i.%s ORDER BY i.%s",
		column, column, column);
	st = prepare(c, sql);
	free(sql);
	while (db_row(st)) {
		const char *code = db_text(st, 0);
		const struct wg_incident_type *t;
		const struct wg_named *nm;

		label = code;
		if (STREQ(column, "type") && (t = config_incident_type(cfg, code)))
			label = t->name;
		else if (STREQ(column, "level") && (nm = config_named(cfg->levels, cfg->n_levels,
				code)))
			label = nm->name;
		else if (STREQ(column, "status"))
			label = STREQ(code, "reported") ? _("reported") :
				STREQ(code, "accepted") ? _("accepted") :
				STREQ(code, "in_progress") ? _("in progress") :
				STREQ(code, "resolved") ? _("resolved") :
				STREQ(code, "closed") ? _("closed") : code;
		count_add(list, n, code, label)->n = db_int(st, 1);
	}
	sort_counts(cfg, column, *list, *n);
	return db_finish(st);
}

static enum wg_status incidents(struct ctx *c)
{
	struct wg_report *rep = c->rep;
	struct db_stmt *st;
	enum wg_status rc;
	size_t i;

	rc = incident_counts(c, "type", &rep->by_type, &rep->n_by_type);
	if (rc == WG_OK)
		rc = incident_counts(c, "status", &rep->by_status, &rep->n_by_status);
	if (rc == WG_OK)
		rc = incident_counts(c, "level", &rep->by_level, &rep->n_by_level);
	if (rc != WG_OK)
		return rc;
	for (i = 0; i < rep->n_by_type; i++)
		rep->incidents += rep->by_type[i].n;

	st = prepare(c, SCOPE_CTE
		"SELECT count(*),"
		"  coalesce(sum(i.deadline IS NOT NULL AND substr(i.resolved_at, 1, 10) <= i.deadline), 0),"
		"  coalesce(sum(julianday(substr(i.resolved_at, 1, 10))"
		"    - julianday(substr(i.reported_at, 1, 10))), 0),"
		"  coalesce(max(julianday(substr(i.resolved_at, 1, 10))"
		"    - julianday(substr(i.reported_at, 1, 10))), 0)"
		" FROM incident i WHERE " INCIDENT_SCOPE
		" AND i.resolved_at >= ?3 AND i.resolved_at < ?4");
	if (db_row(st)) {
		rep->on_time.den = rep->resolve_days.den = db_int(st, 0);
		rep->on_time.num = db_int(st, 1);
		rep->resolve_days.num = (int64_t)db_double(st, 2);
		rep->longest_resolve_days = (int64_t)db_double(st, 3);
	}
	rc = db_finish(st);
	if (rc != WG_OK)
		return rc;

	st = prepare(c, SCOPE_CTE
		"SELECT count(*) FROM incident i WHERE " INCIDENT_SCOPE
		" AND i.status NOT IN ('resolved', 'closed') AND i.deadline < ?6");
	if (db_row(st))
		rep->open_past_deadline = db_int(st, 0);
	rc = db_finish(st);
	if (rc != WG_OK)
		return rc;

	st = prepare(c, SCOPE_CTE
		"SELECT count(*), coalesce(sum(i.status <> 'reported'), 0),"
		"  coalesce(sum(i.status IN ('resolved', 'closed')"
		"    AND coalesce(i.rating, '') <> 'unsatisfied'), 0)"
		" FROM incident i WHERE " INCIDENT_SCOPE " AND i.type = 'dispute'"
		" AND i.reported_at >= ?3 AND i.reported_at < ?4");
	if (db_row(st)) {
		rep->mediation.den = db_int(st, 0);
		rep->mediation.num = rep->success.den = db_int(st, 1);
		rep->success.num = db_int(st, 2);
	}
	rc = db_finish(st);
	if (rc != WG_OK)
		return rc;

	st = prepare(c, SCOPE_CTE
		"SELECT count(*), coalesce(sum(e.rating IN ('satisfied', 'basically')), 0)"
		" FROM incident_event e JOIN incident i ON i.id = e.incident_id"
		" WHERE " INCIDENT_SCOPE " AND e.rating IS NOT NULL"
		" AND e.at >= ?3 AND e.at < ?4");
	if (db_row(st)) {
		rep->satisfaction.den = db_int(st, 0);
		rep->satisfaction.num = db_int(st, 1);
	}
	return db_finish(st);
}

static int cmp_count_desc(const void *a, const void *b)
{
	const struct wg_report_count *x = a, *y = b;

	if (x->n != y->n)
		return x->n < y->n ? 1 : -1;
	return strcmp(x->code ? x->code : "", y->code ? y->code : "");
}

/* Visits per worker and per kind in one pass over the range. */
static enum wg_status visits(struct ctx *c)
{
	const struct wg_config *cfg = c->cfg;
	struct wg_report *rep = c->rep;
	struct wg_report_count *row;
	struct db_stmt *st;
	enum wg_status rc;
	size_t i;

	for (i = 0; i < cfg->n_visit_kinds; i++)
		count_add(&rep->by_kind, &rep->n_by_kind, cfg->visit_kinds[i].code,
			cfg->visit_kinds[i].name);
	/* The street reads the visit_worker_kind index alone, in its order, so the grouping
	 * needs no sort (about 40 ms for a year of a street); smaller scopes go through their
	 * households (departed ones too: the visits were made). */
	if (rep->scope == REPORT_STREET)
		st = prepare(c, SCOPE_CTE
			"SELECT x.wid, w.name, x.kind, x.n, x.met FROM (SELECT coalesce(v.worker_id, '')"
			"  AS wid, v.kind AS kind, count(*) AS n, sum(v.outcome = 'met') AS met"
			"  FROM visit v INDEXED BY visit_worker_kind WHERE v.at >= ?3 AND v.at < ?4"
			"  GROUP BY v.worker_id, v.kind) x LEFT JOIN worker w ON w.id = x.wid");
	else
		st = prepare(c, SCOPE_CTE
			"SELECT x.wid, w.name, x.kind, x.n, x.met FROM (SELECT coalesce(v.worker_id, '')"
			"  AS wid, v.kind AS kind, count(*) AS n, sum(v.outcome = 'met') AS met"
			"  FROM household h JOIN building b ON b.id = h.building_id"
			"  JOIN visit v ON v.household_id = h.id"
			"  WHERE b.grid_code IN (SELECT code FROM sg) AND v.at >= ?3 AND v.at < ?4"
			"  GROUP BY 1, 2) x LEFT JOIN worker w ON w.id = x.wid");
	while (db_row(st)) {
		const char *worker = db_text(st, 0), *kind = db_text(st, 2);
		int64_t n = db_int(st, 3);

		row = count_find(rep->by_worker, rep->n_by_worker, worker);
		if (!row)
			row = count_add(&rep->by_worker, &rep->n_by_worker, worker,
				db_text(st, 1) ? db_text(st, 1) : *worker ? worker : _("(nobody)"));
		row->n += n;
		row->extra += db_int(st, 4);
		row = count_find(rep->by_kind, rep->n_by_kind, kind);
		if (!row)
			row = count_add(&rep->by_kind, &rep->n_by_kind, kind, kind);
		row->n += n;
		rep->visits += n;
	}
	rc = db_finish(st);
	if (rep->n_by_worker > 1)
		qsort(rep->by_worker, rep->n_by_worker, sizeof(*rep->by_worker), cmp_count_desc);
	return rc;
}

enum wg_status report_build(struct wg_db *db, const struct wg_config *cfg,
	const struct wg_actor *actor, const struct wg_report_query *q, struct wg_report *out)
{
	struct ctx c = { db, cfg, q, out, "" };
	enum wg_status rc;
	int32_t to_days;

	memset(out, 0, sizeof(*out));
	out->scope = q->scope;
	out->code = q->code ? xstrdup(q->code) : NULL;
	wg_today(out->today);
	if (q->to && !wg_date_valid(q->to))
		return wg_error_set(WG_USAGE, _("--to '%s' is not a date; write YYYY-MM-DD"), q->to);
	if (q->from && !wg_date_valid(q->from))
		return wg_error_set(WG_USAGE, _("--from '%s' is not a date; write YYYY-MM-DD"),
			q->from);
	snprintf(out->to, sizeof(out->to), "%s", q->to ? q->to : out->today);
	if (q->from) {
		snprintf(out->from, sizeof(out->from), "%s", q->from);
	} else {
		memcpy(out->from, out->to, 8);
		memcpy(out->from + 8, "01", 3);
	}
	if (strcmp(out->from, out->to) > 0)
		return wg_error_set(WG_USAGE, _("--from %s is after --to %s; swap them"),
			out->from, out->to);
	to_days = wg_date_days(out->to);
	wg_date_from_days(to_days + 1, c.to_next);
	if (q->scope != REPORT_STREET && !q->code)
		return wg_error_set(WG_USAGE, _("a grid, community or worker code is needed"));

	rc = scope_name(&c);
	if (rc == WG_OK)
		rc = households(&c);
	if (rc == WG_OK)
		rc = residents(&c);
	if (rc == WG_OK)
		rc = categories(&c, actor);
	if (rc == WG_OK)
		rc = incidents(&c);
	if (rc == WG_OK)
		rc = visits(&c);
	return rc;
}

static void counts_free(struct wg_report_count *list, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(list[i].code);
		free(list[i].label);
	}
	free(list);
}

struct wg_report_count *report_category_bars(const struct wg_report *rep, size_t *n)
{
	struct wg_report_count *rows = xcalloc(rep->n_categories + 1, sizeof(*rows));
	size_t i;

	for (i = 0; i < rep->n_categories; i++) {
		const struct wg_report_category *c = &rep->categories[i];

		rows[i].code = c->code ? xstrdup(c->code) : NULL;
		rows[i].label = xstrdup(c->label);
		rows[i].n = c->residents;
		rows[i].extra = c->overdue;
	}
	*n = rep->n_categories;
	return rows;
}

void report_counts_free(struct wg_report_count *rows, size_t n)
{
	counts_free(rows, n);
}

void report_free(struct wg_report *rep)
{
	size_t i;

	if (!rep)
		return;
	for (i = 0; i < rep->n_categories; i++)
		free(rep->categories[i].code);
	free(rep->categories);
	counts_free(rep->by_type, rep->n_by_type);
	counts_free(rep->by_status, rep->n_by_status);
	counts_free(rep->by_level, rep->n_by_level);
	counts_free(rep->by_worker, rep->n_by_worker);
	counts_free(rep->by_kind, rep->n_by_kind);
	counts_free(rep->by_grid, rep->n_by_grid);
	free(rep->code);
	free(rep->scope_name);
	memset(rep, 0, sizeof(*rep));
}

const char *report_percent(struct wg_ratio r, char *buf, size_t size)
{
	if (r.den <= 0)
		snprintf(buf, size, "%s", "—");
	else
		snprintf(buf, size, "%.1f%%", 100.0 * (double)r.num / (double)r.den);
	return buf;
}

const char *report_mean(struct wg_ratio r, char *buf, size_t size)
{
	if (r.den <= 0)
		snprintf(buf, size, "%s", "—");
	else
		snprintf(buf, size, "%.1f", (double)r.num / (double)r.den);
	return buf;
}

void report_bar_chart(struct strbuf *out, const struct wg_report_count *rows, size_t n,
	int width)
{
	int64_t top = 0;
	int label_cols = 0, bar, j;
	size_t i;

	for (i = 0; i < n; i++) {
		top = MAX(top, rows[i].n);
		label_cols = MAX(label_cols, tw_width(rows[i].label));
	}
	label_cols = MIN(label_cols, 24);
	for (i = 0; i < n; i++) {
		sb_add(out, "    ");
		tw_fit(out, rows[i].label, label_cols, TW_PAD);
		sb_add(out, " ");
		bar = top > 0 ? (int)((rows[i].n * width + top / 2) / top) : 0;
		if (bar == 0 && rows[i].n > 0)
			bar = 1;
		for (j = 0; j < bar; j++)
			sb_addc(out, '#');   /* block characters are ambiguous-width */
		sb_addf(out, " %" PRId64 "\n", rows[i].n);
	}
}

/* ---- writing the report ---- */

#define LABEL_COLS 18
#define BAR_WIDTH 30

static const char *scope_kind_name(enum wg_report_scope scope)
{
	switch (scope) {
	case REPORT_COMMUNITY: return _("community");
	case REPORT_GRID: return _("grid");
	case REPORT_WORKER: return _("worker");
	default: return _("street");
	}
}

/* "  label            value\n" with the label fitted to LABEL_COLS columns. */
static void line(struct strbuf *sb, const char *label, const char *value)
{
	sb_add(sb, "  ");
	tw_fit(sb, label, LABEL_COLS, TW_PAD);
	sb_addf(sb, " %s\n", value);
}

static void line_int(struct strbuf *sb, const char *label, int64_t n)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%" PRId64, n);
	line(sb, label, buf);
}

/* "87.5% (7/8)", or "— (0/0)". */
static void line_ratio(struct strbuf *sb, const char *label, struct wg_ratio r)
{
	char pct[32], buf[96];

	snprintf(buf, sizeof(buf), "%s (%" PRId64 "/%" PRId64 ")",
		report_percent(r, pct, sizeof(pct)), r.num, r.den);
	line(sb, label, buf);
}

static void cell(struct strbuf *sb, const char *text, int cols, unsigned flags)
{
	tw_fit(sb, text, cols, flags);
	sb_add(sb, "  ");
}

static void text_categories(struct strbuf *sb, const struct wg_report *rep)
{
	char n[32], pct[32], frac[64], od[32], longest[32];
	size_t i;

	sb_add(sb, "  ");
	cell(sb, _("Category"), LABEL_COLS - 1, TW_PAD);
	cell(sb, _("Residents"), 9, TW_RIGHT);
	cell(sb, _("On time"), 18, TW_RIGHT);
	cell(sb, _("Overdue"), 8, TW_RIGHT);
	tw_fit(sb, _("Longest (days)"), 14, TW_RIGHT);
	sb_add(sb, "\n");
	for (i = 0; i < rep->n_categories; i++) {
		const struct wg_report_category *c = &rep->categories[i];

		snprintf(n, sizeof(n), "%" PRId64, c->residents);
		report_percent(c->compliance, pct, sizeof(pct));
		snprintf(frac, sizeof(frac), "%s (%" PRId64 "/%" PRId64 ")", pct,
			c->compliance.num, c->compliance.den);
		snprintf(od, sizeof(od), "%" PRId64, c->overdue);
		snprintf(longest, sizeof(longest), "%" PRId64, c->longest_overdue);
		sb_add(sb, "  ");
		cell(sb, c->label, LABEL_COLS - 1, TW_PAD);
		cell(sb, n, 9, TW_RIGHT);
		cell(sb, frac, 18, TW_RIGHT);
		cell(sb, od, 8, TW_RIGHT);
		tw_fit(sb, longest, 14, TW_RIGHT);
		sb_add(sb, "\n");
	}
}

static void text_chart(struct strbuf *sb, const char *title,
	const struct wg_report_count *rows, size_t n)
{
	sb_addf(sb, "  %s\n", title);
	if (n == 0)
		sb_addf(sb, "    %s\n", _("(none)"));
	else
		report_bar_chart(sb, rows, n, BAR_WIDTH);
}

enum wg_status report_write_text(FILE *fp, const struct wg_config *cfg,
	const struct wg_report *rep)
{
	struct strbuf sb;
	char a[64], b[64];
	(void)cfg;
	sb_init(&sb);
	sb_addf(&sb, _("Report: %s %s, %s to %s (counted on %s)\n"), scope_kind_name(rep->scope),
		rep->scope_name, rep->from, rep->to, rep->today);

	sb_addf(&sb, "\n%s\n", _("Households and residents (now)"));
	line_int(&sb, _("Households"), rep->households);
	line_int(&sb, _("Residents"), rep->residents);
	snprintf(a, sizeof(a), "%" PRId64 " / %" PRId64, rep->registered, rep->unregistered);
	line(&sb, _("Registered / not"), a);
	line_int(&sb, _("Vacant"), rep->vacant);
	line_int(&sb, _("Rented"), rep->rented);
	line_ratio(&sb, _("Visit coverage"), rep->coverage);

	sb_addf(&sb, "\n%s\n", _("Special populations"));
	text_categories(&sb, rep);
	line_ratio(&sb, _("Follow-ups on time"), rep->compliance);
	snprintf(a, sizeof(a), _("%" PRId64 ", longest %" PRId64 " days"), rep->overdue,
		rep->longest_overdue);
	line(&sb, _("Overdue now"), a);

	sb_addf(&sb, "\n%s\n", _("Incidents"));
	line_int(&sb, _("Reported"), rep->incidents);
	line_ratio(&sb, _("Resolved on time"), rep->on_time);
	snprintf(b, sizeof(b), _("%s, longest %" PRId64), report_mean(rep->resolve_days, a,
		sizeof(a)), rep->longest_resolve_days);
	line(&sb, _("Days to resolve"), b);
	line_int(&sb, _("Open past deadline"), rep->open_past_deadline);
	line_ratio(&sb, _("Mediation rate"), rep->mediation);
	line_ratio(&sb, _("Success rate"), rep->success);
	line_ratio(&sb, _("Satisfaction"), rep->satisfaction);
	text_chart(&sb, _("By type"), rep->by_type, rep->n_by_type);
	text_chart(&sb, _("By status"), rep->by_status, rep->n_by_status);
	text_chart(&sb, _("By level"), rep->by_level, rep->n_by_level);

	sb_addf(&sb, "\n%s\n", _("Visits"));
	line_int(&sb, _("Visits"), rep->visits);
	text_chart(&sb, _("By kind"), rep->by_kind, rep->n_by_kind);
	text_chart(&sb, _("By worker"), rep->by_worker, rep->n_by_worker);

	/* Per grid: the bar is the coverage in percent. */
	sb_addf(&sb, "\n%s\n", _("Visit coverage by grid (%)"));
	if (rep->n_by_grid == 0)
		sb_addf(&sb, "    %s\n", _("(none)"));
	else
		report_bar_chart(&sb, rep->by_grid, rep->n_by_grid, BAR_WIDTH);

	fputs(sb.buf, fp);
	sb_free(&sb);
	if (fflush(fp) != 0 || ferror(fp))
		return wg_error_set(WG_IO, _("cannot write the report: %s"), strerror(errno));
	return WG_OK;
}

/* The report as rows of (section, figure, value) for CSV and XLSX. */
static void table_line(struct wg_table *t, const char *section, const char *figure,
	const char *value)
{
	const char *cells[3] = { section, figure, value };

	table_row(t, cells, 3);
}

static void table_int(struct wg_table *t, const char *section, const char *figure,
	int64_t n)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%" PRId64, n);
	table_line(t, section, figure, buf);
}

static void table_ratio(struct wg_table *t, const char *section, const char *figure,
	struct wg_ratio r)
{
	char pct[32], buf[96];

	snprintf(buf, sizeof(buf), "%s (%" PRId64 "/%" PRId64 ")",
		report_percent(r, pct, sizeof(pct)), r.num, r.den);
	table_line(t, section, figure, buf);
}

static void table_counts(struct wg_table *t, const char *section,
	const struct wg_report_count *rows, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		table_int(t, section, rows[i].label, rows[i].n);
}

static enum wg_status report_table(enum wg_export_format format, const char *path, FILE *fp,
	const struct wg_report *rep)
{
	const char *header[3] = { _("Section"), _("Figure"), _("Value") };
	const char *s;
	struct wg_table *t;
	enum wg_status rc;
	char a[64], b[128];
	size_t i;

	rc = table_open(format, path, fp, &t);
	if (rc != WG_OK)
		return rc;
	table_sheet(t, _("Report"));
	table_header(t, header, 3);
	s = _("Scope");
	table_line(t, s, scope_kind_name(rep->scope), rep->scope_name);
	table_line(t, s, _("From"), rep->from);
	table_line(t, s, _("To"), rep->to);
	table_line(t, s, _("Counted on"), rep->today);
	s = _("Households and residents (now)");
	table_int(t, s, _("Households"), rep->households);
	table_int(t, s, _("Residents"), rep->residents);
	table_int(t, s, _("Registered"), rep->registered);
	table_int(t, s, _("Not registered"), rep->unregistered);
	table_int(t, s, _("Vacant"), rep->vacant);
	table_int(t, s, _("Rented"), rep->rented);
	table_ratio(t, s, _("Visit coverage"), rep->coverage);
	s = _("Special populations");
	for (i = 0; i < rep->n_categories; i++) {
		const struct wg_report_category *c = &rep->categories[i];

		table_int(t, s, c->label, c->residents);
		snprintf(b, sizeof(b), _("%s: on time"), c->label);
		table_ratio(t, s, b, c->compliance);
		snprintf(b, sizeof(b), _("%s: overdue now"), c->label);
		table_int(t, s, b, c->overdue);
		snprintf(b, sizeof(b), _("%s: longest overdue (days)"), c->label);
		table_int(t, s, b, c->longest_overdue);
	}
	table_ratio(t, s, _("Follow-ups on time"), rep->compliance);
	table_int(t, s, _("Overdue now"), rep->overdue);
	table_int(t, s, _("Longest overdue (days)"), rep->longest_overdue);
	s = _("Incidents");
	table_int(t, s, _("Reported"), rep->incidents);
	table_counts(t, _("Incidents by type"), rep->by_type, rep->n_by_type);
	table_counts(t, _("Incidents by status"), rep->by_status, rep->n_by_status);
	table_counts(t, _("Incidents by level"), rep->by_level, rep->n_by_level);
	table_ratio(t, s, _("Resolved on time"), rep->on_time);
	table_line(t, s, _("Mean days to resolve"), report_mean(rep->resolve_days, a, sizeof(a)));
	table_int(t, s, _("Longest days to resolve"), rep->longest_resolve_days);
	table_int(t, s, _("Open past deadline"), rep->open_past_deadline);
	table_ratio(t, s, _("Mediation rate"), rep->mediation);
	table_ratio(t, s, _("Success rate"), rep->success);
	table_ratio(t, s, _("Satisfaction"), rep->satisfaction);
	s = _("Visits");
	table_int(t, s, _("Visits"), rep->visits);
	table_counts(t, _("Visits by kind"), rep->by_kind, rep->n_by_kind);
	table_counts(t, _("Visits by worker"), rep->by_worker, rep->n_by_worker);
	for (i = 0; i < rep->n_by_grid; i++) {
		struct wg_ratio r = { rep->by_grid[i].extra, rep->by_grid[i].extra2 };

		table_ratio(t, _("Visit coverage by grid"), rep->by_grid[i].label, r);
	}
	return table_close(t);
}

enum wg_status report_write_csv(FILE *fp, const struct wg_config *cfg,
	const struct wg_report *rep)
{
	(void)cfg;
	return report_table(EXPORT_CSV, NULL, fp, rep);
}

enum wg_status report_write_xlsx(const char *path, const struct wg_config *cfg,
	const struct wg_report *rep)
{
	(void)cfg;
	return report_table(EXPORT_XLSX, path, NULL, rep);
}
