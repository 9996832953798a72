/* The action table: key names, rebinding from the configuration, and the KEYS section
 * of wangge(1), which must be what the table generates (run this test with
 * WANGGE_PRINT_KEYS=1 to print the section to paste). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <curses.h>
#include <locale.h>

#include "wangge/common.h"
#include "wangge/config.h"
#include "wangge/tui.h"

#define BEGIN_MARK ".\\\" KEYS: begin"
#define END_MARK ".\\\" KEYS: end"

static char *read_all(const char *path)
{
	FILE *f = fopen(path, "rb");
	struct strbuf sb;
	char buf[4096];
	size_t n;

	if (!f)
		return NULL;
	sb_init(&sb);
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		sb_addn(&sb, buf, n);
	fclose(f);
	return sb_detach(&sb);
}

static char *generated(void)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	tui_keys_mdoc(f);
	fclose(f);
	return text;
}

static void test_man_page_keys_match_the_table(void **state)
{
	char *man = read_all("man/wangge.1"), *begin, *end, *want;

	(void)state;
	assert_non_null(man);
	begin = strstr(man, BEGIN_MARK);
	assert_non_null(begin);
	begin = strchr(begin, '\n') + 1;
	end = strstr(begin, END_MARK);
	assert_non_null(end);
	*end = '\0';
	want = generated();
	if (!STREQ(begin, want))
		fprintf(stderr, "# man/wangge.1's KEYS list differs from the action table; it should read:\n%s", want);
	assert_string_equal(begin, want);
	free(want);
	free(man);
}

static void test_key_names(void **state)
{
	(void)state;
	assert_int_equal(tui_key_parse("^L"), 12);
	assert_int_equal(tui_key_parse("^s"), 19);
	assert_int_equal(tui_key_parse("Enter"), '\n');
	assert_int_equal(tui_key_parse("Esc"), TUI_KEY_ESC);
	assert_int_equal(tui_key_parse("F5"), TUI_KEY_FN + KEY_F(5));
	assert_int_equal(tui_key_parse("PgDn"), TUI_KEY_FN + KEY_NPAGE);
	assert_int_equal(tui_key_parse("/"), '/');
	assert_int_equal(tui_key_parse("查"), 0x67E5);
	assert_int_equal(tui_key_parse("F13"), -1);
	assert_int_equal(tui_key_parse("ab"), -1);
	assert_int_equal(tui_key_parse(""), -1);
	assert_int_equal(tui_key_parse("^"), '^');   /* the caret key itself */
}

static void test_default_bindings(void **state)
{
	(void)state;
	assert_int_equal(tui_keys_init(NULL), WG_OK);
	assert_int_equal(tui_key_action('j', TUI_CTX_LIST), ACT_DOWN);
	assert_int_equal(tui_key_action(TUI_KEY_FN + KEY_DOWN, TUI_CTX_LIST), ACT_DOWN);
	assert_int_equal(tui_key_action('v', TUI_CTX_CARD), ACT_VISIT);
	/* an action works only where its context says */
	assert_int_equal(tui_key_action('v', TUI_CTX_HOME), ACT_NONE);
	assert_int_equal(tui_key_action('\r', TUI_CTX_HOME), ACT_OPEN);
	assert_int_equal(tui_key_action(19, TUI_CTX_FORM), ACT_SAVE);
	assert_string_equal(tui_action_keys(ACT_BACK), "Esc q");
}

static void test_rebinding_from_config(void **state)
{
	const char *yaml = "version: 1\nkeys:\n  visit: V\n  lock: F12\n";
	const char *bad = "version: 1\nkeys:\n  fly: x\n";
	const char *badkey = "version: 1\nkeys:\n  visit: Hyper-X\n";
	struct wg_config *cfg;
	char buf[16];

	(void)state;
	assert_int_equal(config_parse("test.yaml", yaml, strlen(yaml), &cfg), WG_OK);
	assert_int_equal(tui_keys_init(cfg), WG_OK);
	assert_int_equal(tui_key_action('V', TUI_CTX_CARD), ACT_VISIT);
	assert_int_equal(tui_key_action('v', TUI_CTX_CARD), ACT_NONE);
	assert_int_equal(tui_key_action(TUI_KEY_FN + KEY_F(12), TUI_CTX_GLOBAL), ACT_LOCK);
	/* the help screen and the hint bar show the keys as bound now */
	assert_string_equal(tui_action_keys(ACT_VISIT), "V");
	assert_string_equal(tui_action_key_here(ACT_LOCK, true, buf), "F12");
	config_free(cfg);

	assert_int_equal(config_parse("bad.yaml", bad, strlen(bad), &cfg), WG_OK);
	assert_int_equal(tui_keys_init(cfg), WG_INVALID);
	assert_non_null(strstr(wg_error_msg(), "fly"));
	config_free(cfg);
	assert_int_equal(config_parse("bad.yaml", badkey, strlen(badkey), &cfg), WG_OK);
	assert_int_equal(tui_keys_init(cfg), WG_INVALID);
	assert_non_null(strstr(wg_error_msg(), "Hyper-X"));
	config_free(cfg);
	assert_int_equal(tui_keys_init(NULL), WG_OK);
}

static void test_hint_keys_on_text_screens(void **state)
{
	char buf[16];

	(void)state;
	assert_int_equal(tui_keys_init(NULL), WG_OK);
	/* where letters are text, the hint shows the key that still works */
	assert_string_equal(tui_action_key_here(ACT_HELP, true, buf), "F1");
	assert_string_equal(tui_action_key_here(ACT_HELP, false, buf), "?");
	assert_string_equal(tui_action_key_here(ACT_BACK, true, buf), "Esc");
	assert_null(tui_action_key_here(ACT_SEARCH, true, buf));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_man_page_keys_match_the_table),
		cmocka_unit_test(test_key_names),
		cmocka_unit_test(test_default_bindings),
		cmocka_unit_test(test_rebinding_from_config),
		cmocka_unit_test(test_hint_keys_on_text_screens),
	};

	setlocale(LC_ALL, "C.UTF-8");
	setenv("LANGUAGE", "en", 1);
	if (getenv("WANGGE_PRINT_KEYS")) {
		char *text = generated();

		fputs(text, stdout);
		free(text);
		return 0;
	}
	return cmocka_run_group_tests(tests, NULL, NULL);
}
