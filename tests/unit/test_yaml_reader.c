/* The YAML reader: what the importer and the configuration rely on — positions people can
 * find in their editor, text kept exactly as written, BOM and CRLF files from Windows
 * editors, anchors and aliases resolved transparently, syntax errors with a position. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "wangge/common.h"
#include "wangge/yaml_reader.h"

#include <unistd.h>

/* Events as one line: "{ a=1@1:1 ..." — kind, '=' plain or '\'' quoted scalar, value,
 * position. Caller frees. On error the result ends with "ERR <message>". */
static char *dump_reader(struct yaml_reader *r, bool positions)
{
	static const char *const kinds[] = { "END", "DOC", "/DOC", "{", "}", "[", "]", "" };
	struct strbuf sb;
	struct yr_event ev;
	enum wg_status rc;

	sb_init(&sb);
	do {
		rc = yr_next(r, &ev);
		if (rc != WG_OK) {
			sb_addf(&sb, "ERR %s", wg_error_msg());
			break;
		}
		if (sb.len)
			sb_addc(&sb, ' ');
		sb_add(&sb, kinds[ev.kind]);
		if (ev.kind == YR_SCALAR) {
			assert_int_equal(strlen(ev.value), ev.len);
			sb_addf(&sb, "%c%s", ev.plain ? '=' : '\'', ev.value);
		}
		if (positions)
			sb_addf(&sb, "@%d:%d", ev.line, ev.column);
	} while (ev.kind != YR_STREAM_END);
	return sb_detach(&sb);
}

static char *dump(const char *text, bool positions)
{
	struct yaml_reader *r;
	char *out;

	assert_int_equal(yr_open_string("t.yaml", text, strlen(text), &r), WG_OK);
	out = dump_reader(r, positions);
	yr_close(r);
	return out;
}

static void expect(const char *text, bool positions, const char *want)
{
	char *got = dump(text, positions);

	assert_string_equal(got, want);
	free(got);
}

/* The first error of text, with its status. */
static void expect_error(const char *text, enum wg_status status, const char *want)
{
	struct yaml_reader *r;
	struct yr_event ev;
	enum wg_status rc;

	assert_int_equal(yr_open_string("t.yaml", text, strlen(text), &r), WG_OK);
	do
		rc = yr_next(r, &ev);
	while (rc == WG_OK && ev.kind != YR_STREAM_END);
	assert_int_equal(rc, status);
	assert_string_equal(wg_error_msg(), want);
	yr_close(r);
}

static void test_positions_are_one_based(void **state)
{
	(void)state;
	expect("a: 1\nb:\n  - x\n  - \"y\"\n", true,
		"DOC@1:1 {@1:1 =a@1:1 =1@1:4 =b@2:1 [@3:3 =x@3:5 'y@4:5 ]@5:1 }@5:1 /DOC@5:1 END@5:1");
	/* Columns count characters, not bytes: 王芳 is two columns of text, six bytes. */
	expect("王芳: {x: 1}\n", true,
		"DOC@1:1 {@1:1 =王芳@1:1 {@1:5 =x@1:6 =1@1:9 }@1:10 }@2:1 /DOC@2:1 END@2:1");
}

static void test_text_kept_as_written(void **state)
{
	(void)state;
	/* Numbers-looking codes stay strings; quoting clears the plain flag, so "true" and
	 * !!str true are text while a bare true may be a boolean. */
	expect("code: 0012\nq: \"0012\"\nb: true\ns: !!str true\nd: 1950-01-01\ne:\n", false,
		"DOC { =code =0012 =q '0012 =b =true =s 'true =d =1950-01-01 =e = } /DOC END");
	expect("a: 'it''s'\nb: \"\\u738b\\t\"\nc: |\n  x\n  y\n", false,
		"DOC { =a 'it's =b '王\t =c 'x\ny\n } /DOC END");
}

static void test_bom_and_crlf(void **state)
{
	(void)state;
	/* A BOM is not a character of line 1. */
	expect("\xEF\xBB\xBF" "a: 1\nb: 2\n", true,
		"DOC@1:1 {@1:1 =a@1:1 =1@1:4 =b@2:1 =2@2:4 }@3:1 /DOC@3:1 END@3:1");
	/* CRLF: same lines, no \r in values, block scalars get \n. */
	expect("\xEF\xBB\xBF" "a: 1\r\nb: |\r\n  x\r\n  y\r\nc: 2\r\n", true,
		"DOC@1:1 {@1:1 =a@1:1 =1@1:4 =b@2:1 'x\ny\n@2:4 =c@5:1 =2@5:4 }@6:1 /DOC@6:1 "
		"END@6:1");
}

static void test_flow_style(void **state)
{
	(void)state;
	expect("{a: [1, \"2\", {b: c}], d: []}\n", true,
		"DOC@1:1 {@1:1 =a@1:2 [@1:5 =1@1:6 '2@1:9 {@1:14 =b@1:15 =c@1:18 }@1:19 ]@1:20 "
		"=d@1:23 [@1:26 ]@1:27 }@1:28 /DOC@2:1 END@2:1");
}

static void test_aliases_replayed(void **state)
{
	(void)state;
	/* A mapping alias and a scalar alias; replayed events sit at the alias. */
	expect("w: &w {id: W1, name: 王芳}\nx: *w\ns: &s 0012\nt: *s\n", true,
		"DOC@1:1 {@1:1 =w@1:1 {@1:4 =id@1:8 =W1@1:12 =name@1:16 =王芳@1:22 }@1:24 "
		"=x@2:1 {@2:4 =id@2:4 =W1@2:4 =name@2:4 =王芳@2:4 }@2:4 "
		"=s@3:1 =0012@3:4 =t@4:1 =0012@4:4 }@5:1 /DOC@5:1 END@5:1");
	/* Anchors inside anchors, and an alias inside an anchored node: each alias gives
	 * exactly the node it names, fully expanded. */
	expect("v: &v 1\na: &a [*v, &b {x: *v}]\nc: *a\nd: *b\n", false,
		"DOC { =v =1 =a [ =1 { =x =1 } ] =c [ =1 { =x =1 } ] =d { =x =1 } } /DOC END");
	expect("- &a\n  - &b [1]\n  - *b\n- *a\n- *b\n", false,
		"DOC [ [ [ =1 ] [ =1 ] ] [ [ =1 ] [ =1 ] ] [ =1 ] ] /DOC END");
	/* Quoting survives the replay. */
	expect("a: &q \"true\"\nb: *q\n", false, "DOC { =a 'true =b 'true } /DOC END");
	/* A reused anchor name: an alias means the latest definition. */
	expect("a: &a x\nb: &a y\nc: *a\n", false, "DOC { =a =x =b =y =c =y } /DOC END");
}

static void test_alias_errors(void **state)
{
	(void)state;
	expect_error("a: 1\nb: *nope\n", WG_PARSE,
		"t.yaml:2:4: alias *nope names no anchor defined before it; define &nope first "
		"(anchors only work within one document)");
	expect_error("a: &x [1, *x]\n", WG_PARSE,
		"t.yaml:1:11: alias *x is inside the node it refers to (anchored at line 1); a "
		"node cannot contain itself");
	/* Anchors do not cross documents. */
	expect_error("--- &a x\n--- *a\n", WG_PARSE,
		"t.yaml:2:5: alias *a names no anchor defined before it; define &a first "
		"(anchors only work within one document)");
}

static void test_syntax_errors_have_positions(void **state)
{
	(void)state;
	expect_error("a: 1\nb: c: d\n", WG_PARSE,
		"t.yaml:2:5: mapping values are not allowed in this context; check the "
		"indentation and quoting there");
	expect_error("a: [1, 2\n", WG_PARSE,
		"t.yaml:2:1: did not find expected ',' or ']' while parsing a flow sequence at "
		"line 1, column 4; check the indentation and quoting there");
	expect_error("a:\n  - x\n - y\n", WG_PARSE,
		"t.yaml:3:2: did not find expected key while parsing a block mapping at line 1, "
		"column 1; check the indentation and quoting there");
	expect_error("a: 1\nb: \"x\xff\"\n", WG_PARSE,
		"t.yaml:2:6: invalid leading UTF-8 octet (byte 0xff); the file must be UTF-8 text "
		"(convert a GBK file with iconv -f GBK -t UTF-8)");
	expect_error("a: \"x\\0y\"\n", WG_PARSE,
		"t.yaml:1:4: a NUL character (\\0) in a string is not allowed");
}

static void test_skip_whole_node(void **state)
{
	const char *text = "a: &x {b: [1, {c: 2}], d: 3}\ne: *x\nf: 4\n";
	struct yaml_reader *r;
	struct yr_event ev;

	(void)state;
	assert_int_equal(yr_open_string("t.yaml", text, strlen(text), &r), WG_OK);
	assert_int_equal(yr_next(r, &ev), WG_OK);   /* doc */
	assert_int_equal(yr_next(r, &ev), WG_OK);   /* { */
	assert_int_equal(yr_next(r, &ev), WG_OK);   /* a */
	assert_int_equal(yr_next(r, &ev), WG_OK);
	assert_int_equal(ev.kind, YR_MAP_START);
	assert_int_equal(yr_skip(r, &ev), WG_OK);
	assert_int_equal(yr_next(r, &ev), WG_OK);
	assert_string_equal(ev.value, "e");
	assert_int_equal(yr_next(r, &ev), WG_OK);   /* the replayed mapping */
	assert_int_equal(ev.kind, YR_MAP_START);
	assert_int_equal(yr_skip(r, &ev), WG_OK);
	assert_int_equal(yr_next(r, &ev), WG_OK);
	assert_string_equal(ev.value, "f");
	assert_int_equal(ev.line, 3);
	/* Skipping a scalar is a no-op. */
	assert_int_equal(yr_next(r, &ev), WG_OK);
	assert_int_equal(yr_skip(r, &ev), WG_OK);
	assert_int_equal(yr_next(r, &ev), WG_OK);
	assert_int_equal(ev.kind, YR_MAP_END);
	yr_close(r);
}

static void test_error_format_and_end(void **state)
{
	struct yaml_reader *r;
	struct yr_event ev;

	(void)state;
	assert_int_equal(yr_open_string("grid.yaml", "a: 7\n", 5, &r), WG_OK);
	assert_string_equal(yr_name(r), "grid.yaml");
	assert_int_equal(yr_next(r, &ev), WG_OK);
	assert_int_equal(yr_next(r, &ev), WG_OK);
	assert_int_equal(yr_next(r, &ev), WG_OK);
	assert_int_equal(yr_next(r, &ev), WG_OK);
	assert_int_equal(yr_error(r, &ev, WG_INVALID, "'%s' is not a %s", ev.value, "date"),
		WG_INVALID);
	assert_string_equal(wg_error_msg(), "grid.yaml:1:4: '7' is not a date");
	while (ev.kind != YR_STREAM_END)
		assert_int_equal(yr_next(r, &ev), WG_OK);
	/* Reading past the end keeps answering "end". */
	assert_int_equal(yr_next(r, &ev), WG_OK);
	assert_int_equal(ev.kind, YR_STREAM_END);
	yr_close(r);
	/* An empty file has no document at all. */
	expect("", false, "END");
	expect("# only a comment\n", false, "END");
}

static void test_files(void **state)
{
	char path[] = "/tmp/wangge-yr-XXXXXX";
	struct yaml_reader *r;
	char *got, *want;
	int fd;

	(void)state;
	fd = mkstemp(path);
	assert_true(fd >= 0);
	/* A Windows editor's file: BOM, CRLF, Chinese text. */
	assert_int_equal(write(fd, "\xEF\xBB\xBFname: 青年路\r\ncode: 0012\r\n", 32), 32);
	assert_int_equal(yr_open_file(path, &r), WG_OK);
	got = dump_reader(r, true);
	assert_string_equal(got, "DOC@1:1 {@1:1 =name@1:1 =青年路@1:7 =code@2:1 =0012@2:7 }@3:1 "
		"/DOC@3:1 END@3:1");
	free(got);
	yr_close(r);
	/* A broken byte on line 3 (a GBK file, say) is found by its line and column: the
	 * lead byte 0xC3 at column 4 is followed by '(' at column 5. */
	assert_int_equal(write(fd, "x: \xC3(\r\n", 7), 7);
	close(fd);
	assert_int_equal(yr_open_file(path, &r), WG_OK);
	got = dump_reader(r, true);
	want = xasprintf("ERR %s:3:5: invalid trailing UTF-8 octet (byte 0x28); the file must "
		"be UTF-8 text (convert a GBK file with iconv -f GBK -t UTF-8)", path);
	assert_string_equal(got, want);
	free(got);
	free(want);
	yr_close(r);
	unlink(path);

	assert_int_equal(yr_open_file(path, &r), WG_IO);
	assert_null(r);
	want = xasprintf("cannot open %s: %s", path, strerror(ENOENT));
	assert_string_equal(wg_error_msg(), want);
	free(want);
	assert_int_equal(yr_open_file("/tmp", &r), WG_IO);
	assert_string_equal(wg_error_msg(), "cannot read /tmp: it is a folder, not a YAML file");
}

/* Anchored data is bounded: a "billion laughs" file is refused, not expanded. */
static void test_anchor_bomb_refused(void **state)
{
	struct strbuf sb;
	struct yaml_reader *r;
	struct yr_event ev;
	enum wg_status rc;
	int i, j;

	(void)state;
	sb_init(&sb);
	sb_add(&sb, "a0: &a0 [\"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\"]\n");
	for (i = 1; i < 30; i++) {
		sb_addf(&sb, "a%d: &a%d [", i, i);
		for (j = 0; j < 10; j++)
			sb_addf(&sb, "%s*a%d", j ? ", " : "", i - 1);
		sb_add(&sb, "]\n");
	}
	assert_int_equal(yr_open_string("bomb.yaml", sb.buf, sb.len, &r), WG_OK);
	do
		rc = yr_next(r, &ev);
	while (rc == WG_OK && ev.kind != YR_STREAM_END);
	assert_int_equal(rc, WG_INVALID);
	assert_non_null(strstr(wg_error_msg(), "is too large to be reused"));
	yr_close(r);
	sb_free(&sb);
}

/* Many small aliases to a big anchor are bounded too (a day-long import otherwise). */
static void test_alias_flood_refused(void **state)
{
	struct strbuf sb;
	struct yaml_reader *r;
	struct yr_event ev;
	enum wg_status rc;
	int i;

	(void)state;
	sb_init(&sb);
	sb_add(&sb, "big: &big \"");
	for (i = 0; i < (1 << 20); i++)
		sb_addc(&sb, 'x');
	sb_add(&sb, "\"\ncopies:\n");
	for (i = 0; i < 600; i++)
		sb_add(&sb, "- *big\n");
	assert_int_equal(yr_open_string("flood.yaml", sb.buf, sb.len, &r), WG_OK);
	do
		rc = yr_next(r, &ev);
	while (rc == WG_OK && ev.kind != YR_STREAM_END);
	assert_int_equal(rc, WG_INVALID);
	/* Each copy is 1 MiB and a little: the 512th, on line 2 + 512, crosses 512 MiB. */
	assert_string_equal(wg_error_msg(), "flood.yaml:514:3: aliases here repeat more than "
		"512 MiB of data in all; write the repeated parts out instead of using aliases");
	/* Reading on repeats the error instead of ending quietly. */
	wg_error_clear();
	assert_int_equal(yr_next(r, &ev), WG_INVALID);
	assert_non_null(strstr(wg_error_msg(), "flood.yaml:514:3: "));
	yr_close(r);
	sb_free(&sb);
}

/* Thousands of anchors (a generated file may anchor every worker) stay fast and exact. */
static void test_many_anchors(void **state)
{
	struct strbuf sb;
	struct yaml_reader *r;
	struct yr_event ev;
	char want[32];
	int i, seen = 0;

	(void)state;
	sb_init(&sb);
	for (i = 0; i < 20000; i++)
		sb_addf(&sb, "a%d: &w%d W%05d\n", i, i, i);
	for (i = 19999; i >= 0; i--)
		sb_addf(&sb, "b%d: *w%d\n", i, i);
	assert_int_equal(yr_open_string("many.yaml", sb.buf, sb.len, &r), WG_OK);
	do {
		assert_int_equal(yr_next(r, &ev), WG_OK);
		if (ev.kind == YR_SCALAR && ev.value[0] == 'b') {
			snprintf(want, sizeof(want), "W%05d", atoi(ev.value + 1));
			assert_int_equal(yr_next(r, &ev), WG_OK);
			assert_string_equal(ev.value, want);
			assert_int_equal(ev.line, 40000 - atoi(want + 1));
			seen++;
		}
	} while (ev.kind != YR_STREAM_END);
	assert_int_equal(seen, 20000);
	yr_close(r);
	sb_free(&sb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_positions_are_one_based),
		cmocka_unit_test(test_text_kept_as_written),
		cmocka_unit_test(test_bom_and_crlf),
		cmocka_unit_test(test_flow_style),
		cmocka_unit_test(test_aliases_replayed),
		cmocka_unit_test(test_alias_errors),
		cmocka_unit_test(test_syntax_errors_have_positions),
		cmocka_unit_test(test_skip_whole_node),
		cmocka_unit_test(test_error_format_and_end),
		cmocka_unit_test(test_files),
		cmocka_unit_test(test_anchor_bomb_refused),
		cmocka_unit_test(test_alias_flood_refused),
		cmocka_unit_test(test_many_anchors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
