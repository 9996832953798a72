/* Printed visit checklists (走访清单): the sheet's content, built from the database in
 * walking order, saved so the sheet id on paper leads back to its lines when the
 * filled-in sheet is keyed back in. Rendering lives in src/print/. */
#ifndef WANGGE_CHECKLIST_H
#define WANGGE_CHECKLIST_H

#include "wangge/common.h"

struct wg_db;
struct wg_config;

/* One household's block on the sheet. */
struct cl_block {
	int line;              /* 1-based line number printed on the sheet */
	char *household_id;
	char *address;         /* 恒富小区3号楼2单元501室 */
	char *head;            /* head of household, or "（空房）" for a vacant flat */
	char *phone;           /* masked */
	char *id_number;       /* head's ID number, masked; NULL when unknown */
	char *marks;           /* "独居/空巢老人、重点关注"; never a restricted category name */
	char **items;          /* checklist items of the household's categories */
	size_t n_items;
	int n_residents;
};

struct cl_sheet {
	char *id;              /* printed on every page, e.g. 20261123-0001 */
	char *date;            /* the day the sheet is for, YYYY-MM-DD */
	char *street;
	char *community;
	char *grid;            /* grid name(s) */
	char *worker;          /* worker name(s) */
	struct cl_block *blocks;
	size_t n_blocks;
};

/* What to print: one grid, or every grid of a worker. due_only keeps households with a
 * follow-up due on or before date. */
struct cl_request {
	const char *grid_code;
	const char *worker_id;
	const char *date;      /* NULL: tomorrow */
	bool due_only;
};

/* Build the sheet. *out is freed with checklist_free(). */
enum wg_status checklist_build(struct wg_db *db, const struct wg_config *cfg,
	const struct cl_request *req, struct cl_sheet **out);
/* Give the sheet an id and store it with its lines, so keying in finds them. */
enum wg_status checklist_save(struct wg_db *db, struct cl_sheet *sheet, const char *operator_id);
/* Load a saved sheet by id (blocks carry household ids and item texts). */
enum wg_status checklist_load(struct wg_db *db, const struct wg_config *cfg, const char *sheet_id,
	struct cl_sheet **out);
void checklist_free(struct cl_sheet *sheet);

#endif
