/* Pinyin for lookup: ICU's readings without tones, one syllable per character, and the
 * surname readings people type for the first character(s) of a name. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "wangge/common.h"
#include "wangge/pinyin.h"

static void expect_full(const char *text, bool as_name, const char *want)
{
	char *got = pinyin_full(text, as_name);

	assert_string_equal(got, want);
	free(got);
}

static void expect_initials(const char *text, bool as_name, const char *want)
{
	char *got = pinyin_initials(text, as_name);

	assert_string_equal(got, want);
	free(got);
}

static void test_plain_names_and_places(void **state)
{
	(void)state;
	expect_full("张三", true, "zhangsan");
	expect_initials("张三", true, "zs");
	expect_full("莲湖路", false, "lianhulu");
	expect_initials("莲湖路", false, "lhl");
	expect_full("王芳", true, "wangfang");
	expect_full("", true, "");
	expect_initials("", false, "");
}

static void test_tone_marks_removed(void **state)
{
	(void)state;
	expect_full("绿", false, "lu");
	expect_full("女", false, "nu");
	expect_full("西安", false, "xian");
}

static void test_surname_readings(void **state)
{
	static const struct { const char *name, *full; } cases[] = {
		{"曾国藩", "zengguofan"}, {"单田芳", "shantianfang"}, {"解建军", "xiejianjun"},
		{"仇志强", "qiuzhiqiang"}, {"区永明", "ouyongming"}, {"查淑珍", "zhashuzhen"},
		{"朴正", "piaozheng"}, {"盖伟", "gewei"}, {"尉迟恭", "yuchigong"},
		{"万俟卨", "moqixie"}, {"长孙无忌", "zhangsunwuji"}, {"秘书", "bishu"},
		{"缪斯", "miaosi"}, {"乐平", "yueping"}, {"覃明", "qinming"}, {"翟羽", "zhaiyu"},
		{"柏林", "bailin"}, {"繁星", "poxing"}, {"员工", "yungong"},
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++)
		expect_full(cases[i].name, true, cases[i].full);
	expect_initials("尉迟恭", true, "ycg");
	expect_initials("曾国藩", true, "zgf");
}

static void test_surname_only_first(void **state)
{
	(void)state;
	/* 曾 after the first character, or in a place name, keeps ICU's reading */
	expect_full("曾国藩", false, "cengguofan");
	expect_full("何曾", true, "heceng");
	expect_full("单元", false, "danyuan");
}

static void test_other_characters(void **state)
{
	struct pinyin py;

	(void)state;
	expect_full("3号楼", false, "3haolou");
	expect_full("A座", false, "azuo");
	/* spaces and the middle dot of transcribed names are skipped */
	expect_full("阿依·买买提", true, "ayimaimaiti");
	expect_full("张 三", true, "zhangsan");
	/* a character ICU does not know stays itself: it never matches typed pinyin */
	assert_int_equal(pinyin_syllables("周𠮷", true, &py), WG_OK);
	assert_int_equal(py.n, 2);
	assert_string_equal(py.syl[0], "zhou");
	assert_string_equal(py.syl[1], "𠮷");
	expect_initials("周𠮷", true, "z𠮷");
}

static void test_syllables(void **state)
{
	struct pinyin py;

	(void)state;
	assert_int_equal(pinyin_syllables("欧阳娜娜", true, &py), WG_OK);
	assert_int_equal(py.n, 4);
	assert_string_equal(py.syl[0], "ou");
	assert_string_equal(py.syl[1], "yang");
	assert_string_equal(py.syl[3], "na");
	/* cached syllables are the same strings the second time */
	{
		struct pinyin again;

		pinyin_syllables("娜", false, &again);
		assert_ptr_equal(again.syl[0], py.syl[2]);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain_names_and_places),
		cmocka_unit_test(test_tone_marks_removed),
		cmocka_unit_test(test_surname_readings),
		cmocka_unit_test(test_surname_only_first),
		cmocka_unit_test(test_other_characters),
		cmocka_unit_test(test_syllables),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);

	pinyin_cleanup();
	return rc;
}
