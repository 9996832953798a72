/* Figures out of the data (统计): households, residents, visit coverage (入户率),
 * follow-up compliance, incidents and visits, for a grid, a worker's grids, a community or
 * the whole street over a date range. Everything is aggregated in SQL; nothing is stored.
 * Used by `wangge report` and the 统计 screen.
 *
 * Definitions (also in wangge(1), REPORT FIGURES):
 * - Counts of households, residents and categories are as of now: households not
 *   departed; residents not departed or moved out, in such households; tags not removed.
 * - Coverage 入户率 = households with at least one visit of outcome "met" dated in the
 *   range / households.
 * - A follow-up is due interval_days after the tag's `since` and after each day the
 *   resident was recorded as met (outcome met, in visit_resident) on or after `since`.
 *   Follow-ups due in the range: due dates in [from, to] that are before today (a
 *   follow-up due today can still be done) and before the tag or the resident ended.
 *   One is on time when the resident was met after the day it counts from and on or
 *   before its due date. Compliance = on time / due.
 * - Overdue (now, whatever the range): active tags whose next due date is before today;
 *   the longest is today - due date, in days. Matches `wangge due`.
 * - Incidents: those reported in the range, by type, status and level. Resolved: those
 *   with resolved_at in the range; on time when resolved on or before the deadline (no
 *   deadline: not on time). Days to resolve = resolved day - reported day. Open past
 *   deadline (now): not resolved or closed, deadline before today.
 * - Disputes (type "dispute") reported in the range: 调解率 = those taken on (accepted:
 *   status no longer "reported") / reported; 调成率 = those resolved or closed with no
 *   "unsatisfied" as their last rating / taken on.
 * - Satisfaction = (满意 + 基本满意) / ratings given, over feedback ratings recorded in the
 *   range (each feedback visit counts once).
 * - Visits: dated in the range, per worker and per kind; for a grid, worker or community
 *   those to its households (departed ones included), for the street all.
 * A ratio whose denominator is 0 is shown as "—", never NaN. */
#ifndef WANGGE_REPORT_H
#define WANGGE_REPORT_H

#include "wangge/common.h"

struct wg_db;
struct wg_config;
struct wg_actor;

enum wg_report_scope {
	REPORT_STREET,      /* code: NULL (everything in the database) */
	REPORT_COMMUNITY,   /* code: community code */
	REPORT_GRID,        /* code: grid code */
	REPORT_WORKER,      /* code: worker id: the grids they work in */
};

struct wg_report_query {
	enum wg_report_scope scope;
	const char *code;
	const char *from;   /* YYYY-MM-DD; NULL: the first day of to's month */
	const char *to;     /* YYYY-MM-DD; NULL: today */
};

/* num / den; den == 0 means "no data", shown as "—". */
struct wg_ratio {
	int64_t num, den;
};

/* One labelled count (a bar of a chart, a line of a table). */
struct wg_report_count {
	char *code;          /* type, status, level, kind or worker id; NULL for merged rows */
	char *label;         /* Chinese name, or the neutral mark */
	int64_t n;
	int64_t extra;       /* visits per worker: of them "met"; per grid: households met */
	int64_t extra2;      /* per grid: households */
};

struct wg_report_category {
	char *code;          /* NULL for the merged neutral-mark row */
	const char *label;   /* points into the config: the name or cfg->neutral_mark */
	bool masked;         /* restricted categories merged because the actor may not see them */
	int64_t residents;   /* tagged now */
	struct wg_ratio compliance;   /* on time / due in range */
	int64_t overdue;     /* now */
	int64_t longest_overdue;      /* days; 0 when none */
};

struct wg_report {
	enum wg_report_scope scope;
	char *code;
	char *scope_name;    /* 青年路街道, 青年路第一社区, 第3网格, 张丽 (网格员) */
	char from[11], to[11], today[11];

	int64_t households, residents, registered, unregistered, vacant, rented;
	struct wg_ratio coverage;          /* households met / households */

	struct wg_report_category *categories;   /* config order; masked ones merged last */
	size_t n_categories;
	struct wg_ratio compliance;        /* all categories together */
	int64_t overdue;
	int64_t longest_overdue;

	int64_t incidents;                 /* reported in range */
	struct wg_report_count *by_type, *by_status, *by_level;
	size_t n_by_type, n_by_status, n_by_level;
	struct wg_ratio on_time;           /* resolved by the deadline / resolved */
	struct wg_ratio resolve_days;      /* sum of days / resolved: the mean */
	int64_t longest_resolve_days;
	int64_t open_past_deadline;
	struct wg_ratio mediation;         /* 调解率 */
	struct wg_ratio success;           /* 调成率 */
	struct wg_ratio satisfaction;

	int64_t visits;
	struct wg_report_count *by_worker;  /* n visits, extra: of them met; most first */
	size_t n_by_worker;
	struct wg_report_count *by_kind;
	size_t n_by_kind;

	struct wg_report_count *by_grid;    /* per grid: n = coverage percent (0..100),
	                                     * extra = households met, extra2 = households;
	                                     * label: the grid's name, for the street
	                                     * prefixed with the community's */
	size_t n_by_grid;
};

/* Compute the report for q as seen by actor (restricted categories are merged into one
 * neutral-mark row unless the actor sees them in every grid of the scope). WG_NOT_FOUND
 * for an unknown grid, community or worker; WG_USAGE for a bad date or from after to.
 * *out is freed with report_free(). */
enum wg_status report_build(struct wg_db *db, const struct wg_config *cfg,
	const struct wg_actor *actor, const struct wg_report_query *q, struct wg_report *out);
void report_free(struct wg_report *rep);

/* "87.5%" (one decimal), or "—" when the denominator is 0; into buf. Returns buf. */
const char *report_percent(struct wg_ratio r, char *buf, size_t size);
/* "2.5" (num / den with one decimal), or "—"; into buf. Returns buf. */
const char *report_mean(struct wg_ratio r, char *buf, size_t size);

/* Bar-chart rows for the screen: residents per category (label: name or neutral mark,
 * n: residents, extra: overdue now). Caller frees with report_counts_free(). */
struct wg_report_count *report_category_bars(const struct wg_report *rep, size_t *n);
void report_counts_free(struct wg_report_count *rows, size_t n);

/* A horizontal bar chart in text: each label fitted to the widest label's columns
 * (tw_fit, so Chinese labels line up), a bar of # scaled to width columns for the
 * largest value, then the value. Appends to out. */
struct strbuf;
void report_bar_chart(struct strbuf *out, const struct wg_report_count *rows, size_t n,
	int width);

/* The whole report as text (tables and bar charts), CSV (figure, value rows, UTF-8 with
 * a BOM), or an XLSX workbook at path (written through a temp file and renamed). */
enum wg_status report_write_text(FILE *fp, const struct wg_config *cfg,
	const struct wg_report *rep);
enum wg_status report_write_csv(FILE *fp, const struct wg_config *cfg,
	const struct wg_report *rep);
enum wg_status report_write_xlsx(const char *path, const struct wg_config *cfg,
	const struct wg_report *rep);

#endif
