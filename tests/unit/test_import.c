/* The grid importer: what people who keep the grid files rely on — every mistake named
 * at its line:column with what was expected, nothing written when there is any error,
 * re-imports that update, add and mark departed without losing visits, and the YAML
 * corners (BOM, CRLF, aliases, flow style, codes with leading zeros). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "wangge/common.h"
#include "wangge/config.h"
#include "wangge/import.h"
#include "wangge/store.h"

#include <unistd.h>

/* Line numbers in the comments are the ones error messages must name. */
static const char base[] =
	"version: 1\n"                                                             /* 1 */
	"street: {code: \"S1\", name: 测试街道, district: 莲湖区}\n"                /* 2 */
	"communities:\n"                                                           /* 3 */
	"  - code: \"C1\"\n"                                                       /* 4 */
	"    name: 测试社区\n"                                                     /* 5 */
	"    grids:\n"                                                             /* 6 */
	"      - code: \"G1\"\n"                                                   /* 7 */
	"        name: 第一网格\n"                                                 /* 8 */
	"        workers:\n"                                                       /* 9 */
	"          - {id: W1, name: 王芳, phone: \"13800000001\", role: leader}\n" /* 10 */
	"          - {id: W2, name: 李明}\n"                                       /* 11 */
	"        buildings:\n"                                                     /* 12 */
	"          - code: 0012\n"                                                 /* 13 */
	"            compound: 恒富小区\n"                                         /* 14 */
	"            households:\n"                                                /* 15 */
	"              - id: \"G1-12-1-101\"\n"                                    /* 16 */
	"                unit: \"1\"\n"                                            /* 17 */
	"                room: \"101\"\n"                                          /* 18 */
	"                phone: \"029-87654321\"\n"                                /* 19 */
	"                residents:\n"                                             /* 20 */
	"                  - {name: 张三, id_number: \"610104195001011236\", sex: 男, birth: 1950-01-01, relation: 户主, tags: [elderly_alone]}\n" /* 21 */
	"                  - {name: 王丽, id_number: \"610104198002022344\", sex: 女, birth: 1980-02-02}\n" /* 22 */
	"                  - {name: 张小, sex: 男}\n"                              /* 23 */
	"              - id: \"G1-12-1-102\"\n"                                    /* 24 */
	"                room: \"102\"\n"                                          /* 25 */
	"                tenure: vacant\n"                                         /* 26 */
	"                residents: []\n"                                          /* 27 */
	"              - id: \"G1-12-2-201\"\n"                                    /* 28 */
	"                unit: \"2\"\n"                                            /* 29 */
	"                room: \"201\"\n"                                          /* 30 */
	"                residents:\n"                                             /* 31 */
	"                  - {name: 赵六, id_number: \"610104197004044569\", sex: 男, birth: 1970-04-04}\n"; /* 32 */

#define GRID_WARNING "t.yaml:7:9: warning: grid G1 (第一网格) has 3 households; a grid usually has 500-800\n"

static char tmpdir[256];
static struct wg_config *cfg;
static struct wg_db *db;

static int setup(void **state)
{
	char *path;

	(void)state;
	setenv("WANGGE_TODAY", "2026-11-24", 1);
	setenv("WANGGE_NOW", "2026-11-24 09:00:00", 1);
	strcpy(tmpdir, "/tmp/wangge-import-XXXXXX");
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

/* The text with the first occurrence of from replaced by to; caller frees. */
static char *subst(const char *text, const char *from, const char *to)
{
	const char *at = strstr(text, from);

	assert_non_null(at);
	return xasprintf("%.*s%s%s", (int)(at - text), text, to, at + strlen(from));
}

/* Runs the importer over named texts; returns the status, findings in *out (freed by
 * the caller when out is given). */
static enum wg_status run_sources(const struct import_source *src, size_t n, bool write,
	struct import_counts *c, char **out)
{
	struct import_options opt = { 0 };
	struct import_counts dummy;
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	enum wg_status rc;

	assert_non_null(f);
	opt.write = write;
	opt.findings = f;
	opt.operator_id = NULL;
	rc = import_run(db, cfg, src, n, &opt, c ? c : &dummy);
	fclose(f);
	if (out)
		*out = buf;
	else
		free(buf);
	return rc;
}

static enum wg_status run_text(const char *text, bool write, struct import_counts *c,
	char **out)
{
	struct import_source src = { "t.yaml", text, strlen(text) };

	return run_sources(&src, 1, write, c, out);
}

static int64_t count(const char *sql)
{
	return db_get_int(db, sql, NULL, -1);
}

static char *text_of(const char *sql, const char *param)
{
	return db_get_text(db, sql, param);
}

static void assert_text(const char *sql, const char *param, const char *want)
{
	char *got = text_of(sql, param);

	if (!want) {
		assert_null(got);
		return;
	}
	assert_non_null(got);
	assert_string_equal(got, want);
	free(got);
}

/* The findings of text (which must have errors) are exactly want. */
static void expect_findings(const char *text, const char *want)
{
	struct import_counts c;
	char *out;

	assert_int_equal(run_text(text, true, &c, &out), WG_INVALID);
	if (!*out)
		fail_msg("no findings; the run said: %s", wg_error_msg());
	assert_string_equal(out, want);
	assert_int_equal(count("SELECT count(*) FROM household"), 0);
	free(out);
}

/* One change to base must give exactly these errors (one a line), the grid warning and
 * nothing else; nothing is written. */
static void expect_error(const char *from, const char *to, const char *error)
{
	char *text = subst(base, from, to);
	char *want = xasprintf("%s\n", error);
	struct import_counts c;
	const char *p;
	long lines = 1;
	char *out;

	for (p = error; *p; p++)
		lines += *p == '\n';
	assert_int_equal(run_text(text, true, &c, &out), WG_INVALID);
	if (!strstr(out, want))
		fail_msg("wanted:\n%s\ngot:\n%s", want, out);
	assert_non_null(strstr(out, GRID_WARNING));
	assert_int_equal(strlen(out), strlen(want) + strlen(GRID_WARNING));
	assert_int_equal(c.errors, lines);
	assert_int_equal(count("SELECT count(*) FROM household"), 0);
	free(out);
	free(want);
	free(text);
}

/* ---- a clean import ---- */

static void test_base_imports(void **state)
{
	struct import_counts c;
	char *out;

	(void)state;
	assert_int_equal(run_text(base, true, &c, &out), WG_OK);
	assert_string_equal(out, GRID_WARNING);
	free(out);
	assert_int_equal(c.households_added, 3);
	assert_int_equal(c.residents_added, 4);
	assert_int_equal(c.warnings, 1);
	assert_int_equal(c.errors, 0);
	assert_int_equal(count("SELECT count(*) FROM household"), 3);
	assert_int_equal(count("SELECT count(*) FROM resident"), 4);
	/* code: 0012 is the text "0012", the default name is "<code>号楼". */
	assert_text("SELECT code || '|' || name || '|' || compound FROM building", NULL,
		"0012|0012号楼|恒富小区");
	assert_text("SELECT tenure FROM household WHERE id = ?", "G1-12-1-102", "vacant");
	assert_text("SELECT tenure FROM household WHERE id = ?", "G1-12-1-101", "owner");
	assert_int_equal(count("SELECT floor FROM household WHERE id = 'G1-12-2-201'"), 2);
	assert_text("SELECT group_concat(worker_id || ':' || role) FROM "
		"(SELECT worker_id, role FROM grid_worker JOIN worker ON id = worker_id "
		"ORDER BY worker_id)", NULL, "W1:leader,W2:worker");
	assert_text("SELECT category || ' ' || since FROM resident_tag", NULL,
		"elderly_alone 2026-11-24");
	assert_text("SELECT street_code FROM community WHERE code = 'C1'", NULL, "S1");
	assert_int_equal(count("SELECT count(*) FROM import_run"), 1);
	assert_int_equal(count("SELECT count(*) FROM audit WHERE action = 'import'"), 1);
	/* Walking order: unit (a flat without one first), floor, room. */
	assert_text("SELECT group_concat(id, ' ') FROM (SELECT id FROM household "
		"ORDER BY walk_key)", NULL, "G1-12-1-102 G1-12-1-101 G1-12-2-201");
}

static void test_validate_writes_nothing(void **state)
{
	struct import_counts c;

	(void)state;
	assert_int_equal(run_text(base, false, &c, NULL), WG_OK);
	assert_int_equal(c.households, 3);
	assert_int_equal(c.residents, 4);
	assert_int_equal(c.warnings, 1);
	assert_int_equal(count("SELECT count(*) FROM household"), 0);
	assert_int_equal(count("SELECT count(*) FROM audit"), 0);
	/* The same findings as import, errors included. */
	assert_int_equal(run_text("version: 2\n", false, &c, NULL), WG_INVALID);
	assert_int_equal(c.errors, 3);
	/* Against a database that holds the file already: still clean, still nothing written. */
	assert_int_equal(run_text(base, true, &c, NULL), WG_OK);
	assert_int_equal(run_text(base, false, &c, NULL), WG_OK);
	assert_int_equal(c.errors, 0);
	assert_int_equal(run_text(base, false, &c, NULL), WG_OK);
	assert_int_equal(count("SELECT count(*) FROM import_run"), 1);
	assert_int_equal(count("SELECT count(*) FROM audit"), 1);
}

/* ---- every error class at its line:column ---- */

static void test_unknown_key_did_you_mean(void **state)
{
	(void)state;
	expect_error("                room: \"102\"\n", "                rom: \"102\"\n",
		"t.yaml:25:17: household: unknown key 'rom'; did you mean 'room'?\n"
		"t.yaml:24:17: household: 'room' is missing; it is required");
	expect_error("        workers:", "        helpers:",
		"t.yaml:9:9: grid: unknown key 'helpers'; known keys: code, name, boundary, "
		"workers, buildings");
}

static void test_missing_required(void **state)
{
	(void)state;
	expect_error("    name: 测试社区\n", "\n",
		"t.yaml:4:5: community: 'name' is missing; it is required");
	expect_error("{name: 张小, sex: 男}", "{sex: 男}",
		"t.yaml:23:21: resident: 'name' is missing; it is required");
}

static void test_wrong_types(void **state)
{
	(void)state;
	expect_error("                residents: []\n", "                residents: none\n",
		"t.yaml:27:28: household: 'residents' must be a list of residents, found 'none'");
	expect_error("                unit: \"1\"\n", "                unit: [1]\n",
		"t.yaml:17:23: household: 'unit' must be text, found a list");
	expect_error("tags: [elderly_alone]", "tags: elderly_alone",
		"t.yaml:21:112: resident: 'tags' must be a list of category codes, "
		"found 'elderly_alone'");
	expect_error("- {name: 张小, sex: 男}", "- 张小",
		"t.yaml:23:21: residents: each entry must be a resident (a mapping with name, "
		"id_number, ...), found '张小'");
	expect_error("street: {code: \"S1\", name: 测试街道, district: 莲湖区}",
		"street: 测试街道",
		"t.yaml:2:9: top level: 'street' must be a mapping with code and name, "
		"found '测试街道'");
}

static void test_duplicate_ids(void **state)
{
	(void)state;
	expect_error("\"G1-12-2-201\"", "\"G1-12-1-101\"",
		"t.yaml:28:21: household id 'G1-12-1-101' is used twice (first at "
		"t.yaml:16:21); it must be unique");
	{
		/* Two communities and grids with the same codes, buildings twice in a grid. */
		const char *extra =
			"  - code: \"C1\"\n"                                       /* 33 */
			"    name: 另一社区\n"                                     /* 34 */
			"    grids:\n"                                             /* 35 */
			"      - code: \"G1\"\n"                                   /* 36 */
			"        name: 另一网格\n"                                 /* 37 */
			"        buildings:\n"                                     /* 38 */
			"          - {code: \"5\", households: []}\n"              /* 39 */
			"          - {code: \"5\", households: []}\n";             /* 40 */
		char *text = xasprintf("%s%s", base, extra);

		expect_findings(text,
			GRID_WARNING
			"t.yaml:33:11: community code 'C1' is used twice (first at t.yaml:4:11); "
			"it must be unique\n"
			"t.yaml:36:15: grid code 'G1' is used twice (first at t.yaml:7:15); "
			"it must be unique\n"
			"t.yaml:40:20: building code in grid G1 '5' is used twice (first at "
			"t.yaml:39:20); it must be unique\n"
			"t.yaml:36:9: warning: grid G1 (另一网格) has 0 households; a grid usually "
			"has 500-800\n");
		free(text);
	}
}

static void test_unknown_category_lists_known(void **state)
{
	struct import_counts c;
	char *text = subst(base, "tags: [elderly_alone]", "tags: [eldery_alone]");
	char *out;

	(void)state;
	assert_int_equal(run_text(text, true, &c, &out), WG_INVALID);
	assert_non_null(strstr(out, "t.yaml:21:113: resident: unknown category 'eldery_alone'; "
		"did you mean 'elderly_alone'? Known categories: elderly_alone, "
		"left_behind_child, disabled, "));
	free(out);
	free(text);
	text = subst(base, "tags: [elderly_alone]", "tags: [elderly_alone, xyzzy]");
	assert_int_equal(run_text(text, true, &c, &out), WG_INVALID);
	assert_non_null(strstr(out, "t.yaml:21:128: resident: unknown category 'xyzzy'; "
		"known categories: elderly_alone, "));
	free(out);
	free(text);
}

static void test_bad_dates_and_enums(void **state)
{
	(void)state;
	expect_error("birth: 1980-02-02", "birth: 1980-02-30",
		"t.yaml:22:80: resident: 'birth' must be a date written YYYY-MM-DD, "
		"found '1980-02-30'");
	expect_error("\"610104195001011236\"", "\"6101041950010112\"",
		"t.yaml:21:43: resident: 'id_number' must be 18 characters: 17 digits, then a "
		"digit or X, found '6101********0112'");
	expect_error("tenure: vacant", "tenure: empty",
		"t.yaml:26:25: household: 'tenure' must be owner, rented or vacant, "
		"found 'empty'");
	expect_error("{name: 张小, sex: 男}", "{name: 张小, sex: M}",
		"t.yaml:23:37: resident: 'sex' must be 男 or 女, found 'M'");
	expect_error("role: leader", "role: boss",
		"t.yaml:10:60: worker: 'role' must be worker or leader, found 'boss'");
	expect_error("{name: 张小, sex: 男}", "{name: 张小, registered: maybe}",
		"t.yaml:23:44: resident: 'registered' must be true or false, found 'maybe'");
}

static void test_version(void **state)
{
	(void)state;
	expect_error("version: 1\n", "version: 2\n",
		"t.yaml:1:10: 'version' must be 1, found '2'; this wangge reads grid "
		"format version 1");
	expect_error("version: 1\n", "\n",
		"t.yaml:2:1: top level: 'version' is missing; it is required");
}

static void test_several_errors_collected(void **state)
{
	char *a = subst(base, "version: 1", "version: 3");
	char *b = subst(a, "birth: 1950-01-01", "birth: 1950-1-1");
	char *text = subst(b, "tenure: vacant", "tenure: x");

	(void)state;
	expect_findings(text,
		"t.yaml:1:10: 'version' must be 1, found '3'; this wangge reads grid format "
		"version 1\n"
		"t.yaml:21:80: resident: 'birth' must be a date written YYYY-MM-DD, found "
		"'1950-1-1'\n"
		"t.yaml:26:25: household: 'tenure' must be owner, rented or vacant, found 'x'\n"
		GRID_WARNING);
	free(a);
	free(b);
	free(text);
}

static void test_syntax_error_and_empty_file(void **state)
{
	struct import_counts c;
	char *out;

	(void)state;
	assert_int_equal(run_text("", true, &c, &out), WG_INVALID);
	assert_string_equal(out, "t.yaml: the file is empty; a grid definition starts with "
		"'version: 1', then 'street' and 'communities'\n");
	free(out);
	assert_int_equal(run_text("version: 1\nstreet: {code: [\n", true, &c, &out),
		WG_INVALID);
	assert_non_null(strstr(out, "t.yaml:3:1: "));
	free(out);
	assert_int_equal(run_text("- a\n- b\n", true, &c, &out), WG_INVALID);
	assert_string_equal(out, "t.yaml:1:1: a grid definition must be a mapping with "
		"version, street and communities, found a list\n");
	free(out);
}

static void test_code_must_come_first(void **state)
{
	char *text = subst(base, "          - code: 0012\n            compound: 恒富小区\n",
		"          - compound: 恒富小区\n\n");

	(void)state;
	text = xrealloc(text, strlen(text) + 32);
	strcat(text, "            code: \"12\"\n");
	expect_findings(text,
		"t.yaml:15:13: building: 'code' must come before 'households' (the file is "
		"read in one pass)\n" GRID_WARNING);
	free(text);
	/* Never given at all: only that it is missing. */
	text = subst(base, "          - code: 0012\n", "          -\n");
	expect_findings(text, "t.yaml:14:13: building: 'code' is missing; it is required\n"
		GRID_WARNING);
	free(text);
	/* The street after the communities. */
	text = subst(base, "street: {code: \"S1\", name: 测试街道, district: 莲湖区}\n", "");
	text = xrealloc(text, strlen(text) + 64);
	strcat(text, "street: {code: \"S1\", name: 测试街道}\n");
	expect_findings(text, "t.yaml:6:9: warning: grid G1 (第一网格) has 3 households; a grid "
		"usually has 500-800\n"
		"t.yaml:2:1: top level: 'street' must come before 'communities' (the file is "
		"read in one pass)\n");
	free(text);
}

/* ---- warnings ---- */

static void test_warnings(void **state)
{
	struct import_counts c;
	/* ID numbers are masked in messages, as everywhere; line:column finds them. */
	char *a = subst(base, "610104195001011236", "610104195001011237");
	char *b = subst(a, "birth: 1980-02-02", "birth: 1980-02-03");
	char *text = subst(b, "610104197004044569", "610104198002022344");
	char *out;

	(void)state;
	assert_int_equal(run_text(text, true, &c, &out), WG_OK);
	assert_string_equal(out,
		"t.yaml:21:43: warning: resident 张三: ID number 6101**********1237 fails the "
		"GB 11643 check (its last character should be 6); check the number\n"
		"t.yaml:22:43: warning: resident 王丽: ID number 6101**********2344 says born "
		"1980-02-02, but 'birth' is 1980-02-03\n"
		"t.yaml:32:43: warning: resident 赵六: ID number 6101**********2344 says born "
		"1980-02-02, but 'birth' is 1970-04-04\n"
		"t.yaml:32:43: warning: ID number 6101**********2344 is also given in another "
		"household, at t.yaml:22:43; one person is listed twice\n"
		GRID_WARNING);
	assert_int_equal(c.warnings, 5);
	/* Warnings do not stop the import. */
	assert_int_equal(count("SELECT count(*) FROM household"), 3);
	free(out);
	free(a);
	free(b);
	free(text);
}

/* ---- re-import ---- */

static void test_reimport(void **state)
{
	struct import_counts c;
	char *a, *b, *v2;

	(void)state;
	assert_int_equal(run_text(base, true, &c, NULL), WG_OK);
	/* A visit recorded in the program, meeting 张三. */
	assert_int_equal(db_exec(db, "INSERT INTO visit (id, household_id, kind, outcome, at, "
		"created_at) VALUES ('v-1', 'G1-12-1-101', 'routine', 'met', '2026-11-20 10:00', "
		"'2026-11-20 10:00:00'); INSERT INTO visit_resident (visit_id, resident_id) "
		"SELECT 'v-1', id FROM resident WHERE name = '张三'"), WG_OK);

	/* Importing the same file again changes nothing. */
	assert_int_equal(run_text(base, true, &c, NULL), WG_OK);
	assert_int_equal(c.households_unchanged, 3);
	assert_int_equal(c.households_added + c.households_updated + c.households_departed, 0);
	assert_int_equal(c.residents_added + c.residents_updated + c.residents_departed, 0);
	assert_int_equal(count("SELECT max(version) FROM household"), 1);
	assert_int_equal(count("SELECT max(version) FROM resident"), 1);

	/* Next day: phone changed, 张小 gone, 张三's tag changed, flat 201 gone. */
	setenv("WANGGE_TODAY", "2026-11-25", 1);
	setenv("WANGGE_NOW", "2026-11-25 09:00:00", 1);
	a = subst(base, "029-87654321", "029-11112222");
	b = subst(a, "                  - {name: 张小, sex: 男}\n", "");
	v2 = subst(b, "tags: [elderly_alone]", "tags: [disabled]");
	v2[strstr(v2, "              - id: \"G1-12-2-201\"") - v2] = '\0';
	assert_int_equal(run_text(v2, true, &c, NULL), WG_OK);
	assert_int_equal(c.households_added, 0);
	assert_int_equal(c.households_updated, 1);
	assert_int_equal(c.households_departed, 1);
	assert_int_equal(c.households_unchanged, 1);
	assert_int_equal(c.residents_added, 0);
	assert_int_equal(c.residents_updated, 1);
	assert_int_equal(c.residents_departed, 2);
	assert_text("SELECT phone || ' v' || version || ' ' || updated_at FROM household "
		"WHERE id = ?", "G1-12-1-101", "029-11112222 v2 2026-11-25 09:00:00");
	assert_text("SELECT 'v' || version || ' ' || updated_at FROM household WHERE id = ?",
		"G1-12-1-102", "v1 2026-11-24 09:00:00");
	assert_text("SELECT departed_at FROM household WHERE id = ?", "G1-12-2-201",
		"2026-11-25");
	assert_text("SELECT departed_at FROM resident WHERE name = ?", "赵六", "2026-11-25");
	assert_text("SELECT departed_at FROM resident WHERE name = ?", "张小", "2026-11-25");
	assert_text("SELECT departed_at FROM resident WHERE name = ?", "王丽", NULL);
	assert_text("SELECT group_concat(category || ' ' || since || ' ' || "
		"ifnull(removed_at, '-'), '; ') FROM (SELECT * FROM resident_tag ORDER BY category)",
		NULL, "disabled 2026-11-25 -; elderly_alone 2026-11-24 2026-11-25");
	assert_int_equal(count("SELECT version FROM resident WHERE name = '张三'"), 2);
	/* Visits are never deleted, nor the departed rows. */
	assert_int_equal(count("SELECT count(*) FROM visit"), 1);
	assert_int_equal(count("SELECT count(*) FROM visit_resident"), 1);
	assert_int_equal(count("SELECT count(*) FROM household"), 3);
	assert_int_equal(count("SELECT count(*) FROM resident"), 4);

	/* They come back: the departed rows are revived, the tag re-added from that day. */
	setenv("WANGGE_TODAY", "2026-12-01", 1);
	assert_int_equal(run_text(base, true, &c, NULL), WG_OK);
	assert_int_equal(c.households_updated, 2);
	assert_int_equal(c.residents_updated, 3);
	assert_int_equal(c.residents_added, 0);
	assert_int_equal(count("SELECT count(*) FROM household WHERE departed_at IS NOT NULL"), 0);
	assert_int_equal(count("SELECT count(*) FROM resident WHERE departed_at IS NOT NULL"), 0);
	assert_text("SELECT group_concat(category || ' ' || since || ' ' || "
		"ifnull(removed_at, '-'), '; ') FROM (SELECT * FROM resident_tag ORDER BY category)",
		NULL, "disabled 2026-11-25 2026-12-01; elderly_alone 2026-12-01 -");
	assert_int_equal(count("SELECT count(*) FROM import_run"), 4);
	free(a);
	free(b);
	free(v2);
	setenv("WANGGE_TODAY", "2026-11-24", 1);
	setenv("WANGGE_NOW", "2026-11-24 09:00:00", 1);
}

static void test_residents_matched_by_id_then_name(void **state)
{
	struct import_counts c;
	char *a, *text;
	int64_t zhang, wang;

	(void)state;
	assert_int_equal(run_text(base, true, &c, NULL), WG_OK);
	zhang = count("SELECT id FROM resident WHERE name = '张三'");
	wang = count("SELECT id FROM resident WHERE name = '王丽'");
	/* 张三 renamed (same ID number); 张小 gets an ID number (same name). */
	a = subst(base, "{name: 张三,", "{name: 张叁,");
	text = subst(a, "{name: 张小, sex: 男}",
		"{name: 张小, id_number: \"610104201003033453\", sex: 男}");
	assert_int_equal(run_text(text, true, &c, NULL), WG_OK);
	assert_int_equal(c.residents_updated, 2);
	assert_int_equal(c.residents_added, 0);
	assert_int_equal(c.residents_departed, 0);
	assert_int_equal(count("SELECT id FROM resident WHERE name = '张叁'"), zhang);
	assert_int_equal(count("SELECT id FROM resident WHERE name = '王丽'"), wang);
	assert_int_equal(count("SELECT version FROM resident WHERE name = '王丽'"), 1);
	free(a);
	free(text);
}

static void test_all_or_nothing(void **state)
{
	struct import_counts c;
	char *a, *text;

	(void)state;
	assert_int_equal(run_text(base, true, &c, NULL), WG_OK);
	a = subst(base, "029-87654321", "029-00000000");
	/* The error is in the very last household. */
	text = subst(a, "birth: 1970-04-04", "birth: 1970-04-31");
	assert_int_equal(run_text(text, true, &c, NULL), WG_INVALID);
	assert_int_equal(c.errors, 1);
	assert_text("SELECT phone FROM household WHERE id = ?", "G1-12-1-101", "029-87654321");
	assert_int_equal(count("SELECT count(*) FROM import_run"), 1);
	assert_int_equal(count("SELECT count(*) FROM audit"), 1);
	assert_int_equal(count("SELECT max(version) FROM household"), 1);
	free(a);
	free(text);
}

static void test_several_files_one_run(void **state)
{
	static const char other[] =
		"version: 1\n"
		"street: {code: \"S2\", name: 第二街道}\n"
		"communities:\n"
		"  - code: \"C2\"\n"
		"    name: 二社区\n"
		"    grids:\n"
		"      - code: \"G2\"\n"
		"        name: 二网格\n"
		"        buildings:\n"
		"          - code: \"1\"\n"
		"            households:\n"
		"              - {id: \"G1-12-1-101\", room: \"1\"}\n";
	struct import_source src[2] = {
		{ "a.yaml", base, sizeof(base) - 1 },
		{ "b.yaml", other, sizeof(other) - 1 },
	};
	struct import_counts c;
	char *out, *fixed;

	(void)state;
	/* A household id used in another file is a duplicate too; nothing is written. */
	assert_int_equal(run_sources(src, 2, true, &c, &out), WG_INVALID);
	assert_non_null(strstr(out, "b.yaml:12:22: household id 'G1-12-1-101' is used twice "
		"(first at a.yaml:16:21); it must be unique\n"));
	assert_int_equal(count("SELECT count(*) FROM street"), 0);
	free(out);
	fixed = subst(other, "G1-12-1-101", "G2-1-1");
	src[1].text = fixed;
	src[1].len = strlen(fixed);
	assert_int_equal(run_sources(src, 2, true, &c, NULL), WG_OK);
	assert_int_equal(c.households_added, 4);
	assert_int_equal(count("SELECT count(*) FROM street"), 2);
	/* Importing one street alone leaves the other street's households alone. */
	assert_int_equal(run_sources(src, 1, true, &c, NULL), WG_OK);
	assert_int_equal(c.households_departed, 0);
	assert_int_equal(count("SELECT count(*) FROM household WHERE departed_at IS NULL"), 4);
	free(fixed);
}

/* ---- YAML corners ---- */

static void test_bom_crlf_same_result(void **state)
{
	struct strbuf sb;
	struct import_counts c;
	const char *p;
	char *bad, *out;

	(void)state;
	bad = subst(base, "                room: \"102\"\n", "                rom: \"102\"\n");
	sb_init(&sb);
	sb_add(&sb, "\xEF\xBB\xBF");
	for (p = bad; *p; p++) {
		if (*p == '\n')
			sb_addc(&sb, '\r');
		sb_addc(&sb, *p);
	}
	assert_int_equal(run_text(sb.buf, true, &c, &out), WG_INVALID);
	assert_non_null(strstr(out, "t.yaml:25:17: household: unknown key 'rom'; "));
	free(out);
	sb_reset(&sb);
	sb_add(&sb, "\xEF\xBB\xBF");
	for (p = base; *p; p++) {
		if (*p == '\n')
			sb_addc(&sb, '\r');
		sb_addc(&sb, *p);
	}
	assert_int_equal(run_text(sb.buf, true, &c, NULL), WG_OK);
	assert_int_equal(c.households_added, 3);
	/* No carriage return ends up in the data. */
	assert_int_equal(count("SELECT count(*) FROM household WHERE instr(room, char(13)) OR "
		"instr(phone, char(13))"), 0);
	assert_text("SELECT room FROM household WHERE id = ?", "G1-12-2-201", "201");
	sb_free(&sb);
	free(bad);
}

static void test_aliases_and_flow_style(void **state)
{
	static const char text[] =
		"version: 1\n"
		"street: {code: \"S1\", name: 测试街道}\n"
		"communities: [{code: \"C1\", name: 社区, grids: [{code: \"G1\", name: 网格,\n"
		"  buildings: [\n"
		"    {code: \"1\", compound: &yard 西北一路家属院, households: [\n"
		"      {id: \"h1\", room: \"101\", residents: [\n"
		"        {name: 甲, tags: &t [elderly_alone, disabled]},\n"
		"        {name: 乙, tags: *t}]}]},\n"
		"    {code: \"2\", compound: *yard, households: [\n"
		"      {id: \"h2\", room: \"8\", note: \"\", phone: 13900000000}]}]}]}]\n";
	struct import_counts c;

	(void)state;
	assert_int_equal(run_text(text, true, &c, NULL), WG_OK);
	assert_int_equal(c.residents_added, 2);
	assert_int_equal(count("SELECT count(*) FROM resident_tag"), 4);
	assert_int_equal(count("SELECT count(DISTINCT compound) FROM building"), 1);
	assert_text("SELECT compound FROM building WHERE code = ?", "2", "西北一路家属院");
	/* An empty note is none; a plain number stays the text as written. */
	assert_text("SELECT note FROM household WHERE id = ?", "h2", NULL);
	assert_text("SELECT phone FROM household WHERE id = ?", "h2", "13900000000");
	assert_int_equal(count("SELECT count(*) FROM household WHERE id = 'h2' AND floor IS NULL"),
		1);
}

static void test_workers_and_places(void **state)
{
	static const char extra_building[] =
		"          - code: \"9\"\n"
		"            households: []\n";
	struct import_counts c;
	char *text = xasprintf("%s%s", base, extra_building);
	char *less;

	(void)state;
	assert_int_equal(run_text(text, true, &c, NULL), WG_OK);
	assert_int_equal(count("SELECT count(*) FROM building"), 2);
	/* A role set on the command line is kept; the file's worker list replaces the old. */
	assert_int_equal(db_exec(db, "UPDATE worker SET role = 'admin', role_locked = 1 "
		"WHERE id = 'W1'"), WG_OK);
	less = subst(base, "          - {id: W2, name: 李明}\n", "");
	assert_int_equal(run_text(less, true, &c, NULL), WG_OK);
	assert_text("SELECT role FROM worker WHERE id = ?", "W1", "admin");
	assert_text("SELECT group_concat(worker_id) FROM grid_worker", NULL, "W1");
	/* The building no longer listed is marked departed, not deleted. */
	assert_text("SELECT departed_at FROM building WHERE code = ?", "9", "2026-11-24");
	assert_text("SELECT departed_at FROM building WHERE code = ?", "0012", NULL);
	/* Listed again, it is back. */
	assert_int_equal(run_text(text, true, &c, NULL), WG_OK);
	assert_text("SELECT departed_at FROM building WHERE code = ?", "9", NULL);
	free(less);
	free(text);
}

static void test_error_limit(void **state)
{
	struct strbuf sb;
	struct import_counts c;
	struct import_options opt = { 0 };
	struct import_source src = { "t.yaml", NULL, 0 };
	char *buf = NULL;
	size_t len = 0;
	int i;

	(void)state;
	sb_init(&sb);
	sb_add(&sb, "version: 1\nstreet: {code: S, name: N}\ncommunities:\n");
	for (i = 0; i < 30; i++)
		sb_addf(&sb, "  - {code: \"C%d\", nam: x, grids: []}\n", i);
	src.text = sb.buf;
	src.len = sb.len;
	opt.write = true;
	opt.max_errors = 10;
	opt.findings = open_memstream(&buf, &len);
	assert_int_equal(import_run(db, cfg, &src, 1, &opt, &c), WG_INVALID);
	fclose(opt.findings);
	assert_int_equal(c.errors, 10);
	assert_non_null(strstr(buf, "t.yaml: too many errors (10); stopped reading\n"));
	free(buf);
	sb_free(&sb);
}

static void test_sample_file(void **state)
{
	struct import_counts c;
	char *out;
	char *path = "config/sample/lianhu-sample.yaml";
	struct import_source src = { path, NULL, 0 };

	(void)state;
	if (access(path, R_OK) != 0)
		skip();
	assert_int_equal(run_sources(&src, 1, true, &c, &out), WG_OK);
	assert_int_equal(c.errors, 0);
	assert_int_equal(c.warnings, 2);
	assert_int_equal(c.households_added, 30);
	free(out);
	assert_text("SELECT code FROM building WHERE name = ?", "12号楼", "0012");
	assert_text("SELECT phone FROM worker WHERE id = ?", "WS003", "13709181003");
	assert_int_equal(count("SELECT count(*) FROM resident WHERE name = '周𠮷'"), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
		T(test_base_imports),
		T(test_validate_writes_nothing),
		T(test_unknown_key_did_you_mean),
		T(test_missing_required),
		T(test_wrong_types),
		T(test_duplicate_ids),
		T(test_unknown_category_lists_known),
		T(test_bad_dates_and_enums),
		T(test_version),
		T(test_several_errors_collected),
		T(test_syntax_error_and_empty_file),
		T(test_code_must_come_first),
		T(test_warnings),
		T(test_reimport),
		T(test_residents_matched_by_id_then_name),
		T(test_all_or_nothing),
		T(test_several_files_one_run),
		T(test_bom_crlf_same_result),
		T(test_aliases_and_flow_style),
		T(test_workers_and_places),
		T(test_error_limit),
		T(test_sample_file),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
