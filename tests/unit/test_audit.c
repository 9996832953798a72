/* The audit log: append-only, each row chained to the previous by SHA-256, so editing or
 * deleting any row — the newest ones too — is found by audit_verify at that row. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "wangge/common.h"
#include "wangge/audit.h"
#include "wangge/store.h"

static char tmpdir[256];
static struct wg_db *db;

/* What someone with the sqlite3 shell would do first. */
#define DROP_TRIGGERS "DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete;"

static int setup(void **state)
{
	char *path;

	(void)state;
	strcpy(tmpdir, "/tmp/wangge-audit-XXXXXX");
	assert_non_null(mkdtemp(tmpdir));
	path = xasprintf("%s/w.db", tmpdir);
	assert_int_equal(store_open(path, &db), WG_OK);
	free(path);
	setenv("WANGGE_NOW", "2026-11-24 09:00:00", 1);
	return 0;
}

static int teardown(void **state)
{
	char *cmd = xasprintf("rm -rf '%s'", tmpdir);

	(void)state;
	store_close(db);
	db = NULL;
	unsetenv("WANGGE_NOW");
	assert_int_equal(system(cmd), 0);
	free(cmd);
	return 0;
}

/* Five rows over three days by two workers and the anonymous command line. */
static void log_five(void)
{
	setenv("WANGGE_NOW", "2026-11-22 08:00:00", 1);
	assert_int_equal(audit_log(db, "W1", "login", "W1", "screen"), WG_OK);
	assert_int_equal(audit_log(db, "W1", "visit.add", "H1", NULL), WG_OK);
	setenv("WANGGE_NOW", "2026-11-23 12:30:00", 1);
	assert_int_equal(audit_log(db, NULL, "import", "a.yaml", "3 added"), WG_OK);
	assert_int_equal(audit_log(db, "W2", "reveal", "H2", "id_number: 核实身份"), WG_OK);
	setenv("WANGGE_NOW", "2026-11-24 23:59:59", 1);
	assert_int_equal(audit_log(db, "W2", "export", "out.csv", ""), WG_OK);
}

static int64_t verify(void)
{
	int64_t bad = -1;
	enum wg_status rc = audit_verify(db, &bad);

	if (rc == WG_OK) {
		assert_int_equal(bad, 0);
		return 0;
	}
	assert_int_equal(rc, WG_INVALID);
	assert_true(bad > 0);
	return bad;
}

static void test_empty_log_verifies(void **state)
{
	(void)state;
	assert_int_equal(verify(), 0);
}

static void test_rows_are_chained(void **state)
{
	(void)state;
	log_five();
	assert_int_equal(verify(), 0);
	assert_int_equal(db_get_int(db, "SELECT count(*) FROM audit", NULL, 0), 5);
	/* each row names the previous row's hash; the first names 64 zeros */
	assert_int_equal(db_get_int(db, "SELECT count(*) FROM audit a JOIN audit b "
		"ON b.seq = a.seq - 1 WHERE a.prev_hash = b.hash", NULL, 0), 4);
	assert_int_equal(db_get_int(db, "SELECT prev_hash = printf('%064d', 0) FROM audit "
		"WHERE seq = 1", NULL, 0), 1);
	assert_int_equal(db_get_int(db, "SELECT count(DISTINCT hash) FROM audit", NULL, 0), 5);
	assert_int_equal(db_get_int(db, "SELECT count(*) FROM audit WHERE length(hash) = 64",
		NULL, 0), 5);
}

static void test_triggers_refuse_edits(void **state)
{
	(void)state;
	log_five();
	assert_int_not_equal(db_exec(db, "UPDATE audit SET detail = 'x' WHERE seq = 2"), WG_OK);
	assert_int_not_equal(db_exec(db, "DELETE FROM audit WHERE seq = 5"), WG_OK);
	assert_int_equal(verify(), 0);
}

static void test_edit_found_at_that_row(void **state)
{
	static const char *const edits[] = {
		"UPDATE audit SET detail = 'id_number: 随便看看' WHERE seq = 4",
		"UPDATE audit SET operator = 'W9' WHERE seq = 4",
		"UPDATE audit SET at = '2026-11-23 12:31:00' WHERE seq = 4",
		"UPDATE audit SET action = 'login' WHERE seq = 4",
		"UPDATE audit SET object = 'H3' WHERE seq = 4",
		/* NULL and empty text are different values */
		"UPDATE audit SET operator = '' WHERE seq = 3",
		"UPDATE audit SET detail = NULL WHERE seq = 5",
		/* text moved from one field to the next */
		"UPDATE audit SET action = 'visit.add' || 'H', object = '1' WHERE seq = 2",
	};
	static const int64_t want[] = { 4, 4, 4, 4, 4, 3, 5, 2 };

	(void)state;
	log_five();
	assert_int_equal(db_exec(db, DROP_TRIGGERS), WG_OK);
	assert_int_equal(db_exec(db, "CREATE TABLE keep AS SELECT * FROM audit"), WG_OK);
	for (size_t i = 0; i < ARRAY_SIZE(edits); i++) {
		assert_int_equal(db_exec(db, edits[i]), WG_OK);
		assert_int_equal(verify(), want[i]);
		assert_non_null(strstr(wg_error_msg(), "changed"));
		assert_int_equal(db_exec(db, "DELETE FROM audit; INSERT INTO audit SELECT * FROM keep"),
			WG_OK);
		assert_int_equal(verify(), 0);
	}
}

static void test_rehashing_one_row_breaks_the_next(void **state)
{
	(void)state;
	log_five();
	assert_int_equal(db_exec(db, DROP_TRIGGERS), WG_OK);
	/* An attacker who fixes row 2's own hash (any value) still breaks row 3's link. */
	assert_int_equal(db_exec(db, "UPDATE audit SET hash = printf('%064d', 1) WHERE seq = 2"),
		WG_OK);
	assert_int_equal(verify(), 2);
}

static void test_deleting_rows(void **state)
{
	(void)state;
	log_five();
	assert_int_equal(db_exec(db, DROP_TRIGGERS), WG_OK);
	assert_int_equal(db_exec(db, "CREATE TABLE keep AS SELECT * FROM audit"), WG_OK);

	/* in the middle */
	assert_int_equal(db_exec(db, "DELETE FROM audit WHERE seq = 3"), WG_OK);
	assert_int_equal(verify(), 3);
	assert_non_null(strstr(wg_error_msg(), "3"));
	/* renumbering the rest to close the gap does not help */
	assert_int_equal(db_exec(db, "UPDATE audit SET seq = seq - 1 WHERE seq > 3"), WG_OK);
	assert_int_equal(verify(), 3);
	assert_int_equal(db_exec(db, "DELETE FROM audit; INSERT INTO audit SELECT * FROM keep"),
		WG_OK);

	/* the first */
	assert_int_equal(db_exec(db, "DELETE FROM audit WHERE seq = 1"), WG_OK);
	assert_int_equal(verify(), 1);
	assert_int_equal(db_exec(db, "DELETE FROM audit; INSERT INTO audit SELECT * FROM keep"),
		WG_OK);

	/* the newest ones: the chain left is whole, the tail kept in meta is not */
	assert_int_equal(db_exec(db, "DELETE FROM audit WHERE seq >= 4"), WG_OK);
	assert_int_equal(verify(), 4);
	assert_non_null(strstr(wg_error_msg(), "row 4 is missing, and the 1 rows after it"));
	/* ... and wiping that record too is noticed */
	assert_int_equal(db_exec(db, "DELETE FROM meta WHERE key LIKE 'audit.%'"), WG_OK);
	assert_int_equal(verify(), 4);
	assert_int_equal(db_exec(db, "DELETE FROM audit; INSERT INTO audit SELECT * FROM keep"),
		WG_OK);
	assert_int_equal(verify(), 6);   /* meta is still gone: past the last row */
	assert_int_equal(db_exec(db, "DELETE FROM audit"), WG_OK);
	assert_int_equal(verify(), 0);   /* an empty log with no record: a new database */
}

static void test_row_added_behind_wanggess_back(void **state)
{
	(void)state;
	log_five();
	/* a copy of row 5 with a recomputed-looking chain link is still not row 6 */
	assert_int_equal(db_exec(db, "INSERT INTO audit (seq, at, operator, action, object, "
		"detail, prev_hash, hash) SELECT 6, at, operator, action, object, detail, hash, "
		"hash FROM audit WHERE seq = 5"), WG_OK);
	assert_int_equal(verify(), 6);
}

static void test_rolled_back_with_the_caller(void **state)
{
	(void)state;
	log_five();
	assert_int_equal(db_begin(db), WG_OK);
	assert_int_equal(audit_log(db, "W1", "household.edit", "H1", "phone"), WG_OK);
	db_rollback(db);
	assert_int_equal(db_get_int(db, "SELECT count(*) FROM audit", NULL, 0), 5);
	assert_int_equal(verify(), 0);
	assert_int_equal(db_begin(db), WG_OK);
	assert_int_equal(audit_log(db, "W1", "household.edit", "H1", "phone"), WG_OK);
	assert_int_equal(db_commit(db), WG_OK);
	assert_int_equal(verify(), 0);
	assert_int_equal(db_get_int(db, "SELECT max(seq) FROM audit", NULL, 0), 6);
}

static void test_older_database_gets_its_tail(void **state)
{
	char *path = xasprintf("%s/w.db", tmpdir);
	char *sql;

	(void)state;
	log_five();
	/* as written before the tail was kept in meta */
	assert_int_equal(db_exec(db, "DELETE FROM meta WHERE key LIKE 'audit.%'"), WG_OK);
	sql = xasprintf("PRAGMA user_version = %d", store_schema_version() - 1);
	assert_int_equal(db_exec(db, sql), WG_OK);
	free(sql);
	store_close(db);
	assert_int_equal(store_open(path, &db), WG_OK);
	free(path);
	assert_int_equal(verify(), 0);
	assert_int_equal(audit_log(db, "W1", "login", "W1", "screen"), WG_OK);
	assert_int_equal(db_exec(db, DROP_TRIGGERS "DELETE FROM audit WHERE seq = 6"), WG_OK);
	assert_int_equal(verify(), 6);
}

struct collect {
	struct strbuf sb;
	int stop_after;
};

static bool collect(const struct audit_row *row, void *ctx)
{
	struct collect *c = ctx;

	sb_addf(&c->sb, "%lld %s %s %s %s|", (long long)row->seq,
		row->operator_id ? row->operator_id : "-", row->action,
		row->object ? row->object : "-", row->detail ? row->detail : "-");
	return --c->stop_after != 0;
}

static struct collect got;

static const char *each(const char *worker, const char *from, const char *to, int stop)
{
	sb_free(&got.sb);
	sb_init(&got.sb);
	sb_add(&got.sb, "");
	got.stop_after = stop;
	assert_int_equal(audit_each(db, worker, from, to, collect, &got), WG_OK);
	return got.sb.buf;
}

static void test_each_filters(void **state)
{
	(void)state;
	log_five();
	assert_string_equal(each(NULL, NULL, NULL, -1),
		"1 W1 login W1 screen|2 W1 visit.add H1 -|3 - import a.yaml 3 added|"
		"4 W2 reveal H2 id_number: 核实身份|5 W2 export out.csv |");
	assert_string_equal(each("W2", NULL, NULL, -1),
		"4 W2 reveal H2 id_number: 核实身份|5 W2 export out.csv |");
	/* days are inclusive at both ends */
	assert_string_equal(each(NULL, "2026-11-23", "2026-11-23", -1),
		"3 - import a.yaml 3 added|4 W2 reveal H2 id_number: 核实身份|");
	assert_string_equal(each(NULL, "2026-11-24", NULL, -1), "5 W2 export out.csv |");
	assert_string_equal(each(NULL, NULL, "2026-11-22", -1),
		"1 W1 login W1 screen|2 W1 visit.add H1 -|");
	assert_string_equal(each("W1", "2026-11-23", NULL, -1), "");
	assert_string_equal(each(NULL, NULL, NULL, 2), "1 W1 login W1 screen|2 W1 visit.add H1 -|");
	assert_string_equal(each(NULL, NULL, NULL, 1), "1 W1 login W1 screen|");
	sb_free(&got.sb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_empty_log_verifies, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rows_are_chained, setup, teardown),
		cmocka_unit_test_setup_teardown(test_triggers_refuse_edits, setup, teardown),
		cmocka_unit_test_setup_teardown(test_edit_found_at_that_row, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rehashing_one_row_breaks_the_next, setup, teardown),
		cmocka_unit_test_setup_teardown(test_deleting_rows, setup, teardown),
		cmocka_unit_test_setup_teardown(test_row_added_behind_wanggess_back, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rolled_back_with_the_caller, setup, teardown),
		cmocka_unit_test_setup_teardown(test_each_filters, setup, teardown),
		cmocka_unit_test_setup_teardown(test_older_database_gets_its_tail, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
