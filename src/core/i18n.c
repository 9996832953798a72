/* Language and message catalogue. Chinese unless the user or the config asks for English. */
#include "wangge/common.h"

#include <locale.h>
#include <sys/stat.h>
#include <unistd.h>

static bool catalogue_in(const char *dir)
{
	char *path = xasprintf("%s/zh_CN/LC_MESSAGES/wangge.mo", dir);
	struct stat st;
	bool ok = stat(path, &st) == 0;

	free(path);
	return ok;
}

void i18n_init(const char *argv0, const char *language)
{
	const char *env = getenv("WANGGE_LOCALEDIR");
	char exe[4096];
	ssize_t n;
	const char *dir = WANGGE_LOCALEDIR;
	char *candidate = NULL;

	/* glibc ignores $LANGUAGE only in the plain "C" locale; C.UTF-8 honours it, which lets
	 * us show Chinese on machines that have no zh_CN locale generated. */
	if (!getenv("LANGUAGE") || !*getenv("LANGUAGE")) {
		if (language && STREQ(language, "en"))
			setenv("LANGUAGE", "en", 1);
		else
			setenv("LANGUAGE", "zh_CN", 1);
	}

	(void)argv0;
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (env && *env) {
		dir = env;
	} else if (n > 0) {
		char *slash;

		exe[n] = '\0';
		slash = strrchr(exe, '/');
		if (slash)
			*slash = '\0';
		/* beside the program (build/wangge-san), the build tree (./wangge beside
		 * build/locale), then an installed prefix */
		candidate = xasprintf("%s/locale", exe);
		if (!catalogue_in(candidate)) {
			free(candidate);
			candidate = xasprintf("%s/build/locale", exe);
		}
		if (!catalogue_in(candidate)) {
			free(candidate);
			candidate = xasprintf("%s/../locale", exe);
		}
		if (!catalogue_in(candidate)) {
			free(candidate);
			candidate = xasprintf("%s/../share/locale", exe);
		}
		if (catalogue_in(candidate))
			dir = candidate;
	}
	bindtextdomain("wangge", dir);
	bind_textdomain_codeset("wangge", "UTF-8");
	textdomain("wangge");
	free(candidate);
}
