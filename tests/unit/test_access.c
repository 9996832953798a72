/* Who may see restricted categories and act on a grid: workers their own grids, leaders
 * their community, admins everything, the anonymous command line nothing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "wangge/common.h"
#include "wangge/access.h"
#include "wangge/store.h"

static char tmpdir[256];
static struct wg_db *db;

static int setup(void **state)
{
	char *path;

	(void)state;
	strcpy(tmpdir, "/tmp/wangge-access-XXXXXX");
	assert_non_null(mkdtemp(tmpdir));
	path = xasprintf("%s/w.db", tmpdir);
	assert_int_equal(store_open(path, &db), WG_OK);
	free(path);
	/* Two communities: C1 with grids G1, G2; C2 with G3. */
	assert_int_equal(db_exec(db,
		"INSERT INTO street VALUES ('S1', '青年路街道', NULL, NULL);"
		"INSERT INTO community VALUES ('C1', 'S1', '示范社区', NULL),"
		" ('C2', 'S1', '糖坊街社区', NULL);"
		"INSERT INTO grid VALUES ('G1', 'C1', '第一网格', NULL, NULL),"
		" ('G2', 'C1', '第二网格', NULL, NULL), ('G3', 'C2', '第三网格', NULL, NULL);"
		"INSERT INTO worker (id, name, role) VALUES"
		" ('L1', '曾丽华', 'leader'), ('W1', '单晓燕', 'worker'), ('W2', '解放', 'worker'),"
		" ('L2', '仇建国', 'leader'), ('W3', '欧阳雪', 'worker'), ('A1', '尉迟敬', 'admin'),"
		" ('W0', '无网格', 'worker');"
		"INSERT INTO worker (id, name, departed_at) VALUES ('WX', '离职', '2026-01-01');"
		"INSERT INTO grid_worker VALUES ('G1', 'L1'), ('G1', 'W1'), ('G2', 'W2'),"
		" ('G3', 'L2'), ('G3', 'W3'), ('G1', 'WX');"), WG_OK);
	return 0;
}

static int teardown(void **state)
{
	char *cmd = xasprintf("rm -rf '%s'", tmpdir);

	(void)state;
	store_close(db);
	db = NULL;
	assert_int_equal(system(cmd), 0);
	free(cmd);
	return 0;
}

static void test_role_codes(void **state)
{
	(void)state;
	assert_int_equal(role_from_code("worker"), ROLE_WORKER);
	assert_int_equal(role_from_code("leader"), ROLE_LEADER);
	assert_int_equal(role_from_code("admin"), ROLE_ADMIN);
	assert_int_equal(role_from_code("nobody"), ROLE_NOBODY);
	assert_int_equal(role_from_code("Admin"), ROLE_NOBODY);
	assert_int_equal(role_from_code(""), ROLE_NOBODY);
	assert_int_equal(role_from_code(NULL), ROLE_NOBODY);
	for (int r = ROLE_NOBODY; r <= ROLE_ADMIN; r++)
		assert_int_equal(role_from_code(role_code((enum wg_role)r)), r);
	assert_string_equal(role_code((enum wg_role)99), "nobody");
}

static void test_actor_load(void **state)
{
	struct wg_actor a;

	(void)state;
	assert_int_equal(actor_load(db, "L1", &a), WG_OK);
	assert_string_equal(a.worker_id, "L1");
	assert_string_equal(a.name, "曾丽华");
	assert_int_equal(a.role, ROLE_LEADER);
	actor_free(&a);
	assert_null(a.worker_id);
	assert_int_equal(a.role, ROLE_NOBODY);
	assert_int_equal(actor_load(db, "NOPE", &a), WG_NOT_FOUND);
	assert_int_equal(a.role, ROLE_NOBODY);
	/* departed workers act as nobody */
	assert_int_equal(actor_load(db, "WX", &a), WG_NOT_FOUND);
	assert_null(a.worker_id);
	actor_nobody(&a);
	assert_null(a.worker_id);
	assert_null(a.name);
	assert_int_equal(a.role, ROLE_NOBODY);
}

/* The whole matrix: actor × grid, for both questions (they agree by design). */
static void test_scope_matrix(void **state)
{
	static const struct { const char *who; const char *grids; } want[] = {
		{ "L1", "G1 G2" },      /* leader of C1 */
		{ "W1", "G1" },
		{ "W2", "G2" },
		{ "L2", "G3" },         /* leader of C2 */
		{ "W3", "G3" },
		{ "A1", "G1 G2 G3 G9" },   /* admin, with no grid of their own: everything */
		{ "W0", "" },           /* a worker with no grid */
	};
	static const char *const grids[] = { "G1", "G2", "G3", "G9" };

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(want); i++) {
		struct wg_actor a;
		struct strbuf got;

		assert_int_equal(actor_load(db, want[i].who, &a), WG_OK);
		sb_init(&got);
		sb_add(&got, "");
		for (size_t g = 0; g < ARRAY_SIZE(grids); g++) {
			bool in = access_in_scope(db, &a, grids[g]);

			assert_int_equal(in, access_sees_restricted(db, &a, grids[g]));
			if (in)
				sb_addf(&got, "%s%s", got.len ? " " : "", grids[g]);
		}
		if (strcmp(got.buf, want[i].grids) != 0)
			fail_msg("%s sees [%s], wanted [%s]", want[i].who, got.buf, want[i].grids);
		/* the list for many rows at once says the same */
		{
			bool all;
			char **codes;
			size_t n;

			assert_int_equal(access_scope_grids(db, &a, &all, &codes, &n), WG_OK);
			assert_int_equal(all, a.role == ROLE_ADMIN);
			for (size_t g = 0; g < ARRAY_SIZE(grids); g++)
				assert_int_equal(all || access_grids_has(codes, n, grids[g]),
					access_in_scope(db, &a, grids[g]));
			assert_false(access_grids_has(codes, n, NULL));
			access_grids_free(codes, n);
		}
		sb_free(&got);
		actor_free(&a);
	}
}

static void test_nobody_sees_nothing(void **state)
{
	struct wg_actor a;

	(void)state;
	actor_nobody(&a);
	assert_false(access_in_scope(db, &a, "G1"));
	assert_false(access_sees_restricted(db, &a, "G1"));
	assert_false(access_sees_restricted(db, &a, NULL));
	{
		bool all = true;
		char **codes = (char **)&all;
		size_t n = 99;

		assert_int_equal(access_scope_grids(db, &a, &all, &codes, &n), WG_OK);
		assert_false(all);
		assert_null(codes);
		assert_int_equal(n, 0);
	}
	/* a worker id with the wrong role in memory gets nothing more than its grids */
	a.worker_id = (char *)"W1";
	a.role = ROLE_WORKER;
	assert_false(access_sees_restricted(db, &a, "G2"));
	assert_false(access_sees_restricted(db, &a, NULL));
}

static void test_admin_bootstrap(void **state)
{
	struct wg_actor nobody, w1, a1;

	(void)state;
	actor_nobody(&nobody);
	assert_int_equal(actor_load(db, "W1", &w1), WG_OK);
	assert_int_equal(actor_load(db, "A1", &a1), WG_OK);
	/* A1 has no password yet, so cannot log in: there is no usable admin */
	assert_false(access_has_admin(db));
	assert_int_equal(access_require_admin(db, &nobody, "x"), WG_OK);
	assert_int_equal(access_require_admin(db, &w1, "x"), WG_OK);
	assert_int_equal(db_exec(db, "UPDATE worker SET pw_hash = 'h' WHERE id = 'A1'"), WG_OK);
	assert_true(access_has_admin(db));
	assert_int_equal(access_require_admin(db, &nobody, "reading the audit log"), WG_DENIED);
	assert_non_null(strstr(wg_error_msg(), "reading the audit log"));
	assert_non_null(strstr(wg_error_msg(), "--as"));
	assert_int_equal(access_require_admin(db, &w1, "x"), WG_DENIED);
	assert_int_equal(access_require_admin(db, &a1, "x"), WG_OK);
	/* a departed admin does not count */
	assert_int_equal(db_exec(db, "UPDATE worker SET departed_at = '2026-11-01' WHERE id = 'A1'"),
		WG_OK);
	assert_false(access_has_admin(db));
	actor_free(&w1);
	actor_free(&a1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_role_codes),
		cmocka_unit_test_setup_teardown(test_actor_load, setup, teardown),
		cmocka_unit_test_setup_teardown(test_scope_matrix, setup, teardown),
		cmocka_unit_test_setup_teardown(test_nobody_sees_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_admin_bootstrap, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
