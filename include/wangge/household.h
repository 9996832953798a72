/* Households and their residents: one household with everything around it (building,
 * compound, grid, residents and their tags, latest visits), the households of a grid in
 * walking order, and edits that refuse to overwrite someone else's change silently. */
#ifndef WANGGE_HOUSEHOLD_H
#define WANGGE_HOUSEHOLD_H

#include "wangge/common.h"

struct wg_db;
struct wg_config;
struct wg_actor;
struct wg_visit;

struct wg_resident {
	int64_t id;
	int position;          /* order in the household, as imported */
	char *name;
	char *id_number;       /* full: mask (mask.h) before showing; NULL when unknown */
	char *sex;             /* 男, 女 or NULL */
	char *birth;           /* YYYY-MM-DD or NULL */
	char *relation;        /* 户主, 配偶, ... or NULL */
	char *phone;           /* full: mask before showing */
	bool registered;       /* 户籍 here */
	char *moved_out_at;    /* NULL while living here */
	int64_t version;
	char **tags;           /* active category codes, in the config's order */
	size_t n_tags;
};

struct wg_household {
	char *id;
	char *street_code, *street_name;
	char *community_code, *community_name;
	char *grid_code, *grid_name;
	int64_t building_id;
	char *building_code, *building_name, *compound;
	char *unit, *room;
	int floor;             /* 0 when unknown */
	char *phone;           /* full: mask before showing */
	char *tenure;          /* owner, rented, vacant */
	char *note;
	char *address;         /* address_format(): "恒富小区3号楼2单元501室" */
	char *door;            /* address_door(): "3-2-501" */
	char *departed_at;     /* NULL while in the grid file */
	char *updated_at, *updated_by;
	int64_t version;       /* pass back to household_edit() */
	struct wg_resident *residents;  /* present ones (not departed), in position order */
	size_t n_residents;
	struct wg_visit *visits;        /* latest first, at most max_visits */
	size_t n_visits;
};

/* Load household id with its residents (not departed; moved-out ones included, see
 * moved_out_at) and its latest max_visits visits (0: none). WG_NOT_FOUND when there is
 * no such household. Free with household_free(). */
enum wg_status household_load(struct wg_db *db, const struct wg_config *cfg, const char *id,
	size_t max_visits, struct wg_household *out);
void household_free(struct wg_household *hh);

/* The head of household: the resident whose relation is 户主, else the first one; NULL
 * for an empty flat. Points into hh. */
const struct wg_resident *household_head(const struct wg_household *hh);

/* One line of a grid's walking list. */
struct wg_household_row {
	char *id;
	char *address;         /* address_format() */
	char *door;            /* address_door() */
	char *tenure;
	char *head;            /* head of household's name, NULL for an empty flat */
	int n_residents;       /* living here (not departed, not moved out) */
	char **tags;           /* distinct active categories of its residents, config order */
	size_t n_tags;
	char *last_visit;      /* date of the latest visit, NULL if never visited */
};

/* The households of grid_code that are still in the grid file, in walking order
 * (building, unit, floor, room; numbers compared as numbers). *rows is freed with
 * household_rows_free(). WG_NOT_FOUND when there is no such grid. */
enum wg_status household_list_grid(struct wg_db *db, const struct wg_config *cfg,
	const char *grid_code, struct wg_household_row **rows, size_t *n);
void household_rows_free(struct wg_household_row *rows, size_t n);

/* What to show for category code: its name, or cfg->neutral_mark when the category is
 * restricted and the viewer may not see it (access_sees_restricted() for the resident's
 * grid). Unknown codes are shown as written. Points into cfg or code. */
const char *household_category_label(const struct wg_config *cfg, const char *code,
	bool sees_restricted);
/* Does any resident of hh carry a restricted category? */
bool household_has_restricted(const struct wg_household *hh, const struct wg_config *cfg);

/* Edit one field of a household: "phone", "tenure" (owner|rented|vacant) or "note";
 * value NULL or "" clears phone and note. version is the one the editor loaded: when
 * the household changed since, nothing is written and WG_CONFLICT is returned (reload
 * and show the editor the new values). Stamped updated_by/updated_at, version + 1,
 * audit row "household.edit", search index refreshed, in one transaction. actor is the
 * operator: a worker, leader or admin must have the grid in scope (access_in_scope);
 * the anonymous command line (ROLE_NOBODY) may edit and is logged without a name.
 * *new_version (may be NULL) receives the version after the edit. */
enum wg_status household_edit(struct wg_db *db, const struct wg_actor *actor,
	const char *household_id, int64_t version, const char *field, const char *value,
	int64_t *new_version);

/* Edit one field of a resident: "name", "id_number", "sex" (男|女), "birth"
 * (YYYY-MM-DD), "relation", "phone", "registered" (1|0|true|false|yes|no) or
 * "moved_out_at" (a date, or "" to say they live here again). Same version, stamp,
 * audit ("resident.edit") and index rules as household_edit(). */
enum wg_status resident_edit(struct wg_db *db, const struct wg_actor *actor,
	int64_t resident_id, int64_t version, const char *field, const char *value,
	int64_t *new_version);

/* Give (on) or take away (!on) a category from a resident; a tag taken away is kept
 * with removed_at. Restricted categories need an actor who sees them. Unknown codes
 * are WG_INVALID. Bumps the resident's version; audit "resident.tag". */
enum wg_status resident_tag_set(struct wg_db *db, const struct wg_config *cfg,
	const struct wg_actor *actor, int64_t resident_id, const char *category, bool on);

#endif
