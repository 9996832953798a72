/* Pinyin through ICU's Han-Latin transliterator, one character at a time and cached:
 * a name of three characters costs three hash look-ups once the characters were seen. */
#include "wangge/common.h"
#include "wangge/pinyin.h"

#include <unicode/utrans.h>
#include <unicode/ustring.h>

/* Surnames read otherwise than their everyday reading. Compound ones first: they are
 * matched before the single characters. */
static const struct surname {
	const char *han;
	const char *syl[2];
} surnames[] = {
	{"尉迟", {"yu", "chi"}}, {"万俟", {"mo", "qi"}}, {"长孙", {"zhang", "sun"}},
	{"单于", {"chan", "yu"}}, {"澹台", {"tan", "tai"}}, {"令狐", {"ling", "hu"}},
	{"曾", {"zeng", NULL}}, {"单", {"shan", NULL}}, {"解", {"xie", NULL}},
	{"仇", {"qiu", NULL}}, {"区", {"ou", NULL}}, {"查", {"zha", NULL}},
	{"朴", {"piao", NULL}}, {"盖", {"ge", NULL}}, {"秘", {"bi", NULL}},
	{"缪", {"miao", NULL}}, {"乐", {"yue", NULL}}, {"覃", {"qin", NULL}},
	{"翟", {"zhai", NULL}}, {"柏", {"bai", NULL}}, {"繁", {"po", NULL}},
	{"员", {"yun", NULL}}, {"沈", {"shen", NULL}}, {"种", {"chong", NULL}},
	{"褚", {"chu", NULL}}, {"召", {"shao", NULL}}, {"能", {"nai", NULL}},
	{"华", {"hua", NULL}}, {"尉", {"wei", NULL}}, {"牟", {"mu", NULL}},
	{"阚", {"kan", NULL}}, {"冼", {"xian", NULL}}, {"谌", {"chen", NULL}},
	{"句", {"gou", NULL}}, {"隗", {"wei", NULL}}, {"藏", {"zang", NULL}},
	{"宿", {"su", NULL}}, {"訾", {"zi", NULL}}, {"郇", {"xun", NULL}},
	{"折", {"she", NULL}}, {"黑", {"he", NULL}}, {"眭", {"sui", NULL}},
};

struct entry {
	uint32_t cp;       /* 0: empty slot */
	char *syl;
};

static struct {
	UTransliterator *trans;
	bool failed;
	struct entry *slot;
	size_t cap, used;
} cache;

/* One UTF-8 character at s: its code point and length (invalid bytes: U+FFFD, 1). */
static uint32_t utf8_next(const char *s, size_t *len)
{
	const unsigned char *p = (const unsigned char *)s;
	uint32_t cp;
	size_t n, i;

	if (p[0] < 0x80) {
		*len = 1;
		return p[0];
	}
	if ((p[0] & 0xE0) == 0xC0) {
		n = 2;
		cp = p[0] & 0x1F;
	} else if ((p[0] & 0xF0) == 0xE0) {
		n = 3;
		cp = p[0] & 0x0F;
	} else if ((p[0] & 0xF8) == 0xF0) {
		n = 4;
		cp = p[0] & 0x07;
	} else {
		*len = 1;
		return 0xFFFD;
	}
	for (i = 1; i < n; i++) {
		if ((p[i] & 0xC0) != 0x80) {
			*len = 1;
			return 0xFFFD;
		}
		cp = (cp << 6) | (p[i] & 0x3F);
	}
	*len = n;
	return cp;
}

static bool is_han(uint32_t cp)
{
	return (cp >= 0x3400 && cp <= 0x9FFF) || (cp >= 0xF900 && cp <= 0xFAFF) ||
		(cp >= 0x20000 && cp <= 0x3134F) || cp == 0x3007;
}

static bool open_trans(void)
{
	UErrorCode err = U_ZERO_ERROR;
	UChar id[64];

	if (cache.trans)
		return true;
	if (cache.failed)
		return false;
	u_uastrcpy(id, "Han-Latin; Latin-ASCII; Any-Lower");
	cache.trans = utrans_openU(id, -1, UTRANS_FORWARD, NULL, 0, NULL, &err);
	if (U_FAILURE(err) || !cache.trans) {
		cache.trans = NULL;
		cache.failed = true;
		return false;
	}
	return true;
}

/* The syllable of one Han character through ICU: letters only, lower case. */
static char *transliterate(const char *utf8, size_t len)
{
	UErrorCode err = U_ZERO_ERROR;
	UChar buf[64];
	int32_t ulen = 0, limit;
	char out[128];
	int32_t olen = 0;
	size_t i, j = 0;

	u_strFromUTF8(buf, 16, &ulen, utf8, (int32_t)len, &err);
	if (U_FAILURE(err))
		return xstrndup(utf8, len);
	limit = ulen;
	utrans_transUChars(cache.trans, buf, &ulen, (int32_t)ARRAY_SIZE(buf), 0, &limit, &err);
	if (U_FAILURE(err))
		return xstrndup(utf8, len);
	u_strToUTF8(out, (int32_t)sizeof(out) - 1, &olen, buf, ulen, &err);
	if (U_FAILURE(err) || olen <= 0)
		return xstrndup(utf8, len);
	out[olen] = '\0';
	for (i = 0; out[i]; i++) {
		unsigned char c = (unsigned char)out[i];

		if (c >= 0x80)   /* not transliterated: keep the character itself */
			return xstrndup(utf8, len);
		if (isalpha(c))
			out[j++] = (char)tolower(c);
	}
	out[j] = '\0';
	return j ? xstrdup(out) : xstrndup(utf8, len);
}

static struct entry *lookup(uint32_t cp)
{
	size_t i = (cp * 2654435761u) & (cache.cap - 1);

	while (cache.slot[i].cp && cache.slot[i].cp != cp)
		i = (i + 1) & (cache.cap - 1);
	return &cache.slot[i];
}

static void grow(void)
{
	struct entry *old = cache.slot;
	size_t old_cap = cache.cap, i;

	cache.cap = old_cap ? old_cap * 2 : 1024;
	cache.slot = xcalloc(cache.cap, sizeof(*cache.slot));
	for (i = 0; i < old_cap; i++)
		if (old[i].cp)
			*lookup(old[i].cp) = old[i];
	free(old);
}

/* The cached syllable of the character at s (len bytes, code point cp). */
static const char *syllable(const char *s, size_t len, uint32_t cp)
{
	struct entry *e;

	if (cache.used * 2 >= cache.cap)
		grow();
	e = lookup(cp);
	if (e->cp)
		return e->syl;
	if (cp < 0x80) {
		char c = (char)tolower((unsigned char)*s);

		e->syl = xstrndup(&c, 1);
	} else if (is_han(cp) && open_trans()) {
		e->syl = transliterate(s, len);
	} else {
		e->syl = xstrndup(s, len);
	}
	e->cp = cp;
	cache.used++;
	return e->syl;
}

static bool skipped(uint32_t cp)
{
	if (cp < 0x80)
		return !isalnum((int)cp);
	return cp == 0xB7 || cp == 0x30FB || cp == 0x2022 || cp == 0x3000 || cp == 0xFF0E ||
		cp == 0xFFFD;
}

enum wg_status pinyin_syllables(const char *text, bool as_name, struct pinyin *out)
{
	const char *p = text ? text : "";
	size_t len;

	out->n = 0;
	open_trans();
	if (as_name) {
		for (size_t i = 0; i < ARRAY_SIZE(surnames); i++) {
			size_t sl = strlen(surnames[i].han);

			if (strncmp(p, surnames[i].han, sl) != 0)
				continue;
			out->syl[out->n++] = surnames[i].syl[0];
			if (surnames[i].syl[1])
				out->syl[out->n++] = surnames[i].syl[1];
			p += sl;
			break;
		}
	}
	while (*p && out->n < PINYIN_MAX_SYLLABLES) {
		uint32_t cp = utf8_next(p, &len);

		if (!skipped(cp))
			out->syl[out->n++] = syllable(p, len, cp);
		p += len;
	}
	if (cache.failed)
		return wg_error_set(WG_IO, _("cannot open ICU's Han-Latin transliterator "
			"(is the ICU data package installed?)"));
	return WG_OK;
}

static char *join(const char *text, bool as_name, bool initials)
{
	struct pinyin py;
	struct strbuf sb;

	sb_init(&sb);
	pinyin_syllables(text, as_name, &py);
	for (size_t i = 0; i < py.n; i++) {
		if (initials && (unsigned char)py.syl[i][0] < 0x80)
			sb_addn(&sb, py.syl[i], 1);
		else
			sb_add(&sb, py.syl[i]);
	}
	if (!sb.buf)
		sb_add(&sb, "");
	return sb_detach(&sb);
}

char *pinyin_full(const char *text, bool as_name)
{
	return join(text, as_name, false);
}

char *pinyin_initials(const char *text, bool as_name)
{
	return join(text, as_name, true);
}

void pinyin_cleanup(void)
{
	for (size_t i = 0; i < cache.cap; i++)
		free(cache.slot[i].syl);
	free(cache.slot);
	if (cache.trans)
		utrans_close(cache.trans);
	memset(&cache, 0, sizeof(cache));
}
