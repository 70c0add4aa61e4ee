// SPDX-License-Identifier: MIT
/*
 * QMP dispatch (QEMU's qapi/qmp-dispatch.c and monitor/qmp.c): the command
 * table with each command's argument schema, qmp_execute() (argument
 * checks, the command, the reply in QEMU's key order), the request
 * envelope and capabilities negotiation (qmp_handle_request()), error
 * replies and the greeting.  Transport (sockets, line framing, timestamps)
 * is not here; the commands are in the other files of src/qmp, machine
 * behaviour in src/hw.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "hw/virtio_mem.h"
#include "lib/json.h"
#include "lib/util.h"
#include "qapi/qapi.h"
#include "qmp/qmp_internal.h"

struct qmp_cmd {
	const char *name;
	qmp_cmd_fn fn;
	const struct qapi_member *members;	/* NULL: checked by the command itself */
	size_t nr_members;
	bool check_args;			/* false for device_add ('gen': false) */
};

/** qmp_ret_empty() - the {} a command without a value returns. */
int qmp_ret_empty(struct json **ret, struct memhp_err *err)
{
	*ret = json_new_object();
	return *ret ? 0 : memhp_err_set(err, -ENOMEM, "out of memory");
}

/** qmp_arg_str() - a string argument the schema check has seen (NULL if absent). */
const char *qmp_arg_str(const struct json *args, const char *name)
{
	return json_string_value(json_object_get(args, name));
}

/* ---- command table -------------------------------------------------------------- */

static const struct qapi_member id_members[] = {
	{ "id", QAPI_TYPE_STR, true, NULL },
};
static const struct qapi_member qom_get_members[] = {
	{ "path", QAPI_TYPE_STR, true, NULL },
	{ "property", QAPI_TYPE_STR, true, NULL },
};
static const struct qapi_member qom_list_members[] = {
	{ "path", QAPI_TYPE_STR, true, NULL },
};
static const struct qapi_member qom_set_members[] = {
	{ "path", QAPI_TYPE_STR, true, NULL },
	{ "property", QAPI_TYPE_STR, true, NULL },
	{ "value", QAPI_TYPE_ANY, true, NULL },
};
static const struct qapi_member hmp_members[] = {
	{ "command-line", QAPI_TYPE_STR, true, NULL },
	{ "cpu-index", QAPI_TYPE_INT, false, NULL },
};
static const char *const qmp_capability_enum[] = { "oob", NULL };
static const struct qapi_member caps_members[] = {
	{ "enable", QAPI_TYPE_LIST, false, qmp_capability_enum },
};

#define CMD(n, f, m) { n, f, m, ARRAY_SIZE(m), true }
#define CMD0(n, f) { n, f, NULL, 0, true }

static const struct qmp_cmd qmp_cmds[] = {
	{ "object-add", qmp_object_add, NULL, 0, false },	/* union: hostmem checks */
	CMD("object-del", qmp_object_del, id_members),
	{ "device_add", qmp_device_add, NULL, 0, false },	/* 'gen': false */
	CMD("device_del", qmp_device_del, id_members),
	CMD0("query-memory-devices", qmp_query_memory_devices),
	CMD0("query-memory-size-summary", qmp_query_memory_size_summary),
	CMD0("query-memdev", qmp_query_memdev),
	CMD0("query-acpi-ospm-status", qmp_query_acpi_ospm_status),
	CMD0("query-version", qmp_query_version),
	CMD("qom-get", qmp_qom_get, qom_get_members),
	CMD("qom-set", qmp_qom_set, qom_set_members),
	CMD("qom-list", qmp_qom_list, qom_list_members),
	CMD("human-monitor-command", qmp_human_monitor_command, hmp_members),
	CMD0("system_reset", qmp_system_reset),
	CMD0("query-status", qmp_query_status),
	CMD0("query-name", qmp_query_name),
	CMD0("query-commands", qmp_query_commands),
	CMD0("query-qmp-schema", qmp_query_qmp_schema),
	CMD0("quit", qmp_quit),
};

size_t qmp_command_count(void)
{
	return ARRAY_SIZE(qmp_cmds);
}

const char *qmp_command_name(size_t i)
{
	return i < ARRAY_SIZE(qmp_cmds) ? qmp_cmds[i].name : NULL;
}

/* qmp_query_commands(): every command this monitor runs, qmp_capabilities included */
int qmp_query_commands(struct pc_machine *pcms, const struct json *args, struct json **ret,
		       struct memhp_err *err)
{
	struct json *arr = json_new_array();

	(void)pcms;
	(void)args;
	for (size_t i = 0; arr && i <= ARRAY_SIZE(qmp_cmds); i++) {
		struct json *o = json_new_object();
		const char *name = i < ARRAY_SIZE(qmp_cmds) ? qmp_cmds[i].name : "qmp_capabilities";

		if (!o || json_object_set(o, "name", json_new_string(name)) || json_array_append(arr, o)) {
			json_free(o);
			json_free(arr);
			arr = NULL;
		}
	}
	*ret = arr;
	return arr ? 0 : memhp_err_set(err, -ENOMEM, "out of memory");
}

/**
 * qmp_execute() - run one QMP command against the machine
 * @pcms: the machine
 * @command: the command name
 * @args: the arguments object, or NULL
 * @ret: the return value (caller frees), keys in QEMU's order
 * @err: QEMU's message and class on failure
 *
 * See include/memhp/hw.h.
 *
 * Return: 0 or a negative errno with @err set.
 */
int qmp_execute(struct pc_machine *pcms, const char *command, const struct json *args,
		struct json **ret, struct memhp_err *err)
{
	const struct qmp_cmd *c = NULL;
	struct json *empty = NULL;
	int r;

	*ret = NULL;
	/* a host command: virtio-mem events held back by the rate limit go out first */
	virtio_mem_host_command(pcms);
	if (!strcmp(command, "qmp_capabilities"))
		return memhp_err_set_class(err, -EINVAL, ERR_CLASS_COMMAND_NOT_FOUND,
					   "Capabilities negotiation is already complete, command ignored");
	for (size_t i = 0; i < ARRAY_SIZE(qmp_cmds); i++)
		if (!strcmp(qmp_cmds[i].name, command))
			c = &qmp_cmds[i];
	if (!c)
		return memhp_err_set_class(err, -ENOENT, ERR_CLASS_COMMAND_NOT_FOUND,
					   "The command %s has not been found", command);
	if (!args) {
		empty = json_new_object();
		if (!empty)
			return memhp_err_set(err, -ENOMEM, "out of memory");
		args = empty;
	}
	if (c->check_args) {
		r = qapi_check_members(args, c->members, c->nr_members, err);
		if (!r)
			r = qapi_check_unexpected(args, c->members, c->nr_members, NULL, err);
		if (r)
			goto out;
	}
	r = c->fn(pcms, args, ret, err);
	if (!r)
		*ret = qapi_order(*ret);
	if (!r && !*ret)
		r = memhp_err_set(err, -ENOMEM, "out of memory");
out:
	json_free(empty);
	return r;
}

/* ---- the request envelope ------------------------------------------------------------ */

static struct json *error_response(const struct memhp_err *e)
{
	struct json *rsp = json_new_object(), *err = json_new_object();

	if (!rsp || !err ||
	    json_object_set(err, "class", json_new_string(memhp_err_class_name(e->cls))) ||
	    json_object_set(err, "desc", json_new_string(e->msg))) {
		json_free(rsp);
		json_free(err);
		return NULL;
	}
	if (json_object_set(rsp, "error", err)) {
		json_free(rsp);
		return NULL;
	}
	return rsp;
}

/**
 * qmp_error_reply() - the reply to input that is no request: a GenericError
 * with @desc (a parse error, a bound of the input passed)
 * Return: the reply object (caller frees), NULL when out of memory.
 */
struct json *qmp_error_reply(const char *desc)
{
	struct memhp_err e = { 0 };

	memhp_err_set(&e, -EINVAL, "%s", desc);
	return qapi_order(error_response(&e));
}

/* qmp_dispatch_check_obj(): the members of the request object itself. */
static int check_request(const struct json *req, struct memhp_err *err)
{
	size_t n = json_object_size(req);
	const char **keys = calloc(n ? n : 1, sizeof(*keys));
	size_t *order = calloc(n ? n : 1, sizeof(*order));
	const char *exec_key = NULL;
	int ret = 0;

	if (!keys || !order) {
		ret = memhp_err_set(err, -ENOMEM, "out of memory");
		goto out;
	}
	for (size_t i = 0; i < n; i++)
		keys[i] = json_object_key_at(req, i);
	qapi_key_order(keys, n, order);
	for (size_t i = 0; i < n && !ret; i++) {
		const char *k = keys[order[i]];
		const struct json *v = json_object_value_at(req, order[i]);

		if (!strcmp(k, "execute") || !strcmp(k, "exec-oob")) {
			if (json_type_of(v) != JSON_STRING)
				ret = memhp_err_set(err, -EINVAL, "QMP input member '%s' must be a string", k);
			else if (exec_key)
				ret = memhp_err_set(err, -EINVAL, "QMP input member '%s' clashes with '%s'",
						    k, exec_key);
			exec_key = k;
		} else if (!strcmp(k, "arguments")) {
			if (json_type_of(v) != JSON_OBJECT)
				ret = memhp_err_set(err, -EINVAL,
						    "QMP input member 'arguments' must be an object");
		} else if (strcmp(k, "id")) {
			ret = memhp_err_set(err, -EINVAL, "QMP input member '%s' is unexpected", k);
		}
	}
	if (!ret && !exec_key)
		ret = memhp_err_set(err, -EINVAL, "QMP input lacks member 'execute'");
out:
	free(keys);
	free(order);
	return ret;
}

/**
 * qmp_handle_request() - one whole request object, as it arrives on the wire
 * @pcms: the machine
 * @s: the client's session
 * @req: the parsed request
 *
 * See include/memhp/hw.h.  Before negotiation every command but
 * qmp_capabilities fails with CommandNotFound "Expecting capabilities
 * negotiation with 'qmp_capabilities'"; "id" is echoed after the result.
 *
 * Return: the reply object (caller frees), NULL only on allocation failure.
 */
struct json *qmp_handle_request(struct pc_machine *pcms, struct qmp_session *s,
				const struct json *req)
{
	struct memhp_err e = { 0 };
	struct json *ret = NULL, *rsp = NULL;
	const struct json *id = NULL, *args;
	const char *cmd;
	int r;

	if (json_type_of(req) != JSON_OBJECT) {
		memhp_err_set(&e, -EINVAL, "QMP input must be a JSON object");
		return qapi_order(error_response(&e));
	}
	id = json_object_get(req, "id");
	r = check_request(req, &e);
	if (r)
		goto respond;
	cmd = json_string_value(json_object_get(req, "execute"));
	if (!cmd) {
		/* exec-oob: no command here allows out-of-band execution */
		cmd = json_string_value(json_object_get(req, "exec-oob"));
		r = memhp_err_set(&e, -EINVAL, "The command %s does not support OOB", cmd);
		goto respond;
	}
	args = json_object_get(req, "arguments");
	if (!strcmp(cmd, "qmp_capabilities")) {
		if (s->negotiated) {
			r = memhp_err_set_class(&e, -EINVAL, ERR_CLASS_COMMAND_NOT_FOUND,
						"Capabilities negotiation is already complete, command ignored");
			goto respond;
		}
		r = qapi_check_members(args, caps_members, ARRAY_SIZE(caps_members), &e);
		if (!r)
			r = qapi_check_unexpected(args, caps_members, ARRAY_SIZE(caps_members), NULL, &e);
		if (!r) {
			s->negotiated = true;
			r = qmp_ret_empty(&ret, &e);
		}
		goto respond;
	}
	if (!s->negotiated) {
		r = memhp_err_set_class(&e, -EINVAL, ERR_CLASS_COMMAND_NOT_FOUND,
					"Expecting capabilities negotiation with 'qmp_capabilities'");
		goto respond;
	}
	r = qmp_execute(pcms, cmd, args, &ret, &e);
respond:
	if (r) {
		rsp = error_response(&e);
	} else {
		rsp = json_new_object();
		if (rsp) {
			/* json_object_set() owns ret from here, also when it fails */
			if (json_object_set(rsp, "return", ret)) {
				json_free(rsp);
				rsp = NULL;
			}
			ret = NULL;
		}
	}
	json_free(ret);
	if (rsp && id && json_object_set(rsp, "id", json_clone(id))) {
		json_free(rsp);
		rsp = NULL;
	}
	return qapi_order(rsp);
}

/**
 * qmp_greeting() - the greeting QEMU 7.2 (Debian) sends on connect
 *
 * Return: {"QMP": {"version": ..., "capabilities": ["oob"]}} (caller
 * frees), or NULL on allocation failure.
 */
struct json *qmp_greeting(void)
{
	struct json *ver = NULL, *qmp = json_new_object(), *g = json_new_object();
	struct json *caps = json_new_array();
	struct memhp_err e = { 0 };
	int r = !qmp || !g || !caps;

	if (!r)
		r = qmp_query_version(NULL, NULL, &ver, &e);
	if (!r) {
		r |= json_array_append(caps, json_new_string("oob"));
		r |= json_object_set(qmp, "version", ver);
		r |= json_object_set(qmp, "capabilities", caps);
		caps = NULL;
		r |= json_object_set(g, "QMP", qmp);
		qmp = NULL;
	}
	if (r) {
		json_free(qmp);
		json_free(g);
		json_free(caps);
		return NULL;
	}
	return qapi_order(g);
}

