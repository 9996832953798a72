/* Who is acting, and what they may see. Restricted categories are visible only to the
 * workers of the resident's grid and to the leaders (their community) and admins above
 * it; everyone else sees the neutral mark. */
#ifndef WANGGE_ACCESS_H
#define WANGGE_ACCESS_H

#include "wangge/common.h"

struct wg_db;

enum wg_role {
	ROLE_NOBODY,   /* command line without --as: what any worker may see */
	ROLE_WORKER,
	ROLE_LEADER,
	ROLE_ADMIN,
};

struct wg_actor {
	char *worker_id;   /* NULL for nobody */
	char *name;
	enum wg_role role;
};

/* Load worker_id's role and name into actor (actor_free releases). WG_NOT_FOUND if no
 * such worker. */
enum wg_status actor_load(struct wg_db *db, const char *worker_id, struct wg_actor *actor);
void actor_free(struct wg_actor *actor);
/* The anonymous actor of the command line. */
void actor_nobody(struct wg_actor *actor);

enum wg_role role_from_code(const char *code);   /* "worker", "leader", "admin" */
const char *role_code(enum wg_role role);

/* May actor see restricted categories of residents living in grid_code? */
bool access_sees_restricted(struct wg_db *db, const struct wg_actor *actor,
	const char *grid_code);
/* May actor act on records of grid_code (record visits, report incidents)? Workers: their
 * grids; leaders: their community; admins: everything. */
bool access_in_scope(struct wg_db *db, const struct wg_actor *actor, const char *grid_code);

/* The grids actor may act on and see restricted categories in, for modules that decide
 * for many rows at once (search, reports, exports) instead of asking per row: *all is
 * true for admins (and *codes empty); nobody gets no codes. *codes is sorted; the caller
 * frees it with access_grids_free(*codes, *n). */
enum wg_status access_scope_grids(struct wg_db *db, const struct wg_actor *actor,
	bool *all, char ***codes, size_t *n);
void access_grids_free(char **codes, size_t n);
/* Is grid_code in a list from access_scope_grids (binary search)? */
bool access_grids_has(char *const *codes, size_t n, const char *grid_code);

/* Does the database have an admin yet? Until it has one, the administrative commands
 * (worker role, resetting someone else's password, audit list) are open to whoever runs
 * them, so that a new database can be set up; the first `worker role ID admin` closes
 * them. */
bool access_has_admin(struct wg_db *db);
/* WG_OK when actor may do the administrative thing named by what (a short translated
 * phrase for the message): actor is an admin, or there is no admin yet. Otherwise
 * WG_DENIED with a message saying to use --as with an admin. */
enum wg_status access_require_admin(struct wg_db *db, const struct wg_actor *actor,
	const char *what);

#endif
