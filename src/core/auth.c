/* Passwords: argon2id hashes from libsodium, a lock after five wrong tries in a row, and
 * an audit row for every attempt. The hashing is slow on purpose (interactive limits:
 * about 64 MiB and a tenth of a second), so it runs outside the write transactions. */
#include "wangge/common.h"
#include "wangge/auth.h"
#include "wangge/audit.h"
#include "wangge/store.h"

#include <sodium.h>

static enum wg_status sodium_ready(void)
{
	if (sodium_init() < 0)
		return wg_error_set(WG_IO, _("the cryptography library (libsodium) could not "
			"start; check that it is installed"));
	return WG_OK;
}

/* Seconds since the epoch of wg_now(), so that $WANGGE_NOW moves the lock clock too. */
int64_t auth_clock(void)
{
	char buf[20];
	struct tm tm = { 0 };

	wg_now(buf);
	if (sscanf(buf, "%d-%d-%d %d:%d:%d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
			&tm.tm_hour, &tm.tm_min, &tm.tm_sec) != 6)
		return (int64_t)time(NULL);
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	tm.tm_isdst = -1;
	return (int64_t)mktime(&tm);
}

/* Number of UTF-8 characters in s, or -1 when s is not valid UTF-8. */
static long utf8_chars(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	long n = 0;

	while (*p) {
		int len = *p < 0x80 ? 1 : (*p >> 5) == 6 ? 2 : (*p >> 4) == 14 ? 3 :
			(*p >> 3) == 30 ? 4 : 0;

		if (len == 0 || (len == 2 && *p < 0xc2) || (len == 4 && *p > 0xf4))
			return -1;
		for (int i = 1; i < len; i++)
			if ((p[i] & 0xc0) != 0x80)
				return -1;
		p += len;
		n++;
	}
	return n;
}

bool auth_has_password(struct wg_db *db, const char *worker_id)
{
	return db_get_int(db, "SELECT pw_hash IS NOT NULL FROM worker "
		"WHERE id = ?1 AND departed_at IS NULL", worker_id, 0) == 1;
}

enum wg_status auth_password_acceptable(const char *password)
{
	long n;

	if (!password)
		return wg_error_set(WG_INVALID, _("no password given"));
	if (strlen(password) > AUTH_MAX_PASSWORD)
		return wg_error_set(WG_INVALID, _("the password is longer than %d bytes; "
			"choose a shorter one"), AUTH_MAX_PASSWORD);
	n = utf8_chars(password);
	if (n < 0)
		return wg_error_set(WG_INVALID, _("the password is not valid UTF-8 text; "
			"check the terminal's input method"));
	if (n < AUTH_MIN_PASSWORD)
		return wg_error_set(WG_INVALID, _("the password is too short: at least %d "
			"characters are needed"), AUTH_MIN_PASSWORD);
	return WG_OK;
}

enum wg_status auth_set_password(struct wg_db *db, const char *operator_id,
	const char *worker_id, const char *password)
{
	char hash[crypto_pwhash_STRBYTES];
	struct db_stmt *st;
	enum wg_status rc;

	if ((rc = auth_password_acceptable(password)) != WG_OK ||
			(rc = sodium_ready()) != WG_OK)
		return rc;
	if (crypto_pwhash_str(hash, password, strlen(password),
			crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
		return wg_error_set(WG_NOMEM, _("not enough memory to hash the password "
			"(about 64 MiB are needed)"));
	if ((rc = db_begin(db)) != WG_OK)
		return rc;
	st = db_prepare(db, "UPDATE worker SET pw_hash = ?1, failed_logins = 0, "
		"locked_until = 0 WHERE id = ?2 AND departed_at IS NULL");
	db_bind_text(st, 1, hash);
	db_bind_text(st, 2, worker_id);
	rc = db_run(st);
	db_finish(st);
	if (rc == WG_OK && db_changes(db) == 0)
		rc = wg_error_set(WG_NOT_FOUND, _("no worker with id %s (see `wangge worker "
			"list`)"), worker_id);
	if (rc == WG_OK)
		rc = audit_log(db, operator_id, "passwd", worker_id, NULL);
	if (rc == WG_OK)
		rc = db_commit(db);
	else
		db_rollback(db);
	sodium_memzero(hash, sizeof hash);
	return rc;
}

static enum wg_status finish_tx(struct wg_db *db, enum wg_status rc)
{
	if (rc == WG_OK)
		return db_commit(db);
	db_rollback(db);
	return rc;
}

static enum wg_status locked_error(const char *worker_id, int wait)
{
	return wg_error_set(WG_WAIT, _("%s: too many wrong passwords in a row; try again "
		"in %d s"), worker_id, wait);
}

enum wg_status auth_check_password(struct wg_db *db, const char *worker_id,
	const char *password, const char *via, int *wait_seconds)
{
	struct db_stmt *st;
	enum wg_status rc;
	char *hash = NULL;
	int64_t now, locked_until = 0, failed = 0;
	bool found = false, right;
	int dummy;

	if (!wait_seconds)
		wait_seconds = &dummy;
	*wait_seconds = 0;
	if ((rc = sodium_ready()) != WG_OK)
		return rc;

	/* Phase 1: count this try before checking it, so parallel guesses cannot get more
	 * than AUTH_MAX_TRIES past the lock, and a killed process counts as a wrong try. */
	if ((rc = db_begin(db)) != WG_OK)
		return rc;
	now = auth_clock();
	st = db_prepare(db, "SELECT pw_hash, locked_until FROM worker "
		"WHERE id = ?1 AND departed_at IS NULL");
	db_bind_text(st, 1, worker_id);
	if (db_row(st)) {
		found = true;
		hash = db_is_null(st, 0) ? NULL : xstrdup(db_text(st, 0));
		locked_until = db_int(st, 1);
	}
	rc = db_finish(st);
	if (rc != WG_OK) {
		db_rollback(db);
		goto out;
	}
	if (!found) {
		db_rollback(db);
		rc = wg_error_set(WG_NOT_FOUND, _("no worker with id %s (see `wangge worker "
			"list`)"), worker_id);
		goto out;
	}
	if (!hash) {
		db_rollback(db);
		rc = wg_error_set(WG_STATE, _("%s has no password yet: log in on the screen "
			"to set one, or run `wangge worker passwd %s`"), worker_id, worker_id);
		goto out;
	}
	if (now < locked_until) {
		*wait_seconds = (int)(locked_until - now);
		rc = finish_tx(db, audit_log(db, worker_id, "login.fail", worker_id, "locked"));
		if (rc == WG_OK)
			rc = locked_error(worker_id, *wait_seconds);
		goto out;
	}
	st = db_prepare(db, "UPDATE worker SET failed_logins = failed_logins + 1 WHERE id = ?1");
	db_bind_text(st, 1, worker_id);
	rc = db_run(st);
	db_finish(st);
	if ((rc = finish_tx(db, rc)) != WG_OK)
		goto out;

	right = crypto_pwhash_str_verify(hash, password ? password : "",
		password ? strlen(password) : 0) == 0;

	/* Phase 2: record the outcome. */
	if ((rc = db_begin(db)) != WG_OK)
		goto out;
	if (right) {
		st = db_prepare(db, "UPDATE worker SET failed_logins = 0, locked_until = 0 "
			"WHERE id = ?1");
		db_bind_text(st, 1, worker_id);
		rc = db_run(st);
		db_finish(st);
		if (rc == WG_OK)
			rc = audit_log(db, worker_id, "login", worker_id, via);
		rc = finish_tx(db, rc);
		goto out;
	}
	failed = db_get_int(db, "SELECT failed_logins FROM worker WHERE id = ?1", worker_id, 0);
	rc = audit_log(db, worker_id, "login.fail", worker_id, via);
	if (rc == WG_OK && failed >= AUTH_MAX_TRIES) {
		st = db_prepare(db, "UPDATE worker SET failed_logins = 0, locked_until = ?1 "
			"WHERE id = ?2");
		db_bind_int(st, 1, now + AUTH_LOCK_SECONDS);
		db_bind_text(st, 2, worker_id);
		rc = db_run(st);
		db_finish(st);
		if (rc == WG_OK)
			rc = audit_log(db, worker_id, "lock", worker_id, via);
	}
	if ((rc = finish_tx(db, rc)) != WG_OK)
		goto out;
	if (failed >= AUTH_MAX_TRIES) {
		*wait_seconds = AUTH_LOCK_SECONDS;
		rc = locked_error(worker_id, AUTH_LOCK_SECONDS);
	} else {
		rc = wg_error_set(WG_AUTH, _("%s: wrong password (%d of %d tries before the "
			"account waits %d s)"), worker_id, (int)failed, AUTH_MAX_TRIES,
			AUTH_LOCK_SECONDS);
	}
out:
	free(hash);
	return rc;
}
