/* Passwords on a shared PC: what may be set, how it is stored, five wrong tries in a
 * row lock the account for a minute, and every attempt is in the audit log. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "wangge/common.h"
#include "wangge/audit.h"
#include "wangge/auth.h"
#include "wangge/store.h"

static char tmpdir[256];
static struct wg_db *db;

static int setup(void **state)
{
	char *path;

	(void)state;
	strcpy(tmpdir, "/tmp/wangge-auth-XXXXXX");
	assert_non_null(mkdtemp(tmpdir));
	path = xasprintf("%s/w.db", tmpdir);
	assert_int_equal(store_open(path, &db), WG_OK);
	free(path);
	assert_int_equal(db_exec(db,
		"INSERT INTO street VALUES ('S1', '青年路街道', NULL, NULL);"
		"INSERT INTO community VALUES ('C1', 'S1', '示范社区', NULL);"
		"INSERT INTO grid VALUES ('G1', 'C1', '第一网格', NULL, NULL);"
		"INSERT INTO worker (id, name, role) VALUES ('W1', '曾丽华', 'leader'),"
		" ('W2', '单晓燕', 'worker');"
		"INSERT INTO worker (id, name, departed_at) VALUES ('W9', '离职', '2026-01-01');"
		"INSERT INTO grid_worker VALUES ('G1', 'W1'), ('G1', 'W2');"), WG_OK);
	setenv("WANGGE_NOW", "2026-11-24 10:00:00", 1);
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

static int64_t count_audit(const char *action)
{
	return db_get_int(db, "SELECT count(*) FROM audit WHERE action = ?", action, -1);
}

static void assert_chain_intact(void)
{
	int64_t bad = -1;

	assert_int_equal(audit_verify(db, &bad), WG_OK);
	assert_int_equal(bad, 0);
}

static void test_acceptable_passwords(void **state)
{
	char *long_pw = xcalloc(AUTH_MAX_PASSWORD + 2, 1);

	(void)state;
	assert_int_equal(auth_password_acceptable("abcdef"), WG_OK);
	assert_int_equal(auth_password_acceptable("abcde"), WG_INVALID);
	assert_non_null(strstr(wg_error_msg(), "6"));
	assert_int_equal(auth_password_acceptable(""), WG_INVALID);
	assert_int_equal(auth_password_acceptable(NULL), WG_INVALID);
	/* characters are counted, not bytes: five Chinese characters are 15 bytes */
	assert_int_equal(auth_password_acceptable("网格员密码"), WG_INVALID);
	assert_int_equal(auth_password_acceptable("网格员的密码"), WG_OK);
	assert_int_equal(auth_password_acceptable("abc\xff\xfe" "def"), WG_INVALID);
	memset(long_pw, 'a', AUTH_MAX_PASSWORD);
	assert_int_equal(auth_password_acceptable(long_pw), WG_OK);
	long_pw[AUTH_MAX_PASSWORD] = 'a';
	assert_int_equal(auth_password_acceptable(long_pw), WG_INVALID);
	free(long_pw);
}

static void test_set_stores_only_an_argon2id_hash(void **state)
{
	char *hash;

	(void)state;
	assert_false(auth_has_password(db, "W2"));
	assert_int_equal(auth_set_password(db, NULL, "W2", "geheim1"), WG_OK);
	assert_true(auth_has_password(db, "W2"));
	assert_false(auth_has_password(db, "W1"));
	hash = db_get_text(db, "SELECT pw_hash FROM worker WHERE id = 'W2'", NULL);
	assert_non_null(hash);
	assert_int_equal(strncmp(hash, "$argon2id$", 10), 0);
	assert_null(strstr(hash, "geheim1"));
	free(hash);
	/* one audit row, naming whose password it was and who set it */
	assert_int_equal(count_audit("passwd"), 1);
	assert_int_equal(db_get_int(db, "SELECT operator IS NULL AND object = 'W2' FROM audit "
		"WHERE action = 'passwd'", NULL, 0), 1);
	/* too short: nothing changes */
	assert_int_equal(auth_set_password(db, "W2", "W2", "kurz"), WG_INVALID);
	assert_int_equal(count_audit("passwd"), 1);
	assert_int_equal(auth_check_password(db, "W2", "geheim1", "screen", NULL), WG_OK);
	assert_chain_intact();
}

static void test_unknown_and_departed_workers(void **state)
{
	(void)state;
	assert_int_equal(auth_set_password(db, NULL, "NOPE", "geheim1"), WG_NOT_FOUND);
	assert_int_equal(auth_set_password(db, NULL, "W9", "geheim1"), WG_NOT_FOUND);
	assert_false(auth_has_password(db, "NOPE"));
	assert_int_equal(auth_check_password(db, "NOPE", "geheim1", "screen", NULL), WG_NOT_FOUND);
	/* a departed worker with a valid hash still cannot log in */
	assert_int_equal(auth_set_password(db, NULL, "W1", "geheim1"), WG_OK);
	assert_int_equal(db_exec(db, "UPDATE worker SET pw_hash = (SELECT pw_hash FROM worker "
		"WHERE id = 'W1') WHERE id = 'W9'"), WG_OK);
	assert_int_equal(auth_check_password(db, "W9", "geheim1", "screen", NULL), WG_NOT_FOUND);
	assert_false(auth_has_password(db, "W9"));
	assert_int_equal(count_audit("passwd"), 1);
}

static void test_no_password_yet_is_a_state(void **state)
{
	int wait = -1;

	(void)state;
	/* The first login sets it: checking first is refused without counting a try. */
	assert_int_equal(auth_check_password(db, "W1", "anything", "screen", &wait), WG_STATE);
	assert_int_equal(wait, 0);
	assert_int_equal(db_get_int(db, "SELECT failed_logins FROM worker WHERE id = 'W1'",
		NULL, -1), 0);
}

static void test_login_is_audited(void **state)
{
	(void)state;
	assert_int_equal(auth_set_password(db, NULL, "W1", "zengli1"), WG_OK);
	assert_int_equal(auth_check_password(db, "W1", "zengli1", "screen", NULL), WG_OK);
	assert_int_equal(auth_check_password(db, "W1", "Zengli1", "cli", NULL), WG_AUTH);
	assert_non_null(strstr(wg_error_msg(), "W1"));
	assert_int_equal(count_audit("login"), 1);
	assert_int_equal(count_audit("login.fail"), 1);
	assert_int_equal(db_get_int(db, "SELECT count(*) FROM audit WHERE action = 'login' "
		"AND operator = 'W1' AND object = 'W1' AND detail = 'screen'", NULL, 0), 1);
	assert_int_equal(db_get_int(db, "SELECT count(*) FROM audit WHERE action = 'login.fail'"
		" AND detail = 'cli'", NULL, 0), 1);
	assert_chain_intact();
}

static void test_five_wrong_tries_lock_for_a_minute(void **state)
{
	int wait = -1;

	(void)state;
	assert_int_equal(auth_set_password(db, NULL, "W2", "richtig"), WG_OK);
	for (int i = 1; i <= AUTH_MAX_TRIES - 1; i++) {
		assert_int_equal(auth_check_password(db, "W2", "falsch", "screen", &wait), WG_AUTH);
		assert_int_equal(wait, 0);
	}
	assert_int_equal(auth_check_password(db, "W2", "falsch", "screen", &wait), WG_WAIT);
	assert_int_equal(wait, AUTH_LOCK_SECONDS);
	assert_int_equal(count_audit("lock"), 1);
	/* locked: even the right password waits, and the other account is not affected */
	setenv("WANGGE_NOW", "2026-11-24 10:00:45", 1);
	assert_int_equal(auth_check_password(db, "W2", "richtig", "screen", &wait), WG_WAIT);
	assert_int_equal(wait, 15);
	assert_non_null(strstr(wg_error_msg(), "15"));
	assert_int_equal(auth_set_password(db, NULL, "W1", "zengli1"), WG_OK);
	assert_int_equal(auth_check_password(db, "W1", "zengli1", "screen", NULL), WG_OK);
	/* a minute later the right password works */
	setenv("WANGGE_NOW", "2026-11-24 10:01:00", 1);
	assert_int_equal(auth_check_password(db, "W2", "richtig", "screen", &wait), WG_OK);
	assert_int_equal(wait, 0);
	assert_int_equal(count_audit("login.fail"), 6);
	assert_int_equal(db_get_int(db, "SELECT count(*) FROM audit WHERE action = "
		"'login.fail' AND detail = 'locked'", NULL, 0), 1);
	assert_chain_intact();
}

static void test_only_tries_in_a_row_count(void **state)
{
	(void)state;
	assert_int_equal(auth_set_password(db, NULL, "W2", "richtig"), WG_OK);
	for (int round = 0; round < 2; round++) {
		for (int i = 0; i < AUTH_MAX_TRIES - 1; i++)
			assert_int_equal(auth_check_password(db, "W2", "falsch", "cli", NULL), WG_AUTH);
		assert_int_equal(auth_check_password(db, "W2", "richtig", "cli", NULL), WG_OK);
	}
	assert_int_equal(count_audit("lock"), 0);
}

static void test_reset_clears_the_lock(void **state)
{
	(void)state;
	assert_int_equal(auth_set_password(db, NULL, "W2", "richtig"), WG_OK);
	for (int i = 0; i < AUTH_MAX_TRIES - 1; i++)
		assert_int_equal(auth_check_password(db, "W2", "x", "screen", NULL), WG_AUTH);
	assert_int_equal(auth_check_password(db, "W2", "x", "screen", NULL), WG_WAIT);
	assert_int_equal(auth_set_password(db, "W1", "W2", "neues-pw"), WG_OK);
	assert_int_equal(auth_check_password(db, "W2", "richtig", "screen", NULL), WG_AUTH);
	assert_int_equal(auth_check_password(db, "W2", "neues-pw", "screen", NULL), WG_OK);
	assert_int_equal(db_get_int(db, "SELECT count(*) FROM audit WHERE action = 'passwd' "
		"AND operator = 'W1' AND object = 'W2'", NULL, 0), 1);
	assert_chain_intact();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_acceptable_passwords),
		cmocka_unit_test_setup_teardown(test_set_stores_only_an_argon2id_hash, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unknown_and_departed_workers, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_password_yet_is_a_state, setup, teardown),
		cmocka_unit_test_setup_teardown(test_login_is_audited, setup, teardown),
		cmocka_unit_test_setup_teardown(test_five_wrong_tries_lock_for_a_minute, setup, teardown),
		cmocka_unit_test_setup_teardown(test_only_tries_in_a_row_count, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reset_clears_the_lock, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
