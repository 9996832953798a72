/* Getting a sheet onto paper: written whole to a file (temp file and rename), then sent
 * to a CUPS destination. The file stays in the sheets folder beside the database, so a
 * failed print loses nothing. Shared by `wangge print` and the screen. */
#include "wangge/common.h"
#include "wangge/atomic_file.h"
#include "wangge/checklist.h"
#include "wangge/print.h"

#include <sys/stat.h>

enum wg_status print_render(const struct cl_sheet *sheet, bool text, FILE *out, int *pages)
{
	/* Text pages: 80 columns by 66 lines, what plain printers and lp(1) expect. */
	*pages = 0;
	return text ? print_text(sheet, out, 80, 66) : print_pdf(sheet, out, pages);
}

enum wg_status print_write_file(const struct cl_sheet *sheet, bool text, const char *path,
	int *pages)
{
	struct atomic_file af;
	enum wg_status rc = atomic_open(&af, path);

	if (rc != WG_OK)
		return rc;
	rc = print_render(sheet, text, af.fp, pages);
	if (rc != WG_OK) {
		atomic_abort(&af);
		return rc;
	}
	return atomic_commit(&af);
}

char *print_sheet_folder(const char *db_path)
{
	const char *path = db_path ? db_path : "./wangge.db";
	const char *slash = strrchr(path, '/');
	char *dir = slash ? xasprintf("%.*s/sheets", (int)(slash - path), path) : xstrdup("sheets");

	/* beside the database and as private as it: sheets carry names and addresses */
	mkdir(dir, 0700);
	return dir;
}

enum wg_status print_deliver(const struct cl_sheet *sheet, const char *db_path,
	const char *printer, bool text, struct print_delivery *out)
{
	char *dir = print_sheet_folder(db_path);
	enum wg_status rc;

	memset(out, 0, sizeof(*out));
	out->path = xasprintf("%s/%s.%s", dir, sheet->id, text ? "txt" : "pdf");
	free(dir);
	rc = print_write_file(sheet, text, out->path, &out->pages);
	if (rc != WG_OK)
		return rc;
	if (print_submit(printer, out->path, sheet->id, &out->job) == WG_OK)
		out->printed = true;
	else
		out->problem = xstrdup(wg_error_msg());
	return WG_OK;
}

void print_delivery_free(struct print_delivery *d)
{
	free(d->path);
	free(d->problem);
	memset(d, 0, sizeof(*d));
}
