/* System headers and small macros every module uses. */
#ifndef WANGGE_COMMON_H
#define WANGGE_COMMON_H

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define MIN(a, b) ((a) < (b) ? (a) : (b))
#define MAX(a, b) ((a) > (b) ? (a) : (b))
#define STREQ(a, b) (strcmp((a), (b)) == 0)

#if defined(__GNUC__)
#define WG_PRINTF(f, a) __attribute__((format(printf, f, a)))
#define WG_NORETURN __attribute__((noreturn))
#else
#define WG_PRINTF(f, a)
#define WG_NORETURN
#endif

#include "wangge/status.h"
#include "wangge/util.h"
#include "wangge/i18n.h"

#endif
