/* User-visible text goes through gettext with English msgids; Chinese is the default
 * language. */
#ifndef WANGGE_I18N_H
#define WANGGE_I18N_H

#include <libintl.h>

#define _(msgid) gettext(msgid)
#define N_(msgid) (msgid)

/* Pick the language: $LANGUAGE if set, else the config's ("zh" or "en"), and find the
 * catalogue next to the program, in the build tree, or in LOCALEDIR. argv0 locates
 * the program. Call after setlocale(). */
void i18n_init(const char *argv0, const char *language);

#endif
