/* The append-only, hash-chained audit log: every write, reveal, restricted view, login,
 * failed login, lock and export. Each row's hash is SHA-256 over the previous row's hash
 * and this row's fields, so editing or deleting a row breaks the chain. */
#ifndef WANGGE_AUDIT_H
#define WANGGE_AUDIT_H

#include "wangge/common.h"

struct wg_db;

/* Append one row inside the caller's transaction (or its own, if none is open).
 * operator may be NULL (command line without --as); object and detail may be NULL.
 * action is a short code: "import", "visit.add", "household.edit", "login",
 * "login.fail", "lock", "reveal", "view.restricted", "export", "incident.step", ... */
enum wg_status audit_log(struct wg_db *db, const char *operator_id, const char *action,
	const char *object, const char *detail);

/* Walk the chain; on a break returns WG_INVALID with the first broken row's seq in
 * *bad_seq and a message in wg_error_msg(). Besides the chain, the number of rows and
 * the last hash are kept in meta (audit.count, audit.last_hash) by audit_log, so deleting
 * the newest rows is caught too (bad_seq is then one past the last row left). Limit: the
 * chain has no secret key; someone who can write the file and knows the scheme can
 * recompute every hash and the meta record. Keeping the last hash elsewhere (it is
 * printed by `wangge audit verify`) or a backup lets such a rewrite be found. */
enum wg_status audit_verify(struct wg_db *db, int64_t *bad_seq);

/* One row, as audit_each hands it over (valid during the callback only). */
struct audit_row {
	int64_t seq;
	const char *at;          /* "YYYY-MM-DD HH:MM:SS" */
	const char *operator_id; /* NULL: the command line without --as */
	const char *action;
	const char *object;      /* may be NULL */
	const char *detail;      /* may be NULL */
};

/* Call fn for each row, oldest first, optionally only those of operator worker_id and
 * from/to (days "YYYY-MM-DD", inclusive); NULL means no limit. fn returns false to stop.
 * The caller decides who may see the log (access_require_admin). */
enum wg_status audit_each(struct wg_db *db, const char *worker_id, const char *from,
	const char *to, bool (*fn)(const struct audit_row *row, void *ctx), void *ctx);

#endif
