/* The configuration: the compiled-in defaults are DOMAIN.md's, a file replaces them section
 * by section, every mistake is reported at its line:column with what was expected, and
 * look-ups work by code or Chinese name. Also the "did you mean" helper. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "wangge/common.h"
#include "wangge/config.h"
#include "wangge/suggest.h"

#include <sys/stat.h>
#include <unistd.h>

static struct wg_config *parse_ok(const char *text)
{
	struct wg_config *cfg = NULL;
	enum wg_status rc = config_parse("c.yaml", text, strlen(text), &cfg);

	if (rc != WG_OK)
		fail_msg("%s", wg_error_msg());
	return cfg;
}

static void expect_error(const char *text, const char *want)
{
	struct wg_config *cfg = (struct wg_config *)1;
	enum wg_status rc = config_parse("c.yaml", text, strlen(text), &cfg);

	assert_int_not_equal(rc, WG_OK);
	assert_null(cfg);
	assert_string_equal(wg_error_msg(), want);
}

static void test_builtin_has_domain_categories(void **state)
{
	/* DOMAIN.md's table: code, name, interval, restricted. */
	static const struct { const char *code, *name; int days; bool restricted; } want[] = {
		{ "elderly_alone", "独居/空巢老人", 7, false },
		{ "left_behind_child", "留守儿童", 30, false },
		{ "disabled", "残疾人", 90, false },
		{ "low_income", "低保/特困户", 90, false },
		{ "veteran", "涉军群体/优抚对象", 90, false },
		{ "migrant", "流动人口", 90, false },
		{ "community_correction", "社区矫正对象", 7, true },
		{ "released_prisoner", "刑满释放人员", 30, true },
		{ "mental_disorder", "严重精神障碍患者", 30, true },
		{ "drug_user", "吸毒/社区戒毒康复人员", 30, true },
		{ "petitioner", "重点信访人员", 30, true },
	};
	struct wg_config *cfg = NULL;
	size_t i;

	(void)state;
	assert_int_equal(config_parse("built-in", wg_builtin_config, wg_builtin_config_len,
		&cfg), WG_OK);
	assert_string_equal(cfg->source, "built-in");
	assert_string_equal(cfg->language, "zh");
	assert_int_equal(cfg->idle_lock_seconds, 5 * 60);
	assert_string_equal(cfg->neutral_mark, "重点关注");
	assert_int_equal(cfg->urgent_deadline_percent, 50);
	assert_int_equal(cfg->n_categories, ARRAY_SIZE(want));
	for (i = 0; i < ARRAY_SIZE(want); i++) {
		assert_string_equal(cfg->categories[i].code, want[i].code);
		assert_string_equal(cfg->categories[i].name, want[i].name);
		assert_int_equal(cfg->categories[i].interval_days, want[i].days);
		assert_int_equal(cfg->categories[i].restricted, want[i].restricted);
		assert_true(cfg->categories[i].n_checklist >= 3);
	}
	assert_string_equal(cfg->categories[0].checklist[0], "身体状况");
	assert_int_equal(cfg->n_visit_kinds, 5);
	assert_int_equal(cfg->n_outcomes, 4);
	assert_int_equal(cfg->n_incident_types, 7);
	assert_int_equal(cfg->n_levels, 4);
	assert_string_equal(cfg->levels[0].code, "grid");
	assert_string_equal(cfg->levels[3].name, "区职能部门");
	assert_int_equal(cfg->n_ratings, 3);
	assert_int_equal(cfg->n_keys, 0);
	config_free(cfg);
}

static void test_lookup_by_code_or_name(void **state)
{
	struct wg_config *cfg = NULL;
	char *codes;

	(void)state;
	assert_int_equal(config_parse("built-in", wg_builtin_config, wg_builtin_config_len,
		&cfg), WG_OK);
	assert_string_equal(config_visit_kind(cfg, "followup")->name, "回访");
	assert_string_equal(config_visit_kind(cfg, "回访")->code, "followup");
	assert_string_equal(config_outcome(cfg, "无人")->code, "not_home");
	assert_string_equal(config_outcome(cfg, "met")->name, "见到本人");
	assert_int_equal(config_incident_type(cfg, "矛盾纠纷")->deadline_days, 7);
	assert_string_equal(config_incident_type(cfg, "hazard")->name, "安全隐患");
	assert_int_equal(config_incident_type(cfg, "hazard")->deadline_days, 3);
	assert_true(config_category(cfg, "community_correction")->restricted);
	assert_string_equal(config_category(cfg, "left_behind_child")->name, "留守儿童");
	assert_null(config_category(cfg, "留守儿童"));   /* categories: by code only */
	assert_string_equal(config_named(cfg->levels, cfg->n_levels, "街道")->code, "street");
	assert_string_equal(config_named(cfg->ratings, cfg->n_ratings, "基本满意")->code,
		"basically");
	assert_null(config_category(cfg, "elderly"));
	assert_null(config_visit_kind(cfg, "走"));
	assert_null(config_outcome(cfg, NULL));
	assert_null(config_incident_type(cfg, ""));
	/* Tags typed wrong in a grid file get a suggestion. */
	assert_string_equal(config_category_suggest(cfg, "elderly_alon"), "elderly_alone");
	assert_string_equal(config_category_suggest(cfg, "petitoner"), "petitioner");
	assert_string_equal(config_category_suggest(cfg, "留守儿童"), "left_behind_child");
	assert_null(config_category_suggest(cfg, "student"));
	codes = config_category_codes(cfg);
	assert_string_equal(codes, "elderly_alone, left_behind_child, disabled, low_income, "
		"veteran, migrant, community_correction, released_prisoner, mental_disorder, "
		"drug_user, petitioner");
	free(codes);
	config_free(cfg);
}

static void test_sections_fall_back_to_builtin(void **state)
{
	struct wg_config *cfg;

	(void)state;
	/* Only the language: everything else is the default. */
	cfg = parse_ok("version: 1\nlanguage: en\n");
	assert_string_equal(cfg->source, "c.yaml");
	assert_string_equal(cfg->language, "en");
	assert_int_equal(cfg->n_categories, 11);
	assert_int_equal(cfg->idle_lock_seconds, 300);
	assert_string_equal(cfg->neutral_mark, "重点关注");
	config_free(cfg);
	/* A categories section replaces all built-in categories; the rest stays. Aliases
	 * and flow style work as in grid files. */
	cfg = parse_ok("version: 1\nidle_lock_seconds: 2\nneutral_mark: 关注\n"
		"categories:\n"
		"  - {code: elderly_alone, name: 独居老人, interval_days: 14,\n"
		"     checklist: &c [身体, 安全]}\n"
		"  - code: hoarder\n    name: 囤积\n    interval_days: 60\n    restricted: true\n"
		"    checklist: *c\n"
		"keys: {search: /, refresh: ^L}\n");
	assert_int_equal(cfg->idle_lock_seconds, 2);
	assert_string_equal(cfg->neutral_mark, "关注");
	assert_int_equal(cfg->n_categories, 2);
	assert_int_equal(cfg->categories[0].interval_days, 14);
	assert_false(cfg->categories[0].restricted);
	assert_true(cfg->categories[1].restricted);
	assert_int_equal(cfg->categories[1].n_checklist, 2);
	assert_string_equal(cfg->categories[1].checklist[1], "安全");
	assert_int_equal(cfg->n_visit_kinds, 5);
	assert_int_equal(cfg->n_incident_types, 7);
	assert_string_equal(cfg->language, "zh");
	assert_int_equal(cfg->n_keys, 2);
	assert_string_equal(cfg->keys[0].action, "search");
	assert_string_equal(cfg->keys[0].key, "/");
	assert_string_equal(cfg->keys[1].key, "^L");
	config_free(cfg);
	/* Sections with everything commented out are empty, not errors. */
	cfg = parse_ok("version: 1\nkeys:\n#  search: /\ncategories:\n"
		"  - {code: a, name: 甲, interval_days: 7, checklist: }\n");
	assert_int_equal(cfg->n_keys, 0);
	assert_int_equal(cfg->categories[0].n_checklist, 0);
	config_free(cfg);
	/* Minutes become seconds; 0 turns the lock off. */
	cfg = parse_ok("version: 1\nidle_lock_minutes: 0\n");
	assert_int_equal(cfg->idle_lock_seconds, 0);
	config_free(cfg);
}

static void test_unknown_keys_suggest(void **state)
{
	(void)state;
	expect_error("version: 1\nlanguag: en\n",
		"c.yaml:2:1: configuration: unknown key 'languag'; did you mean 'language'?");
	expect_error("version: 1\ncategories:\n  - code: x\n    name: 某\n    intervl_days: 7\n",
		"c.yaml:5:5: category: unknown key 'intervl_days'; did you mean 'interval_days'?");
	expect_error("version: 1\nincident_types:\n  - {code: x, name: 某, days: 7}\n",
		"c.yaml:3:24: incident type: unknown key 'days'; known keys: code, name, "
		"deadline_days");
	expect_error("version: 1\nvisit_kinds:\n  - {code: a, name: b, colour: red}\n",
		"c.yaml:3:24: visit kind: unknown key 'colour'; known keys: code, name");
}

static void test_wrong_types(void **state)
{
	(void)state;
	expect_error("version: 1\ncategories:\n  - {code: a, name: 甲, interval_days: 0}\n",
		"c.yaml:3:39: category: 'interval_days' must be a whole number from 1 to 3650, "
		"found '0'");
	expect_error("version: 1\ncategories:\n  - {code: a, name: 甲, interval_days: \"7\"}\n",
		"c.yaml:3:39: category: 'interval_days' must be a whole number from 1 to 3650, "
		"found '7'");
	expect_error("version: 1\ncategories:\n  - {code: a, name: 甲, interval_days: [7]}\n",
		"c.yaml:3:39: category: 'interval_days' must be a whole number from 1 to 3650, "
		"found a list");
	expect_error("version: 1\ncategories:\n  - {code: a, name: 甲, interval_days: -7}\n",
		"c.yaml:3:39: category: 'interval_days' must be a whole number from 1 to 3650, "
		"found '-7'");
	expect_error("version: 1\ncategories:\n"
		"  - {code: a, name: 甲, interval_days: 7, restricted: yes}\n",
		"c.yaml:3:54: category: 'restricted' must be true or false, found 'yes'");
	expect_error("version: 1\ncategories:\n"
		"  - {code: a, name: 甲, interval_days: 7, restricted: \"true\"}\n",
		"c.yaml:3:54: category: 'restricted' must be true or false, found 'true'");
	expect_error("version: 1\ncategories:\n  - {code: a b, name: 甲, interval_days: 7}\n",
		"c.yaml:3:12: category: 'code' must be a code (letters, digits, _ or -), found "
		"'a b'");
	expect_error("version: 1\ncategories:\n  - {code: a, name: , interval_days: 7}\n",
		"c.yaml:3:21: category: 'name' must be text, found nothing");
	expect_error("version: 1\ncategories:\n  - {code: a, name: 甲, interval_days: 7,"
		" checklist: 身体}\n",
		"c.yaml:3:53: category: 'checklist' must be a list of text, found '身体'");
	expect_error("version: 1\ncategories: {code: a}\n",
		"c.yaml:2:13: configuration: 'categories' must be a list, found a mapping");
	expect_error("version: 1\ncategories:\n  - elderly_alone\n",
		"c.yaml:3:5: category: each entry must be a mapping such as {code: ..., name: "
		"...}, found 'elderly_alone'");
	/* Long values are shortened without splitting a character (3 bytes each here). */
	expect_error("version: 1\nlanguage: 一二三四五六七八九十一二三四五六七八九十\n",
		"c.yaml:2:11: configuration: 'language' must be zh or en, found "
		"'一二三四五六七八九十一二三...'");
	expect_error("version: 1\nlanguage: fr\n",
		"c.yaml:2:11: configuration: 'language' must be zh or en, found 'fr'");
	expect_error("version: 1\nurgent_deadline_percent: 150\n",
		"c.yaml:2:26: configuration: 'urgent_deadline_percent' must be a whole number "
		"from 1 to 100, found '150'");
	expect_error("version: 1\nidle_lock_minutes: 5\nidle_lock_seconds: 30\n",
		"c.yaml:3:1: configuration: give idle_lock_minutes or idle_lock_seconds, not both");
	expect_error("version: 1\nkeys: {search: [/]}\n",
		"c.yaml:2:16: keys: 'search' must be text, found a list");
	expect_error("version: 1\nkeys: [search]\n",
		"c.yaml:2:7: configuration: 'keys' must be a mapping of action: key, found a list");
}

static void test_missing_and_duplicates(void **state)
{
	(void)state;
	expect_error("language: zh\n",
		"c.yaml:1:1: configuration: 'version' is missing; it is required");
	expect_error("version: 2\n",
		"c.yaml:1:10: configuration version '2' is not supported; this wangge reads "
		"version: 1");
	expect_error("", "c.yaml: the file is empty; a configuration needs at least 'version: 1'");
	expect_error("- version: 1\n",
		"c.yaml:1:1: a configuration is a mapping of keys (version: 1, categories: ...), "
		"found a list");
	expect_error("version: 1\n---\nversion: 1\n",
		"c.yaml:2:1: a second document starts here; a configuration file holds one "
		"(remove the '---')");
	expect_error("version: 1\ncategories:\n  - {code: a, name: 甲}\n",
		"c.yaml:3:5: category: 'interval_days' is missing; it is required");
	expect_error("version: 1\nlanguage: zh\nlanguage: en\n",
		"c.yaml:3:1: configuration: 'language' is given twice (first at line 2); keep one");
	expect_error("version: 1\nlevels:\n  - {code: grid, name: 网格, code: x}\n",
		"c.yaml:3:28: level: 'code' is given twice (first at line 3); keep one");
	expect_error("version: 1\ncategories:\n"
		"  - {code: a, name: 甲, interval_days: 7}\n"
		"  - {code: b, name: 乙, interval_days: 7}\n"
		"  - {code: a, name: 丙, interval_days: 7}\n",
		"c.yaml:5:12: categories: code 'a' is used twice (first at line 3); codes must be "
		"unique");
	expect_error("version: 1\nvisit_kinds:\n  - {code: a, name: 走访}\n  - {code: b, name: 走访}\n",
		"c.yaml:4:21: visit_kinds: name '走访' is used twice (first at line 3); names must "
		"be unique, as either may be typed");
	expect_error("version: 1\nkeys:\n  search: /\n  search: f\n",
		"c.yaml:4:3: keys: 'search' is given twice (first at line 3); keep one");
	expect_error("version: 1\nlevels: []\n",
		"c.yaml:2:9: configuration: 'levels' must list at least one entry");
	expect_error("version: 1\noutcomes:\n  - {code: seen, name: 见到}\n",
		"c.yaml:2:1: outcomes: the code 'met' is missing; it marks the visits that reset a "
		"follow-up clock, so it must stay (its name may change)");
	expect_error("version: 1\nratings:\n  - {code: satisfied, name: 好}\n"
		"  - {code: unsatisfied, name: 差}\n",
		"c.yaml:2:1: ratings: the code 'basically' is missing; satisfied, basically and "
		"unsatisfied are needed for the satisfaction figures (their names may change)");
}

static void test_syntax_error_is_parse(void **state)
{
	struct wg_config *cfg = NULL;
	/* A tab used for indentation, the commonest slip in hand-edited files. */
	const char *text = "version: 1\n\tlanguage: zh\n";

	(void)state;
	assert_int_equal(config_parse("c.yaml", text, strlen(text), &cfg), WG_PARSE);
	assert_null(cfg);
	assert_string_equal(wg_error_msg(), "c.yaml:2:1: found a tab character that violates "
		"indentation while scanning a plain scalar at line 1, column 10; check the "
		"indentation and quoting there");
}

static char tmp[64];

static void write_file(const char *path, const char *text)
{
	FILE *fp = fopen(path, "w");

	assert_non_null(fp);
	fputs(text, fp);
	fclose(fp);
}

static int setup_tmp(void **state)
{
	(void)state;
	strcpy(tmp, "/tmp/wangge-cfg-XXXXXX");
	return mkdtemp(tmp) ? 0 : -1;
}

static int teardown_tmp(void **state)
{
	char *cmd = xasprintf("rm -rf '%s'", tmp);
	int rc = system(cmd);

	(void)state;
	free(cmd);
	unsetenv("XDG_CONFIG_HOME");
	return rc == 0 ? 0 : -1;
}

static void test_load_order(void **state)
{
	struct wg_config *cfg = NULL;
	char *path, *dir, *xdg, *want;

	(void)state;
	/* An explicit path that is missing is an error, never a silent fallback. */
	path = xasprintf("%s/missing.yaml", tmp);
	assert_int_equal(config_load(path, &cfg), WG_IO);
	assert_null(cfg);
	want = xasprintf("cannot read the configuration file: cannot open %s: %s; check the "
		"path given with --config", path, strerror(ENOENT));
	assert_string_equal(wg_error_msg(), want);
	free(want);
	free(path);

	/* $XDG_CONFIG_HOME/wangge/config.yaml. */
	xdg = xasprintf("%s/xdg", tmp);
	dir = xasprintf("%s/wangge", xdg);
	path = xasprintf("%s/config.yaml", dir);
	assert_int_equal(mkdir(xdg, 0700), 0);
	assert_int_equal(mkdir(dir, 0700), 0);
	write_file(path, "version: 1\nlanguage: en\n");
	setenv("XDG_CONFIG_HOME", xdg, 1);
	assert_int_equal(config_load(NULL, &cfg), WG_OK);
	assert_string_equal(cfg->source, path);
	assert_string_equal(cfg->language, "en");
	config_free(cfg);

	/* A user file with a mistake is reported, not replaced by the defaults. */
	write_file(path, "version: 1\nlanguage: english\n");
	assert_int_equal(config_load(NULL, &cfg), WG_INVALID);
	want = xasprintf("%s:2:11: configuration: 'language' must be zh or en, found "
		"'english'", path);
	assert_string_equal(wg_error_msg(), want);
	free(want);
	free(path);
	free(dir);
	free(xdg);

	/* A relative $XDG_CONFIG_HOME is ignored (XDG spec); ~/.config is used. */
	setenv("XDG_CONFIG_HOME", "relative", 1);
	{
		char *home = xstrdup(getenv("HOME") ? getenv("HOME") : "");
		char *d1 = xasprintf("%s/.config", tmp), *d2 = xasprintf("%s/.config/wangge", tmp);
		char *p = xasprintf("%s/config.yaml", d2);

		mkdir(d1, 0700);
		mkdir(d2, 0700);
		write_file(p, "version: 1\nidle_lock_seconds: 9\n");
		setenv("HOME", tmp, 1);
		assert_int_equal(config_load(NULL, &cfg), WG_OK);
		assert_string_equal(cfg->source, p);
		assert_int_equal(cfg->idle_lock_seconds, 9);
		config_free(cfg);

		/* Nothing in the user's place: the system file if there is one, else built in. */
		unlink(p);
		assert_int_equal(config_load(NULL, &cfg), WG_OK);
		if (access(WANGGE_SYSCONFDIR "/wangge/config.yaml", F_OK) == 0)
			assert_string_equal(cfg->source, WANGGE_SYSCONFDIR "/wangge/config.yaml");
		else
			assert_string_equal(cfg->source, "built-in");
		config_free(cfg);
		setenv("HOME", home, 1);
		free(home);
		free(d1);
		free(d2);
		free(p);
	}
}

static void test_suggest(void **state)
{
	static const char *const keys[] = { "code", "name", "interval_days", "restricted",
		"checklist" };
	static const char *const cats[] = { "elderly_alone", "left_behind_child", "disabled",
		"低保", "社区矫正" };

	(void)state;
	assert_int_equal(wg_edit_distance("", "abc"), 3);
	assert_int_equal(wg_edit_distance("nmae", "name"), 1);      /* swapped letters */
	assert_int_equal(wg_edit_distance("Name", "name"), 0);      /* ASCII case ignored */
	assert_int_equal(wg_edit_distance("社区矫", "社区矫正"), 1);  /* characters, not bytes */
	assert_string_equal(wg_suggest("intervl_days", keys, 5), "interval_days");
	assert_string_equal(wg_suggest("nmae", keys, 5), "name");
	assert_string_equal(wg_suggest("restrict", keys, 5), "restricted");
	assert_string_equal(wg_suggest("Code", keys, 5), "code");
	assert_string_equal(wg_suggest("elderly_alon", cats, 5), "elderly_alone");
	assert_string_equal(wg_suggest("disable", cats, 5), "disabled");
	assert_string_equal(wg_suggest("社区娇正", cats, 5), "社区矫正");
	/* Far from everything: no guess rather than a silly one. */
	assert_null(wg_suggest("colour", keys, 5));
	assert_null(wg_suggest("id", keys, 5));
	assert_null(wg_suggest("x", keys, 5));
	assert_null(wg_suggest("", keys, 5));
	assert_null(wg_suggest("elderly", cats, 5));
	assert_null(wg_suggest("name", keys, 0));
}

static void test_builtin_registers(void **state)
{
	static const struct { const char *code, *name; enum wg_register_rows rows;
		const char *category, *type; } want[] = {
		{ "special", "特殊人群台帐", REG_RESIDENTS, "each", NULL },
		{ "visits", "走访记录台帐", REG_VISITS, NULL, NULL },
		{ "disputes", "矛盾纠纷台帐", REG_INCIDENTS, NULL, "dispute" },
		{ "hazards", "安全隐患台帐", REG_INCIDENTS, NULL, "hazard" },
		{ "population", "人口台帐", REG_RESIDENTS, NULL, NULL },
	};
	struct wg_config *cfg = parse_ok("version: 1\n");
	const char *const *fields;
	size_t i, j, k, n;

	(void)state;
	assert_int_equal(cfg->n_registers, ARRAY_SIZE(want));
	for (i = 0; i < ARRAY_SIZE(want); i++) {
		const struct wg_register *reg = &cfg->registers[i];

		assert_string_equal(reg->code, want[i].code);
		assert_string_equal(reg->name, want[i].name);
		assert_int_equal(reg->rows, want[i].rows);
		if (want[i].category)
			assert_string_equal(reg->category, want[i].category);
		else
			assert_null(reg->category);
		if (want[i].type)
			assert_string_equal(reg->incident_type, want[i].type);
		else
			assert_null(reg->incident_type);
		assert_true(reg->n_columns >= 8);
		/* Every built-in column is a field of its row kind. */
		fields = config_register_fields(reg->rows, &n);
		for (j = 0; j < reg->n_columns; j++) {
			for (k = 0; k < n; k++)
				if (STREQ(fields[k], reg->columns[j].field))
					break;
			assert_true(k < n);
		}
	}
	assert_string_equal(cfg->registers[0].columns[2].field, "category");
	assert_string_equal(cfg->registers[0].columns[2].header, "人员类别");
	assert_ptr_equal(config_register(cfg, "人口台帐"), &cfg->registers[4]);
	assert_ptr_equal(config_register(cfg, "visits"), &cfg->registers[1]);
	assert_null(config_register(cfg, "nothing"));
	assert_string_equal(config_register_rows_name(REG_HOUSEHOLDS), "households");
	config_free(cfg);

	/* A registers section replaces the built-in ones as a whole. */
	cfg = parse_ok("version: 1\nregisters:\n  - code: old\n    name: 老年人台帐\n"
		"    rows: residents\n    category: elderly_alone\n    columns:\n"
		"      - {field: name, header: 姓名}\n      - {field: category, header: 类别}\n");
	assert_int_equal(cfg->n_registers, 1);
	assert_string_equal(cfg->registers[0].category, "elderly_alone");
	assert_int_equal(cfg->registers[0].n_columns, 2);
	assert_string_equal(cfg->registers[0].columns[1].header, "类别");
	config_free(cfg);
}

static void test_register_errors(void **state)
{
	(void)state;
	expect_error("version: 1\nregisters:\n  - {code: a, name: 甲, rows: resident, "
		"columns: [{field: name, header: 姓名}]}\n",
		"c.yaml:3:30: register: unknown rows 'resident'; did you mean 'residents'?");
	expect_error("version: 1\nregisters:\n  - {code: a, name: 甲, rows: people, "
		"columns: [{field: name, header: 姓名}]}\n",
		"c.yaml:3:30: register: 'rows' must be residents, households, visits or "
		"incidents, found 'people'");
	expect_error("version: 1\nregisters:\n  - {code: a, name: 甲, rows: residents, "
		"columns: [{field: nmae, header: 姓名}]}\n",
		"c.yaml:3:59: register: rows 'residents' have no field 'nmae'; did you mean "
		"'name'?");
	expect_error("version: 1\nregisters:\n  - {code: a, name: 甲, rows: visits, "
		"columns: [{field: zzzz, header: 姓名}]}\n",
		"c.yaml:3:56: register: rows 'visits' have no field 'zzzz'; known fields: date, "
		"time, community, grid, address, door, head, worker, kind, outcome, met, note");
	expect_error("version: 1\nregisters:\n  - {code: a, name: 甲, rows: residents, "
		"columns: [{field: category, header: 类别}]}\n",
		"c.yaml:3:59: register: the field 'category' needs 'category: each' or a "
		"category code in the register; use 'categories' for every tag");
	expect_error("version: 1\nregisters:\n  - {code: a, name: 甲, rows: residents, "
		"columns: [{field: name, headr: 姓名}]}\n",
		"c.yaml:3:65: register: unknown key 'headr'; did you mean 'header'?");
	expect_error("version: 1\nregisters:\n  - {code: a, name: 甲, rows: residents, "
		"columns: [{field: name}]}\n",
		"c.yaml:3:51: register: 'header' is missing; it is required");
	expect_error("version: 1\nregisters:\n  - {code: a, name: 甲, rows: residents, "
		"columns: []}\n",
		"c.yaml:3:50: register: 'columns' must list at least one column");
	expect_error("version: 1\nregisters:\n  - {code: a, name: 甲, rows: residents, "
		"columns: [name]}\n",
		"c.yaml:3:51: register: each column must be a mapping such as {field: name, "
		"header: 姓名}, found 'name'");
	expect_error("version: 1\nregisters:\n  - {code: a, name: 甲, rows: residents}\n",
		"c.yaml:3:5: register: 'columns' is missing; it is required");
	expect_error("version: 1\nregisters:\n  - {code: a, name: 甲, rows: visits, "
		"incident_type: dispute, columns: [{field: date, header: 日期}]}\n",
		"c.yaml:3:53: register: 'incident_type' is for rows: incidents");
	expect_error("version: 1\nregisters:\n  - {code: a, name: 甲, rows: residents, "
		"category: elderly, columns: [{field: name, header: 姓名}]}\n",
		"c.yaml:3:51: register a: unknown category 'elderly'; use 'each' or one of: "
		"elderly_alone, left_behind_child, disabled, low_income, veteran, migrant, "
		"community_correction, released_prisoner, mental_disorder, drug_user, "
		"petitioner");
	expect_error("version: 1\nregisters:\n  - {code: a, name: 甲, rows: residents, "
		"category: elderly_alne, columns: [{field: name, header: 姓名}]}\n",
		"c.yaml:3:51: register a: unknown category 'elderly_alne'; did you mean "
		"'elderly_alone'?");
	expect_error("version: 1\nregisters:\n  - {code: a, name: 甲, rows: incidents, "
		"incident_type: fight, columns: [{field: seq, header: 编号}]}\n",
		"c.yaml:3:56: register a: unknown incident type 'fight'; it must be a code "
		"from incident_types");
	expect_error("version: 1\nregisters:\n"
		"  - {code: a, name: 甲, rows: visits, columns: [{field: date, header: 日期}]}\n"
		"  - {code: a, name: 乙, rows: visits, columns: [{field: date, header: 日期}]}\n",
		"c.yaml:4:12: registers: code 'a' is used twice (first at line 3); codes must "
		"be unique");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_builtin_has_domain_categories),
		cmocka_unit_test(test_lookup_by_code_or_name),
		cmocka_unit_test(test_sections_fall_back_to_builtin),
		cmocka_unit_test(test_unknown_keys_suggest),
		cmocka_unit_test(test_wrong_types),
		cmocka_unit_test(test_missing_and_duplicates),
		cmocka_unit_test(test_syntax_error_is_parse),
		cmocka_unit_test_setup_teardown(test_load_order, setup_tmp, teardown_tmp),
		cmocka_unit_test(test_suggest),
		cmocka_unit_test(test_builtin_registers),
		cmocka_unit_test(test_register_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
