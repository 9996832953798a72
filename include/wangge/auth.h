/* Passwords and log-in: argon2id hashes (libsodium crypto_pwhash_str, interactive
 * limits) in worker.pw_hash, five wrong tries in a row lock the account for a minute
 * (worker.failed_logins, worker.locked_until), every attempt in the audit log. The
 * screen's login and the command line's --as both come through here. */
#ifndef WANGGE_AUTH_H
#define WANGGE_AUTH_H

#include "wangge/common.h"

struct wg_db;
struct wg_app;
struct wg_actor;

#define AUTH_MIN_PASSWORD 6     /* characters (not bytes) */
#define AUTH_MAX_PASSWORD 256   /* bytes */
#define AUTH_MAX_TRIES 5        /* wrong tries in a row before the account waits */
#define AUTH_LOCK_SECONDS 60

/* Has worker_id (present, not departed) a password? False for unknown workers. The
 * first login on the screen sets one when there is none. */
bool auth_has_password(struct wg_db *db, const char *worker_id);

/* Is password good enough to be set? WG_INVALID with a message saying why if not
 * (shorter than AUTH_MIN_PASSWORD characters, longer than AUTH_MAX_PASSWORD bytes, not
 * UTF-8). */
enum wg_status auth_password_acceptable(const char *password);

/* Set or reset worker_id's password (checked with auth_password_acceptable), clearing
 * the wrong-try count and any lock, with an audit row "passwd" by operator_id (NULL on
 * the command line without --as). Opens its own transaction (call it outside one: the
 * hashing takes a while). WG_NOT_FOUND for an unknown or departed worker. */
enum wg_status auth_set_password(struct wg_db *db, const char *operator_id,
	const char *worker_id, const char *password);

/* One login attempt; via says where it came from ("screen", "cli") and goes into the
 * audit detail. Call it outside a transaction. Returns
 *   WG_OK         right password: audit "login", wrong-try count reset;
 *   WG_AUTH       wrong password: audit "login.fail";
 *   WG_WAIT       the account is locked (this try was the fifth wrong one in a row, or
 *                 an earlier lock has not run out): *wait_seconds says how long;
 *                 audit "login.fail" (and "lock" when this try locked it);
 *   WG_STATE      the worker has no password yet (set one first);
 *   WG_NOT_FOUND  no such worker (departed workers cannot log in).
 * wait_seconds may be NULL. The clock honours $WANGGE_NOW, so tests can move past a
 * lock. */
enum wg_status auth_check_password(struct wg_db *db, const char *worker_id,
	const char *password, const char *via, int *wait_seconds);

/* The lock clock: seconds since the epoch of wg_now(), so $WANGGE_NOW moves it too.
 * worker.locked_until is on this clock. */
int64_t auth_clock(void);

/* The command line's actor: without --as (app->as_worker NULL) actor_nobody and WG_OK.
 * With --as WORKER: the password comes from $WANGGE_PASSWORD, else it is asked for on
 * the terminal without echo; then auth_check_password(..., "cli", ...). On WG_OK *out
 * holds the worker (release with actor_free); otherwise *out is nobody and the error
 * detail is set (print it with cli_fail). Opens the database through app_db.
 * Implemented in src/cli/cli_worker.c (it reads the terminal). */
enum wg_status auth_cli_actor(struct wg_app *app, struct wg_actor *out);

/* Read one line from the terminal (/dev/tty) with echo off, after printing prompt to
 * it. NULL when there is no terminal or on end of input. Caller frees with
 * auth_password_free (which wipes it). Implemented in src/cli/cli_worker.c. */
char *auth_read_password(const char *prompt);
void auth_password_free(char *password);

#endif
