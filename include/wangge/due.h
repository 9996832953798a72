/* Special-population follow-ups: who is due a visit, when, and why. Nothing is stored:
 * the list is computed at query time from resident_tag, visit and visit_resident, with
 * each category's interval from the configuration.
 *
 * For every active tag (removed_at NULL) of a resident who has not moved out and whose
 * household has not departed, the clock starts at the latest visit with outcome "met"
 * that recorded the resident as met (on or after the tag's `since`, not after the query
 * day); a resident never met since the tag was set counts from `since`. The follow-up is
 * due interval_days later. Other outcomes (nobody home, refused) are counted as attempts
 * and do not reset the clock. */
#ifndef WANGGE_DUE_H
#define WANGGE_DUE_H

#include "wangge/common.h"

struct wg_db;
struct wg_config;
struct wg_actor;

enum wg_due_scope {
	DUE_STREET,     /* code: a street code, or NULL for every street in the database */
	DUE_COMMUNITY,  /* code: community code */
	DUE_GRID,       /* code: grid code */
	DUE_WORKER,     /* code: worker id: the grids they work in */
};

struct wg_due_query {
	enum wg_due_scope scope;
	const char *code;
	const char *on;     /* the day asked about, YYYY-MM-DD; NULL = today (wg_today) */
	int within;         /* lines due up to `on` + within days; < 0 = every line */
	/* Lines of restricted categories the actor may not see are left out: even under the
	 * neutral mark, a due date names the category by its interval. Callers that never
	 * show the lines (choosing households for a printed sheet) may keep them, masked. */
	bool include_hidden;
};

struct wg_due_item {
	char *household_id;
	char *grid_code;
	char *address;          /* address_format(): 恒富小区3号楼2单元501室 */
	int64_t resident_id;
	char *resident_name;
	char *category;         /* category code as in the configuration (always the real
	                         * one: do not print it when masked) */
	const char *shown;      /* what to print for the category: its Chinese name, or
	                         * cfg->neutral_mark when masked; points into the config */
	bool masked;            /* restricted, and the actor may not see it */
	int interval_days;
	char since[11];         /* the tag's since */
	char last_met[11];      /* "" when never met since the tag was set */
	char due[11];           /* due date */
	int days_overdue;       /* on - due: > 0 late, 0 due today, < 0 not yet due */
	int attempts;           /* visits with other outcomes since the clock started */
	char *reason;           /* 社区矫正对象 · 每7天 · 上次见面 03-02 · 逾期12天 [· 2次未见到]
	                         * (translated; masked lines show the neutral mark and leave
	                         * out the interval) */
};

struct wg_due_list {
	struct wg_due_item *items;   /* most late first, then by due date, then walking order */
	size_t n;
	char on[11];                 /* the day the list was computed for */
};

/* Compute the due list for q, seen by actor (restricted categories become the neutral
 * mark for those who may not see them: access_sees_restricted()). One SQL query.
 * WG_NOT_FOUND when the grid, community, street or worker does not exist; WG_USAGE for
 * a bad date. out is filled (empty on error) and freed with due_list_free(). */
enum wg_status due_list(struct wg_db *db, const struct wg_config *cfg,
	const struct wg_actor *actor, const struct wg_due_query *q, struct wg_due_list *out);
void due_list_free(struct wg_due_list *list);

/* The reason text of one line, as due_list() builds it; caller frees. */
char *due_reason(const struct wg_config *cfg, const struct wg_due_item *item);

#endif
