// SPDX-License-Identifier: MIT
/*
 * /sys/firmware/memmap (drivers/firmware/memmap.c): the firmware's memory
 * map as the kernel got it at boot (the e820 before Linux's own updates),
 * plus an entry per hot-added "System RAM" range (never for driver-managed
 * memory), removed again at hot-remove.  Entries are numbered in the order
 * they were added; numbers are never reused.
 */
#include <stdlib.h>
#include <string.h>

#include "mm/internal.h"

static int firmware_map_append(struct kernel *k, uint64_t start, uint64_t end, const char *type)
{
	struct firmware_map_entry *e;

	if (k->fw_map.nr == k->fw_map.cap) {
		int cap = k->fw_map.cap ? k->fw_map.cap * 2 : 16;
		struct firmware_map_entry *n = realloc(k->fw_map.entries, (size_t)cap * sizeof(*n));

		if (!n)
			return -ENOMEM;
		k->fw_map.entries = n;
		k->fw_map.cap = cap;
	}
	e = &k->fw_map.entries[k->fw_map.nr++];
	e->index = k->fw_map.next_index++;
	e->start = start;
	e->end = end;
	e->type = type;
	return 0;
}

/**
 * firmware_map_init() - the boot entries, from the firmware's e820
 * Return: 0 or -ENOMEM.
 */
int firmware_map_init(struct kernel *k, const struct firmware_tables *fw)
{
	for (int i = 0; i < fw->nr_e820; i++) {
		const struct e820_entry *e = &fw->e820[i];
		int ret;

		if (!e->size)
			continue;
		ret = firmware_map_append(k, e->addr, e->addr + e->size - 1, e820_type_name(e->type));
		if (ret)
			return ret;
	}
	return 0;
}

static int find(const struct kernel *k, uint64_t start, uint64_t end, const char *type)
{
	for (int i = 0; i < k->fw_map.nr; i++)
		if (k->fw_map.entries[i].start == start && k->fw_map.entries[i].end == end && !strcmp(k->fw_map.entries[i].type, type))
			return i;
	return -1;
}

/**
 * firmware_map_add_hotplug() - an entry for hot-added [start, end) unless an
 * identical one exists
 * Return: 0 or -ENOMEM.
 */
int firmware_map_add_hotplug(struct kernel *k, uint64_t start, uint64_t end, const char *type)
{
	if (find(k, start, end - 1, type) >= 0)
		return 0;
	return firmware_map_append(k, start, end - 1, type);
}

/** firmware_map_remove() - drop the entry for [start, end). Return: 0 or -EINVAL. */
int firmware_map_remove(struct kernel *k, uint64_t start, uint64_t end, const char *type)
{
	int i = find(k, start, end - 1, type);

	if (i < 0)
		return -EINVAL;
	memmove(&k->fw_map.entries[i], &k->fw_map.entries[i + 1], (size_t)(k->fw_map.nr - i - 1) * sizeof(k->fw_map.entries[0]));
	k->fw_map.nr--;
	return 0;
}

int firmware_map_get(const struct kernel *k, int index, struct firmware_map_info *out)
{
	for (int i = 0; i < k->fw_map.nr; i++) {
		if (k->fw_map.entries[i].index == index) {
			out->start = k->fw_map.entries[i].start;
			out->end = k->fw_map.entries[i].end;
			out->type = k->fw_map.entries[i].type;
			return 0;
		}
	}
	return -ENOENT;
}

int firmware_map_next(const struct kernel *k, int from)
{
	int best = -1;

	for (int i = 0; i < k->fw_map.nr; i++)
		if (k->fw_map.entries[i].index >= from && (best < 0 || k->fw_map.entries[i].index < best))
			best = k->fw_map.entries[i].index;
	return best;
}
