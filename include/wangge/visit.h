/* Visits (走访): a worker at a household on a day, its kind and outcome, the residents
 * met, the checklist items ticked and a note. Ids are random UUIDs, so stores from
 * several workstations can be merged. A visit keyed in from a printed sheet remembers
 * the sheet and line, and the same line is never saved twice. */
#ifndef WANGGE_VISIT_H
#define WANGGE_VISIT_H

#include "wangge/common.h"

struct wg_db;
struct wg_config;
struct wg_actor;

struct wg_visit {
	char *id;              /* UUID */
	char *household_id;
	char *worker_id;       /* NULL when no worker was named */
	char *worker_name;
	char *kind;            /* config visit kind code: routine, followup, ... */
	char *outcome;         /* config outcome code: met, not_home, refused, moved_out */
	char *date;            /* YYYY-MM-DD (column visit.at) */
	char *note;
	char *sheet_id;        /* NULL unless keyed in from a printed sheet */
	int sheet_line;
	char *created_at;      /* YYYY-MM-DD HH:MM:SS */
	char *created_by;      /* operator, NULL for the anonymous command line */
	int64_t *met_ids;      /* residents met (visit_resident), in position order */
	char **met_names;
	size_t n_met;
	char **items;          /* checklist items ticked */
	size_t n_items;
};

/* A visit to record. Only household_id is required. */
struct wg_visit_new {
	const char *household_id;
	const char *worker_id;        /* NULL: the actor (if a worker), else none */
	const char *kind;             /* code or Chinese name; NULL: the first configured kind */
	const char *outcome;          /* code or Chinese name; NULL: "met" */
	const char *date;             /* YYYY-MM-DD, not after today; NULL: today */
	const char *const *residents; /* met: names, or position numbers "1", "2" as in show */
	size_t n_residents;
	const int64_t *resident_ids;  /* met, by resident id (screens) */
	size_t n_resident_ids;
	const char *const *items;     /* checklist items ticked (text) */
	size_t n_items;
	const char *note;
	const char *sheet_id;         /* printed sheet it was keyed from, or NULL */
	int sheet_line;
};

/* Record a visit in one transaction (BEGIN IMMEDIATE): the visit, the residents met,
 * the ticked items and an audit row "visit.add", stamped created_by = actor. Refuses
 * (WG_INVALID) unknown kinds and outcomes, bad or future dates, residents not living
 * in the household, an unknown or departed worker; WG_NOT_FOUND for an unknown
 * household; WG_DENIED when a worker/leader actor has the grid out of scope (the
 * anonymous command line may record). When the outcome is met and no resident is
 * named, a household with exactly one resident living there records that resident as
 * met; otherwise only the named residents count as met (follow-up clocks reset only for
 * them). A household that has left the grid file may still get visits (sheets keyed in
 * late). The same sheet_id + sheet_line already keyed: nothing is written, WG_EXISTS,
 * and out_id holds the existing visit's id. WG_BUSY when another writer held the
 * database longer than the busy timeout. out_id may be NULL. */
enum wg_status visit_add(struct wg_db *db, const struct wg_config *cfg,
	const struct wg_actor *actor, const struct wg_visit_new *v, char out_id[37]);

struct wg_visit_filter {
	const char *household_id;     /* NULL: any */
	const char *worker_id;        /* NULL: any */
	const char *grid_code;        /* NULL: any */
	const char *from, *to;        /* inclusive YYYY-MM-DD bounds; NULL: open */
	size_t limit;                 /* 0: all */
};

/* Visits matching every given filter, latest first (date, then time recorded). Bad
 * dates in the filter are WG_USAGE. Free with visits_free(). */
enum wg_status visit_list(struct wg_db *db, const struct wg_visit_filter *f,
	struct wg_visit **out, size_t *n);
/* One visit by id; WG_NOT_FOUND when unknown. Free with visit_free(). */
enum wg_status visit_get(struct wg_db *db, const char *id, struct wg_visit *out);
void visit_free(struct wg_visit *v);
void visits_free(struct wg_visit *v, size_t n);

#endif
