/* Roles and scope. The rules live here and nowhere else: screens, commands, reports and
 * printouts ask these functions. */
#include "wangge/common.h"
#include "wangge/access.h"
#include "wangge/store.h"

static const char *const role_codes[] = {
	[ROLE_NOBODY] = "nobody",
	[ROLE_WORKER] = "worker",
	[ROLE_LEADER] = "leader",
	[ROLE_ADMIN] = "admin",
};

enum wg_role role_from_code(const char *code)
{
	for (size_t i = ROLE_WORKER; i < ARRAY_SIZE(role_codes); i++)
		if (code && STREQ(code, role_codes[i]))
			return (enum wg_role)i;
	return ROLE_NOBODY;
}

const char *role_code(enum wg_role role)
{
	return (size_t)role < ARRAY_SIZE(role_codes) ? role_codes[role] : "nobody";
}

void actor_nobody(struct wg_actor *actor)
{
	actor->worker_id = NULL;
	actor->name = NULL;
	actor->role = ROLE_NOBODY;
}

enum wg_status actor_load(struct wg_db *db, const char *worker_id, struct wg_actor *actor)
{
	struct db_stmt *st = db_prepare(db, "SELECT id, name, role FROM worker "
		"WHERE id = ?1 AND departed_at IS NULL");
	enum wg_status rc = WG_OK;

	actor_nobody(actor);
	db_bind_text(st, 1, worker_id);
	if (db_row(st)) {
		actor->worker_id = xstrdup(db_text(st, 0));
		actor->name = xstrdup(db_text(st, 1));
		actor->role = role_from_code(db_text(st, 2));
	} else if (db_status(st) == WG_OK) {
		rc = wg_error_set(WG_NOT_FOUND, _("no worker with id %s"), worker_id);
	}
	if (db_finish(st) != WG_OK && rc == WG_OK)
		rc = WG_DB;
	return rc;
}

void actor_free(struct wg_actor *actor)
{
	free(actor->worker_id);
	free(actor->name);
	actor_nobody(actor);
}

bool access_in_scope(struct wg_db *db, const struct wg_actor *actor, const char *grid_code)
{
	switch (actor->role) {
	case ROLE_ADMIN:
		return true;
	case ROLE_LEADER: {
		struct db_stmt *st = db_prepare(db, "SELECT 1 FROM grid g "
			"JOIN grid g2 ON g2.community_code = g.community_code "
			"JOIN grid_worker gw ON gw.grid_code = g2.code "
			"WHERE g.code = ?1 AND gw.worker_id = ?2 LIMIT 1");
		bool yes;

		db_bind_text(st, 1, grid_code);
		db_bind_text(st, 2, actor->worker_id);
		yes = db_row(st);
		db_finish(st);
		return yes;
	}
	case ROLE_WORKER: {
		struct db_stmt *st = db_prepare(db, "SELECT 1 FROM grid_worker "
			"WHERE grid_code = ?1 AND worker_id = ?2");
		bool yes;

		db_bind_text(st, 1, grid_code);
		db_bind_text(st, 2, actor->worker_id);
		yes = db_row(st);
		db_finish(st);
		return yes;
	}
	case ROLE_NOBODY:
		break;
	}
	return false;
}

bool access_sees_restricted(struct wg_db *db, const struct wg_actor *actor,
	const char *grid_code)
{
	/* The same people who may act on the grid may see its restricted categories. */
	return access_in_scope(db, actor, grid_code);
}

enum wg_status access_scope_grids(struct wg_db *db, const struct wg_actor *actor,
	bool *all, char ***codes, size_t *n)
{
	struct db_stmt *st;
	size_t cap = 0;

	*all = actor->role == ROLE_ADMIN;
	*codes = NULL;
	*n = 0;
	if (actor->role != ROLE_WORKER && actor->role != ROLE_LEADER)
		return WG_OK;
	/* The same rules as access_in_scope, for all grids at once. */
	st = db_prepare(db, actor->role == ROLE_LEADER ?
		"SELECT DISTINCT g2.code FROM grid_worker gw JOIN grid g ON g.code = gw.grid_code "
		"JOIN grid g2 ON g2.community_code = g.community_code "
		"WHERE gw.worker_id = ?1 ORDER BY g2.code" :
		"SELECT grid_code FROM grid_worker WHERE worker_id = ?1 ORDER BY grid_code");
	db_bind_text(st, 1, actor->worker_id);
	while (db_row(st)) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 8;
			*codes = xrealloc(*codes, cap * sizeof(**codes));
		}
		(*codes)[(*n)++] = xstrdup(db_text(st, 0));
	}
	return db_finish(st);
}

void access_grids_free(char **codes, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(codes[i]);
	free(codes);
}

bool access_grids_has(char *const *codes, size_t n, const char *grid_code)
{
	size_t lo = 0, hi = n;

	if (!grid_code)
		return false;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(codes[mid], grid_code);

		if (c == 0)
			return true;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return false;
}

bool access_has_admin(struct wg_db *db)
{
	return db_get_int(db, "SELECT EXISTS (SELECT 1 FROM worker WHERE role = 'admin' "
		"AND departed_at IS NULL AND pw_hash IS NOT NULL)", NULL, 0) == 1;
}

enum wg_status access_require_admin(struct wg_db *db, const struct wg_actor *actor,
	const char *what)
{
	if (actor->role == ROLE_ADMIN || !access_has_admin(db))
		return WG_OK;
	return wg_error_set(WG_DENIED, _("%s needs an admin: run it with `wangge --as ID` "
		"where ID is an admin (see `wangge worker list`)"), what);
}
