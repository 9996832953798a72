/* libFuzzer target: arbitrary bytes as a grid definition file, validated by the
 * importer (parse, every check, did-you-mean, warnings) against a database that already
 * holds the sample grid, so duplicate and re-import paths are reached too. Nothing may
 * crash, leak or read out of bounds; every input ends in WG_OK or a clean error. */
#include "wangge/common.h"
#include "wangge/config.h"
#include "wangge/import.h"
#include "wangge/store.h"

#include <unistd.h>

static struct wg_db *db;
static struct wg_config *cfg;

static void setup(void)
{
	char dir[] = "/tmp/wangge-fuzz-XXXXXX";
	char *path;
	struct import_options opt = { .write = true };
	struct import_counts counts;
	char *sample[] = { (char *)"config/sample/lianhu-sample.yaml" };

	if (!mkdtemp(dir))
		die("mkdtemp failed");
	path = xasprintf("%s/fuzz.db", dir);
	if (store_open(path, &db) != WG_OK ||
	    config_parse("built-in", wg_builtin_config, wg_builtin_config_len, &cfg) != WG_OK)
		die("fuzz setup: %s", wg_error_msg());
	/* Run from the source tree: the sample is the starting state when it is there. */
	if (access(sample[0], R_OK) == 0)
		import_files(db, cfg, sample, 1, &opt, &counts);
	free(path);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct import_source src = { .name = "fuzz.yaml", .text = (const char *)data, .len = size };
	struct import_options opt = { .write = false, .max_errors = 20 };
	struct import_counts counts;

	if (!db)
		setup();
	import_run(db, cfg, &src, 1, &opt, &counts);
	wg_error_clear();
	return 0;
}
