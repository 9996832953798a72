/* Household lookup: Chinese substrings, pinyin (full, initials, mixed), door numbers,
 * ID/phone digits. An index kept at import and edit time answers each keystroke without
 * scanning the population. The screen and `wangge find` use the same engine. */
#ifndef WANGGE_SEARCH_H
#define WANGGE_SEARCH_H

#include "wangge/common.h"

struct wg_db;

/* Rebuild the index rows of one household (address, compound and building names,
 * residents' names with pinyin, ID number and phone digits). Call inside the caller's
 * transaction whenever a household or its residents change. */
enum wg_status search_index_household(struct wg_db *db, const char *household_id);
/* Drop the rows of a departed household (it stops appearing in results). */
enum wg_status search_unindex_household(struct wg_db *db, const char *household_id);

/* For an import: between search_begin_bulk and search_end_bulk statements are kept
 * prepared, names and buildings already indexed are remembered, and the keys of new
 * names are gathered and written in key order (much faster on a big database).
 * Call search_flush_bulk inside the transaction just before committing; search_end_bulk
 * writes anything left (in a transaction of its own if none is open) and must be called
 * also after a rollback, before closing the database. */
enum wg_status search_begin_bulk(struct wg_db *db);
enum wg_status search_flush_bulk(struct wg_db *db);
enum wg_status search_end_bulk(struct wg_db *db);
/* Rebuild the whole index from the household and resident tables (inside the caller's
 * transaction). */
enum wg_status search_rebuild(struct wg_db *db);

/* One household found. All strings live in one block: free only with search_hits_free.
 * No ID numbers, phones or category tags are ever part of a hit. */
struct search_hit {
	char *household_id;
	char *address;     /* address_format(): 恒富小区3号楼2单元501室 */
	char *door;        /* 3-2-501 */
	char *head;        /* head of household (户主, else the first resident); "" if vacant */
	char *residents;   /* active residents' names, head first, joined by "、" */
	char *grid_code;
	int rank;          /* 0 exact, 1 prefix, 2 substring (the worst over the terms) */
};

/* Look households up. Terms are separated by spaces and all must match; a term matches
 * a resident's name or the compound and building name as a Chinese substring, their
 * pinyin (full, initials, or mixed: zhangsan, zs, zhangs, zsan), a door number (3-2-501,
 * 3-2, 501), or the last 4 or more digits of an ID number or phone (or a whole one).
 * Best first: exact names before prefixes before substrings, ties in walking order.
 * Departed households and moved-out residents are never found. At most limit hits;
 * *hits is NULL when none. */
enum wg_status search_query(struct wg_db *db, const char *query, size_t limit,
	struct search_hit **hits, size_t *n);
/* The same with a budget of about max_scan search documents tested in walking order
 * when every term is too common for the index to narrow it down (0: no limit; documents
 * a quick test skips count a third). The screen uses SEARCH_SCREEN_BUDGET so that every
 * keystroke stays within a few milliseconds at a million households: a term matching
 * between about 0.05% and 1% of the households may then show fewer, or later-ranked,
 * households than the unlimited search (`wangge find`) would. Every hit matches. */
#define SEARCH_SCREEN_BUDGET 5000
enum wg_status search_query_budget(struct wg_db *db, const char *query, size_t limit,
	size_t max_scan, struct search_hit **hits, size_t *n);
void search_hits_free(struct search_hit *hits, size_t n);

#endif
