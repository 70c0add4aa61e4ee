// SPDX-License-Identifier: MIT
/*
 * Unit tests for src/qmp against the pc machine: the request
 * envelope and capabilities negotiation, argument checking, every DIMM
 * error QEMU 7.2 was seen to give (spec §6.2, §12.2 and transcripts 04, 05,
 * 06, 12, 14, 15), the oracle's qmp-errors scenario with its golden
 * replies, object-add/object-del, qom-get/qom-set, HMP, and the exact text
 * of replies including QEMU's key order.  Layout and firmware tables are
 * tested in pc_test.c.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE	/* asprintf */
#endif
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "lib/json.h"
#include "memhp/hw.h"
#include "qmp/qmp_internal.h"

#define MAX_ARGS 32

struct t {
	struct pc_machine *m;
	struct qmp_session s;
	char *events[16];
	int nr_events;
};

static void on_event(void *opaque, const char *name, struct json *data)
{
	struct t *t = opaque;
	char *d = json_to_string(data, JSON_EMIT_QMP), *line = NULL;

	assert_true(asprintf(&line, "%s %s", name, d) > 0);
	free(d);
	json_free(data);
	assert_true(t->nr_events < 16);
	t->events[t->nr_events++] = line;
}

static void t_start(struct t *t, const char *cmdline)
{
	char buf[1024], *save = NULL, *tok;
	const char *argv[MAX_ARGS];
	int argc = 0;
	struct memhp_err err = { 0 };

	memset(t, 0, sizeof(*t));
	snprintf(buf, sizeof(buf), "%s", cmdline);
	for (tok = strtok_r(buf, " ", &save); tok; tok = strtok_r(NULL, " ", &save))
		argv[argc++] = tok;
	if (pc_machine_new(argv, argc, &t->m, &err))
		print_error("%s: %s\n", cmdline, err.msg);
	assert_non_null(t->m);
	pc_machine_set_event_sink(t->m, on_event, t);
	t->s.negotiated = true;
}

static void t_stop(struct t *t)
{
	for (int i = 0; i < t->nr_events; i++)
		free(t->events[i]);
	pc_machine_free(t->m);
}

/* Send @req; the reply must be exactly @rsp (QEMU's spacing and key order). */
static void q(struct t *t, const char *req, const char *rsp)
{
	struct json *j = NULL, *r;
	char eb[128], *got;

	if (json_parse(req, strlen(req), &j, eb, sizeof(eb)))
		print_error("bad test JSON %s: %s\n", req, eb);
	assert_non_null(j);
	r = qmp_handle_request(t->m, &t->s, j);
	assert_non_null(r);
	got = json_to_string(r, JSON_EMIT_QMP);
	if (strcmp(got, rsp))
		print_error("-> %s\n   expected %s\n   got      %s\n", req, rsp, got);
	assert_string_equal(got, rsp);
	free(got);
	json_free(r);
	json_free(j);
}

#define OK "{\"return\": {}}"
#define GE(msg) "{\"error\": {\"class\": \"GenericError\", \"desc\": \"" msg "\"}}"
#define DNF(msg) "{\"error\": {\"class\": \"DeviceNotFound\", \"desc\": \"" msg "\"}}"
#define CNF(msg) "{\"error\": {\"class\": \"CommandNotFound\", \"desc\": \"" msg "\"}}"
#define OBJ(id, size) "{\"execute\": \"object-add\", \"arguments\": {\"qom-type\": \"memory-backend-ram\", \"id\": \"" id "\", \"size\": " size "}}"
#define DEV(args) "{\"execute\": \"device_add\", \"arguments\": {\"driver\": \"pc-dimm\", " args "}}"
#define QMD "{\"execute\": \"query-memory-devices\"}"
#define QSUM "{\"execute\": \"query-memory-size-summary\"}"
#define HMP(cmd) "{\"execute\": \"human-monitor-command\", \"arguments\": {\"command-line\": \"" cmd "\"}}"

/* ---- protocol ----------------------------------------------------------------- */

static void test_greeting(void **state)
{
	struct json *g = qmp_greeting();
	char *s = json_to_string(g, JSON_EMIT_QMP);

	(void)state;
	assert_string_equal(s, "{\"QMP\": {\"version\": {\"qemu\": {\"micro\": 22, \"minor\": 2, \"major\": 7}, "
			       "\"package\": \"Debian 1:7.2+dfsg-7+deb12u18+b3\"}, \"capabilities\": [\"oob\"]}}");
	free(s);
	json_free(g);
}

static void test_negotiation(void **state)
{
	struct t t;

	(void)state;
	t_start(&t, "-m 1G");
	t.s.negotiated = false;
	q(&t, QSUM, CNF("Expecting capabilities negotiation with 'qmp_capabilities'"));
	q(&t, "{\"execute\": \"nosuch\"}", CNF("Expecting capabilities negotiation with 'qmp_capabilities'"));
	q(&t, "{\"execute\": \"qmp_capabilities\", \"arguments\": {\"enable\": [\"foo\"]}}",
	  GE("Parameter 'enable[0]' does not accept value 'foo'"));
	q(&t, "{\"execute\": \"qmp_capabilities\", \"arguments\": {\"x\": 1}}", GE("Parameter 'x' is unexpected"));
	q(&t, "{\"execute\": \"qmp_capabilities\", \"id\": 1}", "{\"return\": {}, \"id\": 1}");
	q(&t, "{\"execute\": \"qmp_capabilities\"}",
	  CNF("Capabilities negotiation is already complete, command ignored"));
	q(&t, QSUM, "{\"return\": {\"base-memory\": 1073741824, \"plugged-memory\": 0}}");
	t_stop(&t);
}

static void test_envelope_errors(void **state)
{
	struct t t;

	(void)state;
	t_start(&t, "-m 1G");
	q(&t, "{\"execute\": \"nosuch\"}", CNF("The command nosuch has not been found"));
	q(&t, "{\"execute\": \"nosuch\", \"id\": \"abc\"}",
	  /* QEMU's hash order puts "id" before "error" (but after "return") */
	  "{\"id\": \"abc\", \"error\": {\"class\": \"CommandNotFound\", \"desc\": \"The command nosuch has not been found\"}}");
	q(&t, "{\"execute\": \"query-memory-devices\", \"foo\": 1}", GE("QMP input member 'foo' is unexpected"));
	q(&t, "{\"execute\": \"query-memory-devices\", \"arguments\": {\"x\": 1}}", GE("Parameter 'x' is unexpected"));
	q(&t, "{\"execute\": \"query-memory-devices\", \"arguments\": []}",
	  GE("QMP input member 'arguments' must be an object"));
	q(&t, "{\"execute\": 5}", GE("QMP input member 'execute' must be a string"));
	q(&t, "{\"arguments\": {}}", GE("QMP input lacks member 'execute'"));
	q(&t, "[1]", GE("QMP input must be a JSON object"));
	q(&t, "{\"execute\": \"device_del\"}", GE("Parameter 'id' is missing"));
	q(&t, "{\"execute\": \"device_del\", \"arguments\": {\"id\": 1}}",
	  GE("Invalid parameter type for 'id', expected: string"));
	q(&t, "{\"execute\": \"query-memory-devices\", \"id\": 7}", "{\"return\": [], \"id\": 7}");
	q(&t, "{\"execute\": \"system_reset\", \"id\": {\"a\": [1]}}", "{\"return\": {}, \"id\": {\"a\": [1]}}");
	assert_int_equal(t.nr_events, 1);
	assert_string_equal(t.events[0], "RESET {\"guest\": false, \"reason\": \"host-qmp-system-reset\"}");
	t_stop(&t);
}

/* ---- §12.1: basic DIMM hotplug with QEMU's reply text ----------------------------- */

static void test_basic_dimm(void **state)
{
	struct t t;

	(void)state;
	t_start(&t, "-m 1G,slots=4,maxmem=16G");
	q(&t, QSUM, "{\"return\": {\"base-memory\": 1073741824, \"plugged-memory\": 0}}");
	q(&t, QMD, "{\"return\": []}");
	q(&t, "{\"execute\": \"qom-get\", \"arguments\": {\"path\": \"/machine\", \"property\": \"device-memory-region-size\"}}",
	  "{\"return\": 20401094656}");
	q(&t, OBJ("m1", "1073741824"), OK);
	q(&t, DEV("\"id\": \"d1\", \"memdev\": \"m1\""), OK);
	q(&t, OBJ("m2", "536870912"), OK);
	q(&t, DEV("\"id\": \"d2\", \"memdev\": \"m2\""), OK);
	q(&t, OBJ("m3", "2097152"), OK);
	q(&t, DEV("\"id\": \"d3\", \"memdev\": \"m3\""), OK);
	q(&t, QMD, "{\"return\": [{\"type\": \"dimm\", \"data\": {\"memdev\": \"/objects/m1\", \"hotplugged\": true, \"addr\": 4294967296, \"hotpluggable\": true, \"size\": 1073741824, \"slot\": 0, \"node\": 0, \"id\": \"d1\"}}, "
		   "{\"type\": \"dimm\", \"data\": {\"memdev\": \"/objects/m2\", \"hotplugged\": true, \"addr\": 5368709120, \"hotpluggable\": true, \"size\": 536870912, \"slot\": 1, \"node\": 0, \"id\": \"d2\"}}, "
		   "{\"type\": \"dimm\", \"data\": {\"memdev\": \"/objects/m3\", \"hotplugged\": true, \"addr\": 5905580032, \"hotpluggable\": true, \"size\": 2097152, \"slot\": 2, \"node\": 0, \"id\": \"d3\"}}]}");
	q(&t, QSUM, "{\"return\": {\"base-memory\": 1073741824, \"plugged-memory\": 1612709888}}");
	q(&t, HMP("info memory-devices"),
	  "{\"return\": \"Memory device [dimm]: \\\"d1\\\"\\r\\n  addr: 0x100000000\\r\\n  slot: 0\\r\\n  node: 0\\r\\n  size: 1073741824\\r\\n  memdev: /objects/m1\\r\\n  hotplugged: true\\r\\n  hotpluggable: true\\r\\n"
	  "Memory device [dimm]: \\\"d2\\\"\\r\\n  addr: 0x140000000\\r\\n  slot: 1\\r\\n  node: 0\\r\\n  size: 536870912\\r\\n  memdev: /objects/m2\\r\\n  hotplugged: true\\r\\n  hotpluggable: true\\r\\n"
	  "Memory device [dimm]: \\\"d3\\\"\\r\\n  addr: 0x160000000\\r\\n  slot: 2\\r\\n  node: 0\\r\\n  size: 2097152\\r\\n  memdev: /objects/m3\\r\\n  hotplugged: true\\r\\n  hotpluggable: true\\r\\n\"}");
	q(&t, HMP("info memory_size_summary"), "{\"return\": \"base memory: 1073741824\\r\\nplugged memory: 1612709888\\r\\n\"}");
	q(&t, "{\"execute\": \"qom-get\", \"arguments\": {\"path\": \"/machine/peripheral/d1\", \"property\": \"size\"}}",
	  "{\"return\": 1073741824}");
	q(&t, "{\"execute\": \"qom-get\", \"arguments\": {\"path\": \"/machine/peripheral/d1\", \"property\": \"addr\"}}",
	  "{\"return\": 4294967296}");
	q(&t, "{\"execute\": \"qom-get\", \"arguments\": {\"path\": \"/machine/peripheral/d1\", \"property\": \"slot\"}}",
	  "{\"return\": 0}");
	q(&t, "{\"execute\": \"qom-get\", \"arguments\": {\"path\": \"d2\", \"property\": \"memdev\"}}",
	  "{\"return\": \"/objects/m2\"}");
	q(&t, "{\"execute\": \"qom-list\", \"arguments\": {\"path\": \"/machine/peripheral/d1\"}}",
	  "{\"return\": [{\"name\": \"type\", \"type\": \"string\"}, {\"name\": \"parent_bus\", \"type\": \"link<bus>\"}, {\"name\": \"realized\", \"type\": \"bool\"}, {\"name\": \"hotplugged\", \"type\": \"bool\"}, {\"name\": \"hotpluggable\", \"type\": \"bool\"}, {\"name\": \"memdev\", \"type\": \"link<memory-backend>\"}, {\"name\": \"node\", \"type\": \"uint32\"}, {\"name\": \"addr\", \"type\": \"uint64\"}, {\"name\": \"legacy-memdev\", \"type\": \"str\"}, {\"name\": \"slot\", \"type\": \"int32\"}, {\"name\": \"size\", \"type\": \"uint64\"}]}");
	t_stop(&t);
}

/* ---- §12.2 / transcript 04: every DIMM error in order ------------------------------ */

static void test_dimm_errors(void **state)
{
	struct t t;

	(void)state;
	t_start(&t, "-m 1G,slots=4,maxmem=8G");
	q(&t, OBJ("m1", "1073741824"), OK);
	q(&t, OBJ("m1", "1073741824"), GE("attempt to add duplicate property 'm1' to object (type 'container')"));
	q(&t, DEV("\"id\": \"dx\""), GE("'memdev' property must be set"));
	q(&t, DEV("\"id\": \"dx\", \"memdev\": \"nosuch\""), DNF("Device 'nosuch' not found"));
	q(&t, DEV("\"id\": \"dx\", \"memdev\": \"m1\", \"slot\": 4"), GE("invalid slot number 4, valid range is [0-3]"));
	q(&t, DEV("\"id\": \"dx\", \"memdev\": \"m1\", \"slot\": -2"), GE("invalid slot number -2, valid range is [0-3]"));
	q(&t, DEV("\"id\": \"dx\", \"memdev\": \"m1\", \"node\": 1"),
	  GE("'DIMM property node has value 1' which exceeds the number of numa nodes: 1"));
	q(&t, DEV("\"id\": \"dx\", \"memdev\": \"m1\", \"addr\": 4296015872"), GE("address must be aligned to 0x200000 bytes"));
	q(&t, DEV("\"id\": \"dx\", \"memdev\": \"m1\", \"addr\": 1073741824"),
	  GE("can't add memory device [0x40000000:0x40000000], usable range for memory devices [0x100000000:0x2c0000000]"));
	q(&t, DEV("\"id\": \"dx\", \"memdev\": \"m1\", \"addr\": 21474836480"),
	  GE("can't add memory device [0x500000000:0x40000000], usable range for memory devices [0x100000000:0x2c0000000]"));
	q(&t, DEV("\"id\": \"d1\", \"memdev\": \"m1\", \"slot\": 2, \"addr\": 6442450944"), OK);
	q(&t, DEV("\"id\": \"d1\", \"memdev\": \"m1\""), GE("Duplicate device ID 'd1'"));
	q(&t, OBJ("m2", "1073741824"), OK);
	q(&t, DEV("\"id\": \"d1\", \"memdev\": \"m2\""), GE("Duplicate device ID 'd1'"));
	q(&t, DEV("\"id\": \"d2\", \"memdev\": \"m1\""), GE("can't use already busy memdev: m1"));
	q(&t, DEV("\"id\": \"d2\", \"memdev\": \"m2\", \"slot\": 2"), GE("slot 2 is busy"));
	q(&t, DEV("\"id\": \"d2\", \"memdev\": \"m2\", \"addr\": 6442450944"),
	  GE("address range conflicts with memory device id='d1'"));
	q(&t, DEV("\"id\": \"d2\", \"memdev\": \"m2\", \"addr\": 7516192768"), OK);
	q(&t, OBJ("m3", "3145728"), OK);
	q(&t, DEV("\"id\": \"d3\", \"memdev\": \"m3\""), GE("backend memory size must be multiple of 0x200000"));
	q(&t, OBJ("m4", "2097152"), OK);
	q(&t, DEV("\"id\": \"d4\", \"memdev\": \"m4\""), OK);
	q(&t, QMD, "{\"return\": [{\"type\": \"dimm\", \"data\": {\"memdev\": \"/objects/m4\", \"hotplugged\": true, \"addr\": 4294967296, \"hotpluggable\": true, \"size\": 2097152, \"slot\": 1, \"node\": 0, \"id\": \"d4\"}}, "
		   "{\"type\": \"dimm\", \"data\": {\"memdev\": \"/objects/m1\", \"hotplugged\": true, \"addr\": 6442450944, \"hotpluggable\": true, \"size\": 1073741824, \"slot\": 2, \"node\": 0, \"id\": \"d1\"}}, "
		   "{\"type\": \"dimm\", \"data\": {\"memdev\": \"/objects/m2\", \"hotplugged\": true, \"addr\": 7516192768, \"hotpluggable\": true, \"size\": 1073741824, \"slot\": 0, \"node\": 0, \"id\": \"d2\"}}]}");
	q(&t, OBJ("m5", "2097152"), OK);
	q(&t, DEV("\"id\": \"d5\", \"memdev\": \"m5\""), OK);
	q(&t, OBJ("m6", "2097152"), OK);
	q(&t, DEV("\"id\": \"d6\", \"memdev\": \"m6\""), GE("no free slots available"));
	q(&t, "{\"execute\": \"object-del\", \"arguments\": {\"id\": \"m1\"}}", GE("object 'm1' is in use, can not be deleted"));
	q(&t, "{\"execute\": \"object-del\", \"arguments\": {\"id\": \"m6\"}}", OK);
	q(&t, "{\"execute\": \"device_del\", \"arguments\": {\"id\": \"nosuch\"}}", DNF("Device 'nosuch' not found"));
	q(&t, "{\"execute\": \"device_del\", \"arguments\": {\"id\": \"d1\"}}", OK);
	q(&t, "{\"execute\": \"device_del\", \"arguments\": {\"id\": \"d1\"}}", OK);
	q(&t, QMD, "{\"return\": [{\"type\": \"dimm\", \"data\": {\"memdev\": \"/objects/m4\", \"hotplugged\": true, \"addr\": 4294967296, \"hotpluggable\": true, \"size\": 2097152, \"slot\": 1, \"node\": 0, \"id\": \"d4\"}}, "
		   "{\"type\": \"dimm\", \"data\": {\"memdev\": \"/objects/m5\", \"hotplugged\": true, \"addr\": 4297064448, \"hotpluggable\": true, \"size\": 2097152, \"slot\": 3, \"node\": 0, \"id\": \"d5\"}}, "
		   "{\"type\": \"dimm\", \"data\": {\"memdev\": \"/objects/m1\", \"hotplugged\": true, \"addr\": 6442450944, \"hotpluggable\": true, \"size\": 1073741824, \"slot\": 2, \"node\": 0, \"id\": \"d1\"}}, "
		   "{\"type\": \"dimm\", \"data\": {\"memdev\": \"/objects/m2\", \"hotplugged\": true, \"addr\": 7516192768, \"hotpluggable\": true, \"size\": 1073741824, \"slot\": 0, \"node\": 0, \"id\": \"d2\"}}]}");
	q(&t, QSUM, "{\"return\": {\"base-memory\": 1073741824, \"plugged-memory\": 2151677952}}");
	t_stop(&t);
}

static void test_capacity_and_no_maxmem(void **state)
{
	struct t t;

	(void)state;
	t_start(&t, "-m 1G,slots=2,maxmem=2G");
	q(&t, OBJ("m1", "1073741824"), OK);
	q(&t, DEV("\"id\": \"d1\", \"memdev\": \"m1\""), OK);
	q(&t, OBJ("m2", "2097152"), OK);
	q(&t, DEV("\"id\": \"d2\", \"memdev\": \"m2\""),
	  GE("not enough space, currently 0x40000000 in use of total space for memory devices 0x40000000"));
	/* busy memdev plus no space reports the space: the busy check is later */
	q(&t, DEV("\"id\": \"d3\", \"memdev\": \"m1\""),
	  GE("not enough space, currently 0x40000000 in use of total space for memory devices 0x40000000"));
	t_stop(&t);

	t_start(&t, "-m 1G");
	q(&t, OBJ("m1", "1073741824"), OK);
	q(&t, DEV("\"id\": \"d1\", \"memdev\": \"m1\""), GE("no slots where allocated, please specify the 'slots' option"));
	q(&t, "{\"execute\": \"device_add\", \"arguments\": {\"driver\": \"virtio-mem-pci\", \"id\": \"vm1\", \"memdev\": \"m1\"}}",
	  GE("memory devices (e.g. for memory hotplug) are not enabled, please specify the maxmem option"));
	q(&t, "{\"execute\": \"qom-get\", \"arguments\": {\"path\": \"/machine\", \"property\": \"device-memory-region-size\"}}",
	  "{\"return\": 0}");
	t_stop(&t);

	t_start(&t, "-m 1G,maxmem=4G");
	q(&t, OBJ("m1", "1073741824"), OK);
	q(&t, DEV("\"id\": \"d1\", \"memdev\": \"m1\""), GE("no slots where allocated, please specify the 'slots' option"));
	q(&t, DEV("\"id\": \"d1\", \"memdev\": \"m1\", \"slot\": 0"),
	  GE("invalid slot number 0, valid range is [0-18446744073709551615]"));
	q(&t, "{\"execute\": \"device_add\", \"arguments\": {\"driver\": \"nvdimm\", \"id\": \"n1\", \"memdev\": \"m1\"}}",
	  GE("nvdimm is not enabled: missing 'nvdimm' in '-M'"));
	t_stop(&t);
}

/* The oracle scenario qmp-errors.scn with golden/qmp-errors.out's replies. */
static void test_oracle_qmp_errors(void **state)
{
	struct t t;

	(void)state;
	t_start(&t, "-m 1G,slots=2,maxmem=3G -smp 1");
	q(&t, "{\"execute\":\"object-add\",\"arguments\":{\"qom-type\":\"memory-backend-ram\",\"id\":\"odd\",\"size\":1048576}}", OK);
	q(&t, "{\"execute\":\"device_add\",\"arguments\":{\"driver\":\"pc-dimm\",\"id\":\"d0\",\"memdev\":\"odd\"}}",
	  GE("backend memory size must be multiple of 0x200000"));
	q(&t, "{\"execute\":\"object-add\",\"arguments\":{\"qom-type\":\"memory-backend-ram\",\"id\":\"m1\",\"size\":1073741824}}", OK);
	q(&t, "{\"execute\":\"device_add\",\"arguments\":{\"driver\":\"pc-dimm\",\"id\":\"d1\",\"memdev\":\"m1\",\"addr\":4294967297}}",
	  GE("address must be aligned to 0x200000 bytes"));
	q(&t, "{\"execute\":\"device_add\",\"arguments\":{\"driver\":\"pc-dimm\",\"id\":\"d1\",\"memdev\":\"missing\"}}",
	  DNF("Device 'missing' not found"));
	q(&t, "{\"execute\":\"device_add\",\"arguments\":{\"driver\":\"pc-dimm\",\"id\":\"d1\",\"memdev\":\"m1\"}}", OK);
	q(&t, "{\"execute\":\"object-add\",\"arguments\":{\"qom-type\":\"memory-backend-ram\",\"id\":\"m2\",\"size\":2147483648}}", OK);
	q(&t, "{\"execute\":\"device_add\",\"arguments\":{\"driver\":\"pc-dimm\",\"id\":\"d2\",\"memdev\":\"m2\"}}",
	  GE("not enough space, currently 0x40000000 in use of total space for memory devices 0x80000000"));
	q(&t, "{\"execute\":\"object-add\",\"arguments\":{\"qom-type\":\"memory-backend-ram\",\"id\":\"m3\",\"size\":134217728}}", OK);
	q(&t, "{\"execute\":\"device_add\",\"arguments\":{\"driver\":\"pc-dimm\",\"id\":\"d3\",\"memdev\":\"m3\"}}", OK);
	q(&t, "{\"execute\":\"object-add\",\"arguments\":{\"qom-type\":\"memory-backend-ram\",\"id\":\"m4\",\"size\":134217728}}", OK);
	q(&t, "{\"execute\":\"device_add\",\"arguments\":{\"driver\":\"pc-dimm\",\"id\":\"d4\",\"memdev\":\"m4\"}}",
	  GE("no free slots available"));
	q(&t, "{\"execute\":\"device_del\",\"arguments\":{\"id\":\"nosuch\"}}", DNF("Device 'nosuch' not found"));
	q(&t, "{\"execute\":\"query-memory-devices\"}",
	  "{\"return\": [{\"type\": \"dimm\", \"data\": {\"memdev\": \"/objects/m1\", \"hotplugged\": true, \"addr\": 4294967296, \"hotpluggable\": true, \"size\": 1073741824, \"slot\": 0, \"node\": 0, \"id\": \"d1\"}}, "
	  "{\"type\": \"dimm\", \"data\": {\"memdev\": \"/objects/m3\", \"hotplugged\": true, \"addr\": 5368709120, \"hotpluggable\": true, \"size\": 134217728, \"slot\": 1, \"node\": 0, \"id\": \"d3\"}}]}");
	t_stop(&t);
}

/* Transcript 12: cold-plugged and anonymous DIMMs, string values, HMP device_add. */
static void test_coldplug_anon_strings(void **state)
{
	struct t t;

	(void)state;
	t_start(&t, "-m 1G,slots=4,maxmem=16G -object memory-backend-ram,id=m1,size=1G "
		    "-object memory-backend-ram,id=m2,size=512M -device pc-dimm,id=d1,memdev=m1,slot=2 "
		    "-device pc-dimm,memdev=m2");
	q(&t, QMD, "{\"return\": [{\"type\": \"dimm\", \"data\": {\"memdev\": \"/objects/m1\", \"hotplugged\": false, \"addr\": 4294967296, \"hotpluggable\": true, \"size\": 1073741824, \"slot\": 2, \"node\": 0, \"id\": \"d1\"}}, "
		   "{\"type\": \"dimm\", \"data\": {\"memdev\": \"/objects/m2\", \"hotplugged\": false, \"addr\": 5368709120, \"hotpluggable\": true, \"size\": 536870912, \"slot\": 0, \"node\": 0}}]}");
	q(&t, OBJ("m3", "1073741824"), OK);
	q(&t, "{\"execute\": \"device_add\", \"arguments\": {\"driver\": \"pc-dimm\", \"memdev\": \"m3\"}}", OK);
	q(&t, OBJ("m4", "1073741824"), OK);
	q(&t, DEV("\"id\": \"d4\", \"memdev\": \"m4\", \"addr\": \"0x200000000\""), OK);
	q(&t, DEV("\"id\": \"d4\", \"memdev\": \"m4\", \"slot\": \"3\""), GE("Duplicate device ID 'd4'"));
	q(&t, HMP("info memory-devices"),
	  "{\"return\": \"Memory device [dimm]: \\\"d1\\\"\\r\\n  addr: 0x100000000\\r\\n  slot: 2\\r\\n  node: 0\\r\\n  size: 1073741824\\r\\n  memdev: /objects/m1\\r\\n  hotplugged: false\\r\\n  hotpluggable: true\\r\\n"
	  "Memory device [dimm]: \\\"\\\"\\r\\n  addr: 0x140000000\\r\\n  slot: 0\\r\\n  node: 0\\r\\n  size: 536870912\\r\\n  memdev: /objects/m2\\r\\n  hotplugged: false\\r\\n  hotpluggable: true\\r\\n"
	  "Memory device [dimm]: \\\"\\\"\\r\\n  addr: 0x160000000\\r\\n  slot: 1\\r\\n  node: 0\\r\\n  size: 1073741824\\r\\n  memdev: /objects/m3\\r\\n  hotplugged: true\\r\\n  hotpluggable: true\\r\\n"
	  "Memory device [dimm]: \\\"d4\\\"\\r\\n  addr: 0x200000000\\r\\n  slot: 3\\r\\n  node: 0\\r\\n  size: 1073741824\\r\\n  memdev: /objects/m4\\r\\n  hotplugged: true\\r\\n  hotpluggable: true\\r\\n\"}");
	q(&t, "{\"execute\": \"device_del\", \"arguments\": {\"id\": \"/machine/peripheral-anon/device[0]\"}}", OK);
	q(&t, "{\"execute\": \"qom-list\", \"arguments\": {\"path\": \"/machine/peripheral-anon\"}}",
	  "{\"return\": [{\"name\": \"type\", \"type\": \"string\"}, {\"name\": \"device[0]\", \"type\": \"child<pc-dimm>\"}, {\"name\": \"device[1]\", \"type\": \"child<pc-dimm>\"}]}");
	q(&t, "{\"execute\": \"device_del\", \"arguments\": {\"id\": \"m3\"}}", DNF("Device 'm3' not found"));
	q(&t, HMP("device_add pc-dimm,id=d5,memdev=m4,addr=0x300000000"), "{\"return\": \"Error: no free slots available\\r\\n\"}");
	q(&t, DEV("\"id\": \"d6\", \"memdev\": \"m4\", \"slot\": \"x\""), GE("Parameter 'slot' expects integer"));
	q(&t, DEV("\"id\": \"d6\", \"memdev\": \"m4\", \"node\": \"-1\""), GE("Parameter 'node' expects uint32_t"));
	q(&t, DEV("\"id\": \"d6\", \"memdev\": \"m4\", \"bogus\": 1"), GE("Property 'pc-dimm.bogus' not found"));
	q(&t, DEV("\"id\": \"d6\", \"memdev\": \"m4\", \"size\": 1"), GE("Property 'pc-dimm.size' is not writable"));
	q(&t, DEV("\"id\": \"6d\", \"memdev\": \"m4\""), GE("Parameter 'id' expects an identifier"));
	q(&t, "{\"execute\": \"device_add\", \"arguments\": {\"id\": \"x\"}}", GE("Parameter 'driver' is missing"));
	q(&t, "{\"execute\": \"device_add\", \"arguments\": {\"driver\": \"pc-dimmx\"}}",
	  GE("'pc-dimmx' is not a valid device model name"));
	q(&t, DEV("\"id\": \"d6\", \"memdev\": \"d1\""), GE("Invalid parameter type for 'memdev', expected: memory-backend"));
	t_stop(&t);
}

/* ---- objects ---------------------------------------------------------------------- */

static void test_object_add_errors(void **state)
{
	struct t t;

	(void)state;
	t_start(&t, "-m 1G,slots=2,maxmem=4G -object memory-backend-ram,id=m1,size=1G -device pc-dimm,id=d1,memdev=m1");
	q(&t, OBJ("r6", "0"), GE("property 'size' of memory-backend-ram doesn't take value '0'"));
	q(&t, "{\"execute\": \"object-add\", \"arguments\": {\"qom-type\": \"memory-backend-ram\", \"id\": \"r\"}}",
	  GE("Parameter 'size' is missing"));
	q(&t, OBJ("r", "\"1G\""), GE("Parameter 'size' expects uint64"));
	q(&t, "{\"execute\": \"object-add\", \"arguments\": {\"qom-type\": \"memory-backend-foo\", \"id\": \"r\"}}",
	  GE("Parameter 'qom-type' does not accept value 'memory-backend-foo'"));
	q(&t, "{\"execute\": \"object-add\", \"arguments\": {\"id\": \"r\"}}", GE("Parameter 'qom-type' is missing"));
	q(&t, "{\"execute\": \"object-add\", \"arguments\": {\"qom-type\": \"memory-backend-ram\", \"size\": 1}}",
	  GE("Parameter 'id' is missing"));
	q(&t, "{\"execute\": \"object-add\", \"arguments\": {\"qom-type\": \"memory-backend-ram\", \"id\": \"r\", \"size\": 1, \"foo\": 1}}",
	  GE("Parameter 'foo' is unexpected"));
	q(&t, "{\"execute\": \"object-add\", \"arguments\": {\"qom-type\": \"memory-backend-ram\", \"id\": \"r\", \"size\": 1, \"merge\": 1}}",
	  GE("Invalid parameter type for 'merge', expected: boolean"));
	q(&t, OBJ("r5", "1000"), OK);
	q(&t, "{\"execute\": \"object-del\", \"arguments\": {\"id\": \"nosuch\"}}", GE("object 'nosuch' not found"));
	q(&t, "{\"execute\": \"object-del\", \"arguments\": {\"id\": \"pc.ram\"}}", GE("object 'pc.ram' is in use, can not be deleted"));
	q(&t, OBJ("pc.ram", "1"), GE("attempt to add duplicate property 'pc.ram' to object (type 'container')"));
	q(&t, "{\"execute\": \"query-memdev\"}",
	  "{\"return\": [{\"share\": false, \"reserve\": true, \"prealloc\": false, \"host-nodes\": [], \"size\": 1000, \"merge\": true, \"dump\": true, \"policy\": \"default\", \"id\": \"r5\"}, "
	  "{\"share\": false, \"reserve\": true, \"prealloc\": false, \"host-nodes\": [], \"size\": 1073741824, \"merge\": true, \"dump\": true, \"policy\": \"default\", \"id\": \"m1\"}, "
	  "{\"share\": false, \"reserve\": true, \"prealloc\": false, \"host-nodes\": [], \"size\": 1073741824, \"merge\": true, \"dump\": true, \"policy\": \"default\", \"id\": \"pc.ram\"}]}");
	q(&t, "{\"execute\": \"object-del\", \"arguments\": {\"id\": \"r5\"}}", OK);
	q(&t, HMP("info memdev"),
	  "{\"return\": \"memory backend: m1\\r\\n  size:  1073741824\\r\\n  merge: true\\r\\n  dump: true\\r\\n  prealloc: false\\r\\n  share: false\\r\\n  reserve: true\\r\\n  policy: default\\r\\n  host nodes: \\r\\n"
	  "memory backend: pc.ram\\r\\n  size:  1073741824\\r\\n  merge: true\\r\\n  dump: true\\r\\n  prealloc: false\\r\\n  share: false\\r\\n  reserve: true\\r\\n  policy: default\\r\\n  host nodes: \\r\\n\\r\\n\"}");
	t_stop(&t);
}

/* ---- QOM and HMP ------------------------------------------------------------------------- */

static void test_qom(void **state)
{
	struct t t;

	(void)state;
	t_start(&t, "-m 1G,slots=2,maxmem=4G -object memory-backend-ram,id=m1,size=1G -device pc-dimm,id=d1,memdev=m1");
	q(&t, "{\"execute\": \"qom-get\", \"arguments\": {\"path\": \"/machine/nope\", \"property\": \"x\"}}",
	  DNF("Device '/machine/nope' not found"));
	q(&t, "{\"execute\": \"qom-get\", \"arguments\": {\"path\": \"/machine\", \"property\": \"x\"}}",
	  GE("Property 'pc-i440fx-7.2-machine.x' not found"));
	q(&t, "{\"execute\": \"qom-get\", \"arguments\": {\"path\": \"d1\", \"property\": \"x\"}}",
	  GE("Property 'pc-dimm.x' not found"));
	q(&t, "{\"execute\": \"qom-get\", \"arguments\": {\"path\": \"d1\", \"property\": \"hotplugged\"}}",
	  "{\"return\": false}");
	q(&t, "{\"execute\": \"qom-get\", \"arguments\": {\"path\": \"/objects/m1\", \"property\": \"size\"}}",
	  "{\"return\": 1073741824}");
	q(&t, "{\"execute\": \"qom-get\", \"arguments\": {\"path\": \"/machine\"}}", GE("Parameter 'property' is missing"));
	q(&t, "{\"execute\": \"qom-set\", \"arguments\": {\"path\": \"d1\", \"property\": \"addr\", \"value\": 0}}",
	  GE("Attempt to set property 'addr' on device 'd1' (type 'pc-dimm') after it was realized"));
	q(&t, "{\"execute\": \"qom-set\", \"arguments\": {\"path\": \"d1\", \"property\": \"size\", \"value\": 0}}",
	  GE("Property 'pc-dimm.size' is not writable"));
	q(&t, "{\"execute\": \"qom-set\", \"arguments\": {\"path\": \"/machine\", \"property\": \"device-memory-region-size\", \"value\": 0}}",
	  GE("Property 'pc-i440fx-7.2-machine.device-memory-region-size' is not writable"));
	q(&t, HMP("info numa"), "{\"return\": \"1 nodes\\r\\nnode 0 cpus: 0\\r\\nnode 0 size: 2048 MB\\r\\nnode 0 plugged: 1024 MB\\r\\n\"}");
	q(&t, "{\"execute\": \"query-acpi-ospm-status\"}",
	  "{\"return\": [{\"device\": \"d1\", \"source\": 0, \"status\": 0, \"slot\": \"0\", \"slot-type\": \"DIMM\"}, {\"source\": 0, \"status\": 0, \"slot\": \"1\", \"slot-type\": \"DIMM\"}, {\"source\": 0, \"status\": 0, \"slot\": \"0\", \"slot-type\": \"CPU\"}]}");
	t_stop(&t);
}

static void test_numa_dimm(void **state)
{
	struct t t;

	(void)state;
	t_start(&t, "-m 2G,slots=4,maxmem=8G -object memory-backend-ram,id=r0,size=1G "
		    "-object memory-backend-ram,id=r1,size=1G -numa node,nodeid=0,memdev=r0 "
		    "-numa node,nodeid=1,memdev=r1");
	q(&t, OBJ("m1", "1073741824"), OK);
	q(&t, DEV("\"id\": \"d1\", \"memdev\": \"m1\", \"node\": 1"), OK);
	q(&t, OBJ("m2", "1073741824"), OK);
	q(&t, DEV("\"id\": \"d2\", \"memdev\": \"m2\", \"node\": 2"),
	  GE("'DIMM property node has value 2' which exceeds the number of numa nodes: 2"));
	q(&t, QSUM, "{\"return\": {\"base-memory\": 2147483648, \"plugged-memory\": 1073741824}}");
	q(&t, HMP("info numa"),
	  "{\"return\": \"2 nodes\\r\\nnode 0 cpus: 0\\r\\nnode 0 size: 1024 MB\\r\\nnode 0 plugged: 0 MB\\r\\nnode 1 cpus:\\r\\nnode 1 size: 2048 MB\\r\\nnode 1 plugged: 1024 MB\\r\\n\"}");
	q(&t, "{\"execute\": \"object-del\", \"arguments\": {\"id\": \"r0\"}}", GE("object 'r0' is in use, can not be deleted"));
	q(&t, DEV("\"id\": \"d3\", \"memdev\": \"r1\""), GE("can't use already busy memdev: r1"));
	t_stop(&t);
}

/* ---- what clients ask first: status, name, commands, schema, quit ---------- */

static void test_client_queries(void **state)
{
	struct t t;
	struct memhp_err err = { 0 };
	struct pc_machine *m = NULL;
	const char *bad[] = { "-m", "1G", "-name", "x,color=red" };

	(void)state;
	t_start(&t, "-m 1G -name guest=vm1,process=qemu-vm1,debug-threads=on");
	q(&t, "{\"execute\": \"query-status\"}",
	  "{\"return\": {\"singlestep\": false, \"status\": \"running\", \"running\": true}}");
	q(&t, "{\"execute\": \"query-name\"}", "{\"return\": {\"name\": \"vm1\"}}");
	q(&t, "{\"execute\": \"query-status\", \"arguments\": {\"x\": 1}}", GE("Parameter 'x' is unexpected"));
	q(&t, HMP("info status"), "{\"return\": \"VM status: running\\r\\n\"}");
	q(&t, HMP("info name"), "{\"return\": \"vm1\\r\\n\"}");
	assert_false(pc_machine_quit_requested(t.m));
	q(&t, "{\"execute\": \"quit\", \"id\": 7}", "{\"return\": {}, \"id\": 7}");
	assert_true(pc_machine_quit_requested(t.m));
	assert_int_equal(t.nr_events, 1);
	assert_string_equal(t.events[0], "SHUTDOWN {\"guest\": false, \"reason\": \"host-qmp-quit\"}");
	q(&t, HMP("quit"), "{\"return\": \"\"}");
	assert_int_equal(t.nr_events, 1);	/* one SHUTDOWN */
	t_stop(&t);

	t_start(&t, "-m 1G");
	q(&t, "{\"execute\": \"query-name\"}", OK);
	q(&t, HMP("info name"), "{\"return\": \"\"}");
	t_stop(&t);
	assert_int_equal(pc_machine_new(bad, 4, &m, &err), -EINVAL);
	assert_string_equal(err.msg, "-name x,color=red: Invalid parameter 'color'");
	assert_null(m);
}

/* a type reference of the schema: a builtin, an array "[T]", or an entity's name */
static bool schema_defines(const struct json *schema, const char *name)
{
	for (size_t i = 0; i < json_array_size(schema); i++)
		if (!strcmp(json_string_value(json_object_get(json_array_at(schema, i), "name")), name))
			return true;
	return false;
}

static void test_query_commands_and_schema(void **state)
{
	struct t t;
	struct json *req = NULL, *rsp;
	const struct json *cmds, *schema;
	char eb[64];
	size_t n = qmp_command_count();

	(void)state;
	t_start(&t, "-m 1G");
	assert_int_equal(json_parse("{\"execute\": \"query-commands\"}", 29, &req, eb, sizeof(eb)), 0);
	rsp = qmp_handle_request(t.m, &t.s, req);
	json_free(req);
	cmds = json_object_get(rsp, "return");
	/* every command the dispatcher runs, and qmp_capabilities, once each */
	assert_int_equal(json_array_size(cmds), n + 1);
	for (size_t i = 0; i < n; i++) {
		bool found = false;

		for (size_t j = 0; j < json_array_size(cmds); j++)
			found |= !strcmp(json_string_value(json_object_get(json_array_at(cmds, j), "name")),
					 qmp_command_name(i));
		assert_true(found);
		/* and the schema describes each of them */
		if (!qmp_schema_has_command(qmp_command_name(i)))
			print_error("no schema for %s\n", qmp_command_name(i));
		assert_true(qmp_schema_has_command(qmp_command_name(i)));
	}
	assert_false(qmp_schema_has_command("nosuch"));
	json_free(rsp);

	assert_int_equal(json_parse("{\"execute\": \"query-qmp-schema\"}", 31, &req, eb, sizeof(eb)), 0);
	rsp = qmp_handle_request(t.m, &t.s, req);
	json_free(req);
	schema = json_object_get(rsp, "return");
	assert_true(json_array_size(schema) > 50);
	for (size_t i = 0; i < json_array_size(schema); i++) {
		const struct json *e = json_array_at(schema, i);
		const char *meta = json_string_value(json_object_get(e, "meta-type"));
		const char *keys[] = { "arg-type", "ret-type", "element-type" };

		assert_non_null(meta);
		/* every reference resolves, and only commands and events show their names */
		for (size_t k = 0; k < 3; k++) {
			const char *ref = json_string_value(json_object_get(e, keys[k]));

			if (ref)
				assert_true(schema_defines(schema, ref));
		}
		if (!strcmp(meta, "object")) {
			const struct json *mem = json_object_get(e, "members");

			for (size_t j = 0; j < json_array_size(mem); j++)
				assert_true(schema_defines(schema,
							   json_string_value(json_object_get(json_array_at(mem, j), "type"))));
		}
		if (!strcmp(meta, "command"))
			assert_true(qmp_schema_has_command(json_string_value(json_object_get(e, "name"))));
	}
	assert_true(schema_defines(schema, "query-memory-devices"));
	assert_true(schema_defines(schema, "MEMORY_DEVICE_SIZE_CHANGE"));
	assert_false(schema_defines(schema, "MemoryDeviceInfo"));	/* hidden as a number */
	assert_true(schema_defines(schema, "[int]"));
	json_free(rsp);
	t_stop(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_greeting),
		cmocka_unit_test(test_negotiation),
		cmocka_unit_test(test_envelope_errors),
		cmocka_unit_test(test_basic_dimm),
		cmocka_unit_test(test_dimm_errors),
		cmocka_unit_test(test_capacity_and_no_maxmem),
		cmocka_unit_test(test_oracle_qmp_errors),
		cmocka_unit_test(test_coldplug_anon_strings),
		cmocka_unit_test(test_object_add_errors),
		cmocka_unit_test(test_qom),
		cmocka_unit_test(test_numa_dimm),
		cmocka_unit_test(test_client_queries),
		cmocka_unit_test(test_query_commands_and_schema),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
