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
 * *bad_seq and a message in wg_error_msg(). */
enum wg_status audit_verify(struct wg_db *db, int64_t *bad_seq);

#endif
