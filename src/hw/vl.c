// SPDX-License-Identifier: MIT
/*
 * The command line (QEMU's softmmu/vl.c qemu_init() as far as memory
 * goes): pc_machine_new() collects -m, -smp, -cpu, -machine/-M, -object,
 * -numa and -device, then applies them in QEMU's order with QEMU's
 * start-up checks and messages: machine type, -m and max-ram-below-4g,
 * -smp, the backends, -cpu, the machine's memory backend, -numa and its
 * completion, the default RAM backend, the layout (pc.c), the ACPI slot
 * table, and the -device list.  The machine itself is pc.c, NUMA numa.c.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hw/acpi_memory_hotplug.h"
#include "hw/hostmem.h"
#include "hw/pc.h"
#include "qapi/qapi.h"

#define PC_DEFAULT_RAM_SIZE	(128 * MiB)
#define TCG_PHYS_ADDR_BITS	40
#define TARGET_PHYS_ADDR_SPACE_BITS 52

/* ---- command-line collection ------------------------------------------- */

enum cli_kind { CLI_OBJECT, CLI_NUMA, CLI_DEVICE };

struct cli_item {
	enum cli_kind kind;
	const char *arg;
};

/* Everything gathered from argv before any of it is applied. */
struct cli {
	const char *machine_type;
	const char *memory_backend;
	const char *max_ram_below_4g;
	const char *m_arg;		/* last -m */
	const char *smp_arg;
	const char *cpu_arg;
	struct cli_item *items;		/* -object, -numa, -device in order */
	size_t nr_items;
	struct qemu_opts *mopts;	/* every -machine, owning the strings above */
	size_t nr_mopts;
};

static int cli_add_item(struct cli *c, enum cli_kind kind, const char *arg)
{
	struct cli_item *n = realloc(c->items, (c->nr_items + 1) * sizeof(*n));

	if (!n)
		return -ENOMEM;
	c->items = n;
	c->items[c->nr_items].kind = kind;
	c->items[c->nr_items].arg = arg;
	c->nr_items++;
	return 0;
}

static int cli_machine_opts(struct cli *c, const char *arg, struct memhp_err *err)
{
	struct qemu_opts *n = realloc(c->mopts, (c->nr_mopts + 1) * sizeof(*n));
	struct qemu_opts *o;
	const char *v;

	if (!n)
		return memhp_err_set(err, -ENOMEM, "out of memory");
	c->mopts = n;
	o = &c->mopts[c->nr_mopts];
	if (qemu_opts_parse(arg, "type", o))
		return memhp_err_set(err, -ENOMEM, "out of memory");
	c->nr_mopts++;
	for (size_t i = 0; i < o->nr; i++) {
		const char *k = o->opts[i].key;

		if (strcmp(k, "type") && strcmp(k, "memory-backend") &&
		    strcmp(k, "max-ram-below-4g") && strcmp(k, "accel"))
			return memhp_err_set(err, -EINVAL,
					     "-machine option '%s' is not supported by memhp", k);
		if (!o->opts[i].value)
			return memhp_err_set(err, -EINVAL, "-machine %s: missing value for '%s'", arg, k);
		if (!strcmp(k, "accel") && strcmp(o->opts[i].value, "tcg"))
			return memhp_err_set(err, -EINVAL,
					     "-machine accel=%s is not supported by memhp (the model is TCG)",
					     o->opts[i].value);
	}
	/* later -machine options override earlier ones; the strings live in c->mopts */
	if ((v = qemu_opts_get(o, "type")))
		c->machine_type = v;
	if ((v = qemu_opts_get(o, "memory-backend")))
		c->memory_backend = v;
	if ((v = qemu_opts_get(o, "max-ram-below-4g")))
		c->max_ram_below_4g = v;
	return 0;
}

static void cli_fini(struct cli *c)
{
	for (size_t i = 0; i < c->nr_mopts; i++)
		qemu_opts_fini(&c->mopts[i]);
	free(c->mopts);
	free(c->items);
}

/* ---- -m ------------------------------------------------------------------ */

static int parse_memory(struct pc_machine *pcms, const char *arg, struct memhp_err *err)
{
	struct qemu_opts o;
	const char *size_s, *slots_s, *maxmem_s;
	uint64_t size = 0, maxmem = 0, slots = 0;
	bool has_size = false, has_max = false, has_slots = false;
	int ret = 0;

	if (qemu_opts_parse(arg, "size", &o))
		return memhp_err_set(err, -ENOMEM, "out of memory");
	for (size_t i = 0; i < o.nr; i++) {
		const char *k = o.opts[i].key;

		if (strcmp(k, "size") && strcmp(k, "slots") && strcmp(k, "maxmem")) {
			ret = memhp_err_set(err, -EINVAL, "-m %s: Invalid parameter '%s'", arg, k);
			goto out;
		}
	}
	size_s = qemu_opts_get(&o, "size");
	slots_s = qemu_opts_get(&o, "slots");
	maxmem_s = qemu_opts_get(&o, "maxmem");
	if (size_s) {
		char *fixed = NULL;
		size_t len = strlen(size_s);

		/* Legacy: a size without a suffix is in MiB */
		if (len && size_s[len - 1] >= '0' && size_s[len - 1] <= '9')
			fixed = mhp_asprintf("%sM", size_s);
		if (qemu_opt_parse_size(fixed ? fixed : size_s, &size)) {
			free(fixed);
			ret = memhp_err_set(err, -EINVAL,
					    "-m %s: Parameter 'size' expects a non-negative number below 2^64",
					    arg);
			goto out;
		}
		free(fixed);
		has_size = size != 0;
	}
	if (maxmem_s) {
		if (qemu_opt_parse_size(maxmem_s, &maxmem)) {
			ret = memhp_err_set(err, -EINVAL,
					    "-m %s: Parameter 'maxmem' expects a non-negative number below 2^64",
					    arg);
			goto out;
		}
		has_max = true;
	}
	if (slots_s) {
		if (qemu_opt_parse_u64(slots_s, &slots)) {
			ret = memhp_err_set(err, -EINVAL, "-m %s: Parameter 'slots' expects a number",
					    arg);
			goto out;
		}
		has_slots = true;
	}

	/* machine_set_mem() */
	if (!has_size)
		size = PC_DEFAULT_RAM_SIZE;
	if (size > UINT64_MAX - 8191) {
		ret = memhp_err_set(err, -EINVAL, "ram size too large");
		goto out;
	}
	size = pc_round_up(size, 8 * KiB);
	if (has_max) {
		if (maxmem < size) {
			ret = memhp_err_set(err, -EINVAL,
					    "invalid value of maxmem: maximum memory size (0x%" PRIx64 ") must be at least the initial memory size (0x%" PRIx64 ")",
					    maxmem, size);
			goto out;
		}
		if (has_slots && slots && maxmem == size) {
			ret = memhp_err_set(err, -EINVAL,
					    "invalid value of maxmem: memory slots were specified but maximum memory size (0x%" PRIx64 ") is equal to the initial memory size (0x%" PRIx64 ")",
					    maxmem, size);
			goto out;
		}
		pcms->maxram_size = maxmem;
	} else {
		if (has_slots) {
			ret = memhp_err_set(err, -EINVAL, "slots specified but no max-size");
			goto out;
		}
		pcms->maxram_size = size;
	}
	pcms->ram_size = size;
	pcms->ram_slots = has_slots ? slots : 0;
out:
	qemu_opts_fini(&o);
	return ret;
}

/* ---- -smp and -cpu -------------------------------------------------------- */

static int parse_smp(struct pc_machine *pcms, const char *arg, struct memhp_err *err)
{
	struct qemu_opts o;
	const char *v;
	uint64_t n = 1;
	int ret = 0;

	if (qemu_opts_parse(arg, "cpus", &o))
		return memhp_err_set(err, -ENOMEM, "out of memory");
	for (size_t i = 0; i < o.nr; i++) {
		if (strcmp(o.opts[i].key, "cpus")) {
			ret = memhp_err_set(err, -EINVAL,
					    "-smp %s: option '%s' is not supported by memhp (only -smp N)",
					    arg, o.opts[i].key);
			goto out;
		}
	}
	v = qemu_opts_get(&o, "cpus");
	if (v && qemu_opt_parse_u64(v, &n)) {
		ret = memhp_err_set(err, -EINVAL, "-smp %s: Parameter 'cpus' expects a number", arg);
		goto out;
	}
	if (!n)
		n = 1;
	if (n > PC_MAX_CPUS) {
		ret = memhp_err_set(err, -EINVAL,
				    "Invalid SMP CPUs %" PRIu64 ". The max CPUs supported by machine '%s' is %d",
				    n, pcms->type_name, PC_MAX_CPUS);
		goto out;
	}
	pcms->smp = (int)n;
out:
	qemu_opts_fini(&o);
	return ret;
}

struct cpu_opts {
	bool amd;
	unsigned int phys_bits;		/* 0: default */
};

static int parse_cpu(const char *arg, struct cpu_opts *c, struct memhp_err *err)
{
	struct qemu_opts o;
	const char *model;
	int ret = 0;

	c->amd = true;		/* TCG: qemu64 and max report AuthenticAMD */
	c->phys_bits = 0;
	if (!arg)
		return 0;
	if (qemu_opts_parse(arg, "model", &o))
		return memhp_err_set(err, -ENOMEM, "out of memory");
	model = o.nr && !strcmp(o.opts[0].key, "model") ? o.opts[0].value : "";
	if (!strcmp(model, "host")) {
		ret = memhp_err_set(err, -EINVAL, "CPU model 'host' requires KVM or HVF");
		goto out;
	}
	if (strcmp(model, "max") && strcmp(model, "qemu64")) {
		ret = memhp_err_set(err, -EINVAL,
				    "-cpu %s is not supported by memhp (only max and qemu64)", model);
		goto out;
	}
	for (size_t i = 1; i < o.nr; i++) {
		const char *k = o.opts[i].key, *v = o.opts[i].value;

		if (!strcmp(k, "phys-bits") && v) {
			uint64_t pb;

			if (qemu_opt_parse_u64(v, &pb) || pb > UINT32_MAX) {
				ret = memhp_err_set(err, -EINVAL, "Parameter 'phys-bits' expects uint32_t");
				goto out;
			}
			c->phys_bits = (unsigned int)pb;
		} else if (!strcmp(k, "vendor") && v) {
			if (strlen(v) != 12) {
				ret = memhp_err_set(err, -EINVAL,
						    "Property '.vendor' doesn't take value '%s'", v);
				goto out;
			}
			c->amd = !strcmp(v, "AuthenticAMD");
		} else {
			ret = memhp_err_set(err, -EINVAL,
					    "-cpu option '%s' is not supported by memhp (only phys-bits and vendor)",
					    k);
			goto out;
		}
	}
out:
	qemu_opts_fini(&o);
	return ret;
}

/* ---- machine construction ------------------------------------------------ */

static int item_error_prefix(int ret, struct memhp_err *err, const char *opt, const char *arg)
{
	char *msg;

	if (!err || !err->errnum)
		return ret;
	msg = mhp_asprintf("%s %s: %s", opt, arg, err->msg);
	if (msg) {
		size_t n = strlen(msg) < sizeof(err->msg) ? strlen(msg) : sizeof(err->msg) - 1;

		memcpy(err->msg, msg, n);
		err->msg[n] = 0;
		free(msg);
	}
	return err->errnum;
}

static int create_default_ram(struct pc_machine *pcms, struct memhp_err *err)
{
	struct host_memory_backend *be, **pp;

	if (hostmem_find(pcms, "pc.ram"))
		return memhp_err_set(err, -EINVAL,
				     "object name 'pc.ram' is reserved for the default RAM backend, it can't be used for any other purposes. Change the object's 'id' to something else");
	be = calloc(1, sizeof(*be));
	if (!be || !(be->id = strdup("pc.ram"))) {
		free(be);
		return memhp_err_set(err, -ENOMEM, "out of memory");
	}
	be->kind = HOSTMEM_RAM;
	be->size = pcms->ram_size;
	be->align = PC_HOSTMEM_RAM_ALIGN;
	be->merge = be->dump = be->reserve = true;
	be->mapped = true;
	/* query-memdev shows it last: keep it at the tail */
	for (pp = &pcms->backends; *pp; pp = &(*pp)->next)
		;
	*pp = be;
	return 0;
}

/*
 * -name [guest=]NAME[,process=NAME][,debug-threads=on|off]: the guest's
 * name (query-name); the other two only change the host process.  The
 * last -name wins, as QEMU's single "name" option group does.
 */
static int parse_name(struct pc_machine *pcms, const char *v, struct memhp_err *err)
{
	struct qemu_opts o;
	const char *guest;
	int ret = 0;

	if (qemu_opts_parse(v, "guest", &o))
		return memhp_err_set(err, -ENOMEM, "out of memory");
	for (size_t i = 0; i < o.nr; i++) {
		const char *k = o.opts[i].key;
		bool b;

		if (!strcmp(k, "guest") || !strcmp(k, "process"))
			continue;
		if (!strcmp(k, "debug-threads")) {
			ret = qemu_opt_parse_bool(k, o.opts[i].value, &b, err);
			if (ret)
				break;
			continue;
		}
		ret = memhp_err_set(err, -EINVAL, "-name %s: Invalid parameter '%s'", v, k);
		break;
	}
	guest = qemu_opts_get(&o, "guest");
	if (!ret && guest) {
		char *copy = strdup(guest);

		if (!copy) {
			ret = memhp_err_set(err, -ENOMEM, "out of memory");
		} else {
			free(pcms->guest_name);
			pcms->guest_name = copy;
		}
	}
	qemu_opts_fini(&o);
	return ret;
}

static int build_machine(struct pc_machine *pcms, const char *const *argv, int argc,
			 struct memhp_err *err)
{
	struct cli c = { 0 };
	struct cpu_opts cpu;
	struct numa_parse np = { 0 };
	int ret = 0;

	for (int i = 0; i < argc; i++) {
		const char *a = argv[i];
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;
		bool takes_arg = !strcmp(a, "-m") || !strcmp(a, "-smp") || !strcmp(a, "-cpu") ||
				 !strcmp(a, "-machine") || !strcmp(a, "-M") || !strcmp(a, "-object") ||
				 !strcmp(a, "-numa") || !strcmp(a, "-device") || !strcmp(a, "-name");

		if (!takes_arg) {
			ret = memhp_err_set(err, -EINVAL, "%s: argument not supported by memhp", a);
			goto out;
		}
		if (!v) {
			ret = memhp_err_set(err, -EINVAL, "%s: requires an argument", a);
			goto out;
		}
		i++;
		if (!strcmp(a, "-m")) {
			c.m_arg = v;
		} else if (!strcmp(a, "-smp")) {
			c.smp_arg = v;
		} else if (!strcmp(a, "-cpu")) {
			c.cpu_arg = v;
		} else if (!strcmp(a, "-machine") || !strcmp(a, "-M")) {
			ret = cli_machine_opts(&c, v, err);
		} else if (!strcmp(a, "-name")) {
			ret = parse_name(pcms, v, err);
		} else {
			ret = cli_add_item(&c, !strcmp(a, "-object") ? CLI_OBJECT :
					   !strcmp(a, "-numa") ? CLI_NUMA : CLI_DEVICE, v);
			if (ret)
				ret = memhp_err_set(err, -ENOMEM, "out of memory");
		}
		if (ret)
			goto out;
	}

	/* machine options: type, -m, max-ram-below-4g, -smp */
	ret = pc_machine_set_type(pcms, c.machine_type ? c.machine_type : "pc", err);
	if (ret)
		goto out;
	ret = parse_memory(pcms, c.m_arg ? c.m_arg : "", err);
	if (ret)
		goto out;
	if (c.max_ram_below_4g) {
		uint64_t v;

		if (qemu_opt_parse_size(c.max_ram_below_4g, &v)) {
			ret = memhp_err_set(err, -EINVAL,
					    "Parameter 'max-ram-below-4g' expects a size");
			goto out;
		}
		if (v > 4 * GiB) {
			ret = memhp_err_set(err, -EINVAL,
					    "Machine option 'max-ram-below-4g=%" PRIu64 "' expects size less than or equal to 4G",
					    v);
			goto out;
		}
		if (v < MiB)
			pc_machine_warn(pcms,
					"Only %" PRIu64 " bytes of RAM below the 4GiB boundary,BIOS may not work with less than 1MiB",
					v);
		pcms->max_ram_below_4g = v;
	}
	pcms->smp = 1;
	if (c.smp_arg) {
		ret = parse_smp(pcms, c.smp_arg, err);
		if (ret)
			goto out;
	}

	/* memory backends (QEMU creates them before -numa and the board) */
	for (size_t i = 0; i < c.nr_items; i++) {
		struct qemu_opts o;

		if (c.items[i].kind != CLI_OBJECT)
			continue;
		if (qemu_opts_parse(c.items[i].arg, "qom-type", &o)) {
			ret = memhp_err_set(err, -ENOMEM, "out of memory");
			goto out;
		}
		ret = hostmem_create_from_opts(pcms, &o, err);
		qemu_opts_fini(&o);
		if (ret) {
			ret = item_error_prefix(ret, err, "-object", c.items[i].arg);
			goto out;
		}
	}

	ret = parse_cpu(c.cpu_arg, &cpu, err);
	if (ret)
		goto out;

	/* qemu_resolve_machine_memdev() */
	if (c.memory_backend) {
		struct host_memory_backend *be = hostmem_find(pcms, c.memory_backend);

		if (!be) {
			ret = memhp_err_set(err, -EINVAL, "Memory backend '%s' not found",
					    c.memory_backend);
			goto out;
		}
		if (!c.m_arg || !strlen(c.m_arg)) {
			pcms->ram_size = be->size;
			if (pcms->maxram_size < pcms->ram_size)
				pcms->maxram_size = pcms->ram_size;
		}
		pcms->ram_memdev = be;
	}

	for (size_t i = 0; i < c.nr_items; i++) {
		if (c.items[i].kind != CLI_NUMA)
			continue;
		ret = numa_parse_node(pcms, &np, c.items[i].arg, err);
		if (ret)
			goto out;
	}

	/* machine_run_board_init() */
	ret = numa_complete_configuration(pcms, &np, err);
	if (ret)
		goto out;
	if (pcms->ram_memdev) {
		if (pcms->ram_memdev->size != pcms->ram_size) {
			ret = memhp_err_set(err, -EINVAL,
					    "Machine memory size does not match the size of the memory backend");
			goto out;
		}
		if (pcms->ram_memdev->mapped) {
			ret = memhp_err_set(err, -EINVAL, "memory backend %s can't be used multiple times.",
					    pcms->ram_memdev->id);
			goto out;
		}
		pcms->ram_memdev->mapped = true;
	} else if (!np.have_memdevs) {
		ret = create_default_ram(pcms, err);
		if (ret)
			goto out;
	}

	/* pc_init1(): CPUs, then memory */
	if (cpu.phys_bits && (cpu.phys_bits > TARGET_PHYS_ADDR_SPACE_BITS || cpu.phys_bits < 32)) {
		ret = memhp_err_set(err, -EINVAL, "phys-bits should be between 32 and %u  (but is %u)",
				    TARGET_PHYS_ADDR_SPACE_BITS, cpu.phys_bits);
		goto out;
	}
	pcms->cpu_amd = cpu.amd;
	pcms->phys_bits = cpu.phys_bits ? cpu.phys_bits : TCG_PHYS_ADDR_BITS;
	ret = pc_memory_init(pcms, err);
	if (ret)
		goto out;
	ret = acpi_memhp_init(pcms, pcms->has_reserved_memory ? (int)pcms->ram_slots : 0);
	if (ret) {
		ret = memhp_err_set(err, ret, "out of memory");
		goto out;
	}

	/* -device, in order (cold-plugged: hotplugged = false) */
	for (size_t i = 0; i < c.nr_items; i++) {
		if (c.items[i].kind != CLI_DEVICE)
			continue;
		ret = pc_device_add_opts(pcms, c.items[i].arg, false, err);
		if (ret) {
			ret = item_error_prefix(ret, err, "-device", c.items[i].arg);
			goto out;
		}
	}
	pcms->machine_ready = true;
out:
	cli_fini(&c);
	return ret;
}

/**
 * pc_machine_new() - build a machine from QEMU command-line arguments
 * @argv: the arguments
 * @argc: their number
 * @out: the new machine
 * @err: QEMU's message on failure (without the program-name prefix)
 *
 * See include/memhp/hw.h.
 *
 * Return: 0, -EINVAL, -ENOMEM.
 */
int pc_machine_new(const char *const *argv, int argc, struct pc_machine **out,
		   struct memhp_err *err)
{
	struct pc_machine *pcms = calloc(1, sizeof(*pcms));
	int ret;

	*out = NULL;
	if (!pcms)
		return memhp_err_set(err, -ENOMEM, "out of memory");
	ret = build_machine(pcms, argv, argc, err);
	if (ret) {
		pc_machine_free(pcms);
		/* every start-up failure but memory exhaustion is a bad argument */
		if (ret != -ENOMEM) {
			ret = -EINVAL;
			if (err)
				err->errnum = ret;
		}
		return ret;
	}
	*out = pcms;
	return 0;
}
