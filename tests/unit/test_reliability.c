/* Reliability of the importer's storage: when a statement fails in the middle of an
 * import (a full disk, an I/O error: SQLite may then roll the whole transaction back on
 * its own), the user is told about that first failure, not about whatever the next
 * statement said, and nothing at all is left in the database, not even search keys. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "wangge/common.h"
#include "wangge/config.h"
#include "wangge/import.h"
#include "wangge/store.h"

#include <unistd.h>

static const char first[] =
	"version: 1\n"
	"street: {code: \"S1\", name: 测试街道, district: 莲湖区}\n"
	"communities:\n"
	"  - code: \"C1\"\n"
	"    name: 测试社区\n"
	"    grids:\n"
	"      - code: \"G1\"\n"
	"        name: 第一网格\n"
	"        workers:\n"
	"          - {id: W1, name: 王芳, phone: \"13800000001\", role: leader}\n"
	"        buildings:\n"
	"          - code: \"12\"\n"
	"            households:\n"
	"              - id: \"G1-12-1-101\"\n"
	"                room: \"101\"\n"
	"                residents:\n"
	"                  - {name: 张三, sex: 男, tags: [elderly_alone]}\n";

/* The same street again with a new household whose second resident cannot be stored;
 * residents after it and a tag follow. */
static const char second[] =
	"version: 1\n"
	"street: {code: \"S1\", name: 测试街道, district: 莲湖区}\n"
	"communities:\n"
	"  - code: \"C1\"\n"
	"    name: 测试社区\n"
	"    grids:\n"
	"      - code: \"G1\"\n"
	"        name: 第一网格\n"
	"        workers:\n"
	"          - {id: W1, name: 王芳, phone: \"13800000001\", role: leader}\n"
	"        buildings:\n"
	"          - code: \"12\"\n"
	"            households:\n"
	"              - id: \"G1-12-1-101\"\n"
	"                room: \"101\"\n"
	"                residents:\n"
	"                  - {name: 张三, sex: 男, tags: [elderly_alone]}\n"
	"              - id: \"G1-12-1-102\"\n"
	"                room: \"102\"\n"
	"                residents:\n"
	"                  - {name: 欧阳新名, sex: 男}\n"
	"                  - {name: 坏行, sex: 女}\n"
	"                  - {name: 司马后来, sex: 女, tags: [elderly_alone]}\n"
	"                  - {name: 诸葛再后, sex: 男}\n";

static char tmpdir[256];
static struct wg_config *cfg;
static struct wg_db *db;

static int setup(void **state)
{
	char *path;

	(void)state;
	setenv("WANGGE_TODAY", "2026-11-24", 1);
	setenv("WANGGE_NOW", "2026-11-24 09:00:00", 1);
	strcpy(tmpdir, "/tmp/wangge-rel-XXXXXX");
	assert_non_null(mkdtemp(tmpdir));
	setenv("TMPDIR", tmpdir, 1);
	assert_int_equal(config_parse("built-in", wg_builtin_config, wg_builtin_config_len, &cfg),
		WG_OK);
	path = xasprintf("%s/wangge.db", tmpdir);
	assert_int_equal(store_open(path, &db), WG_OK);
	free(path);
	return 0;
}

static int teardown(void **state)
{
	char *cmd = xasprintf("rm -rf '%s'", tmpdir);

	(void)state;
	store_close(db);
	config_free(cfg);
	assert_int_equal(system(cmd), 0);
	free(cmd);
	return 0;
}

static enum wg_status import_text(const char *text)
{
	struct import_source src = { "t.yaml", text, strlen(text) };
	struct import_options opt = { 0 };
	struct import_counts c;

	opt.write = true;
	return import_run(db, cfg, &src, 1, &opt, &c);
}

/* "table count" for every table of the database, one a line; caller frees. */
static char *fingerprint(void)
{
	struct db_stmt *st = db_prepare(db, "SELECT name FROM main.sqlite_schema "
		"WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name");
	struct strbuf sb;

	sb_init(&sb);
	while (db_row(st)) {
		char *sql = xasprintf("SELECT count(*) FROM main.\"%s\"", db_text(st, 0));

		sb_addf(&sb, "%s %lld\n", db_text(st, 0), (long long)db_get_int(db, sql, NULL, -1));
		free(sql);
	}
	assert_int_equal(db_finish(st), WG_OK);
	return sb.buf ? sb.buf : xstrdup("");
}

/* A failure of one statement in the middle of a household, as SQLite's own rollback of
 * the transaction after a full disk would leave things: raise(ROLLBACK). */
static void fails_midway(const char *how)
{
	char *before, *after, *trigger;

	assert_int_equal(import_text(first), WG_OK);
	before = fingerprint();
	trigger = xasprintf("CREATE TEMP TRIGGER boom BEFORE INSERT ON main.resident "
		"WHEN NEW.name = '坏行' BEGIN SELECT RAISE(%s, 'the first failure'); END", how);
	assert_int_equal(db_exec(db, trigger), WG_OK);
	assert_int_not_equal(import_text(second), WG_OK);
	if (!strstr(wg_error_msg(), "the first failure"))
		fail_msg("the message is not the first failure's: %s", wg_error_msg());
	assert_null(strstr(wg_error_msg(), "FOREIGN KEY"));
	assert_false(db_in_transaction(db));
	after = fingerprint();
	assert_string_equal(after, before);
	assert_int_equal(db_get_int(db, "SELECT count(*) FROM household WHERE id = ?",
		"G1-12-1-102", -1), 0);
	/* and the database is usable: the same import without the fault goes through */
	assert_int_equal(db_exec(db, "DROP TRIGGER temp.boom"), WG_OK);
	assert_int_equal(import_text(second), WG_OK);
	assert_int_equal(db_get_int(db, "SELECT count(*) FROM resident", NULL, -1), 5);
	free(trigger);
	free(before);
	free(after);
}

static void test_transaction_rolled_back_under_us(void **state)
{
	(void)state;
	fails_midway("ROLLBACK");
}

static void test_one_statement_fails(void **state)
{
	(void)state;
	fails_midway("ABORT");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
		T(test_transaction_rolled_back_under_us),
		T(test_one_statement_fails),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
