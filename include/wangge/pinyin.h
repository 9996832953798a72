/* Pinyin of Chinese text, for lookup: one syllable per character, without tone marks.
 * Han characters go through ICU's Han-Latin transliteration once each (cached for the
 * life of the process); other letters and digits stand for themselves (ASCII letters in
 * lower case); spaces and punctuation are skipped. Names get the surname readings people
 * use (曾 zeng, 单 shan, 尉迟 yuchi, ...) for their first character(s). */
#ifndef WANGGE_PINYIN_H
#define WANGGE_PINYIN_H

#include "wangge/common.h"

#define PINYIN_MAX_SYLLABLES 64

struct pinyin {
	size_t n;
	/* Each NUL-terminated, owned by the cache (valid until pinyin_cleanup). Characters
	 * ICU cannot transliterate (e.g. 𠮷) stay as their UTF-8 text. */
	const char *syl[PINYIN_MAX_SYLLABLES];
};

/* Syllables of text (at most PINYIN_MAX_SYLLABLES; the rest is dropped). as_name: apply
 * the surname readings to the start. Returns WG_OK, or WG_IO when ICU cannot open its
 * transliterator (out->n is then 0). */
enum wg_status pinyin_syllables(const char *text, bool as_name, struct pinyin *out);

/* "zhangsan" and "zs" for 张三 (as_name as above). Caller frees. */
char *pinyin_full(const char *text, bool as_name);
char *pinyin_initials(const char *text, bool as_name);

/* Release the transliterator and the cache (at exit, for leak checkers). */
void pinyin_cleanup(void);

#endif
