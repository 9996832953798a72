/* The column-fitting function: Chinese, rare characters beyond the BMP, combining marks,
 * control characters, escape sequences and invalid UTF-8. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <locale.h>

#include "wangge/common.h"
#include "wangge/textwidth.h"

static int setup(void **state)
{
	(void)state;
	return setlocale(LC_ALL, "C.UTF-8") ? 0 : -1;
}

/* fit and compare with the expected text, which must also be exactly `cols` wide. */
static void expect_fit(const char *s, int cols, unsigned flags, const char *want)
{
	char *got = tw_fit_dup(s, cols, flags);

	assert_string_equal(got, want);
	if (!(flags & TW_NO_PAD))
		assert_int_equal(tw_width(got), cols < 0 ? 0 : cols);
	free(got);
}

static void test_width(void **state)
{
	(void)state;
	assert_int_equal(tw_width(""), 0);
	assert_int_equal(tw_width(NULL), 0);
	assert_int_equal(tw_width("abc"), 3);
	assert_int_equal(tw_width("张三"), 4);
	assert_int_equal(tw_width("莲湖路3号"), 9);
	assert_int_equal(tw_width("𠮷"), 2);            /* U+20BB7, outside the BMP */
	assert_int_equal(tw_width("吉𠮷野家"), 8);
	assert_int_equal(tw_width("e\xcc\x81"), 1);     /* e + combining acute */
	assert_int_equal(tw_width("\xef\xbc\xa1"), 2);  /* fullwidth A */
	assert_int_equal(tw_widthn("张三", 4), 3);       /* cut inside 三: one replacement */
}

static void test_fit_pads_and_truncates(void **state)
{
	(void)state;
	expect_fit("张三", 6, 0, "张三  ");
	expect_fit("张三", 4, 0, "张三");
	expect_fit("张三丰", 5, 0, "张三…");
	/* 张 fits in 3 columns with the ellipsis; 三 would cross the edge: pad instead. */
	expect_fit("张三丰", 4, 0, "张… ");
	expect_fit("张三丰", 1, 0, "…");
	expect_fit("张三丰", 2, 0, "… ");
	expect_fit("张三丰", 0, 0, "");
	expect_fit("abcdef", 4, 0, "abc…");
	expect_fit("abc", 5, TW_RIGHT, "  abc");
	expect_fit("abc", 5, TW_NO_PAD, "abc");
	expect_fit("abcdef", 4, TW_NO_PAD, "abc…");
	expect_fit("1234567", 4, TW_RIGHT, "123…");
	expect_fit(NULL, 3, 0, "   ");
}

static void test_rare_characters(void **state)
{
	(void)state;
	expect_fit("𠮷野家", 7, 0, "𠮷野家 ");
	expect_fit("𠮷野家", 5, 0, "𠮷野…");
	expect_fit("𠮷野家", 4, 0, "𠮷… ");
	expect_fit("𠮷", 1, 0, "…");
}

static void test_combining_marks(void **state)
{
	(void)state;
	/* The mark stays with its base and never counts as a column. */
	expect_fit("cafe\xcc\x81", 4, 0, "cafe\xcc\x81");
	expect_fit("cafe\xcc\x81s", 4, 0, "caf…");
	expect_fit("e\xcc\x81xyz", 3, 0, "e\xcc\x81x…");
	/* A mark with nothing before it gets a space to sit on. */
	expect_fit("\xcc\x81" "a", 3, 0, " \xcc\x81" "a ");
}

static void test_control_characters(void **state)
{
	char *s;

	(void)state;
	/* ESC and BEL never reach the terminal; the rest of the sequence is plain text. */
	s = tw_sanitize("a\x1b[31mred\x07");
	assert_null(strchr(s, '\x1b'));
	assert_null(strchr(s, '\x07'));
	assert_string_equal(s, "a" TW_REPLACEMENT "[31mred" TW_REPLACEMENT);
	free(s);
	expect_fit("a\x1b" "b", 3, 0, "a" TW_REPLACEMENT "b");
	/* C1 controls (U+009B is a one-byte CSI on some terminals) and DEL. */
	expect_fit("\xc2\x9b" "1m\x7f", 4, 0, TW_REPLACEMENT "1m" TW_REPLACEMENT);
	/* Right-to-left override would reorder the rest of the line. */
	expect_fit("\xe2\x80\xae" "ab", 3, 0, TW_REPLACEMENT "ab");
	/* Tabs and line breaks in a note become spaces on one line. */
	expect_fit("a\tb\nc\r", 6, 0, "a b c ");
}

static void test_invalid_utf8(void **state)
{
	uint32_t cp;

	(void)state;
	expect_fit("\xff" "a", 2, 0, TW_REPLACEMENT "a");
	expect_fit("\xe5\xbc", 2, 0, TW_REPLACEMENT TW_REPLACEMENT);   /* 张 cut short */
	expect_fit("\xc0\xaf", 2, 0, TW_REPLACEMENT TW_REPLACEMENT);   /* overlong '/' */
	expect_fit("\xed\xa0\x80", 3, 0, TW_REPLACEMENT TW_REPLACEMENT TW_REPLACEMENT); /* surrogate */
	expect_fit("\xf4\x90\x80\x80", 4, TW_NO_PAD,
		TW_REPLACEMENT TW_REPLACEMENT TW_REPLACEMENT TW_REPLACEMENT); /* > U+10FFFF */
	assert_int_equal(tw_decode("\xf0\xa0\xae\xb7", 4, &cp), 4);
	assert_int_equal(cp, 0x20BB7);
	assert_int_equal(tw_decode("\xf0\xa0\xae\xb7", 3, &cp), 1);
	assert_int_equal(cp, 0xFFFD);
}

static void test_last_char_len(void **state)
{
	(void)state;
	assert_int_equal(tw_last_char_len("ab", 2), 1);
	assert_int_equal(tw_last_char_len("a张", 4), 3);
	assert_int_equal(tw_last_char_len("a𠮷", 5), 4);
	assert_int_equal(tw_last_char_len("ae\xcc\x81", 4), 3);
	assert_int_equal(tw_last_char_len("a\xff", 2), 1);
	assert_int_equal(tw_last_char_len("", 0), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_width),
		cmocka_unit_test(test_fit_pads_and_truncates),
		cmocka_unit_test(test_rare_characters),
		cmocka_unit_test(test_combining_marks),
		cmocka_unit_test(test_control_characters),
		cmocka_unit_test(test_invalid_utf8),
		cmocka_unit_test(test_last_char_len),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
