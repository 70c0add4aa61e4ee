// SPDX-License-Identifier: MIT
/*
 * The CPUs as the guest kernel knows them beyond their masks: what
 * identify_cpu() learns from CPUID, the caches cacheinfo builds from it,
 * the cpuidle governor in use and each CPU's place in the hotplug state
 * machine.  The model never takes a CPU down, so every CPU sits in
 * CPUHP_ONLINE.
 */
#include <errno.h>
#include <string.h>

#include "lib/util.h"
#include "memhp/mm.h"
#include "memhp/profile.h"
#include "mm/internal.h"

#define X86_VENDOR_INTEL 0
#define X86_VENDOR_AMD 2

void cpu_identify(struct kernel *k, const struct firmware_tables *fw)
{
	k->cpu.amd = fw->cpu_amd;
	k->cpu.family = fw->cpu_family;
	k->cpu.model = fw->cpu_model;
	k->cpu.multicore = fw->cpu_multicore;
	k->cpu.nr_caches = fw->nr_cpu_caches < FW_MAX_CPU_CACHES ? fw->nr_cpu_caches : FW_MAX_CPU_CACHES;
	memcpy(k->cpu.caches, fw->cpu_caches, sizeof(k->cpu.caches));
	k->cpu.idle_governor = 1;	/* menu: the highest rated of those registered */
}

/*
 * X86_FEATURE_HT (0*32+28) and X86_FEATURE_CMP_LEGACY (6*32+1) come
 * straight from CPUID bits that a single-CPU package does not set; the
 * profile's feature lists are those of a multi-CPU machine.
 */
bool cpu_has_feature_token(const struct kernel *k, const char *tok)
{
	if (!k->cpu.multicore && (!strncmp(tok, "001C", 4) || !strncmp(tok, "00C1", 4)))
		return false;
	return true;
}

int cpu_vendor_id(const struct kernel *k)
{
	return k->cpu.amd ? X86_VENDOR_AMD : X86_VENDOR_INTEL;
}

void cpu_family_model(const struct kernel *k, unsigned int *family, unsigned int *model)
{
	*family = k->cpu.family;
	*model = k->cpu.model;
}

const struct kernel_cpu_view *cpu_view(const struct kernel *k)
{
	for (const struct kernel_cpu_view *v = k->profile.config.cpu_views; v && v->features; v++)
		if (v->amd == k->cpu.amd && v->family == k->cpu.family && v->model == k->cpu.model)
			return v;
	return NULL;
}

/*
 * On AMD before family 0x17 the kernel reads the legacy leaves
 * 0x80000005/6 through its cpuid(4) emulation; on Intel it reads leaf 4,
 * which the firmware tables do not describe.
 */
int cpu_nr_caches(const struct kernel *k)
{
	return k->cpu.amd && k->cpu.family < 0x17 ? k->cpu.nr_caches : 0;
}

/*
 * The emulated leaf 4 says no thread shares a cache, so each cache's id is
 * the CPU's APIC id (QEMU numbers them as the CPUs) and L1 and L2 are the
 * CPU's own.  The L3 is shared through cpu_llc_shared_mask: the CPUs of the
 * same package (the last-level cache id of these families) that are on
 * the same node, as match_llc() requires.  QEMU's pc machine puts all
 * CPUs in one package.
 */
int cpu_cache_get(const struct kernel *k, int cpu, int index, struct cpu_cache_info *out)
{
	const struct fw_cpu_cache *c;

	if (cpu < 0 || cpu >= k->nr_cpus || index < 0 || index >= cpu_nr_caches(k))
		return -ENOENT;
	c = &k->cpu.caches[index];
	memset(out, 0, sizeof(*out));
	out->desc = *c;
	out->sets = c->ways && c->line_size ? (unsigned int)((uint64_t)c->size_kib * 1024 / c->ways / c->line_size) : 0;
	out->id = (unsigned int)cpu;
	out->shared_cpus = 1ULL << cpu;
	if (c->level == 3)
		for (int o = 0; o < k->nr_cpus && o < 64; o++)
			if (cpu_to_node(k, o) == cpu_to_node(k, cpu))
				out->shared_cpus |= 1ULL << o;
	return 0;
}

/* haltpoll registers only under KVM and teo is not built: ladder, then menu */
const char *const cpuidle_governors[] = { "ladder", "menu", NULL };

const char *cpuidle_governor_get(const struct kernel *k)
{
	return cpuidle_governors[k->cpu.idle_governor];
}

int cpuidle_governor_set(struct kernel *k, const char *name)
{
	for (int i = 0; cpuidle_governors[i]; i++)
		if (!strcmp(name, cpuidle_governors[i])) {
			k->cpu.idle_governor = i;
			return 0;
		}
	return -EINVAL;
}

const struct cpuhp_state_desc *cpuhp_state_at(const struct kernel *k, int i)
{
	const struct cpuhp_state_desc *s = k->profile.config.cpuhp_states;
	int n = 0;

	for (; s && s->name; s++) {
		if (s->smp_only && k->nr_cpus < 2)
			continue;
		if (n++ == i)
			return s;
	}
	return NULL;
}

int cpuhp_cpu_state(const struct kernel *k, int cpu, int *target)
{
	const struct cpuhp_state_desc *s = k->profile.config.cpuhp_states;
	int online = 0;

	for (; s && s->name; s++)
		online = s->nr;
	/* the boot CPU never went through cpu_up(), which sets the target */
	*target = cpu == 0 && !kernel_has(k, KF_CPUHP_BOOT_CPU_TARGET) ? 0 : online;
	return online;
}
