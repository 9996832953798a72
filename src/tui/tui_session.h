/* Look-ups of workers and places for the screen (src/tui/session.c). */
#ifndef WANGGE_TUI_SESSION_H
#define WANGGE_TUI_SESSION_H

#include "wangge/common.h"

struct wg_db;
struct tui;

struct tui_worker {
	char *id, *name, *role, *grid;
	char *py_full, *py_initials;     /* pinyin of the name: "zenglihua", "zlh" */
	bool has_password;
};

/* Workers still working here, leaders first; free with tui_workers_free. */
void tui_workers_load(struct wg_db *db, struct tui_worker **out, size_t *n);
void tui_workers_free(struct tui_worker *w, size_t n);
/* Does query match the pinyin of w's name: a prefix of the full reading ("zengl") or of
 * the initials ("zlh"), ignoring case? */
bool tui_pinyin_matches(const struct tui_worker *w, const char *query);
/* The operator's street, community and first grid into t's title fields. */
void tui_place_load(struct tui *t);

#endif
