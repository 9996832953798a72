/* Allocation, fatal errors, error detail, strings, dates and ids. */
#include "wangge/common.h"

#include <fcntl.h>
#include <unistd.h>

static void (*die_callback)(void);

void wg_set_die_callback(void (*callback)(void))
{
	die_callback = callback;
}

void die(const char *fmt, ...)
{
	va_list ap;

	if (die_callback)
		die_callback();
	fputs("wangge: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

void *xmalloc(size_t size)
{
	void *p = malloc(size ? size : 1);

	if (!p)
		die("%s", _("out of memory"));
	return p;
}

void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (!p)
		die("%s", _("out of memory"));
	return p;
}

void *xrealloc(void *ptr, size_t size)
{
	void *p = realloc(ptr, size ? size : 1);

	if (!p)
		die("%s", _("out of memory"));
	return p;
}

char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *xasprintf(const char *fmt, ...)
{
	struct strbuf sb;
	va_list ap;

	sb_init(&sb);
	va_start(ap, fmt);
	{
		va_list ap2;
		int n;

		va_copy(ap2, ap);
		n = vsnprintf(NULL, 0, fmt, ap2);
		va_end(ap2);
		if (n < 0)
			n = 0;
		sb.buf = xrealloc(sb.buf, (size_t)n + 1);
		sb.cap = (size_t)n + 1;
		vsnprintf(sb.buf, sb.cap, fmt, ap);
		sb.len = (size_t)n;
	}
	va_end(ap);
	return sb_detach(&sb);
}

/* ---- status and error detail ---- */

static const char *const status_text[] = {
#define WG_STATUS_TEXT(id, text) text,
	WG_STATUS_LIST(WG_STATUS_TEXT)
#undef WG_STATUS_TEXT
};

const char *wg_strerror(enum wg_status status)
{
	if ((size_t)status >= ARRAY_SIZE(status_text))
		return "?";
	return _(status_text[status]);
}

int wg_exit_code(enum wg_status status)
{
	if (status == WG_OK)
		return 0;
	return status == WG_USAGE ? 2 : 1;
}

static char error_buf[4096];

enum wg_status wg_error_vset(enum wg_status status, const char *fmt, va_list ap)
{
	/* Through a copy: callers prefix the detail already set ("stdin:3: %s",
	 * wg_error_msg()), and vsnprintf must not read the buffer it writes. */
	char fresh[sizeof(error_buf)];

	vsnprintf(fresh, sizeof(fresh), fmt, ap);
	memcpy(error_buf, fresh, sizeof(error_buf));
	return status;
}

enum wg_status wg_error_set(enum wg_status status, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	wg_error_vset(status, fmt, ap);
	va_end(ap);
	return status;
}

const char *wg_error_msg(void)
{
	return error_buf;
}

void wg_error_clear(void)
{
	error_buf[0] = '\0';
}

/* ---- strbuf ---- */

void sb_init(struct strbuf *sb)
{
	sb->buf = NULL;
	sb->len = sb->cap = 0;
}

void sb_free(struct strbuf *sb)
{
	free(sb->buf);
	sb_init(sb);
}

void sb_reset(struct strbuf *sb)
{
	sb->len = 0;
	if (sb->buf)
		sb->buf[0] = '\0';
}

static void sb_grow(struct strbuf *sb, size_t extra)
{
	size_t need = sb->len + extra + 1;

	if (need <= sb->cap)
		return;
	sb->cap = sb->cap ? sb->cap : 64;
	while (sb->cap < need)
		sb->cap *= 2;
	sb->buf = xrealloc(sb->buf, sb->cap);
}

void sb_addn(struct strbuf *sb, const char *s, size_t n)
{
	sb_grow(sb, n);
	memcpy(sb->buf + sb->len, s, n);
	sb->len += n;
	sb->buf[sb->len] = '\0';
}

void sb_add(struct strbuf *sb, const char *s)
{
	sb_addn(sb, s, strlen(s));
}

void sb_addc(struct strbuf *sb, char c)
{
	sb_addn(sb, &c, 1);
}

void sb_addf(struct strbuf *sb, const char *fmt, ...)
{
	va_list ap, ap2;
	int n;

	va_start(ap, fmt);
	va_copy(ap2, ap);
	n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n > 0) {
		sb_grow(sb, (size_t)n);
		vsnprintf(sb->buf + sb->len, (size_t)n + 1, fmt, ap);
		sb->len += (size_t)n;
	}
	va_end(ap);
}

char *sb_detach(struct strbuf *sb)
{
	char *p = sb->buf ? sb->buf : xstrdup("");

	sb_init(sb);
	return p;
}

/* ---- dates ---- */

static bool leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int month_days(int y, int m)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	return m == 2 && leap(y) ? 29 : days[m - 1];
}

bool wg_date_parse(const char *s, int *y, int *m, int *d)
{
	int i;

	if (!s || strlen(s) < 10)
		return false;
	for (i = 0; i < 10; i++) {
		if (i == 4 || i == 7) {
			if (s[i] != '-')
				return false;
		} else if (!isdigit((unsigned char)s[i])) {
			return false;
		}
	}
	*y = atoi(s);
	*m = atoi(s + 5);
	*d = atoi(s + 8);
	if (*y < 1800 || *y > 2200 || *m < 1 || *m > 12 || *d < 1 || *d > month_days(*y, *m))
		return false;
	return true;
}

bool wg_date_valid(const char *s)
{
	int y, m, d;

	return s && strlen(s) == 10 && wg_date_parse(s, &y, &m, &d);
}

/* Howard Hinnant's days_from_civil: exact for the proleptic Gregorian calendar. */
static int32_t days_from_civil(int y, int m, int d)
{
	int era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return (int32_t)(era * 146097 + doe - 719468);
}

int32_t wg_date_days(const char *s)
{
	int y, m, d;

	if (!wg_date_parse(s, &y, &m, &d))
		return INT32_MIN;
	return days_from_civil(y, m, d);
}

void wg_date_from_days(int32_t z, char buf[11])
{
	int32_t era, doe, yoe, y, doy, mp, d, m;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	y = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	d = doy - (153 * mp + 2) / 5 + 1;
	m = mp + (mp < 10 ? 3 : -9);
	y += m <= 2;
	/* Years outside 0000-9999 never reach here from a valid date; the wide buffer keeps
	 * the compiler's truncation check quiet without hiding a real overflow. */
	char wide[40];
	snprintf(wide, sizeof wide, "%04d-%02d-%02d", (int)y, (int)m, (int)d);
	memcpy(buf, wide, 10);
	buf[10] = '\0';
}

void wg_today(char buf[11])
{
	const char *fake = getenv("WANGGE_TODAY");
	time_t t;
	struct tm tm;

	if (fake && wg_date_valid(fake)) {
		memcpy(buf, fake, 10);
		buf[10] = '\0';
		return;
	}
	t = time(NULL);
	localtime_r(&t, &tm);
	strftime(buf, 11, "%Y-%m-%d", &tm);
}

void wg_now(char buf[20])
{
	const char *fake = getenv("WANGGE_NOW");
	time_t t;
	struct tm tm;

	if (fake && strlen(fake) == 19) {
		memcpy(buf, fake, 19);
		buf[19] = '\0';
		return;
	}
	t = time(NULL);
	localtime_r(&t, &tm);
	strftime(buf, 20, "%Y-%m-%d %H:%M:%S", &tm);
	fake = getenv("WANGGE_TODAY");
	if (fake && wg_date_valid(fake))
		memcpy(buf, fake, 10);
}

/* ---- ids ---- */

void wg_uuid(char out[37])
{
	unsigned char b[16];
	size_t got = 0;
	int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
	int i;
	char *p = out;

	if (fd >= 0) {
		ssize_t n;

		while (got < sizeof(b) && (n = read(fd, b + got, sizeof(b) - got)) > 0)
			got += (size_t)n;
		close(fd);
	}
	if (got < sizeof(b))
		die("%s", _("cannot read /dev/urandom to make a record id"));
	b[6] = (unsigned char)((b[6] & 0x0f) | 0x40);
	b[8] = (unsigned char)((b[8] & 0x3f) | 0x80);
	for (i = 0; i < 16; i++) {
		if (i == 4 || i == 6 || i == 8 || i == 10)
			*p++ = '-';
		sprintf(p, "%02x", b[i]);
		p += 2;
	}
	*p = '\0';
}

char *wg_natural_key(const char *s)
{
	struct strbuf sb;

	sb_init(&sb);
	while (*s) {
		if (isdigit((unsigned char)*s)) {
			const char *start;
			size_t n;

			while (*s == '0' && isdigit((unsigned char)s[1]))
				s++;
			start = s;
			while (isdigit((unsigned char)*s))
				s++;
			n = (size_t)(s - start);
			/* length first, so longer numbers sort after shorter ones */
			sb_addc(&sb, (char)('0' + MIN(n, 9)));
			sb_addn(&sb, start, n);
		} else {
			sb_addc(&sb, *s++);
		}
	}
	return sb_detach(&sb);
}

char *wg_trim(char *s)
{
	char *end;

	while (isspace((unsigned char)*s))
		s++;
	end = s + strlen(s);
	while (end > s && isspace((unsigned char)end[-1]))
		*--end = '\0';
	return s;
}
