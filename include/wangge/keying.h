/* Keying a printed checklist back in (回填): each filled-in line of the sheet becomes a
 * visit on the sheet's date, stamped with the operator. A line already keyed is never
 * saved twice (the visit remembers its sheet and line). The screen and `wangge key`
 * share this. */
#ifndef WANGGE_KEYING_H
#define WANGGE_KEYING_H

#include "wangge/common.h"

struct wg_db;
struct wg_config;
struct wg_actor;
struct cl_sheet;

/* One filled-in line of the sheet. */
struct key_line {
	int line;                /* the number printed on the sheet */
	const char *outcome;     /* m, n, r, x, or an outcome code or Chinese name */
	const int *items;        /* ticked checklist items, 1-based as printed */
	size_t n_items;
	const char *note;        /* NULL or empty: none */
};

/* The outcome code a typed outcome stands for ("m" → "met"), or NULL if none. */
const char *keying_outcome(const struct wg_config *cfg, const char *typed);

/* Check a line against the sheet without writing: the line exists, the outcome is
 * known, the item numbers are on the sheet. WG_INVALID with the detail otherwise. */
enum wg_status keying_check(const struct wg_config *cfg, const struct cl_sheet *sheet,
	const struct key_line *kl);

/* Save one line as a visit dated date (NULL: the sheet's date). When the outcome is
 * "met", the residents the sheet's categories are for (those with an active tag) count
 * as met. WG_EXISTS when that line was keyed before (nothing written; out_id holds the
 * earlier visit). out_id may be NULL. */
enum wg_status keying_save(struct wg_db *db, const struct wg_config *cfg,
	const struct wg_actor *actor, const struct cl_sheet *sheet, const struct key_line *kl,
	const char *date, const char *kind, char out_id[37]);

#endif
