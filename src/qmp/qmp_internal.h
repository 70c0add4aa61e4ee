// SPDX-License-Identifier: MIT
/*
 * What the files of the QMP layer share (QEMU's monitor/ and the *-qmp-cmds.c
 * files): the command signature and the commands the table in
 * qmp_dispatch.c lists, by file:
 *   qmp_dispatch.c  the command table, qmp_execute(), the request envelope
 *                   and negotiation, error replies, the greeting;
 *   qmp_memory.c    object-add/del, device_add/del, query-memory-devices,
 *                   query-memory-size-summary, query-memdev;
 *   qmp_qom.c       qom-get, qom-set, qom-list over the QOM paths memhp
 *                   models;
 *   qmp_cmds.c      the machine's own: query-version, system_reset,
 *                   query-acpi-ospm-status, query-status, query-name, quit;
 *   qmp_schema.c    query-qmp-schema (the schema of what memhp implements);
 *   hmp.c           human-monitor-command.
 * A command's arguments are checked against its schema before it runs
 * (unless its table entry says otherwise); it returns 0 with *ret set, or
 * a negative errno with @err set.  Replies are reordered as QEMU prints
 * them by the dispatcher, so commands build objects in QAPI member order.
 */
#ifndef MEMHP_QMP_QMP_INTERNAL_H
#define MEMHP_QMP_QMP_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "memhp/err.h"
#include "memhp/hw.h"

struct json;
struct memory_device_info;

typedef int (*qmp_cmd_fn)(struct pc_machine *pcms, const struct json *args, struct json **ret,
			  struct memhp_err *err);

int qmp_ret_empty(struct json **ret, struct memhp_err *err);
const char *qmp_arg_str(const struct json *args, const char *name);

/* qmp_memory.c */
int qmp_object_add(struct pc_machine *pcms, const struct json *args, struct json **ret,
		   struct memhp_err *err);
int qmp_object_del(struct pc_machine *pcms, const struct json *args, struct json **ret,
		   struct memhp_err *err);
int qmp_device_add(struct pc_machine *pcms, const struct json *args, struct json **ret,
		   struct memhp_err *err);
int qmp_device_del(struct pc_machine *pcms, const struct json *args, struct json **ret,
		   struct memhp_err *err);
int qmp_query_memory_devices(struct pc_machine *pcms, const struct json *args, struct json **ret,
			     struct memhp_err *err);
int qmp_query_memory_size_summary(struct pc_machine *pcms, const struct json *args,
				  struct json **ret, struct memhp_err *err);
int qmp_query_memdev(struct pc_machine *pcms, const struct json *args, struct json **ret,
		     struct memhp_err *err);
uint64_t qmp_plugged_memory(const struct pc_machine *pcms);

/* qmp_qom.c */
int qmp_qom_get(struct pc_machine *pcms, const struct json *args, struct json **ret,
		struct memhp_err *err);
int qmp_qom_set(struct pc_machine *pcms, const struct json *args, struct json **ret,
		struct memhp_err *err);
int qmp_qom_list(struct pc_machine *pcms, const struct json *args, struct json **ret,
		 struct memhp_err *err);

/* qmp_cmds.c */
int qmp_query_version(struct pc_machine *pcms, const struct json *args, struct json **ret,
		      struct memhp_err *err);
int qmp_system_reset(struct pc_machine *pcms, const struct json *args, struct json **ret,
		     struct memhp_err *err);
int qmp_query_acpi_ospm_status(struct pc_machine *pcms, const struct json *args,
			       struct json **ret, struct memhp_err *err);
int qmp_query_status(struct pc_machine *pcms, const struct json *args, struct json **ret,
		     struct memhp_err *err);
int qmp_query_name(struct pc_machine *pcms, const struct json *args, struct json **ret,
		   struct memhp_err *err);
int qmp_quit(struct pc_machine *pcms, const struct json *args, struct json **ret, struct memhp_err *err);

/* qmp_dispatch.c: the commands, for query-commands and the tests */
size_t qmp_command_count(void);
const char *qmp_command_name(size_t i);
int qmp_query_commands(struct pc_machine *pcms, const struct json *args, struct json **ret,
		       struct memhp_err *err);

/* qmp_schema.c */
int qmp_query_qmp_schema(struct pc_machine *pcms, const struct json *args, struct json **ret,
			 struct memhp_err *err);
bool qmp_schema_has_command(const char *name);

/* hmp.c */
int qmp_human_monitor_command(struct pc_machine *pcms, const struct json *args,
			      struct json **ret, struct memhp_err *err);

#endif
