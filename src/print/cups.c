/* Printing through the CUPS scheduler. Without a scheduler or printer, callers keep the
 * PDF and show its path; nothing else fails. */
#include "wangge/common.h"
#include "wangge/print.h"

#include <cups/cups.h>

enum wg_status print_printers(char ***names_out, char **default_out)
{
	cups_dest_t *dests = NULL;
	int n = cupsGetDests2(CUPS_HTTP_DEFAULT, &dests);
	char **names = xcalloc((size_t)(n > 0 ? n : 0) + 1, sizeof(char *));
	int i;

	*default_out = NULL;
	for (i = 0; i < n; i++) {
		names[i] = dests[i].instance ? xasprintf("%s/%s", dests[i].name, dests[i].instance)
			: xstrdup(dests[i].name);
		if (dests[i].is_default && !*default_out)
			*default_out = xstrdup(names[i]);
	}
	cupsFreeDests(n, dests);
	*names_out = names;
	return WG_OK;
}

void print_free_printers(char **names, char *default_name)
{
	size_t i;

	for (i = 0; names && names[i]; i++)
		free(names[i]);
	free(names);
	free(default_name);
}

enum wg_status print_submit(const char *printer, const char *path, const char *title, int *job)
{
	cups_dest_t *dests = NULL, *dest;
	int n = cupsGetDests2(CUPS_HTTP_DEFAULT, &dests);
	char *name = NULL, *instance;
	enum wg_status rc = WG_OK;

	*job = 0;
	if (printer) {
		name = xstrdup(printer);
		instance = strchr(name, '/');
		if (instance)
			*instance++ = '\0';
		dest = cupsGetDest(name, instance, n, dests);
	} else {
		dest = cupsGetDest(NULL, NULL, n, dests);
	}
	if (!dest) {
		if (n == 0)
			rc = wg_error_set(WG_NOT_FOUND, _("no printer is available (is the CUPS "
				"scheduler running? `lpstat -p` lists printers)"));
		else if (printer)
			rc = wg_error_set(WG_NOT_FOUND, _("no printer named '%s'; `wangge print "
				"printers` lists them"), printer);
		else
			rc = wg_error_set(WG_NOT_FOUND, _("no default printer is set; name one with "
				"--printer (`wangge print printers` lists them)"));
		goto out;
	}
	*job = cupsPrintFile2(CUPS_HTTP_DEFAULT, dest->name, path, title, dest->num_options,
		dest->options);
	if (*job == 0)
		rc = wg_error_set(WG_IO, _("printer %s refused the job: %s"), dest->name,
			cupsLastErrorString());
out:
	free(name);
	cupsFreeDests(n, dests);
	return rc;
}
