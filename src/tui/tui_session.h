/* Look-ups of workers and places for the screen (src/tui/session.c). */
#ifndef WANGGE_TUI_SESSION_H
#define WANGGE_TUI_SESSION_H

#include "wangge/common.h"

struct wg_db;
struct tui;

struct tui_worker {
	char *id, *name, *role, *grid;
	bool has_password;
};

/* Workers still working here, leaders first; free with tui_workers_free. */
void tui_workers_load(struct wg_db *db, struct tui_worker **out, size_t *n);
void tui_workers_free(struct tui_worker *w, size_t n);
/* Does query (ASCII letters) match the pinyin of name, full ("zhangwei"), initials
 * ("zw") or a prefix of either? */
bool tui_pinyin_matches(const char *name, const char *query);
/* The operator's street, community and first grid into t's title fields. */
void tui_place_load(struct tui *t);

#endif
