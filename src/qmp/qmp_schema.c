// SPDX-License-Identifier: MIT
/*
 * query-qmp-schema (QEMU's qapi/introspect.py output, built here at run
 * time): the part of QEMU 7.2's QMP schema that memhp implements, written
 * in QAPI's schema language (double-quoted), and the introspection QEMU
 * derives from it.  Commands and events come in schema order; each type
 * they use follows, in order of first use, with its name hidden as a
 * number, every integer type shown as "int", an array as "[ELEMENT]", a
 * command or event without arguments (or a command without a result)
 * using the empty object type.  An optional member has "default": null.
 * qmp_schema_has_command() lets the tests hold the schema and the
 * dispatcher's table to each other.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/json.h"
#include "lib/util.h"
#include "qmp/qmp_internal.h"

static const char *const schema_text[] = {
	/* control */
	"{\"command\": \"qmp_capabilities\", \"data\": {\"*enable\": [\"QMPCapability\"]}}",
	"{\"enum\": \"QMPCapability\", \"data\": [\"oob\"]}",
	"{\"command\": \"query-version\", \"returns\": \"VersionInfo\"}",
	"{\"struct\": \"VersionTriple\", \"data\": {\"major\": \"int\", \"minor\": \"int\", \"micro\": \"int\"}}",
	"{\"struct\": \"VersionInfo\", \"data\": {\"qemu\": \"VersionTriple\", \"package\": \"str\"}}",
	"{\"command\": \"query-commands\", \"returns\": [\"CommandInfo\"]}",
	"{\"struct\": \"CommandInfo\", \"data\": {\"name\": \"str\"}}",
	"{\"command\": \"quit\"}",
	/* run state */
	"{\"command\": \"query-status\", \"returns\": \"StatusInfo\"}",
	"{\"enum\": \"RunState\", \"data\": [\"debug\", \"inmigrate\", \"internal-error\", \"io-error\", \"paused\","
	" \"postmigrate\", \"prelaunch\", \"finish-migrate\", \"restore-vm\", \"running\", \"save-vm\", \"shutdown\","
	" \"suspended\", \"watchdog\", \"guest-panicked\", \"colo\"]}",
	"{\"struct\": \"StatusInfo\", \"data\": {\"running\": \"bool\", \"singlestep\": \"bool\", \"status\": \"RunState\"}}",
	"{\"enum\": \"ShutdownCause\", \"data\": [\"none\", \"host-error\", \"host-qmp-quit\", \"host-qmp-system-reset\","
	" \"host-signal\", \"host-ui\", \"guest-shutdown\", \"guest-reset\", \"guest-panic\", \"subsystem-reset\","
	" \"snapshot-load\"]}",
	"{\"event\": \"SHUTDOWN\", \"data\": {\"guest\": \"bool\", \"reason\": \"ShutdownCause\"}}",
	"{\"event\": \"RESET\", \"data\": {\"guest\": \"bool\", \"reason\": \"ShutdownCause\"}}",
	/* machine */
	"{\"command\": \"query-name\", \"returns\": \"NameInfo\"}",
	"{\"struct\": \"NameInfo\", \"data\": {\"*name\": \"str\"}}",
	"{\"command\": \"system_reset\"}",
	"{\"command\": \"query-memory-size-summary\", \"returns\": \"MemoryInfo\"}",
	"{\"struct\": \"MemoryInfo\", \"data\": {\"base-memory\": \"size\", \"*plugged-memory\": \"size\"}}",
	"{\"command\": \"human-monitor-command\", \"data\": {\"command-line\": \"str\", \"*cpu-index\": \"int\"},"
	" \"returns\": \"str\"}",
	/* ACPI */
	"{\"enum\": \"ACPISlotType\", \"data\": [\"DIMM\", \"CPU\"]}",
	"{\"struct\": \"ACPIOSTInfo\", \"data\": {\"*device\": \"str\", \"slot\": \"str\", \"slot-type\": \"ACPISlotType\","
	" \"source\": \"int\", \"status\": \"int\"}}",
	"{\"command\": \"query-acpi-ospm-status\", \"returns\": [\"ACPIOSTInfo\"]}",
	"{\"event\": \"ACPI_DEVICE_OST\", \"data\": {\"info\": \"ACPIOSTInfo\"}}",
	/* memory devices */
	"{\"struct\": \"PCDIMMDeviceInfo\", \"data\": {\"*id\": \"str\", \"addr\": \"int\", \"size\": \"int\","
	" \"slot\": \"int\", \"node\": \"int\", \"memdev\": \"str\", \"hotplugged\": \"bool\", \"hotpluggable\": \"bool\"}}",
	"{\"struct\": \"VirtioPMEMDeviceInfo\", \"data\": {\"*id\": \"str\", \"memaddr\": \"size\", \"size\": \"size\","
	" \"memdev\": \"str\"}}",
	"{\"struct\": \"VirtioMEMDeviceInfo\", \"data\": {\"*id\": \"str\", \"memaddr\": \"size\", \"requested-size\": \"size\","
	" \"size\": \"size\", \"max-size\": \"size\", \"block-size\": \"size\", \"node\": \"int\", \"memdev\": \"str\"}}",
	"{\"struct\": \"SgxEPCDeviceInfo\", \"data\": {\"*id\": \"str\", \"memaddr\": \"size\", \"size\": \"size\","
	" \"node\": \"int\", \"memdev\": \"str\"}}",
	"{\"enum\": \"MemoryDeviceInfoKind\", \"data\": [\"dimm\", \"nvdimm\", \"virtio-pmem\", \"virtio-mem\", \"sgx-epc\"]}",
	"{\"struct\": \"PCDIMMDeviceInfoWrapper\", \"data\": {\"data\": \"PCDIMMDeviceInfo\"}}",
	"{\"struct\": \"VirtioPMEMDeviceInfoWrapper\", \"data\": {\"data\": \"VirtioPMEMDeviceInfo\"}}",
	"{\"struct\": \"VirtioMEMDeviceInfoWrapper\", \"data\": {\"data\": \"VirtioMEMDeviceInfo\"}}",
	"{\"struct\": \"SgxEPCDeviceInfoWrapper\", \"data\": {\"data\": \"SgxEPCDeviceInfo\"}}",
	"{\"union\": \"MemoryDeviceInfo\", \"base\": {\"type\": \"MemoryDeviceInfoKind\"}, \"discriminator\": \"type\","
	" \"data\": {\"dimm\": \"PCDIMMDeviceInfoWrapper\", \"nvdimm\": \"PCDIMMDeviceInfoWrapper\","
	" \"virtio-pmem\": \"VirtioPMEMDeviceInfoWrapper\", \"virtio-mem\": \"VirtioMEMDeviceInfoWrapper\","
	" \"sgx-epc\": \"SgxEPCDeviceInfoWrapper\"}}",
	"{\"command\": \"query-memory-devices\", \"returns\": [\"MemoryDeviceInfo\"]}",
	"{\"event\": \"MEMORY_DEVICE_SIZE_CHANGE\", \"data\": {\"*id\": \"str\", \"size\": \"size\", \"qom-path\": \"str\"}}",
	/* memory backends */
	"{\"enum\": \"HostMemPolicy\", \"data\": [\"default\", \"preferred\", \"bind\", \"interleave\"]}",
	"{\"struct\": \"Memdev\", \"data\": {\"*id\": \"str\", \"size\": \"size\", \"merge\": \"bool\", \"dump\": \"bool\","
	" \"prealloc\": \"bool\", \"share\": \"bool\", \"*reserve\": \"bool\", \"host-nodes\": [\"uint16\"],"
	" \"policy\": \"HostMemPolicy\"}}",
	"{\"command\": \"query-memdev\", \"returns\": [\"Memdev\"]}",
	"{\"struct\": \"MemoryBackendProperties\", \"data\": {\"*dump\": \"bool\", \"*host-nodes\": [\"uint16\"],"
	" \"*merge\": \"bool\", \"*policy\": \"HostMemPolicy\", \"*prealloc\": \"bool\", \"*prealloc-threads\": \"uint32\","
	" \"*prealloc-context\": \"str\", \"*share\": \"bool\", \"*reserve\": \"bool\", \"size\": \"size\","
	" \"*x-use-canonical-path-for-ramblock-id\": \"bool\"}}",
	"{\"struct\": \"MemoryBackendFileProperties\", \"base\": \"MemoryBackendProperties\", \"data\": {\"*align\": \"size\","
	" \"*discard-data\": \"bool\", \"mem-path\": \"str\", \"*pmem\": \"bool\", \"*readonly\": \"bool\"}}",
	"{\"struct\": \"MemoryBackendMemfdProperties\", \"base\": \"MemoryBackendProperties\", \"data\": {\"*hugetlb\": \"bool\","
	" \"*hugetlbsize\": \"size\", \"*seal\": \"bool\"}}",
	"{\"enum\": \"ObjectType\", \"data\": [\"memory-backend-file\", \"memory-backend-memfd\", \"memory-backend-ram\"]}",
	"{\"union\": \"ObjectOptions\", \"base\": {\"qom-type\": \"ObjectType\", \"id\": \"str\"}, \"discriminator\": \"qom-type\","
	" \"data\": {\"memory-backend-file\": \"MemoryBackendFileProperties\","
	" \"memory-backend-memfd\": \"MemoryBackendMemfdProperties\", \"memory-backend-ram\": \"MemoryBackendProperties\"}}",
	"{\"command\": \"object-add\", \"data\": \"ObjectOptions\", \"boxed\": true}",
	"{\"command\": \"object-del\", \"data\": {\"id\": \"str\"}}",
	/* devices */
	"{\"command\": \"device_add\", \"data\": {\"driver\": \"str\", \"*bus\": \"str\", \"*id\": \"str\"}, \"gen\": false}",
	"{\"command\": \"device_del\", \"data\": {\"id\": \"str\"}}",
	"{\"event\": \"DEVICE_DELETED\", \"data\": {\"*device\": \"str\", \"path\": \"str\"}}",
	/* QOM */
	"{\"struct\": \"ObjectPropertyInfo\", \"data\": {\"name\": \"str\", \"type\": \"str\", \"*description\": \"str\","
	" \"*default-value\": \"any\"}}",
	"{\"command\": \"qom-list\", \"data\": {\"path\": \"str\"}, \"returns\": [\"ObjectPropertyInfo\"]}",
	"{\"command\": \"qom-get\", \"data\": {\"path\": \"str\", \"property\": \"str\"}, \"returns\": \"any\"}",
	"{\"command\": \"qom-set\", \"data\": {\"path\": \"str\", \"property\": \"str\", \"value\": \"any\"}}",
	/* introspection */
	"{\"command\": \"query-qmp-schema\", \"returns\": [\"SchemaInfo\"]}",
	"{\"enum\": \"SchemaMetaType\", \"data\": [\"builtin\", \"enum\", \"array\", \"object\", \"alternate\", \"command\","
	" \"event\"]}",
	"{\"enum\": \"JSONType\", \"data\": [\"string\", \"number\", \"int\", \"boolean\", \"null\", \"object\", \"array\","
	" \"value\"]}",
	"{\"struct\": \"SchemaInfoBuiltin\", \"data\": {\"json-type\": \"JSONType\"}}",
	"{\"struct\": \"SchemaInfoEnumMember\", \"data\": {\"name\": \"str\", \"*features\": [\"str\"]}}",
	"{\"struct\": \"SchemaInfoEnum\", \"data\": {\"members\": [\"SchemaInfoEnumMember\"], \"values\": [\"str\"]}}",
	"{\"struct\": \"SchemaInfoArray\", \"data\": {\"element-type\": \"str\"}}",
	"{\"struct\": \"SchemaInfoObjectMember\", \"data\": {\"name\": \"str\", \"type\": \"str\", \"*default\": \"any\","
	" \"*features\": [\"str\"]}}",
	"{\"struct\": \"SchemaInfoObjectVariant\", \"data\": {\"case\": \"str\", \"type\": \"str\"}}",
	"{\"struct\": \"SchemaInfoObject\", \"data\": {\"members\": [\"SchemaInfoObjectMember\"], \"*tag\": \"str\","
	" \"*variants\": [\"SchemaInfoObjectVariant\"]}}",
	"{\"struct\": \"SchemaInfoAlternateMember\", \"data\": {\"type\": \"str\"}}",
	"{\"struct\": \"SchemaInfoAlternate\", \"data\": {\"members\": [\"SchemaInfoAlternateMember\"]}}",
	"{\"struct\": \"SchemaInfoCommand\", \"data\": {\"arg-type\": \"str\", \"ret-type\": \"str\", \"*allow-oob\": \"bool\"}}",
	"{\"struct\": \"SchemaInfoEvent\", \"data\": {\"arg-type\": \"str\"}}",
	"{\"union\": \"SchemaInfo\", \"base\": {\"name\": \"str\", \"meta-type\": \"SchemaMetaType\", \"*features\": [\"str\"]},"
	" \"discriminator\": \"meta-type\", \"data\": {\"builtin\": \"SchemaInfoBuiltin\", \"enum\": \"SchemaInfoEnum\","
	" \"array\": \"SchemaInfoArray\", \"object\": \"SchemaInfoObject\", \"alternate\": \"SchemaInfoAlternate\","
	" \"command\": \"SchemaInfoCommand\", \"event\": \"SchemaInfoEvent\"}}",
};

#define NR_SCHEMA ARRAY_SIZE(schema_text)
#define MAX_USED 128

/* the introspection being built: the parsed schema, hidden names, the type work queue */
struct introspect {
	struct json *expr[NR_SCHEMA];
	char *used[MAX_USED];		/* type references in order of first use: a name, "[T]" or an implicit object */
	const struct json *implicit[MAX_USED];	/* for implicit objects (an inline "data"), its members */
	int hidden[MAX_USED];		/* the number shown for it; -1 for builtins and arrays */
	size_t nr_used;
	int nr_hidden;
	struct json *out;
	int err;
};

static const char *const builtins[][2] = {
	{ "str", "string" }, { "int", "int" }, { "number", "number" }, { "bool", "boolean" },
	{ "null", "null" }, { "any", "value" },
};

/* every integer type is introspected as plain int */
static const char *builtin_name(const char *t)
{
	static const char *const ints[] = { "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32",
					    "uint64", "size" };

	for (size_t i = 0; i < ARRAY_SIZE(ints); i++)
		if (!strcmp(t, ints[i]))
			return "int";
	for (size_t i = 0; i < ARRAY_SIZE(builtins); i++)
		if (!strcmp(t, builtins[i][0]))
			return builtins[i][0];
	return NULL;
}

static const struct json *lookup(const struct introspect *in, const char *name)
{
	static const char *const kinds[] = { "struct", "union", "enum", "command", "event" };

	for (size_t i = 0; i < NR_SCHEMA; i++)
		for (size_t k = 0; k < ARRAY_SIZE(kinds); k++) {
			const char *n = json_string_value(json_object_get(in->expr[i], kinds[k]));

			if (n && !strcmp(n, name))
				return in->expr[i];
		}
	return NULL;
}

/*
 * The number introspection shows for @key (-1 for a builtin or an array),
 * queueing it (and its implicit members) if new; numbers go by first use.
 */
static int queue(struct introspect *in, const char *key, const struct json *implicit)
{
	for (size_t i = 0; i < in->nr_used; i++)
		if (!strcmp(in->used[i], key))
			return in->hidden[i];
	if (in->nr_used == MAX_USED) {
		in->err = -E2BIG;
		return 0;
	}
	in->used[in->nr_used] = strdup(key);
	if (!in->used[in->nr_used])
		in->err = -ENOMEM;
	in->implicit[in->nr_used] = implicit;
	in->hidden[in->nr_used] = key[0] == '[' || builtin_name(key) ? -1 : in->nr_hidden++;
	return in->hidden[in->nr_used++];
}

/*
 * _use_type(): the name introspection shows for a type reference (a string,
 * a one-element array of one, or an inline member object named @implicit_key)
 * into @buf; a non-builtin type's name is its number in the work queue.
 */
static const char *use_type(struct introspect *in, const struct json *t, const char *implicit_key, char *buf,
			    size_t size)
{
	const char *b;

	if (json_type_of(t) == JSON_ARRAY) {
		char elem[16];

		use_type(in, json_array_at(t, 0), NULL, elem, sizeof(elem));
		snprintf(buf, size, "[%s]", elem);
		queue(in, buf, NULL);
		return buf;
	}
	if (json_type_of(t) == JSON_OBJECT) {
		snprintf(buf, size, "%d", queue(in, implicit_key, t));
		return buf;
	}
	b = builtin_name(json_string_value(t));
	if (b) {
		queue(in, b, NULL);
		snprintf(buf, size, "%s", b);
		return buf;
	}
	snprintf(buf, size, "%d", queue(in, json_string_value(t), NULL));
	return buf;
}

static void add(struct introspect *in, struct json *obj)
{
	if (!obj || json_array_append(in->out, obj)) {
		json_free(obj);
		in->err = -ENOMEM;
	}
}

static struct json *entity(const char *name, const char *meta)
{
	struct json *o = json_new_object();

	if (o && (json_object_set(o, "name", json_new_string(name)) ||
		  json_object_set(o, "meta-type", json_new_string(meta)))) {
		json_free(o);
		return NULL;
	}
	return o;
}

static void set(struct introspect *in, struct json *o, const char *key, struct json *v)
{
	if (!o || json_object_set(o, key, v))
		in->err = -ENOMEM;
}

/* the members of a "data" object (and of a struct's base first), "*name" optional */
static void add_members(struct introspect *in, struct json *members, const struct json *data)
{
	for (size_t i = 0; i < json_object_size(data); i++) {
		const char *key = json_object_key_at(data, i);
		struct json *m = json_new_object();
		char tbuf[32];

		set(in, m, "name", json_new_string(key + (key[0] == '*')));
		set(in, m, "type",
		    json_new_string(use_type(in, json_object_value_at(data, i), NULL, tbuf, sizeof(tbuf))));
		if (key[0] == '*')
			set(in, m, "default", json_new_null());
		if (!m || json_array_append(members, m)) {
			json_free(m);
			in->err = -ENOMEM;
		}
	}
}

static void visit_object(struct introspect *in, const char *hidden, const struct json *expr,
			 const struct json *implicit)
{
	struct json *o = entity(hidden, "object"), *members = json_new_array();
	const struct json *base = expr ? json_object_get(expr, "base") : NULL;

	if (base && json_type_of(base) == JSON_STRING) {
		const struct json *b = lookup(in, json_string_value(base));

		if (b)
			add_members(in, members, json_object_get(b, "data"));
	} else if (base) {
		add_members(in, members, base);
	}
	if (expr && json_object_get(expr, "struct"))
		add_members(in, members, json_object_get(expr, "data"));
	if (implicit)
		add_members(in, members, implicit);
	set(in, o, "members", members);
	if (expr && json_object_get(expr, "union")) {
		const struct json *data = json_object_get(expr, "data");
		struct json *variants = json_new_array();

		set(in, o, "tag", json_new_string(json_string_value(json_object_get(expr, "discriminator"))));
		for (size_t i = 0; i < json_object_size(data); i++) {
			struct json *v = json_new_object();
			char tbuf[32];

			set(in, v, "case", json_new_string(json_object_key_at(data, i)));
			set(in, v, "type",
			    json_new_string(use_type(in, json_object_value_at(data, i), NULL, tbuf, sizeof(tbuf))));
			if (!v || json_array_append(variants, v)) {
				json_free(v);
				in->err = -ENOMEM;
			}
		}
		set(in, o, "variants", variants);
	}
	add(in, o);
}

static void visit_used(struct introspect *in, size_t idx)
{
	const char *key = in->used[idx];
	const struct json *expr;
	char hidden[32];

	for (size_t i = 0; i < ARRAY_SIZE(builtins); i++)
		if (!strcmp(key, builtins[i][0])) {
			struct json *o = entity(key, "builtin");

			set(in, o, "json-type", json_new_string(builtins[i][1]));
			add(in, o);
			return;
		}
	if (key[0] == '[') {
		struct json *o = entity(key, "array");
		char elem[32];

		snprintf(elem, sizeof(elem), "%.*s", (int)(strlen(key) - 2), key + 1);
		set(in, o, "element-type", json_new_string(elem));
		add(in, o);
		return;
	}
	snprintf(hidden, sizeof(hidden), "%d", in->hidden[idx]);
	if (in->implicit[idx] || !strcmp(key, "q_empty")) {
		visit_object(in, hidden, NULL, in->implicit[idx]);
		return;
	}
	expr = lookup(in, key);
	if (expr && json_object_get(expr, "enum")) {
		const struct json *data = json_object_get(expr, "data");
		struct json *o = entity(hidden, "enum"), *members = json_new_array(), *values = json_new_array();

		for (size_t i = 0; i < json_array_size(data); i++) {
			struct json *m = json_new_object();

			set(in, m, "name", json_clone(json_array_at(data, i)));
			if (!m || json_array_append(members, m)) {
				json_free(m);
				in->err = -ENOMEM;
			}
			if (json_array_append(values, json_clone(json_array_at(data, i))))
				in->err = -ENOMEM;
		}
		set(in, o, "members", members);
		set(in, o, "values", values);
		add(in, o);
		return;
	}
	visit_object(in, hidden, expr, NULL);
}

/* a command's or event's arguments: none, a named type, or inline members */
static void arg_type(struct introspect *in, const struct json *e, const char *name, char *buf, size_t size)
{
	const struct json *data = json_object_get(e, "data");
	char key[96];

	snprintf(key, sizeof(key), "q_obj_%s-arg", name);
	if (!data)
		snprintf(buf, size, "%d", queue(in, "q_empty", NULL));
	else
		use_type(in, data, key, buf, size);
}

static int build(struct introspect *in)
{
	for (size_t i = 0; i < NR_SCHEMA && !in->err; i++) {
		const struct json *e = in->expr[i];
		const char *cmd = json_string_value(json_object_get(e, "command"));
		const char *ev = json_string_value(json_object_get(e, "event"));
		char abuf[32], rbuf[32];
		struct json *o;

		if (cmd) {
			const struct json *ret = json_object_get(e, "returns");

			arg_type(in, e, cmd, abuf, sizeof(abuf));
			if (ret)
				use_type(in, ret, NULL, rbuf, sizeof(rbuf));
			else
				snprintf(rbuf, sizeof(rbuf), "%d", queue(in, "q_empty", NULL));
			o = entity(cmd, "command");
			set(in, o, "arg-type", json_new_string(abuf));
			set(in, o, "ret-type", json_new_string(rbuf));
			add(in, o);
		} else if (ev) {
			arg_type(in, e, ev, abuf, sizeof(abuf));
			o = entity(ev, "event");
			set(in, o, "arg-type", json_new_string(abuf));
			add(in, o);
		}
	}
	/* the queue grows while it is walked */
	for (size_t i = 0; i < in->nr_used && !in->err; i++)
		visit_used(in, i);
	return in->err;
}

static int parse_schema(struct introspect *in)
{
	for (size_t i = 0; i < NR_SCHEMA; i++) {
		char msg[128];

		if (json_parse(schema_text[i], strlen(schema_text[i]), &in->expr[i], msg, sizeof(msg)))
			return -EINVAL;
	}
	return 0;
}

static void introspect_fini(struct introspect *in)
{
	for (size_t i = 0; i < NR_SCHEMA; i++)
		json_free(in->expr[i]);
	for (size_t i = 0; i < in->nr_used; i++)
		free(in->used[i]);
}

int qmp_query_qmp_schema(struct pc_machine *pcms, const struct json *args, struct json **ret,
			 struct memhp_err *err)
{
	struct introspect *in = calloc(1, sizeof(*in));
	int r;

	(void)pcms;
	(void)args;
	if (!in)
		return memhp_err_set(err, -ENOMEM, "out of memory");
	r = parse_schema(in);
	if (!r) {
		in->out = json_new_array();
		r = in->out ? build(in) : -ENOMEM;
	}
	if (r) {
		json_free(in->out);
		introspect_fini(in);
		free(in);
		return memhp_err_set(err, r, "the QMP schema could not be built");
	}
	*ret = in->out;
	introspect_fini(in);
	free(in);
	return 0;
}

/**
 * qmp_schema_has_command() - whether the schema describes command @name
 * (the tests hold this against the dispatcher's table)
 */
bool qmp_schema_has_command(const char *name)
{
	char want[160];

	snprintf(want, sizeof(want), "{\"command\": \"%s\"", name);
	for (size_t i = 0; i < NR_SCHEMA; i++)
		if (!strncmp(schema_text[i], want, strlen(want)))
			return true;
	return false;
}
