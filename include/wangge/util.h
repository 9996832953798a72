/* Allocation that never returns NULL, fatal errors that restore the terminal, the error
 * detail buffer, a growable string, dates and ids. */
#ifndef WANGGE_UTIL_H
#define WANGGE_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>
#include "wangge/status.h"

/* x*alloc: exit through die() when memory runs out. */
void *xmalloc(size_t size);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *ptr, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* Formatted string in new memory; caller frees. */
char *xasprintf(const char *fmt, ...) WG_PRINTF(1, 2);

/* The screen registers a callback here so die() can end curses before printing. */
void wg_set_die_callback(void (*callback)(void));
void die(const char *fmt, ...) WG_PRINTF(1, 2) WG_NORETURN;

/* One detail message for the last failure: what happened, where, what to do.
 * Functions returning a status other than WG_OK set it. */
enum wg_status wg_error_set(enum wg_status status, const char *fmt, ...) WG_PRINTF(2, 3);
enum wg_status wg_error_vset(enum wg_status status, const char *fmt, va_list ap);
const char *wg_error_msg(void);
void wg_error_clear(void);

/* Growable NUL-terminated string. */
struct strbuf {
	char *buf;
	size_t len, cap;
};
void sb_init(struct strbuf *sb);
void sb_free(struct strbuf *sb);
void sb_reset(struct strbuf *sb);
void sb_add(struct strbuf *sb, const char *s);
void sb_addn(struct strbuf *sb, const char *s, size_t n);
void sb_addc(struct strbuf *sb, char c);
void sb_addf(struct strbuf *sb, const char *fmt, ...) WG_PRINTF(2, 3);
/* Hand the buffer to the caller, who frees it; sb is empty afterwards. */
char *sb_detach(struct strbuf *sb);

/* Dates are local calendar days, "YYYY-MM-DD"; times "YYYY-MM-DD HH:MM". */
bool wg_date_parse(const char *s, int *y, int *m, int *d);
bool wg_date_valid(const char *s);
/* Days since 1970-01-01 for a valid date string, or INT32_MIN when invalid. */
int32_t wg_date_days(const char *s);
/* Inverse of wg_date_days into buf[11]. */
void wg_date_from_days(int32_t days, char buf[11]);
/* Today's local date into buf[11]; honours $WANGGE_TODAY (YYYY-MM-DD) for tests. */
void wg_today(char buf[11]);
/* Local time now "YYYY-MM-DD HH:MM:SS" into buf[20]; honours $WANGGE_NOW for tests. */
void wg_now(char buf[20]);

/* Random version-4 UUID, 36 characters plus NUL. */
void wg_uuid(char out[37]);

/* Sort key that orders digit runs numerically ("2" before "10"): each digit run is
 * written as its length then the digits. Caller frees. */
char *wg_natural_key(const char *s);

/* Trim ASCII white space in place; returns s. */
char *wg_trim(char *s);

#endif
