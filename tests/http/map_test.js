// SPDX-License-Identifier: MIT
/*
 * The live map of `memhp up --http`, tested as a person would use it: starts
 * memhp up, checks the HTTP server with raw requests, opens the page in
 * headless Chromium (the DevTools protocol over --remote-debugging-pipe,
 * so no npm package is needed), hot-plugs a DIMM over the QMP socket and
 * watches the page show its blocks, hovers a block, saves a screenshot and
 * stops memhp with the page still open.
 *
 * Usage: node map_test.js MEMHP SCREENSHOT.png [CHROMIUM]
 * Without CHROMIUM the browser checks are skipped.  Prints PASS/FAIL/SKIP
 * lines; tests/http/run counts them.
 */
'use strict';

const { spawn } = require('child_process');
const fs = require('fs');
const net = require('net');
const os = require('os');
const path = require('path');

const [memhpBin, shotPath, chromiumBin] = require.main === module ? process.argv.slice(2) : [];
const QEMU_ARGS = ['-m', '1G,slots=4,maxmem=8G', '-smp', '1'];
const GiB = 1024 * 1024 * 1024, MiB = 1024 * 1024;

let failures = 0;
/* whatever happens, no memhp or chromium outlives the test */
const children = new Set();
process.on('exit', () => { for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL'); });
if (require.main === module) {
	process.on('uncaughtException', (e) => { console.log('FAIL map test: ' + (e.stack || e)); process.exit(1); });
	process.on('unhandledRejection', (e) => { console.log('FAIL map test: ' + (e && e.stack || e)); process.exit(1); });
}
function pass(name) { console.log('PASS ' + name); }
function fail(name, why) { failures++; console.log('FAIL ' + name + ': ' + why); }
function skip(name, why) { console.log('SKIP ' + name + ': ' + why); }
function check(name, ok, why) { if (ok) pass(name); else fail(name, why); return ok; }
function sleep(ms) { return new Promise((res) => setTimeout(res, ms)); }
function withTimeout(p, ms, what) {
	let t;
	return Promise.race([p, new Promise((_, rej) => { t = setTimeout(() => rej(new Error(what + ': timed out after ' + ms + ' ms')), ms); })])
		.finally(() => clearTimeout(t));
}

/* ---- memhp up ---- */

function startMemhp(tmp) {
	return new Promise((resolve, reject) => {
		const port = 20000 + Math.floor(Math.random() * 30000);
		const sock = path.join(tmp, 'qmp.sock');
		const p = spawn(memhpBin, ['up', '--http', String(port), '--qmp', sock, '--', ...QEMU_ARGS], { stdio: ['ignore', 'pipe', 'pipe'] });
		children.add(p);
		p.on('error', (e) => { if (!done) { done = true; clearTimeout(t); reject(e); } });
		let out = '', err = '', done = false;
		const t = setTimeout(() => { if (!done) { done = true; p.kill('SIGKILL'); reject(new Error('no "ready" within 10 s: ' + out + err)); } }, 10000);
		p.stdout.on('data', (d) => {
			out += d;
			if (!done && /^ready$/m.test(out)) { done = true; clearTimeout(t); resolve({ proc: p, port, sock, out }); }
		});
		p.stderr.on('data', (d) => { err += d; });
		p.on('exit', (code) => {
			if (!done) { done = true; clearTimeout(t); reject(Object.assign(new Error('memhp up exited with ' + code + ': ' + err.trim()), { inUse: /in use/i.test(err) })); }
		});
	});
}

/* one raw HTTP exchange; the server closes the connection after its reply */
function rawHttp(port, text, host = '127.0.0.1') {
	return withTimeout(new Promise((resolve, reject) => {
		const s = net.connect({ host, port }, () => s.end(text));
		const chunks = [];
		s.on('data', (d) => chunks.push(d));
		s.on('end', () => {
			const buf = Buffer.concat(chunks), i = buf.indexOf('\r\n\r\n');
			const head = buf.subarray(0, i < 0 ? buf.length : i).toString();
			const body = i < 0 ? Buffer.alloc(0) : buf.subarray(i + 4);
			const lines = head.split('\r\n'), status = parseInt((lines[0] || '').split(' ')[1], 10);
			const headers = {};
			lines.slice(1).forEach((l) => { const c = l.indexOf(':'); if (c > 0) headers[l.slice(0, c).toLowerCase()] = l.slice(c + 1).trim(); });
			resolve({ status, headers, body });
		});
		s.on('error', reject);
	}), 30000, 'HTTP ' + text.split('\r\n')[0]);
}
function get(port, target) {
	return rawHttp(port, 'GET ' + target + ' HTTP/1.1\r\nHost: 127.0.0.1:' + port + '\r\nUser-Agent: map_test\r\n\r\n');
}
async function getMap(port, since) {
	const r = await get(port, '/api/map' + (since === undefined ? '' : '?since=' + since));
	if (r.status !== 200) throw new Error('/api/map: HTTP ' + r.status);
	return JSON.parse(r.body.toString());
}

/* the listening socket, from /proc/net/tcp: is it on 127.0.0.1 only? */
function listeners(port) {
	const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
	const found = [];
	for (const f of ['/proc/net/tcp', '/proc/net/tcp6']) {
		let text = '';
		try { text = fs.readFileSync(f, 'utf8'); } catch (e) { continue; }
		text.split('\n').slice(1).forEach((l) => {
			const c = l.trim().split(/\s+/);
			if (c.length > 3 && c[3] === '0A' && c[1].endsWith(':' + hexPort)) found.push(f + ' ' + c[1]);
		});
	}
	return found;
}

/* ---- QMP ---- */

function qmpConnect(sock) {
	return new Promise((resolve, reject) => {
		const s = net.connect(sock);
		let buf = '';
		const waiters = [];
		s.on('data', (d) => {
			buf += d;
			let i;
			while ((i = buf.indexOf('\n')) >= 0) {
				const line = buf.slice(0, i).trim();
				buf = buf.slice(i + 1);
				if (!line) continue;
				const msg = JSON.parse(line);
				if (msg.event) continue;
				const w = waiters.shift();
				if (w) w(msg);
			}
		});
		s.on('error', reject);
		const next = () => withTimeout(new Promise((res) => waiters.push(res)), 5000, 'QMP reply');
		const q = {
			async cmd(execute, args) {
				const p = next();
				s.write(JSON.stringify(args ? { execute, arguments: args } : { execute }) + '\n');
				const r = await p;
				if (r.error) throw new Error(execute + ': ' + r.error.desc);
				return r.return;
			},
			close() { s.end(); },
		};
		next().then((greeting) => (greeting.QMP ? resolve(q) : reject(new Error('no QMP greeting'))), reject);
	});
}

/* ---- Chromium over the DevTools pipe ---- */

class Browser {
	constructor(bin, tmp) {
		this.proc = spawn(bin, [
			'--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
			'--disable-background-networking', '--disable-component-update', '--disable-sync',
			'--disable-default-apps', '--disable-extensions', '--mute-audio', '--hide-scrollbars',
			'--user-data-dir=' + fs.mkdtempSync(path.join(tmp, 'chromium-')),
			'--remote-debugging-pipe', 'about:blank',
		], { stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'] });
		this.stderr = '';
		this.proc.stderr.on('data', (d) => { this.stderr = (this.stderr + d).slice(-4000); });
		this.seq = 0;
		this.pending = new Map();
		this.buf = Buffer.alloc(0);
		this.exited = new Promise((res) => this.proc.on('exit', res));
		const gone = (why) => {
			for (const p of this.pending.values()) p.reject(new Error(why + ' ' + this.stderr.split('\n').slice(-3).join(' ')));
			this.pending.clear();
			this.dead = why;
		};
		this.proc.on('error', (e) => gone('chromium: ' + e.message));
		this.proc.on('exit', (code, sig) => gone('chromium exited (' + (sig || code) + ')'));
		children.add(this.proc);
		this.proc.stdio[4].on('data', (d) => {
			this.buf = Buffer.concat([this.buf, d]);
			let i;
			while ((i = this.buf.indexOf(0)) >= 0) {
				const msg = JSON.parse(this.buf.subarray(0, i).toString());
				this.buf = this.buf.subarray(i + 1);
				const p = msg.id !== undefined && this.pending.get(msg.id);
				if (!p) continue;
				this.pending.delete(msg.id);
				if (msg.error) p.reject(new Error(p.method + ': ' + msg.error.message));
				else p.resolve(msg.result);
			}
		});
		this.proc.stdio[3].on('error', () => {});
	}
	send(method, params = {}, sessionId) {
		const id = ++this.seq;
		const msg = { id, method, params };
		if (sessionId) msg.sessionId = sessionId;
		if (this.dead)
			return Promise.reject(new Error(this.dead));
		const p = new Promise((resolve, reject) => this.pending.set(id, { resolve, reject, method }));
		this.proc.stdio[3].write(JSON.stringify(msg) + '\0');
		return withTimeout(p, 15000, method);
	}
	async open(url) {
		const { targetId } = await this.send('Target.createTarget', { url: 'about:blank' });
		const { sessionId } = await this.send('Target.attachToTarget', { targetId, flatten: true });
		this.session = sessionId;
		await this.page('Emulation.setDeviceMetricsOverride', { width: 1360, height: 900, deviceScaleFactor: 1, mobile: false });
		await this.page('Page.enable');
		await this.page('Page.navigate', { url });
	}
	page(method, params) { return this.send(method, params, this.session); }
	async eval(expr) {
		const r = await this.page('Runtime.evaluate', { expression: expr, returnByValue: true, awaitPromise: true });
		if (r.exceptionDetails) throw new Error('page: ' + (r.exceptionDetails.exception && r.exceptionDetails.exception.description || r.exceptionDetails.text));
		return r.result.value;
	}
	/* polls @expr in the page until it is truthy; Return: its value, or null after @ms */
	async waitFor(expr, ms) {
		const end = Date.now() + ms;
		for (;;) {
			let v = null;
			try { v = await this.eval(expr); } catch (e) { /* navigating */ }
			if (v) return v;
			if (Date.now() > end) return null;
			await sleep(50);
		}
	}
	async close() {
		try { await withTimeout(this.send('Browser.close'), 3000, 'Browser.close'); } catch (e) { /* killed below */ }
		await Promise.race([this.exited, sleep(3000)]);
		if (this.proc.exitCode === null) this.proc.kill('SIGKILL');
	}
}

/* ---- the test ---- */

async function httpChecks(up) {
	const port = up.port;
	const l = listeners(port);
	check('http listens on 127.0.0.1 only', l.length === 1 && l[0] === '/proc/net/tcp 0100007F:' + port.toString(16).toUpperCase().padStart(4, '0'),
		'listening sockets: ' + JSON.stringify(l));
	let refused = false;
	try { await rawHttp(port, 'GET / HTTP/1.0\r\n\r\n', '127.0.0.2'); } catch (e) { refused = e.code === 'ECONNREFUSED'; }
	check('http refuses 127.0.0.2', refused, 'a connection to 127.0.0.2 was not refused');

	const page = await get(port, '/');
	check('GET / is the page', page.status === 200 && /^text\/html/.test(page.headers['content-type'] || '') &&
		Number(page.headers['content-length']) === page.body.length && page.body.toString().includes('<title>memhp'),
		'status ' + page.status + ', ' + JSON.stringify(page.headers));
	const m = await getMap(port);
	const boot = m.blocks.filter((b) => b.device === null);
	check('/api/map: 8 online boot blocks of 128 MiB', m.block_size_bytes === 128 * MiB && boot.length === 8 &&
		boot.every((b) => b.state === 'online' && b.node === 0 && b.end - b.start === 128 * MiB) && boot[7].end === GiB,
		JSON.stringify(m.blocks.map((b) => [b.id, b.state, b.device])));
	check('/api/map: device-memory region and holes', m.device_memory && m.device_memory.base === 4 * GiB &&
		m.device_memory.size === 11 * GiB && m.dimm_slots === 4 && m.end === 15 * GiB &&
		m.holes.some((x) => x.kind === 'gap' && x.start === GiB && x.end === 4 * GiB && x.iomem.includes('PCI Bus 0000:00')) &&
		m.holes.some((x) => x.kind === 'free' && x.start === 4 * GiB && x.end === 15 * GiB),
		JSON.stringify({ dm: m.device_memory, holes: m.holes, end: m.end }));

	const cases = [
		['404 for an unknown path', 'GET /nope HTTP/1.1\r\nHost: localhost\r\n\r\n', 404],
		['405 for POST', 'POST / HTTP/1.1\r\nHost: localhost\r\nContent-Length: 2\r\n\r\nhi', 405],
		['400 for a malformed request line', 'HELLO\r\n\r\n', 400],
		['400 for HTTP/1.1 without Host', 'GET / HTTP/1.1\r\n\r\n', 400],
		['400 for a foreign Host (DNS rebinding)', 'GET /api/map HTTP/1.1\r\nHost: evil.example\r\n\r\n', 400],
		['400 for a bad since', 'GET /api/map?since=x HTTP/1.1\r\nHost: localhost\r\n\r\n', 400],
		['400 for a request head over 8 KiB', 'GET / HTTP/1.1\r\nHost: localhost\r\nX: ' + 'a'.repeat(9000) + '\r\n\r\n', 400],
	];
	for (const [name, req, want] of cases) {
		const r = await rawHttp(port, req);
		check(name, r.status === want && (want !== 405 || /GET/.test(r.headers.allow || '')), 'got ' + r.status);
	}
	const head = await rawHttp(port, 'HEAD /api/map HTTP/1.1\r\nHost: localhost\r\n\r\n');
	check('HEAD /api/map has no body', head.status === 200 && head.body.length === 0 && Number(head.headers['content-length']) > 0,
		'status ' + head.status + ', body ' + head.body.length);

	/* several clients at once: long polls that wait do not hold up others */
	const polls = [];
	for (let i = 0; i < 6; i++) polls.push(getMap(port, m.generation));
	await sleep(200);
	const t0 = Date.now();
	const again = await get(port, '/');
	check('serves while 6 long polls wait', again.status === 200 && Date.now() - t0 < 1000, (Date.now() - t0) + ' ms');
	return { gen: m.generation, polls };
}

async function main() {
	const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'memhp-http-'));
	let up, browser, qmp;
	try {
		for (let i = 0; ; i++) {
			try { up = await startMemhp(tmp); break; } catch (e) { if (!e.inUse || i > 5) throw e; }
		}
		pass('memhp up serves http on 127.0.0.1:' + up.port);
		check('memhp up prints where it serves', up.out.includes('http://127.0.0.1:' + up.port + '/'), JSON.stringify(up.out));

		const { gen, polls } = await httpChecks(up);

		if (chromiumBin) {
			browser = new Browser(chromiumBin, tmp);
			try {
				await browser.open('http://127.0.0.1:' + up.port + '/');
			} catch (e) {
				skip('browser checks', 'chromium did not start: ' + e.message + ' ' + browser.stderr.split('\n').slice(-3).join(' '));
				await browser.close();
				browser = null;
			}
		} else {
			skip('browser checks', 'no chromium');
		}
		if (browser) {
			const n = await browser.waitFor('document.querySelectorAll(".blk").length', 10000);
			check('page draws blocks', n > 0, 'no .blk after 10 s');
			const boot = await browser.eval('Array.from(document.querySelectorAll(\'.blk[data-device=""]\')).map((e) => e.dataset.block + ":" + e.dataset.state + ":" + e.dataset.zone).join(" ")');
			check('page shows the 8 boot blocks, online', boot === '0:online:mixed 1:online:DMA32 2:online:DMA32 3:online:DMA32 4:online:DMA32 5:online:DMA32 6:online:DMA32 7:online:DMA32', boot);
			const parts = await browser.eval('[!!document.querySelector(\'[data-region="device-memory"]\'), !!document.querySelector(\'[data-hole="gap"]\'), !!document.querySelector(\'[data-hole="free"]\'), document.querySelectorAll("#legend .it").length]');
			check('page shows the hole, the device-memory region and a legend', parts[0] && parts[1] && parts[2] && parts[3] >= 6, JSON.stringify(parts));
		}

		/* hot-plug a 256 MiB DIMM */
		qmp = await qmpConnect(up.sock);
		await qmp.cmd('qmp_capabilities');
		await qmp.cmd('object-add', { 'qom-type': 'memory-backend-ram', id: 'mem1', size: 256 * MiB });
		const tPlug = Date.now();
		await qmp.cmd('device_add', { driver: 'pc-dimm', id: 'dimm1', memdev: 'mem1' });
		const woke = await withTimeout(Promise.all(polls), 3000, 'long polls').catch((e) => e);
		check('long polls answer when the machine changes', Array.isArray(woke) && woke.every((x) => x.generation > gen), woke instanceof Error ? woke.message : 'generations ' + woke.map((x) => x.generation));

		const m = await getMap(up.port);
		const dimm = m.devices.find((d) => d.id === 'dimm1');
		const dblocks = m.blocks.filter((b) => b.device === 'dimm1');
		check('/api/map: dimm1 and its 2 offline blocks', dimm && dimm.size === 256 * MiB && dimm.slot === 0 && dimm.guest_added &&
			dblocks.length === 2 && dblocks.every((b) => b.state === 'offline' && b.start >= dimm.addr && b.end <= dimm.addr + dimm.size &&
				b.zone === null && b.valid_zones === 'Normal Movable'),
		JSON.stringify({ dimm, dblocks }));

		if (browser) {
			const got = await browser.waitFor('Array.from(document.querySelectorAll(\'.blk[data-device="dimm1"]\')).map((e) => e.dataset.block + ":" + e.dataset.state).join(" ")', 5000);
			const ms = Date.now() - tPlug;
			check('page shows dimm1\'s 2 new offline blocks within 5 s', got === '32:offline 33:offline', (got || 'nothing') + ' after ' + ms + ' ms');
			if (got) console.log('# the page showed the DIMM ' + ms + ' ms after device_add');
			const lane = await browser.eval('(() => { const l = document.querySelector(\'[data-lane="dimm1"]\'); return l ? l.textContent : ""; })()');
			check('page has a lane for dimm1 in the device-memory region', /dimm1/.test(lane) && /slot 0/.test(lane) &&
				!!(await browser.eval('!!document.querySelector(\'[data-region="device-memory"] [data-lane="dimm1"]\')')), lane);

			/* hover block 32 as a person would (once the new blocks' highlight faded) */
			await sleep(1800);
			const box = await browser.eval('(() => { const r = document.querySelector(\'.blk[data-block="32"]\').getBoundingClientRect(); return [r.x + r.width / 2, r.y + r.height / 2]; })()');
			await browser.page('Input.dispatchMouseEvent', { type: 'mouseMoved', x: box[0], y: box[1] });
			const tipText = await browser.waitFor('(() => { const t = document.getElementById("tip"); return t.style.display === "block" ? t.textContent : ""; })()', 3000);
			check('hovering block 32 shows its details', tipText && /memory32/.test(tipText) && /0x100000000–0x107ffffff/.test(tipText) &&
				/offline/.test(tipText) && /Normal Movable/.test(tipText) && /dimm1 \(slot 0\)/.test(tipText) && /node0/.test(tipText), tipText || 'no hover card');

			/* the screenshot, whole page, with the hover card */
			const lm = await browser.page('Page.getLayoutMetrics');
			const cs = lm.cssContentSize || lm.contentSize;
			const shot = await browser.page('Page.captureScreenshot', { format: 'png', captureBeyondViewport: true,
				clip: { x: 0, y: 0, width: Math.ceil(cs.width), height: Math.ceil(cs.height), scale: 1 } });
			fs.writeFileSync(shotPath, Buffer.from(shot.data, 'base64'));
			check('screenshot ' + shotPath, fs.statSync(shotPath).size > 10000, 'tiny file');
		}

		/* SIGTERM with the page open (its long poll waiting) */
		qmp.close();
		qmp = null;
		const t0 = Date.now();
		up.proc.kill('SIGTERM');
		const code = await withTimeout(new Promise((res) => (up.proc.exitCode !== null ? res(up.proc.exitCode) : up.proc.on('exit', res))), 8000, 'memhp exit').catch(() => null);
		check('memhp up stops on SIGTERM with the page open', code === 0, 'exit ' + code + ' after ' + (Date.now() - t0) + ' ms');
		if (code === null) up.proc.kill('SIGKILL');
		up = null;
		if (browser) {
			const st = await browser.waitFor('document.getElementById("statustext").textContent.startsWith("reconnecting") && document.getElementById("statustext").textContent', 5000);
			check('page notices memhp is gone', !!st, 'status still live');
		}
	} catch (e) {
		fail('map test', e.stack || String(e));
	} finally {
		if (qmp) qmp.close();
		if (browser) await browser.close();
		if (up && up.proc.exitCode === null) up.proc.kill('SIGKILL');
		fs.rmSync(tmp, { recursive: true, force: true });
	}
	process.exit(failures ? 1 : 0);
}

if (require.main === module)
	main();
module.exports = { Browser };
