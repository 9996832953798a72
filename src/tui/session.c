/* What the screen needs to know about the operator and the place: the workers who may
 * log in (for the login list) and the street, community and grid of an operator. Small
 * look-ups through the store wrapper, done when a screen opens, never while typing. */
#include "wangge/common.h"
#include "wangge/pinyin.h"
#include "wangge/store.h"
#include "wangge/tui.h"
#include "tui_session.h"

#include <strings.h>

void tui_workers_load(struct wg_db *db, struct tui_worker **out, size_t *n)
{
	struct db_stmt *st = db_prepare(db,
		"SELECT w.id, w.name, w.role, w.pw_hash IS NOT NULL,"
		"  (SELECT g.name FROM grid_worker gw JOIN grid g ON g.code = gw.grid_code"
		"   WHERE gw.worker_id = w.id ORDER BY g.code LIMIT 1)"
		" FROM worker w WHERE w.departed_at IS NULL"
		" ORDER BY CASE w.role WHEN 'admin' THEN 2 WHEN 'leader' THEN 0 ELSE 1 END, w.id");
	size_t cap = 0;

	*out = NULL;
	*n = 0;
	while (db_row(st)) {
		struct tui_worker *w;

		if (*n == cap) {
			cap = cap ? cap * 2 : 16;
			*out = xrealloc(*out, cap * sizeof(**out));
		}
		w = &(*out)[(*n)++];
		w->id = xstrdup(db_text(st, 0));
		w->name = xstrdup(db_text(st, 1));
		w->role = xstrdup(db_text(st, 2));
		w->has_password = db_int(st, 3) != 0;
		w->grid = db_text(st, 4) ? xstrdup(db_text(st, 4)) : NULL;
		w->py_full = pinyin_full(w->name, true);
		w->py_initials = pinyin_initials(w->name, true);
	}
	db_finish(st);
}

void tui_workers_free(struct tui_worker *w, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(w[i].id);
		free(w[i].name);
		free(w[i].role);
		free(w[i].grid);
		free(w[i].py_full);
		free(w[i].py_initials);
	}
	free(w);
}

void tui_place_load(struct tui *t)
{
	struct db_stmt *st;

	free(t->street); free(t->community); free(t->grid_code); free(t->grid_name);
	t->street = t->community = t->grid_code = t->grid_name = NULL;
	if (t->actor.worker_id) {
		st = db_prepare(t->db,
			"SELECT s.name, c.name, g.code, g.name FROM grid_worker gw"
			" JOIN grid g ON g.code = gw.grid_code"
			" JOIN community c ON c.code = g.community_code"
			" JOIN street s ON s.code = c.street_code"
			" WHERE gw.worker_id = ? ORDER BY g.code LIMIT 1");
		db_bind_text(st, 1, t->actor.worker_id);
		if (db_row(st)) {
			t->street = xstrdup(db_text(st, 0));
			t->community = xstrdup(db_text(st, 1));
			t->grid_code = xstrdup(db_text(st, 2));
			t->grid_name = xstrdup(db_text(st, 3));
		}
		db_finish(st);
	}
	if (!t->street) {
		st = db_prepare(t->db, "SELECT name FROM street ORDER BY code LIMIT 1");
		if (db_row(st))
			t->street = xstrdup(db_text(st, 0));
		db_finish(st);
	}
}

bool tui_pinyin_matches(const struct tui_worker *w, const char *query)
{
	size_t n = strlen(query);

	return (w->py_full && strncasecmp(w->py_full, query, n) == 0) ||
		(w->py_initials && strncasecmp(w->py_initials, query, n) == 0);
}
