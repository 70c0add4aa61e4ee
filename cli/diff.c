// SPDX-License-Identifier: MIT
/*
 * `memhp diff`: run one scenario on two kernel profiles and show, step by
 * step, where the two guests answer differently, with the model's reason
 * for each error beside it.  What a VMM or agent developer reads before
 * their guests move to a newer kernel.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "memhp/profile.h"
#include "scenario/scenario.h"

static void diff_usage(FILE *f)
{
	fputs("Usage: memhp diff [--kernel=A --kernel=B] [--] SCENARIO...\n"
	      "\n"
	      "Runs each scenario on two kernel profiles and prints the steps whose\n"
	      "output differs: the step, then its lines on A (-) and on B (+), then the\n"
	      "model's reasons for the errors, per kernel.  Without --kernel it compares\n"
	      "6.1 with 6.12.\n"
	      "  -k, --kernel=NAME[,OPTION=VALUE...]\n"
	      "                 a kernel profile, as memhp run takes it; give it twice\n"
	      "  -h, --help     print this help\n"
	      "Exit status: 0 the guests behaved the same, 1 a step differed or could not\n"
	      "run, 2 a file could not be read, 64 usage error.\n",
	      f);
}

/* one step of a transcript: its echo line and the lines it printed */
struct step {
	char *echo;		/* "$ write ..." */
	char **lines;
	int nr_lines;
	char **why;		/* the diagnostics its scenario line got */
	int nr_why;
};

struct transcript {
	struct step *steps;
	int nr_steps;
	int status;		/* scenario_run_file_profile()'s */
};

static void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n);
	if (!p) {
		perror("memhp diff");
		exit(CLI_EXIT_FAILURE);
	}
	return p;
}

static void push(char ***arr, int *nr, const char *s, size_t len)
{
	*arr = xrealloc(*arr, (*nr + 1) * sizeof(**arr));
	(*arr)[(*nr)++] = strndup(s, len);
}

/* the transcript @text as steps; comment lines (the header) are dropped */
static void parse_transcript(const char *text, struct transcript *t)
{
	for (const char *p = text; *p;) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);

		if (!strncmp(p, "$ ", 2)) {
			t->steps = xrealloc(t->steps, (t->nr_steps + 1) * sizeof(*t->steps));
			t->steps[t->nr_steps++] = (struct step){ .echo = strndup(p, len) };
		} else if (*p != '#' && t->nr_steps) {
			struct step *s = &t->steps[t->nr_steps - 1];

			push(&s->lines, &s->nr_lines, p, len);
		}
		p += len + (nl != NULL);
	}
}

/*
 * The scenario's line number of each step, in order: every line but blank
 * ones, comments and the qemu and append lines, which the transcript does
 * not echo.  Return: how many, or -1 if @path cannot be read.
 */
static int step_line_numbers(const char *path, int **out)
{
	FILE *f = fopen(path, "r");
	char *line = NULL;
	size_t cap = 0;
	int nr = 0, lineno = 0;

	*out = NULL;
	if (!f)
		return -1;
	while (getline(&line, &cap, f) != -1) {
		const char *p = line;

		lineno++;
		while (isspace((unsigned char)*p))
			p++;
		if (!*p || *p == '#' || !strncmp(p, "qemu", 4) || !strncmp(p, "append", 6))
			continue;
		*out = xrealloc(*out, (nr + 1) * sizeof(**out));
		(*out)[nr++] = lineno;
	}
	free(line);
	fclose(f);
	return nr;
}

/* hand each "PATH:LINE: message" diagnostic to the step at LINE */
static void attach_diagnostics(const char *diag, const char *path, struct transcript *t)
{
	int *lines, nr = step_line_numbers(path, &lines);
	size_t plen = strlen(path);

	for (const char *p = diag; *p;) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		char *end;
		long at;

		if (len > plen + 1 && !strncmp(p, path, plen) && p[plen] == ':') {
			at = strtol(p + plen + 1, &end, 10);
			for (int i = 0; i < nr && i < t->nr_steps && *end == ':'; i++) {
				if (lines[i] == at) {
					const char *msg = end + 1 + (end[1] == ' ');
					struct step *s = &t->steps[i];

					push(&s->why, &s->nr_why, msg, len - (size_t)(msg - p));
					break;
				}
			}
		}
		p += len + (nl != NULL);
	}
	free(lines);
}

static int run_on(const char *path, const struct kernel_profile *profile, struct transcript *t)
{
	char *out = NULL, *diag = NULL;
	size_t out_len = 0, diag_len = 0;
	FILE *fo = open_memstream(&out, &out_len), *fd = open_memstream(&diag, &diag_len);

	if (!fo || !fd) {
		perror("memhp diff");
		exit(CLI_EXIT_FAILURE);
	}
	*t = (struct transcript){ 0 };
	t->status = scenario_run_file_profile(path, profile, fo, fd);
	fclose(fo);
	fclose(fd);
	parse_transcript(out, t);
	attach_diagnostics(diag, path, t);
	if (t->status == 2)
		fputs(diag, stderr);	/* why the file could not be read */
	free(out);
	free(diag);
	return t->status;
}

static void transcript_free(struct transcript *t)
{
	for (int i = 0; i < t->nr_steps; i++) {
		struct step *s = &t->steps[i];

		for (int j = 0; j < s->nr_lines; j++)
			free(s->lines[j]);
		for (int j = 0; j < s->nr_why; j++)
			free(s->why[j]);
		free(s->lines);
		free(s->why);
		free(s->echo);
	}
	free(t->steps);
}

static bool steps_equal(const struct step *a, const struct step *b)
{
	if (strcmp(a->echo, b->echo) || a->nr_lines != b->nr_lines)
		return false;
	for (int i = 0; i < a->nr_lines; i++)
		if (strcmp(a->lines[i], b->lines[i]))
			return false;
	return true;
}

/* the lines only @a has (-) and only @b has (+), in order, by a longest common subsequence */
static void print_line_diff(FILE *out, const struct step *a, const struct step *b)
{
	int n = a->nr_lines, m = b->nr_lines, i = 0, j = 0;
	int *lcs = xrealloc(NULL, (size_t)(n + 1) * (m + 1) * sizeof(*lcs));

#define LCS(x, y) lcs[(size_t)(x) * (m + 1) + (y)]
	for (int x = n; x >= 0; x--)
		for (int y = m; y >= 0; y--)
			LCS(x, y) = x == n || y == m ? 0
				    : !strcmp(a->lines[x], b->lines[y]) ? LCS(x + 1, y + 1) + 1
				    : LCS(x + 1, y) > LCS(x, y + 1) ? LCS(x + 1, y) : LCS(x, y + 1);
	while (i < n || j < m) {
		if (i < n && j < m && !strcmp(a->lines[i], b->lines[j])) {
			i++, j++;
		} else if (j == m || (i < n && LCS(i + 1, j) >= LCS(i, j + 1))) {
			fprintf(out, "  -%s\n", a->lines[i++]);
		} else {
			fprintf(out, "  +%s\n", b->lines[j++]);
		}
	}
#undef LCS
	free(lcs);
}

static void print_why(FILE *out, const char *kernel, const struct step *s)
{
	for (int i = 0; s && i < s->nr_why; i++)
		fprintf(out, "  (%s: %s)\n", kernel, s->why[i]);
}

/* compare one scenario on @a and @b; Return: an enum cli_exit */
static int diff_file(const char *path, const struct kernel_profile *const pr[2], const char *const name[2], FILE *out)
{
	struct transcript ta, tb;
	int differ = 0, n, ret = CLI_EXIT_OK;

	if (run_on(path, pr[0], &ta) == 2) {
		transcript_free(&ta);
		return CLI_EXIT_UNREADABLE;
	}
	if (run_on(path, pr[1], &tb) == 2) {
		transcript_free(&ta);
		transcript_free(&tb);
		return CLI_EXIT_UNREADABLE;
	}
	n = ta.nr_steps > tb.nr_steps ? ta.nr_steps : tb.nr_steps;
	fprintf(out, "--- %s: linux %s\n+++ %s: linux %s\n", path, name[0], path, name[1]);
	for (int i = 0; i < n; i++) {
		const struct step *sa = i < ta.nr_steps ? &ta.steps[i] : NULL;
		const struct step *sb = i < tb.nr_steps ? &tb.steps[i] : NULL;
		static const struct step none = { .echo = NULL };

		if (sa && sb && steps_equal(sa, sb))
			continue;
		differ++;
		fprintf(out, "step %d: %s\n", i + 1, sa ? sa->echo : sb->echo);
		print_line_diff(out, sa ? sa : &none, sb ? sb : &none);
		print_why(out, name[0], sa);
		print_why(out, name[1], sb);
	}
	fprintf(out, "%d of %d steps differ between linux %s and linux %s\n", differ, n, name[0], name[1]);
	if (ta.status || tb.status) {
		fprintf(out, "a step could not run on linux %s\n", name[ta.status ? 0 : 1]);
		ret = CLI_EXIT_FAILURE;
	}
	if (differ)
		ret = CLI_EXIT_FAILURE;
	transcript_free(&ta);
	transcript_free(&tb);
	return ret;
}

int cli_diff(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "kernel", required_argument, NULL, 'k' },
		{ 0 },
	};
	struct kernel_profile profiles[2] = { kernel_profiles[0], kernel_profiles[nr_kernel_profiles - 1] };
	const struct kernel_profile *const pr[2] = { &profiles[0], &profiles[1] };
	const char *name[2] = { profiles[0].name, profiles[1].name };	/* as given, options included */
	int c, nr_given = 0, status = CLI_EXIT_OK;

	while ((c = cli_getopt(argc, argv, "hk:", longopts)) != -1) {
		struct memhp_err err = { 0 };

		switch (c) {
		case 'h':
			diff_usage(stdout);
			return CLI_EXIT_OK;
		case 'k':
			if (nr_given == 2)
				return cli_usage_error(argv[0], "--kernel given more than twice");
			if (kernel_profile_parse(optarg, &profiles[nr_given], &err))
				return cli_usage_error(argv[0], "--kernel: %s", err.msg);
			name[nr_given++] = optarg;
			break;
		default:
			return CLI_EXIT_USAGE;
		}
	}
	if (nr_given == 1)
		return cli_usage_error(argv[0], "--kernel must be given twice, or not at all (6.1 and 6.12)");
	if (optind >= argc)
		return cli_usage_error(argv[0], "a scenario file is required");
	for (int i = optind; i < argc; i++) {
		int ret = diff_file(argv[i], pr, name, stdout);

		if (ret > status)
			status = ret;
	}
	return status;
}
