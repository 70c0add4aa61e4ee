// SPDX-License-Identifier: MIT
/*
 * The scenario's words: a step's arguments split as a shell splits them
 * (quotes, backslashes), for `qemu` lines and `model` steps.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "scenario/scenario.h"


int split_words(const char *s, char ***argv_out)
{
	char **argv = NULL;
	int argc = 0;
	size_t len = strlen(s);
	char *word = malloc(len + 1);

	if (!word)
		return -ENOMEM;
	while (*s) {
		size_t n = 0;
		bool any = false;

		while (*s == ' ' || *s == '\t')
			s++;
		if (!*s)
			break;
		while (*s && *s != ' ' && *s != '\t') {
			if (*s == '\'') {
				any = true;
				s++;
				while (*s && *s != '\'')
					word[n++] = *s++;
				if (!*s)
					goto bad;
				s++;
			} else if (*s == '"') {
				any = true;
				s++;
				while (*s && *s != '"') {
					if (*s == '\\' && (s[1] == '"' || s[1] == '\\'))
						s++;
					word[n++] = *s++;
				}
				if (!*s)
					goto bad;
				s++;
			} else if (*s == '\\' && s[1]) {
				word[n++] = s[1];
				s += 2;
			} else {
				word[n++] = *s++;
			}
			any = true;
		}
		if (any) {
			char **nv = realloc(argv, (size_t)(argc + 2) * sizeof(*nv));

			if (!nv)
				goto bad;
			argv = nv;
			argv[argc] = strndup(word, n);
			if (!argv[argc])
				goto bad;
			argv[++argc] = NULL;
		}
	}
	free(word);
	*argv_out = argv;
	return argc;
bad:
	free(word);
	free_words(argv, argc);
	return -EINVAL;
}

void free_words(char **argv, int argc)
{
	for (int i = 0; i < argc; i++)
		free(argv[i]);
	free(argv);
}
