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

#endif
