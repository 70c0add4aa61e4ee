// SPDX-License-Identifier: MIT
/*
 * Booting the guest model (arch/x86 e820 + numa, mm/mm_init.c,
 * memory_dev_init): e820 to memblock and /proc/iomem, SRAT to nodes, the
 * boot zones per node, the early sections, the x86 memory block size rule
 * and the boot memory blocks with their node links.  The only inputs are the
 * firmware tables, the CPU count and the kernel command line.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/strparse.h"
#include "lib/util.h"
#include "mm/internal.h"

const char *e820_type_name(enum e820_type t)
{
	switch (t) {
	case E820_TYPE_RAM: return "System RAM";
	case E820_TYPE_ACPI: return "ACPI Tables";
	case E820_TYPE_NVS: return "ACPI Non-volatile Storage";
	case E820_TYPE_UNUSABLE: return "Unusable memory";
	case E820_TYPE_PMEM: return "Persistent Memory";
	case E820_TYPE_PRAM: return "Persistent Memory (legacy)";
	case E820_TYPE_RESERVED:
	default: return "Reserved";
	}
}

/* x86 probe_memory_block_size() of 6.1 (§1.2) */
static uint64_t probe_memory_block_size(uint64_t boot_mem_end, bool hypervisor)
{
	const uint64_t min = 1ULL << SECTION_SIZE_BITS;

	if (boot_mem_end < (64ULL << 30))
		return min;
	if (!hypervisor)
		return 2ULL << 30;
	for (uint64_t bz = 2ULL << 30; bz > min; bz >>= 1)
		if (!(boot_mem_end & (bz - 1)))
			return bz;
	return min;
}

static int add_memblock(struct kernel *k, uint64_t start_pfn, uint64_t end_pfn, int nid)
{
	struct memblock_region *r;

	if (end_pfn <= start_pfn)
		return 0;
	r = realloc(k->boot.memblock, (size_t)(k->boot.nr_memblock + 1) * sizeof(*r));
	if (!r)
		return -ENOMEM;
	k->boot.memblock = r;
	r[k->boot.nr_memblock].start_pfn = start_pfn;
	r[k->boot.nr_memblock].end_pfn = end_pfn;
	r[k->boot.nr_memblock].nid = nid;
	k->boot.nr_memblock++;
	return 0;
}

/* e820__reserve_resources_late(): RAM ranges are padded to 64 KiB (first
 * MiB), 1 MiB (first 16 MiB) or 64 MiB with "RAM buffer", where free */
static uint64_t ram_alignment(uint64_t pos)
{
	uint64_t mb = pos >> 20;

	if (!mb)
		return 64 << 10;
	if (mb < 16)
		return 1 << 20;
	return 64 << 20;
}

static void reserve_region_with_split(struct kernel *k, uint64_t start, uint64_t end, const char *name)
{
	const struct resource *r;
	uint64_t pos = start;

	for (r = k->iomem_resource.child; r && pos <= end; r = r->sibling) {
		if (r->end < pos)
			continue;
		if (r->start > end)
			break;
		if (r->start > pos)
			request_mem_region(&k->iomem_resource, pos, r->start - pos, name,
					   IORESOURCE_MEM | IORESOURCE_BUSY, NULL);
		if (r->end >= end)
			return;
		pos = r->end + 1;
	}
	if (pos <= end)
		request_mem_region(&k->iomem_resource, pos, end - pos + 1, name, IORESOURCE_MEM | IORESOURCE_BUSY, NULL);
}

static void reserve_ram_buffers(struct kernel *k, const struct firmware_tables *fw)
{
	for (int i = 0; i < fw->nr_e820; i++) {
		const struct e820_entry *e = &fw->e820[i];
		uint64_t start = e->addr + e->size, end;

		if (e->type != E820_TYPE_RAM || !e->size)
			continue;
		end = (start + ram_alignment(start) - 1) / ram_alignment(start) * ram_alignment(start) - 1;
		if (start < end)
			reserve_region_with_split(k, start, end, "RAM buffer");
	}
}

/*
 * e820__range_add() + e820__update_table(): add [addr, addr + size) of
 * @type; where ranges overlap, the larger type number wins (PRAM and
 * reserved over RAM), and neighbours of one type merge, except persistent
 * memory (legacy), whose ranges stay apart.
 * Return: 0, or -E2BIG when the table would overflow (nothing changes).
 */
static int e820_range_add(struct firmware_tables *t, uint64_t addr, uint64_t size, enum e820_type type)
{
	uint64_t points[2 * FW_MAX_E820 + 2];
	struct e820_entry out[FW_MAX_E820];
	int np = 0, no = 0;

	if (!size || addr + size < addr)
		return 0;
	for (int i = 0; i < t->nr_e820; i++) {
		points[np++] = t->e820[i].addr;
		points[np++] = t->e820[i].addr + t->e820[i].size;
	}
	points[np++] = addr;
	points[np++] = addr + size;
	for (int i = 1; i < np; i++)
		for (int j = i; j > 0 && points[j - 1] > points[j]; j--) {
			uint64_t x = points[j];

			points[j] = points[j - 1];
			points[j - 1] = x;
		}
	for (int i = 0; i + 1 < np; i++) {
		uint64_t a = points[i], b = points[i + 1];
		int best = 0;

		if (a == b)
			continue;
		for (int j = 0; j < t->nr_e820; j++)
			if (t->e820[j].addr <= a && t->e820[j].addr + t->e820[j].size >= b && (int)t->e820[j].type > best)
				best = (int)t->e820[j].type;
		if (addr <= a && addr + size >= b && (int)type > best)
			best = (int)type;
		if (!best)
			continue;
		/* e820_nomerge(): persistent memory ranges stay apart, one region each */
		if (no && out[no - 1].type == (enum e820_type)best && out[no - 1].addr + out[no - 1].size == a &&
		    best != E820_TYPE_PRAM) {
			out[no - 1].size += b - a;
			continue;
		}
		if (no == FW_MAX_E820)
			return -E2BIG;
		out[no].addr = a;
		out[no].size = b - a;
		out[no].type = (enum e820_type)best;
		no++;
	}
	memcpy(t->e820, out, (size_t)no * sizeof(out[0]));
	t->nr_e820 = no;
	return 0;
}

/*
 * e820__range_update() / e820__range_remove(): the part of [addr, addr +
 * size) in entries of type @from (0: any type) becomes type @to (0: is
 * removed); the table is then sanitized as e820_range_add() does.
 */
static int e820_range_modify(struct firmware_tables *t, uint64_t addr, uint64_t size, enum e820_type from,
			     enum e820_type to)
{
	struct e820_entry pieces[3 * FW_MAX_E820];
	uint64_t end = addr + size < addr ? UINT64_MAX : addr + size;
	int np = 0, ret = 0;

	for (int i = 0; i < t->nr_e820; i++) {
		const struct e820_entry *e = &t->e820[i];
		uint64_t s = e->addr, x = e->addr + e->size;
		uint64_t a = s > addr ? s : addr, b = x < end ? x : end;

		if ((from && e->type != from) || a >= b) {
			pieces[np++] = *e;
			continue;
		}
		if (s < a)
			pieces[np++] = (struct e820_entry){ .addr = s, .size = a - s, .type = e->type };
		if (to)
			pieces[np++] = (struct e820_entry){ .addr = a, .size = b - a, .type = to };
		if (b < x)
			pieces[np++] = (struct e820_entry){ .addr = b, .size = x - b, .type = e->type };
	}
	t->nr_e820 = 0;
	for (int i = 0; i < np && !ret; i++)
		ret = e820_range_add(t, pieces[i].addr, pieces[i].size, pieces[i].type);
	return ret;
}

/*
 * parse_memmap_one(): one item of memmap=: "exactmap" empties the table;
 * nn[KMG] followed by ! (persistent memory, legacy type 12), $ (reserved),
 * # (ACPI data) or @ (RAM) and a start adds that range; nn%ss-from+to
 * changes, adds or removes types in [ss, ss + nn); a bare size drops RAM
 * above it, as mem= does.  Malformed items are ignored after Linux's
 * warning.
 */
static void parse_memmap_one(struct firmware_tables *t, const char *p)
{
	char *q;
	uint64_t size, start;

	if (!strncmp(p, "exactmap", 8)) {
		t->nr_e820 = 0;
		return;
	}
	size = memparse(p, &q);
	if (q == p)
		return;
	if (*q == '!' || *q == '$' || *q == '#' || *q == '@') {
		char c = *q;

		start = memparse(q + 1, &q);
		e820_range_add(t, start, size, c == '!' ? E820_TYPE_PRAM : c == '$' ? E820_TYPE_RESERVED :
					       c == '#' ? E820_TYPE_ACPI : E820_TYPE_RAM);
	} else if (*q == '%') {
		unsigned long long from = 0, to = 0;

		start = memparse(q + 1, &q);
		if (*q == '-')
			from = strtoull(q + 1, &q, 0);
		if (*q == '+')
			to = strtoull(q + 1, &q, 0);
		if (*q || from > 0xffffffffULL || to > 0xffffffffULL)
			return;
		if (to && !from)
			e820_range_add(t, start, size, (enum e820_type)to);
		else
			e820_range_modify(t, start, size, (enum e820_type)from, (enum e820_type)to);
	} else {
		e820_range_modify(t, size, UINT64_MAX - size, E820_TYPE_RAM, 0);
	}
}

/*
 * The early parameters that edit the kernel's copy of the e820 table, in
 * command-line order: memmap= (items separated by commas) and mem=, which
 * drops RAM above its size and also caps what may be hot-added while
 * booting (max_mem_size).  mem=0 and x86_32's mem=nopentium are ignored.
 */
static void apply_e820_params(struct kernel *k, struct firmware_tables *t, const char *cmdline)
{
	const char *p = cmdline, *w;
	size_t n;

	while ((w = cmdline_next_word(&p, &n))) {
		char item[128];

		if (n >= 7 && !strncmp(w, "memmap=", 7)) {
			for (size_t i = 7; i < n;) {
				size_t m = strcspn(w + i, ",");

				m = m < n - i ? m : n - i;
				if (m < sizeof(item)) {
					memcpy(item, w + i, m);
					item[m] = 0;
					parse_memmap_one(t, item);
				}
				i += m + 1;
			}
		} else if (n >= 4 && !strncmp(w, "mem=", 4) && n - 4 < sizeof(item)) {
			uint64_t size;
			char *end;

			memcpy(item, w + 4, n - 4);
			item[n - 4] = 0;
			size = memparse(item, &end);
			if (size) {
				e820_range_modify(t, size, UINT64_MAX - size, E820_TYPE_RAM, 0);
				k->params.max_mem_size = size;
			}
		}
	}
}

/* a CPU list as the kernel's cpulist_parse() reads it ("0-2,5"); false if malformed */
static bool parse_cpulist(const char *s, size_t n, uint64_t *mask)
{
	uint64_t m = 0;
	size_t i = 0;

	while (i < n) {
		char *end;
		unsigned long a = strtoul(s + i, &end, 10), b = a;

		if (end == s + i)
			return false;
		i = (size_t)(end - s);
		if (i < n && s[i] == '-') {
			const char *from = s + i + 1;

			b = strtoul(from, &end, 10);
			if (end == from || b < a)
				return false;
			i = (size_t)(end - s);
		}
		for (unsigned long c = a; c <= b && c < 64; c++)
			m |= 1ULL << c;
		if (i < n && s[i] != ',')
			return false;
		i++;
	}
	*mask = m;
	return true;
}

/*
 * isolcpus=[nohz,][domain,][managed_irq,]LIST: CPUs taken out of the
 * scheduler's domains (the default when no flag is given), and nohz_full=
 * LIST (also set by isolcpus' nohz flag): the CPUs' sysfs files show them.
 */
static void parse_cpu_params(struct kernel *k, const char *cmdline)
{
	const char *p = cmdline, *w;
	size_t n;

	while ((w = cmdline_next_word(&p, &n))) {
		if (n > 9 && !strncmp(w, "isolcpus=", 9)) {
			const char *v = w + 9;
			size_t vn = n - 9;
			bool flags = false, domain = false, nohz = false;
			uint64_t m;

			while (vn && !(*v >= '0' && *v <= '9')) {
				size_t w = strcspn(v, ",");

				w = w < vn ? w : vn;
				flags = true;
				domain |= w == 6 && !strncmp(v, "domain", 6);
				nohz |= w == 4 && !strncmp(v, "nohz", 4);
				v += w + (w < vn);
				vn -= w + (w < vn);
			}
			if (vn && parse_cpulist(v, vn, &m)) {
				if (!flags || domain)
					k->isolated_cpus = m;
				if (nohz) {
					k->nohz_full_cpus = m;
					k->nohz_full_set = true;
				}
			}
		} else if (n > 10 && !strncmp(w, "nohz_full=", 10)) {
			uint64_t m;

			if (parse_cpulist(w + 10, n - 10, &m)) {
				k->nohz_full_cpus = m;
				k->nohz_full_set = true;
			}
		}
	}
}

/* e820 -> /proc/iomem, and RAM -> memblock split by the NUMA ranges */
static int setup_e820(struct kernel *k, const struct firmware_tables *fw, const int *pxm_to_nid)
{
	for (int i = 0; i < fw->nr_e820; i++) {
		const struct e820_entry *e = &fw->e820[i];
		uint64_t start = e->addr, end = e->addr + e->size;	/* exclusive */
		int ret;

		if (!e->size)
			continue;
		if (e->type == E820_TYPE_RAM) {
			/* Linux keeps page 0 and the legacy ROM hole for itself */
			if (start < PAGE_SIZE) {
				request_mem_region(&k->iomem_resource, 0, PAGE_SIZE, "Reserved",
						   IORESOURCE_MEM | IORESOURCE_BUSY, NULL);
				start = PAGE_SIZE;
			}
			if (end > start)
				request_mem_region(&k->iomem_resource, start, end - start, "System RAM",
						   IORESOURCE_MEM | IORESOURCE_SYSRAM | IORESOURCE_BUSY, NULL);
			uint64_t spfn = (start + PAGE_SIZE - 1) >> PAGE_SHIFT, epfn = end >> PAGE_SHIFT;

			if (!fw->has_srat) {
				ret = add_memblock(k, spfn, epfn, 0);
				if (ret)
					return ret;
				continue;
			}
			/* split by SRAT ranges; RAM no range covers goes to the first node */
			for (int j = 0; j < k->boot.nr_numa_meminfo; j++) {
				const struct memblock_region *nm = &k->boot.numa_meminfo[j];
				uint64_t s = spfn > nm->start_pfn ? spfn : nm->start_pfn;
				uint64_t t = epfn < nm->end_pfn ? epfn : nm->end_pfn;

				ret = add_memblock(k, s, t, nm->nid);
				if (ret)
					return ret;
			}
		} else {
			/* persistent memory is left free for its drivers to claim (do_mark_busy()) */
			bool busy = e->type != E820_TYPE_PRAM && e->type != E820_TYPE_PMEM;

			request_mem_region(&k->iomem_resource, e->addr, e->size, e820_type_name(e->type),
					   IORESOURCE_MEM | (busy ? IORESOURCE_BUSY : 0), NULL);
		}
	}
	(void)pxm_to_nid;
	/* the PCI host bridge claims its windows before the late e820 pass */
	for (int i = 0; i < fw->nr_pci_windows; i++)
		insert_mem_region(&k->iomem_resource, fw->pci_windows[i].start,
				  fw->pci_windows[i].end - fw->pci_windows[i].start + 1, "PCI Bus 0000:00", IORESOURCE_MEM);
	reserve_ram_buffers(k, fw);
	/* keep memblock sorted by address */
	for (int i = 1; i < k->boot.nr_memblock; i++)
		for (int j = i; j > 0 && k->boot.memblock[j - 1].start_pfn > k->boot.memblock[j].start_pfn; j--) {
			struct memblock_region t = k->boot.memblock[j];

			k->boot.memblock[j] = k->boot.memblock[j - 1];
			k->boot.memblock[j - 1] = t;
		}
	return 0;
}

/* SRAT: proximity domains get node ids in order of first appearance, CPUs first */
static int setup_numa(struct kernel *k, const struct firmware_tables *fw, int nr_cpus, int *pxm_to_nid,
		      int *cpu_nid, struct memhp_err *err)
{
	int next_nid = 0;

	for (int i = 0; i < 256; i++)
		pxm_to_nid[i] = -1;
	if (!fw->has_srat) {
		for (int c = 0; c < nr_cpus; c++)
			cpu_nid[c] = 0;
		node_set_state(k, 0, N_POSSIBLE);
		return 0;
	}
	for (int c = 0; c < fw->nr_cpus && c < nr_cpus; c++) {
		int pxm = fw->cpu_pxm[c] & 0xff;

		if (pxm_to_nid[pxm] < 0)
			pxm_to_nid[pxm] = next_nid++;
		cpu_nid[c] = pxm_to_nid[pxm];
	}
	for (int i = 0; i < fw->nr_srat_mem; i++) {
		const struct srat_mem_affinity *m = &fw->srat_mem[i];
		int pxm = m->pxm & 0xff;
		struct memblock_region *r;

		if (!m->enabled || !m->len)
			continue;
		if (pxm_to_nid[pxm] < 0)
			pxm_to_nid[pxm] = next_nid++;
		if (pxm_to_nid[pxm] >= MAX_NUMNODES)
			return memhp_err_set(err, -EINVAL, "too many NUMA nodes");
		r = realloc(k->boot.numa_meminfo, (size_t)(k->boot.nr_numa_meminfo + 1) * sizeof(*r));
		if (!r)
			return -ENOMEM;
		k->boot.numa_meminfo = r;
		r[k->boot.nr_numa_meminfo].start_pfn = m->base >> PAGE_SHIFT;
		r[k->boot.nr_numa_meminfo].end_pfn = (m->base + m->len) >> PAGE_SHIFT;
		r[k->boot.nr_numa_meminfo].nid = pxm_to_nid[pxm];
		k->boot.nr_numa_meminfo++;
		if ((m->base + m->len) >> PAGE_SHIFT > k->boot.max_possible_pfn)
			k->boot.max_possible_pfn = (m->base + m->len) >> PAGE_SHIFT;
	}
	for (int i = 0; i < 256; i++)
		if (pxm_to_nid[i] >= 0)
			node_set_state(k, pxm_to_nid[i], N_POSSIBLE);
	return 0;
}

/** alloc_node() - the node's pgdat, allocated on first use (its zones know their node). Return: 0 or -ENOMEM. */
int alloc_node(struct kernel *k, int nid)
{
	if (k->node_data[nid])
		return 0;
	k->node_data[nid] = calloc(1, sizeof(struct pglist_data));
	if (!k->node_data[nid])
		return -ENOMEM;
	k->node_data[nid]->node_id = nid;
	for (int zid = 0; zid < MAX_NR_ZONES; zid++)
		k->node_data[nid]->node_zones[zid].node = nid;
	return 0;
}

static void zone_range_of(const struct kernel *k, int zid, uint64_t *lo, uint64_t *hi)
{
	switch (zid) {
	case ZONE_MOVABLE: *lo = 0; *hi = k->boot.movable_zone_end_pfn; break;
	case ZONE_DMA: *lo = 0; *hi = MAX_DMA_PFN; break;
	case ZONE_DMA32: *lo = MAX_DMA_PFN; *hi = MAX_DMA32_PFN; break;
	case ZONE_NORMAL: *lo = MAX_DMA32_PFN; *hi = UINT64_MAX; break;
	default: *lo = *hi = 0; break;
	}
}

/*
 * Boot zones (free_area_init): a zone of a node spans the node's span
 * clamped to the zone's pfn range, holes included; present pages are the
 * node's memblock pages inside it.
 */
static void setup_boot_zones(struct kernel *k)
{
	for (int nid = 0; nid < MAX_NUMNODES; nid++) {
		struct pglist_data *pgdat = k->node_data[nid];
		uint64_t node_start = UINT64_MAX, node_end = 0;

		if (!pgdat)
			continue;
		for (int i = 0; i < k->boot.nr_memblock; i++) {
			const struct memblock_region *r = &k->boot.memblock[i];

			if (r->nid != nid)
				continue;
			if (r->start_pfn < node_start)
				node_start = r->start_pfn;
			if (r->end_pfn > node_end)
				node_end = r->end_pfn;
		}
		if (node_end <= node_start)
			continue;
		for (int zid = ZONE_DMA; zid <= ZONE_MOVABLE; zid++) {
			struct zone *z = &pgdat->node_zones[zid];
			uint64_t zmp = k->boot.zone_movable_pfn[nid], lo, hi, s, e;

			zone_range_of(k, zid, &lo, &hi);
			s = node_start > lo ? node_start : lo;
			e = node_end < hi ? node_end : hi;
			/* adjust_zone_range_for_zone_movable() */
			if (zid == ZONE_MOVABLE) {
				if (!zmp)
					continue;
				s = zmp;
				e = node_end < k->boot.movable_zone_end_pfn ? node_end : k->boot.movable_zone_end_pfn;
			} else if (zmp && s < zmp && e > zmp) {
				e = zmp;
			} else if (zmp && s >= zmp) {
				continue;
			}
			if (e <= s)
				continue;
			for (int i = 0; i < k->boot.nr_memblock; i++) {
				const struct memblock_region *r = &k->boot.memblock[i];
				uint64_t a = r->start_pfn > s ? r->start_pfn : s;
				uint64_t b = r->end_pfn < e ? r->end_pfn : e;

				if (r->nid != nid || b <= a)
					continue;
				z->present_pages += b - a;
				z->present_early_pages += b - a;
				pgdat->node_present_pages += b - a;
			}
			if (z->present_pages)
				move_pfn_range_to_zone(k, z, nid, s, e - s);
		}
	}
	/* managed pages come with memblock_free_pages() in kalloc_boot_init() */
}

static int setup_early_sections(struct kernel *k)
{
	for (int i = 0; i < k->boot.nr_memblock; i++) {
		const struct memblock_region *r = &k->boot.memblock[i];

		for (uint64_t pfn = r->start_pfn; pfn < r->end_pfn;) {
			unsigned long nr = pfn_to_section_nr(pfn);
			uint64_t sec_end = section_nr_to_pfn(nr + 1);
			uint64_t end = sec_end < r->end_pfn ? sec_end : r->end_pfn;
			struct mem_section *ms = sparse_section_get(k, nr);
			int zid_first = boot_zone_of_pfn(k, r->nid, pfn);
			int zid_last = boot_zone_of_pfn(k, r->nid, end - 1);

			if (!ms)
				return -ENOMEM;
			if (!(ms->flags & SECTION_MARKED_PRESENT)) {
				ms->flags = SECTION_MARKED_PRESENT | SECTION_HAS_MEM_MAP | SECTION_IS_EARLY |
					    SECTION_IS_ONLINE;
				ms->nid = (uint8_t)r->nid;
				ms->zone_idx = (uint8_t)zid_first;
			} else if (ms->nid != r->nid) {
				ms->nid = SECTION_NID_MIXED;	/* page_to_nid() looks up memblock */
			}
			if (ms->zone_idx != zid_first || zid_first != zid_last)
				ms->zone_idx = SECTION_ZONE_MIXED;
			for (uint64_t p = pfn; p < end; p += PAGES_PER_SUBSECTION - (p % PAGES_PER_SUBSECTION))
				ms->subsection_map |= 1ULL << ((p & (PAGES_PER_SECTION - 1)) / PAGES_PER_SUBSECTION);
			pfn = end;
		}
	}
	return 0;
}

/* memory_dev_init(): a block for each group of sections with one present */
static int create_boot_blocks(struct kernel *k)
{
	for (unsigned long nr = 0; nr < k->sparse.nr_sections; nr += k->memsys.sections_per_block) {
		unsigned long id = nr / k->memsys.sections_per_block;
		struct memory_block *mem;
		bool present = false;

		if (!k->sparse.section_chunks[nr >> SECTIONS_PER_CHUNK_SHIFT] && k->memsys.sections_per_block <= SECTIONS_PER_CHUNK) {
			/* whole chunk absent: skip it */
			nr = ((nr >> SECTIONS_PER_CHUNK_SHIFT) + 1) * SECTIONS_PER_CHUNK - k->memsys.sections_per_block;
			continue;
		}
		for (unsigned long s = nr; s < nr + k->memsys.sections_per_block; s++)
			if (present_section_nr(k, s))
				present = true;
		if (!present)
			continue;
		mem = memory_block_new(k, id, MEM_ONLINE);
		if (!mem)
			return -ENOMEM;
		mem->boot = true;
	}
	return 0;
}

/* whether the present sections of @mem have a pfn of node @nid (holes count as the first online node) */
static bool block_has_node_pfn(const struct kernel *k, const struct memory_block *mem, int nid, int first_online)
{
	unsigned long first = mem->id * k->memsys.sections_per_block;

	for (unsigned long s = first; s < first + k->memsys.sections_per_block; s++) {
		uint64_t spfn = section_nr_to_pfn(s), epfn = section_nr_to_pfn(s + 1), covered = 0;

		if (!present_section_nr(k, s))
			continue;
		for (int i = 0; i < k->boot.nr_memblock; i++) {
			const struct memblock_region *r = &k->boot.memblock[i];
			uint64_t a = r->start_pfn > spfn ? r->start_pfn : spfn;
			uint64_t b = r->end_pfn < epfn ? r->end_pfn : epfn;

			if (b <= a)
				continue;
			if (r->nid == nid)
				return true;
			covered += b - a;
		}
		if (covered < PAGES_PER_SECTION && nid == first_online) {
			/* holes; but count only pfns that are not RAM of any node */
			uint64_t ram = 0;

			for (int i = 0; i < k->boot.nr_memblock; i++) {
				const struct memblock_region *r = &k->boot.memblock[i];
				uint64_t a = r->start_pfn > spfn ? r->start_pfn : spfn;
				uint64_t b = r->end_pfn < epfn ? r->end_pfn : epfn;

				if (b > a)
					ram += b - a;
			}
			if (ram < PAGES_PER_SECTION)
				return true;
		}
	}
	return false;
}

static struct zone *early_node_zone_for_memory_block(struct kernel *k, const struct memory_block *mem, int nid)
{
	struct pglist_data *pgdat = NODE_DATA(k, nid);
	uint64_t start = (uint64_t)mem->id * k->memsys.pages_per_block;
	struct zone *match = NULL;

	for (int zid = 0; zid < MAX_NR_ZONES; zid++) {
		struct zone *z = &pgdat->node_zones[zid];

		if (!populated_zone(z) || !zone_intersects(z, start, k->memsys.pages_per_block))
			continue;
		if (match)
			return NULL;
		match = z;
	}
	return match;
}

static void link_boot_blocks(struct kernel *k)
{
	int first_online = -1;

	for (int nid = 0; nid < MAX_NUMNODES; nid++)
		if (node_state(k, nid, N_ONLINE) && first_online < 0)
			first_online = nid;
	for (int nid = 0; nid < MAX_NUMNODES; nid++) {
		struct pglist_data *pgdat = k->node_data[nid];
		uint64_t s, e;

		if (!pgdat || !node_state(k, nid, N_ONLINE) || !pgdat->node_spanned_pages)
			continue;
		s = pgdat->node_start_pfn;
		e = s + pgdat->node_spanned_pages;
		for (unsigned long id = (unsigned long)(s / k->memsys.pages_per_block);
		     id <= (e - 1) / k->memsys.pages_per_block && id < k->memsys.nr_block_slots; id++) {
			struct memory_block *mem = k->memsys.blocks[id];

			if (!mem || !block_has_node_pfn(k, mem, nid, first_online))
				continue;
			if (mem->nid < 0) {
				struct zone *z = early_node_zone_for_memory_block(k, mem, nid);

				mem->zone_idx = z ? (uint8_t)zone_idx_of(k, z, nid) : SECTION_ZONE_NONE;
			} else if (mem->nid != nid) {
				mem->zone_idx = SECTION_ZONE_NONE;
			}
			mem->nid = nid;
			mem->nodes_linked |= 1ULL << nid;
		}
	}
}

/**
 * kernel_boot() - see memhp/mm.h
 */
int kernel_boot(const struct firmware_tables *fw, int nr_cpus, const char *cmdline, struct kernel **out,
		struct memhp_err *err)
{
	return kernel_boot_profile(fw, nr_cpus, cmdline, NULL, out, err);
}

/**
 * kernel_boot_profile() - see memhp/mm.h
 */
int kernel_boot_profile(const struct firmware_tables *fw, int nr_cpus, const char *cmdline,
			const struct kernel_profile *profile, struct kernel **out, struct memhp_err *err)
{
	struct kernel *k = calloc(1, sizeof(*k));
	struct firmware_tables *kfw;
	int pxm_to_nid[256], cpu_nid[FW_MAX_CPUS];
	uint64_t max_pfn = 0;
	int ret;

	if (!k)
		return -ENOMEM;
	if (nr_cpus < 1 || nr_cpus > FW_MAX_CPUS) {
		ret = memhp_err_set(err, -EINVAL, "bad number of CPUs %d", nr_cpus);
		goto fail;
	}
	resource_tree_init(&k->iomem_resource);
	k->profile = profile ? *profile : kernel_profiles[0];
	k->params.default_online_type = k->profile.config.default_online_type;
	k->params.online_policy = ONLINE_POLICY_CONTIG_ZONES;
	k->params.auto_movable_ratio = 301;
	k->params.auto_movable_numa_aware = true;
	k->params.max_mem_size = UINT64_MAX;
	k->nr_cpus = nr_cpus;
	k->hypervisor = fw->hypervisor;
	cpu_identify(k, fw);
	mhp_parse_cmdline(k, cmdline);
	kernelcore_parse_cmdline(k, cmdline);
	parse_cpu_params(k, cmdline);

	ret = setup_numa(k, fw, nr_cpus, pxm_to_nid, cpu_nid, err);
	memcpy(k->boot.pxm_to_nid, pxm_to_nid, sizeof(k->boot.pxm_to_nid));
	if (ret)
		goto fail;
	/* the kernel's e820 is the firmware's as memmap= changes it; /sys/firmware/memmap keeps the firmware's */
	kfw = malloc(sizeof(*kfw));
	if (!kfw) {
		ret = -ENOMEM;
		goto fail;
	}
	*kfw = *fw;
	apply_e820_params(k, kfw, cmdline);
	ret = setup_e820(k, kfw, pxm_to_nid);
	/* persistent memory needs sections too, where drivers map it */
	for (int i = 0; i < kfw->nr_e820; i++) {
		const struct e820_entry *e = &kfw->e820[i];

		if ((e->type == E820_TYPE_PRAM || e->type == E820_TYPE_PMEM) &&
		    phys_pfn(e->addr + e->size) > k->boot.max_possible_pfn)
			k->boot.max_possible_pfn = phys_pfn(e->addr + e->size);
	}
	free(kfw);
	if (!ret)
		ret = firmware_map_init(k, fw);
	if (ret)
		goto fail;
	if (!k->boot.nr_memblock) {
		ret = memhp_err_set(err, -EINVAL, "no usable RAM in the e820 map");
		goto fail;
	}
	for (int i = 0; i < k->boot.nr_memblock; i++)
		if (k->boot.memblock[i].end_pfn > max_pfn)
			max_pfn = k->boot.memblock[i].end_pfn;
	k->boot.max_pfn = max_pfn;
	if (k->boot.max_possible_pfn < max_pfn)
		k->boot.max_possible_pfn = max_pfn;

	k->memsys.block_size_bytes = probe_memory_block_size(pfn_phys(max_pfn), fw->cpu_hypervisor);
	k->memsys.sections_per_block = (unsigned long)(k->memsys.block_size_bytes >> SECTION_SIZE_BITS);
	k->memsys.pages_per_block = k->memsys.block_size_bytes >> PAGE_SHIFT;

	/* nodes with memory or CPUs come online */
	for (int i = 0; i < k->boot.nr_memblock; i++) {
		ret = alloc_node(k, k->boot.memblock[i].nid);
		if (ret)
			goto fail;
		node_set_state(k, k->boot.memblock[i].nid, N_ONLINE);
		node_set_state(k, k->boot.memblock[i].nid, N_POSSIBLE);
	}
	for (int c = 0; c < nr_cpus; c++) {
		int nid = cpu_nid[c];

		ret = alloc_node(k, nid);
		if (ret)
			goto fail;
		node_set_state(k, nid, N_ONLINE);
		node_set_state(k, nid, N_POSSIBLE);
		node_set_state(k, nid, N_CPU);
		if (c < 64)
			k->node_data[nid]->cpumask |= 1ULL << c;
		k->node_data[nid]->nr_cpus++;
	}

	find_zone_movable_pfns_for_nodes(k);
	ret = sparse_init_table(k, k->boot.max_possible_pfn);
	if (!ret)
		ret = memory_blocks_init_table(k, k->boot.max_possible_pfn);
	if (!ret)
		ret = setup_early_sections(k);
	if (ret) {
		memhp_err_set(err, ret, "out of memory");
		goto fail;
	}
	setup_boot_zones(k);
	for (int nid = 0; nid < MAX_NUMNODES; nid++) {
		struct pglist_data *pgdat = k->node_data[nid];

		if (!pgdat || !pgdat->node_present_pages)
			continue;
		node_set_state(k, nid, N_MEMORY);
		memtier_node_gained_memory(k, nid);	/* memory_tier_init(): the DRAM type */
		for (int zid = 0; zid < ZONE_MOVABLE; zid++)
			if (populated_zone(&pgdat->node_zones[zid])) {
				if (zid <= ZONE_NORMAL)
					node_set_state(k, nid, N_NORMAL_MEMORY);
				break;
			}
	}
	ret = create_boot_blocks(k);
	if (ret)
		goto fail;
	link_boot_blocks(k);
	ret = percpu_setup_first_chunk(k, fw);
	if (!ret)
		ret = kalloc_boot_init(k);
	if (ret)
		goto fail;
	MM_CHECK(k);
	*out = k;
	return 0;
fail:
	kernel_free(k);
	return ret;
}

void kernel_free(struct kernel *k)
{
	if (!k)
		return;
	kernel_unload_modules(k);
	percpu_fini(k);
	memory_blocks_fini(k);
	sparse_fini(k);
	resource_tree_fini(&k->iomem_resource);
	page_alloc_fini(k);
	for (int i = 0; i < MAX_NUMNODES; i++)
		free(k->node_data[i]);
	free(k->boot.memblock);
	free(k->boot.numa_meminfo);
	free(k->boot.boot_reserved);
	free(k->fw_map.entries);
	memremap_fini(k);
	free(k->kalloc.memmap_allocs);
	free(k);
}

/* ---- facts drivers may ask for (mm/driver.h) ---- */

enum hypervisor_vendor kernel_hypervisor(const struct kernel *k)
{
	return k->hypervisor;
}

bool node_possible(const struct kernel *k, int nid)
{
	return nid >= 0 && nid < MAX_NUMNODES && node_state(k, nid, N_POSSIBLE);
}

int numa_node_id(const struct kernel *k)
{
	return k->kalloc.activity_nid;
}

struct pglist_data *kernel_node_data(const struct kernel *k, int nid)
{
	return NODE_DATA(k, nid);
}

int pxm_to_node(const struct kernel *k, unsigned int pxm)
{
	return pxm < ARRAY_SIZE(k->boot.pxm_to_nid) ? k->boot.pxm_to_nid[pxm] : -1;
}

int phys_to_target_node(const struct kernel *k, uint64_t addr)
{
	uint64_t pfn = phys_pfn(addr);

	for (int i = 0; i < k->boot.nr_numa_meminfo; i++)
		if (pfn >= k->boot.numa_meminfo[i].start_pfn && pfn < k->boot.numa_meminfo[i].end_pfn)
			return k->boot.numa_meminfo[i].nid;
	if (!k->boot.nr_numa_meminfo && pfn < k->boot.max_pfn)
		return 0;	/* no SRAT: one node spans [0, max_pfn) */
	return -1;
}

struct resource *kernel_iomem(const struct kernel *k)
{
	/* one tree per kernel, as Linux's global iomem_resource */
	return (struct resource *)&k->iomem_resource;
}
