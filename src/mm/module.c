// SPDX-License-Identifier: MIT
/*
 * The guest's module loader (kernel/module and the initcalls): the kernel is
 * handed a table of guest modules when it boots; it initialises the
 * built-in ones in table order, loads the others on modprobe (their
 * dependencies first), runs their deferred work when the guest runs and
 * unloads them, newest first, when it goes away.  The core never names a
 * driver: what a module does lives in its init, exit and work operations
 * (src/drivers), and its state is the private pointer kept here.
 */
#include <errno.h>
#include <string.h>

#include "lib/util.h"
#include "mm/internal.h"

static const struct guest_module *module_find(const struct kernel *k, const char *name)
{
	for (size_t i = 0; i < k->modules.nr_table; i++)
		if (!strcmp(k->modules.table[i]->name, name))
			return k->modules.table[i];
	return NULL;
}

static struct loaded_module *module_loaded(const struct kernel *k, const struct guest_module *mod)
{
	for (int i = 0; i < k->modules.nr_loaded; i++)
		if (k->modules.loaded[i].mod == mod)
			return (struct loaded_module *)&k->modules.loaded[i];
	return NULL;
}

/* load @mod after its dependencies; @depth bounds a cycle in the table */
static int module_load(struct kernel *k, const struct guest_module *mod, int depth)
{
	struct loaded_module *lm;
	int ret;

	if (module_loaded(k, mod))
		return 0;
	if (MEMHP_WARN_ON_ONCE(depth > GUEST_MAX_MODULES))
		return -ELOOP;
	for (const char *const *dep = mod->deps; dep && *dep; dep++) {
		const struct guest_module *d = module_find(k, *dep);

		if (MEMHP_WARN_ON_ONCE(!d))
			return -ENOENT;
		ret = module_load(k, d, depth + 1);
		if (ret)
			return ret;
	}
	if (MEMHP_WARN_ON_ONCE(k->modules.nr_loaded == GUEST_MAX_MODULES))
		return -ENOSPC;
	/* listed before init runs, so that init's callees find the state it sets */
	lm = &k->modules.loaded[k->modules.nr_loaded++];
	lm->mod = mod;
	lm->priv = NULL;
	if (mod->init) {
		ret = mod->init(k, &lm->priv);
		if (ret) {
			MEMHP_BUG_ON(lm != &k->modules.loaded[k->modules.nr_loaded - 1]);
			k->modules.nr_loaded--;
			*lm = (struct loaded_module){ 0 };
			return ret;
		}
	}
	return 0;
}

/* built into this kernel: by the module table, or by the profile's build */
static bool module_is_builtin(const struct kernel *k, const struct guest_module *mod)
{
	if (mod->builtin)
		return true;
	for (const char *const *b = k->profile.config.builtin_modules; b && *b; b++)
		if (!strcmp(*b, mod->name))
			return true;
	return false;
}

int kernel_register_modules(struct kernel *k, const struct guest_module *const *table, size_t nr,
			    const struct guest_platform *platform)
{
	if (MEMHP_WARN_ON_ONCE(k->modules.table || nr > GUEST_MAX_MODULES))
		return -EINVAL;
	k->modules.table = table;
	k->modules.nr_table = nr;
	k->modules.platform = platform;
	for (size_t i = 0; i < nr; i++) {
		int ret;

		if (!module_is_builtin(k, table[i]))
			continue;
		ret = module_load(k, table[i], 0);
		if (ret)
			return ret;
	}
	k->system_running = true;	/* init runs: what loads from now on is not booting */
	MM_CHECK(k);
	return 0;
}

int kernel_modprobe(struct kernel *k, const char *name)
{
	const struct guest_module *mod = module_find(k, name);
	int ret;

	if (!mod)
		return -ENOENT;
	ret = module_load(k, mod, 0);
	MM_CHECK(k);
	return ret;
}

bool kernel_run_module_work(struct kernel *k)
{
	bool ran = false;

	for (int i = 0; i < k->modules.nr_loaded; i++) {
		const struct loaded_module *lm = &k->modules.loaded[i];

		if (lm->mod->work && lm->mod->work(k, lm->priv))
			ran = true;
	}
	return ran;
}

void kernel_module_get(struct kernel *k, const struct guest_module *mod)
{
	struct loaded_module *lm = module_loaded(k, mod);

	if (!MEMHP_WARN_ON_ONCE(!lm))
		lm->refs++;
}

void kernel_module_put(struct kernel *k, const struct guest_module *mod)
{
	struct loaded_module *lm = module_loaded(k, mod);

	if (!MEMHP_WARN_ON_ONCE(!lm || lm->refs == 0))
		lm->refs--;
}

bool kernel_module_loaded(const struct kernel *k, const struct guest_module *mod)
{
	return module_loaded(k, mod) != NULL;
}

const char *kernel_driver_module(const struct kernel *k, const char *bus_driver)
{
	for (size_t i = 0; i < k->modules.nr_table; i++)
		for (const char *const *d = k->modules.table[i]->drivers; d && *d; d++)
			if (!strcmp(*d, bus_driver))
				return k->modules.table[i]->name;
	return NULL;
}

void *kernel_module_priv(const struct kernel *k, const struct guest_module *mod)
{
	const struct loaded_module *lm = module_loaded(k, mod);

	return lm ? lm->priv : NULL;
}

/**
 * kernel_loaded_module_get() - see memhp/mm.h
 */
int kernel_loaded_module_get(const struct kernel *k, const char *name, struct loaded_module_info *out)
{
	const struct guest_module *mod = module_find(k, name);

	if (!mod || !module_loaded(k, mod) || module_is_builtin(k, mod))
		return -ENOENT;
	memset(out, 0, sizeof(*out));
	out->name = mod->name;
	out->drivers = mod->drivers;
	out->refcnt = module_loaded(k, mod)->refs;
	/* each loaded module that needs it holds a reference */
	for (int i = 0; i < k->modules.nr_loaded; i++) {
		const struct guest_module *m = k->modules.loaded[i].mod;

		for (const char *const *d = m->deps; d && *d; d++)
			if (!strcmp(*d, name) && out->nr_holders < LOADED_MODULE_MAX_HOLDERS) {
				out->holders[out->nr_holders++] = m->name;
				out->refcnt++;
			}
	}
	return 0;
}

/**
 * kernel_loaded_module_at() - see memhp/mm.h
 */
const char *kernel_loaded_module_at(const struct kernel *k, int i)
{
	for (int n = 0; n < k->modules.nr_loaded; n++) {
		const struct guest_module *m = k->modules.loaded[n].mod;

		if (module_is_builtin(k, m))
			continue;
		if (!i--)
			return m->name;
	}
	return NULL;
}

const struct module_desc *kernel_module_desc(const struct kernel *k, const char *name)
{
	for (const struct module_desc *d = k->profile.config.modules; d && d->name; d++)
		if (!strcmp(d->name, name))
			return d;
	return NULL;
}

const struct module_desc *kernel_builtin_module_at(const struct kernel *k, int i)
{
	for (const struct module_desc *d = k->profile.config.modules; d && d->name; d++)
		if (d->builtin && !i--)
			return d;
	return NULL;
}

const struct guest_platform *kernel_platform(const struct kernel *k)
{
	return k->modules.platform;
}

void kernel_unload_modules(struct kernel *k)
{
	while (k->modules.nr_loaded > 0) {
		struct loaded_module *lm = &k->modules.loaded[--k->modules.nr_loaded];

		if (lm->mod->exit)
			lm->mod->exit(k, lm->priv);
		lm->mod = NULL;
		lm->priv = NULL;
	}
}
