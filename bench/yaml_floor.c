/* Baseline (a) of the import benchmark: the floor. Pulls every libyaml parser event of
 * each file and does nothing else with them, so no importer built on libyaml's event API
 * can be faster. Prints the number of events to standard error.
 *
 *   cc -O2 -o yaml_floor bench/yaml_floor.c $(pkg-config --cflags --libs yaml-0.1)
 *   yaml_floor FILE... */
#include <stdio.h>
#include <string.h>
#include <errno.h>
#include <yaml.h>

static int pull(const char *path, unsigned long *events)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		fprintf(stderr, "yaml_floor: %s: %s\n", path, strerror(errno));
		return 1;
	}
	yaml_parser_t parser;
	yaml_event_t event;
	int rc = 0;
	yaml_parser_initialize(&parser);
	yaml_parser_set_input_file(&parser, f);
	for (;;) {
		if (!yaml_parser_parse(&parser, &event)) {
			fprintf(stderr, "yaml_floor: %s:%zu:%zu: %s\n", path,
				parser.problem_mark.line + 1, parser.problem_mark.column + 1,
				parser.problem ? parser.problem : "parse error");
			rc = 1;
			break;
		}
		int done = event.type == YAML_STREAM_END_EVENT;
		yaml_event_delete(&event);
		(*events)++;
		if (done)
			break;
	}
	yaml_parser_delete(&parser);
	fclose(f);
	return rc;
}

int main(int argc, char **argv)
{
	unsigned long events = 0;
	int rc = 0;
	if (argc < 2) {
		fputs("usage: yaml_floor FILE...\n", stderr);
		return 2;
	}
	for (int i = 1; i < argc; i++)
		rc |= pull(argv[i], &events);
	fprintf(stderr, "%lu events\n", events);
	return rc;
}
