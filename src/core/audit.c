/* The hash-chained audit log. A row's hash is SHA-256 (libsodium) over the previous
 * row's hash and this row's fields, each preceded by its length so that moving text
 * from one field into the next changes the hash. */
#include "wangge/common.h"
#include "wangge/audit.h"
#include "wangge/store.h"

#include <sodium.h>

#define GENESIS "0000000000000000000000000000000000000000000000000000000000000000"

static void hash_field(crypto_hash_sha256_state *h, const char *s)
{
	/* NULL and "" must hash differently: a NULL field gets the length -1. */
	char len[24];

	snprintf(len, sizeof len, "%lld:", s ? (long long)strlen(s) : -1LL);
	crypto_hash_sha256_update(h, (const unsigned char *)len, strlen(len));
	if (s)
		crypto_hash_sha256_update(h, (const unsigned char *)s, strlen(s));
}

static void row_hash(const char *prev, int64_t seq, const char *at, const char *operator_id,
	const char *action, const char *object, const char *detail, char out[65])
{
	crypto_hash_sha256_state h;
	unsigned char digest[crypto_hash_sha256_BYTES];
	char seqtext[24];

	snprintf(seqtext, sizeof seqtext, "%lld", (long long)seq);
	crypto_hash_sha256_init(&h);
	hash_field(&h, prev);
	hash_field(&h, seqtext);
	hash_field(&h, at);
	hash_field(&h, operator_id);
	hash_field(&h, action);
	hash_field(&h, object);
	hash_field(&h, detail);
	crypto_hash_sha256_final(&h, digest);
	sodium_bin2hex(out, 65, digest, sizeof digest);
}

enum wg_status audit_log(struct wg_db *db, const char *operator_id, const char *action,
	const char *object, const char *detail)
{
	bool own = !db_in_transaction(db);
	enum wg_status rc = WG_OK;
	struct db_stmt *st;
	char *prev;
	int64_t seq;
	char at[20], hash[65];

	if (sodium_init() < 0)
		return wg_error_set(WG_IO, "libsodium could not start");
	if (own && (rc = db_begin(db)) != WG_OK)
		return rc;
	/* Inside the write transaction, so the last row cannot change under us. */
	seq = db_get_int(db, "SELECT coalesce(max(seq), 0) + 1 FROM audit", NULL, 1);
	prev = db_get_text(db, "SELECT hash FROM audit ORDER BY seq DESC LIMIT 1", NULL);
	wg_now(at);
	row_hash(prev ? prev : GENESIS, seq, at, operator_id, action, object, detail, hash);
	st = db_prepare(db, "INSERT INTO audit (seq, at, operator, action, object, detail, "
		"prev_hash, hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
	db_bind_int(st, 1, seq);
	db_bind_text(st, 2, at);
	db_bind_text(st, 3, operator_id);
	db_bind_text(st, 4, action);
	db_bind_text(st, 5, object);
	db_bind_text(st, 6, detail);
	db_bind_text(st, 7, prev ? prev : GENESIS);
	db_bind_text(st, 8, hash);
	rc = db_run(st);
	db_finish(st);
	free(prev);
	/* The tail in meta: deleting the newest rows leaves a chain that is whole by
	 * itself, so the count and last hash are kept apart from it. */
	if (rc == WG_OK) {
		char count[24];

		snprintf(count, sizeof count, "%lld", (long long)seq);
		rc = store_meta_set(db, "audit.count", count);
		if (rc == WG_OK)
			rc = store_meta_set(db, "audit.last_hash", hash);
	}
	if (own) {
		if (rc == WG_OK)
			return db_commit(db);
		db_rollback(db);
	}
	return rc;
}

/* The chain walked whole up to row last with hash last_hash; does the tail kept in meta
 * agree? */
static enum wg_status verify_tail(struct wg_db *db, int64_t last, const char *last_hash,
	int64_t *bad_seq)
{
	char *count = store_meta_get(db, "audit.count");
	char *hash = store_meta_get(db, "audit.last_hash");
	enum wg_status rc = WG_OK;
	long long want = count ? strtoll(count, NULL, 10) : 0;

	if (!count && !hash && last == 0)
		goto out;
	if (!count || !hash) {
		*bad_seq = last + 1;
		rc = wg_error_set(WG_INVALID, _("audit log: the record of its last row is "
			"missing from the database, so rows from row %lld on may have been "
			"deleted"), (long long)last + 1);
	} else if (want == last + 1) {
		*bad_seq = want;
		rc = wg_error_set(WG_INVALID, _("audit log: row %lld is missing; it was the "
			"last one (deleted?)"), want);
	} else if (want > last) {
		*bad_seq = last + 1;
		rc = wg_error_set(WG_INVALID, _("audit log: row %lld is missing, and the %lld "
			"rows after it (deleted at the end?)"), (long long)last + 1,
			want - (long long)last - 1);
	} else if (want < last) {
		*bad_seq = want + 1;
		rc = wg_error_set(WG_INVALID, _("audit log: row %lld was not written by "
			"wangge (added after the last recorded row %lld)"), want + 1, want);
	} else if (strcmp(hash, last_hash) != 0) {
		*bad_seq = last;
		rc = wg_error_set(WG_INVALID, _("audit log: row %lld was changed after it was "
			"written"), (long long)last);
	}
out:
	free(count);
	free(hash);
	return rc;
}

enum wg_status audit_verify(struct wg_db *db, int64_t *bad_seq)
{
	struct db_stmt *st;
	char prev[65] = GENESIS;
	int64_t expect_seq = 1;
	enum wg_status rc = WG_OK;

	*bad_seq = 0;
	if (sodium_init() < 0)
		return wg_error_set(WG_IO, "libsodium could not start");
	st = db_prepare(db, "SELECT seq, at, operator, action, object, detail, prev_hash, hash "
		"FROM audit ORDER BY seq");
	while (rc == WG_OK && db_row(st)) {
		int64_t seq = db_int(st, 0);
		const char *stored_prev = db_text(st, 6), *stored = db_text(st, 7);
		char hash[65];

		row_hash(prev, seq, db_text(st, 1), db_text(st, 2), db_text(st, 3),
			db_text(st, 4), db_text(st, 5), hash);
		if (seq != expect_seq) {
			*bad_seq = expect_seq;
			rc = wg_error_set(WG_INVALID, _("audit log: row %lld is missing (deleted?)"),
				(long long)expect_seq);
		} else if (!stored_prev || strcmp(stored_prev, prev) != 0 || !stored ||
				strcmp(stored, hash) != 0) {
			*bad_seq = seq;
			rc = wg_error_set(WG_INVALID, _("audit log: row %lld was changed after it "
				"was written"), (long long)seq);
		} else {
			memcpy(prev, hash, sizeof prev);
			expect_seq++;
		}
	}
	if (db_finish(st) != WG_OK && rc == WG_OK)
		rc = WG_DB;
	if (rc == WG_OK)
		rc = verify_tail(db, expect_seq - 1, prev, bad_seq);
	return rc;
}

enum wg_status audit_each(struct wg_db *db, const char *worker_id, const char *from,
	const char *to, bool (*fn)(const struct audit_row *row, void *ctx), void *ctx)
{
	struct db_stmt *st;
	enum wg_status rc;

	st = db_prepare(db, "SELECT seq, at, operator, action, object, detail FROM audit "
		"WHERE (?1 IS NULL OR operator = ?1) AND (?2 IS NULL OR at >= ?2) "
		"AND (?3 IS NULL OR substr(at, 1, 10) <= ?3) ORDER BY seq");
	db_bind_text(st, 1, worker_id);
	db_bind_text(st, 2, from);
	db_bind_text(st, 3, to);
	while (db_row(st)) {
		struct audit_row row = {
			.seq = db_int(st, 0),
			.at = db_text(st, 1),
			.operator_id = db_text(st, 2),
			.action = db_text(st, 3),
			.object = db_text(st, 4),
			.detail = db_text(st, 5),
		};

		if (!fn(&row, ctx))
			break;
	}
	rc = db_finish(st);
	return rc;
}
