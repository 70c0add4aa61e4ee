// SPDX-License-Identifier: MIT
/*
 * The live memory map's script (loaded by index.html, served at /map.js).
 * It draws the blocks, holes and devices of /api/map in address order,
 * grouped into lanes of one node and one device, and long-polls
 * /api/map?since=GEN to redraw within moments of a change.  Every text that
 * comes from the machine (device ids, memdev paths) goes through
 * textContent, never through HTML.
 *
 * Test hooks: each block tile is .blk with data-block (id), data-state,
 * data-zone ("DMA", ..., "mixed", "none"), data-node and data-device ("" for
 * boot memory); #gen holds the generation drawn last.
 */
'use strict';
(function () {
	const ZONE_CLASS = { DMA: 'z-dma', DMA32: 'z-dma32', Normal: 'z-normal', Movable: 'z-movable', Device: 'z-device' };
	const ZONE_VAR = { DMA: 'var(--dma)', DMA32: 'var(--dma32)', Normal: 'var(--normal)', Movable: 'var(--movable)', Device: 'var(--device)' };
	const ZONE_SHORT = { DMA: 'DMA', DMA32: 'DMA32', Normal: 'Normal', Movable: 'Movable', Device: 'Device' };
	const RUN_MIN = 8, COLLAPSE_OVER = 256;

	function $(id) { return document.getElementById(id); }

	/* h('div', {class: 'x', 'data-a': 1}, child, 'text', ...): text is never parsed as HTML */
	function h(tag, props) {
		const e = document.createElement(tag);
		if (props) {
			for (const k of Object.keys(props)) {
				const v = props[k];
				if (v === undefined || v === null || v === false) continue;
				if (k === 'class') e.className = v;
				else if (k === 'style') for (const s of Object.keys(v)) e.style.setProperty(s, v[s]);
				else if (k === 'tip') e.memhpTip = v;
				else e.setAttribute(k, String(v));
			}
		}
		for (let i = 2; i < arguments.length; i++) {
			const kid = arguments[i];
			if (kid === null || kid === undefined || kid === false) continue;
			if (Array.isArray(kid)) kid.forEach(function (x) { if (x) e.append(x); });
			else e.append(kid instanceof Node ? kid : String(kid));
		}
		return e;
	}

	function hex(n) { return '0x' + n.toString(16); }
	function range(s, e) { return hex(s) + '–' + hex(e - 1); }
	function size(b) {
		const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
		let i = 0, v = b;
		while (v >= 1024 && i < units.length - 1) { v /= 1024; i++; }
		let t = Number.isInteger(v) ? String(v) : v.toFixed(2).replace(/0+$/, '').replace(/\.$/, '');
		return t + ' ' + units[i];
	}
	function plural(n, w) { return n + ' ' + w + (n === 1 ? '' : 's'); }

	function zoneKey(b) {
		if (b.state === 'offline') return 'none';
		if (b.zones.length > 1) return 'mixed';
		return b.zones[0] || 'none';
	}
	/* the fill of a block: its zone, a split for several zones, none offline */
	function paint(el, b) {
		if (b.state === 'offline') { el.classList.add('off'); return; }
		if (b.zones.length === 1 && ZONE_CLASS[b.zones[0]]) { el.classList.add(ZONE_CLASS[b.zones[0]]); return; }
		if (b.zones.length > 1) {
			const n = b.zones.length, stops = [];
			b.zones.forEach(function (z, i) {
				stops.push(ZONE_VAR[z] + ' ' + (100 * i / n) + '%', ZONE_VAR[z] + ' ' + (100 * (i + 1) / n) + '%');
			});
			el.style.setProperty('background', 'linear-gradient(135deg, ' + stops.join(', ') + ')');
			return;
		}
		el.classList.add('off');
	}
	function deviceLabel(m, name) {
		if (name === null) return 'boot memory';
		const d = m.devices.find(function (x) { return x.name === name; });
		return d && d.slot !== null ? name + ' (slot ' + d.slot + ')' : name;
	}

	/* ---- hover card ---- */
	const tip = $('tip');
	let hoverKey = null, mouseX = 0, mouseY = 0;
	function showTip(t) {
		tip.textContent = '';
		const title = h('h3', null, t.swatch ? h('i', { style: { background: t.swatch } }) : null, t.title);
		const rows = h('table', null, t.rows.map(function (r) { return h('tr', null, h('td', null, r[0]), h('td', { class: r[2] ? 'mono' : null }, r[1])); }));
		tip.append(title, rows);
		tip.style.display = 'block';
		placeTip();
	}
	function placeTip() {
		const w = tip.offsetWidth, ht = tip.offsetHeight;
		let x = mouseX + 16, y = mouseY + 18;
		if (x + w > window.innerWidth - 8) x = Math.max(8, mouseX - w - 16);
		if (y + ht > window.innerHeight - 8) y = Math.max(8, mouseY - ht - 14);
		tip.style.left = x + 'px';
		tip.style.top = y + 'px';
	}
	document.addEventListener('mousemove', function (ev) {
		mouseX = ev.clientX; mouseY = ev.clientY;
		let t = ev.target;
		while (t && t !== document && !t.memhpTip) t = t.parentNode;
		if (t && t.memhpTip) {
			if (hoverKey !== t.getAttribute('data-key')) { hoverKey = t.getAttribute('data-key'); showTip(t.memhpTip); }
			else placeTip();
		} else if (hoverKey !== null) {
			hoverKey = null; tip.style.display = 'none';
		}
	});
	document.addEventListener('mouseleave', function () { hoverKey = null; tip.style.display = 'none'; });

	function blockTip(m, b) {
		const z = b.zones.length ? b.zones.join(' + ') : 'none';
		return {
			title: 'memory' + b.id,
			swatch: b.state === 'offline' ? '#e2e8f0' : (ZONE_VAR[b.zones[b.zones.length - 1]] || '#e2e8f0'),
			rows: [
				['range', range(b.start, b.end), true],
				['size', size(b.end - b.start)],
				['state', b.state],
				['zone', z],
				['valid_zones', b.valid_zones || '—', true],
				['node', b.node === null ? '—' : 'node' + b.node],
				['device', deviceLabel(m, b.device)],
				['sysfs', '/sys/devices/system/memory/memory' + b.id, true],
			],
		};
	}
	function runTip(m, run) {
		const a = run[0], z = run[run.length - 1];
		const t = blockTip(m, a);
		t.title = 'memory' + a.id + '–memory' + z.id + ' (' + run.length + ' blocks)';
		t.rows[0] = ['range', range(a.start, z.end), true];
		t.rows[1] = ['size', size(z.end - a.start)];
		t.rows.pop();
		return t;
	}
	function holeTip(m, x) {
		const rows = [['range', range(x.start, x.end), true], ['size', size(x.end - x.start)]];
		let title;
		if (x.kind === 'free') {
			title = 'Free device memory';
			rows.push(['what', 'part of the device-memory region with no device']);
		} else if (x.kind === 'device') {
			title = x.device + ': no memory blocks';
			rows.push(['device', deviceLabel(m, x.device)], ['what', 'the DIMM is plugged but the guest has no blocks for it (not added yet, or being removed)']);
		} else {
			title = 'Hole';
			rows.push(['what', 'no memory blocks here']);
			if (x.iomem && x.iomem.length) rows.push(['/proc/iomem', x.iomem.join(', ')]);
		}
		return { title: title, rows: rows };
	}

	/* ---- drawing ---- */
	let prev = new Map(), firstDraw = true;

	function blockTile(m, b) {
		const key = 'b' + b.id;
		const sig = b.state + '|' + b.zones.join(',') + '|' + b.valid_zones + '|' + b.device;
		const el = h('div', {
			class: 'blk' + (b.state === 'going-offline' ? ' going' : ''),
			'data-block': b.id, 'data-state': b.state, 'data-zone': zoneKey(b),
			'data-node': b.node === null ? '' : b.node, 'data-device': b.device === null ? '' : b.device,
			'data-key': key, tip: blockTip(m, b),
		}, h('span', { class: 'id' }, String(b.id)),
			h('span', { class: 'zn' }, b.state === 'offline' ? 'offline' : (b.zones.length > 1 ? 'mixed' : ZONE_SHORT[b.zones[0]] || 'online')));
		paint(el, b);
		if (b.state === 'offline' && b.valid_zones && b.valid_zones !== 'none') {
			const dots = b.valid_zones.split(' ').filter(function (z) { return ZONE_VAR[z]; });
			if (dots.length) el.append(h('span', { class: 'vz' }, dots.map(function (z) { return h('i', { style: { background: ZONE_VAR[z] } }); })));
		}
		if (!firstDraw && prev.get(key) !== sig) el.classList.add('fresh');
		prev.set(key, sig);
		return el;
	}
	function sameLook(a, b) {
		return a.state === b.state && a.zones.join() === b.zones.join() && a.valid_zones === b.valid_zones && a.id + 1 === b.id;
	}
	function tilesFor(m, blocks) {
		const out = [];
		if (blocks.length <= COLLAPSE_OVER) { blocks.forEach(function (b) { out.push(blockTile(m, b)); }); return out; }
		/* many blocks: long runs of look-alike blocks become one wide tile */
		for (let i = 0; i < blocks.length;) {
			let j = i + 1;
			while (j < blocks.length && sameLook(blocks[j - 1], blocks[j])) j++;
			if (j - i >= RUN_MIN) {
				const run = blocks.slice(i, j), a = run[0];
				const el = h('div', {
					class: 'blk run', 'data-run': a.id + '-' + run[run.length - 1].id, 'data-key': 'r' + a.id, tip: runTip(m, run),
				}, h('span', { class: 'id' }, a.id + '–' + run[run.length - 1].id), h('span', { class: 'zn' }, run.length + ' blocks · ' + (a.state === 'offline' ? 'offline' : zoneKey(a))));
				paint(el, a);
				out.push(el);
			} else {
				for (let k = i; k < j; k++) out.push(blockTile(m, blocks[k]));
			}
			i = j;
		}
		return out;
	}

	function nodeChip(n) { return h('span', { class: 'node n' + (n % 8) }, 'node ' + n); }

	function blockLane(m, lane) {
		const bs = lane.blocks, a = bs[0], z = bs[bs.length - 1];
		const on = bs.filter(function (b) { return b.state !== 'offline'; }).length;
		const d = lane.device === null ? null : m.devices.find(function (x) { return x.name === lane.device; });
		const title = h('div', { class: 'title' },
			lane.node === null ? h('span', { class: 'node' }, 'no node') : nodeChip(lane.node),
			lane.device === null ? 'Boot memory' : lane.device,
			d ? h('span', { class: 'tag' }, d.type + (d.slot !== null ? ' · slot ' + d.slot : '')) : null);
		const sub = [h('div', { class: 'sub mono' }, range(a.start, z.end)),
			h('div', { class: 'sub' }, size(z.end - a.start) + ' · ' + plural(bs.length, 'block') + ' · ' + on + ' online, ' + (bs.length - on) + ' offline')];
		if (d) sub.push(h('div', { class: 'sub' }, (d.memdev || '') + (d.hotplugged ? ' · hot-plugged' : ' · cold-plugged') +
			(d.addr !== a.start || d.addr + d.size !== z.end ? ' · device ' + range(d.addr, d.addr + d.size) : '')));
		return h('div', { class: 'lane', 'data-lane': lane.device === null ? 'boot' : lane.device },
			h('div', null, title, sub), h('div', { class: 'tiles' }, tilesFor(m, bs)));
	}

	function holeLane(m, x) {
		let cls = 'hole hatch-gap', label, extra = '';
		if (x.kind === 'free') { cls = 'hole hatch-free'; label = 'free device memory'; }
		else if (x.kind === 'device') { cls = 'hole hatch-dev'; label = x.device + ' · plugged, no memory blocks in the guest'; }
		else { label = 'hole'; extra = x.iomem && x.iomem.length ? x.iomem.join(', ') : ''; }
		return h('div', { class: cls, 'data-hole': x.kind, 'data-key': 'h' + x.start, tip: holeTip(m, x) },
			h('b', null, label), h('span', { class: 'mono' }, range(x.start, x.end)), h('span', null, size(x.end - x.start)),
			extra ? h('span', null, extra) : null);
	}

	function drawMap(m) {
		/* blocks and holes by address; runs of blocks of one node and one device form a lane */
		const items = [];
		m.blocks.forEach(function (b) { items.push({ start: b.start, end: b.end, block: b }); });
		m.holes.forEach(function (x) { items.push({ start: x.start, end: x.end, hole: x }); });
		items.sort(function (p, q) { return p.start - q.start; });
		const dm = m.device_memory, dmEnd = dm ? dm.base + dm.size : 0;
		const root = h('div');
		let region = null, lane = null;
		function flush() { if (lane) { (region || root).append(blockLane(m, lane)); lane = null; } }
		items.forEach(function (it) {
			const inRegion = dm && it.start >= dm.base && it.end <= dmEnd;
			if (inRegion && !region) {
				flush();
				const used = m.devices.reduce(function (s, d) { return s + d.size; }, 0);
				region = h('div', { class: 'region', 'data-region': 'device-memory' },
					h('div', { class: 'rhead' }, h('b', null, 'Device-memory region'), h('span', { class: 'mono' }, range(dm.base, dmEnd)),
						h('span', null, size(dm.size) + ' · ' + plural(m.devices.length, 'device') + ' (' + size(used) + ')' +
							(m.dimm_slots ? ' · ' + m.dimm_slots + ' DIMM slots' : ''))));
			} else if (!inRegion && region) {
				flush();
				root.append(region);
				region = null;
			}
			if (it.hole) { flush(); (region || root).append(holeLane(m, it.hole)); return; }
			const b = it.block;
			if (lane && lane.node === b.node && lane.device === b.device) lane.blocks.push(b);
			else { flush(); lane = { node: b.node, device: b.device, blocks: [b] }; }
		});
		flush();
		if (region) root.append(region);
		if (!items.length) root.append(h('div', { class: 'sub' }, 'no memory blocks'));
		$('map').replaceChildren(root);
	}

	function drawOverview(m) {
		const end = m.end || 1, ov = $('ov');
		const segs = [];
		function cat(it) {
			if (it.hole) return it.hole.kind === 'free' ? 'hatch-free' : it.hole.kind === 'device' ? 'hatch-dev' : 'hatch-gap';
			const b = it.block;
			if (b.state === 'offline') return 'off';
			return b.zones.length === 1 ? ZONE_CLASS[b.zones[0]] || 'off' : 'mixed:' + b.zones.join(',');
		}
		const items = [];
		m.blocks.forEach(function (b) { items.push({ start: b.start, end: b.end, block: b }); });
		m.holes.forEach(function (x) { items.push({ start: x.start, end: x.end, hole: x }); });
		items.sort(function (p, q) { return p.start - q.start; });
		items.forEach(function (it) {
			const c = cat(it), last = segs[segs.length - 1];
			if (last && last.cat === c && last.end === it.start) { last.end = it.end; last.items.push(it); }
			else segs.push({ cat: c, start: it.start, end: it.end, items: [it] });
		});
		ov.replaceChildren.apply(ov, segs.map(function (s) {
			const el = h('div', { class: 'seg', 'data-key': 'o' + s.start, style: { left: (100 * s.start / end) + '%', width: (100 * (s.end - s.start) / end) + '%' } });
			const first = s.items[0];
			if (first.hole) { el.classList.add(s.cat); el.memhpTip = holeTip(m, first.hole); }
			else {
				paint(el, first.block);
				if (first.block.state === 'offline') el.style.setProperty('background', 'repeating-linear-gradient(90deg, #64748b 0 2px, #e2e8f0 2px 4px)');
				const blocks = s.items.map(function (i) { return i.block; });
				el.memhpTip = blocks.length > 1 ? runTip(m, blocks) : blockTip(m, blocks[0]);
			}
			return el;
		}));
		/* axis: round steps of a power of two */
		let step = 1;
		while (end / step > 8) step *= 2;
		const ax = [h('span', { class: 'first' }, '0')];
		for (let a = step; a < end - step / 3; a += step) ax.push(h('span', { style: { left: (100 * a / end) + '%' } }, size(a)));
		ax.push(h('span', { class: 'last', style: { left: '100%' } }, size(end)));
		$('ovaxis').replaceChildren.apply($('ovaxis'), ax);
		const dm = m.device_memory;
		$('ovdm').replaceChildren(dm ? h('div', { style: { left: (100 * dm.base / end) + '%', width: 'calc(' + (100 * dm.size / end) + '% - 2px)' } },
			h('span', null, 'device-memory region · ' + size(dm.size))) : '');
	}

	function drawChips(m) {
		const online = m.blocks.filter(function (b) { return b.state !== 'offline'; });
		const bs = m.block_size_bytes;
		function chip(k, v, small) { return h('div', { class: 'chip' }, h('div', { class: 'k' }, k), h('div', { class: 'v' }, v, small ? h('small', null, ' ' + small) : null)); }
		$('chips').replaceChildren(
			chip('Kernel', 'Linux ' + m.kernel),
			chip('Online', size(online.length * bs), plural(online.length, 'block')),
			chip('Offline', size((m.blocks.length - online.length) * bs), plural(m.blocks.length - online.length, 'block')),
			chip('Block size', size(bs)),
			chip('Nodes', String(m.nodes.filter(function (n) { return n.online; }).length)),
			chip('DIMMs', String(m.devices.length), m.dimm_slots ? 'of ' + m.dimm_slots + ' slots' : 'no slots'),
			chip('auto_online_blocks', m.auto_online_blocks),
			chip('online_policy', m.online_policy));
	}

	function drawLegend() {
		function it(sw, text) { return h('div', { class: 'it' }, sw, text); }
		function sw(cls, style) { return h('span', { class: 'sw ' + cls, style: style }); }
		$('legend').replaceChildren(
			it(sw('z-dma'), 'online · DMA'), it(sw('z-dma32'), 'online · DMA32'), it(sw('z-normal'), 'online · Normal'),
			it(sw('z-movable'), 'online · Movable'),
			it(sw('', { background: 'linear-gradient(135deg, var(--dma) 0 50%, var(--dma32) 50% 100%)' }), 'online · several zones'),
			it(sw('off'), 'offline (zone none)'),
			it(h('span', { class: 'dots' }, h('i', { style: { background: 'var(--normal)' } }), h('i', { style: { background: 'var(--movable)' } })), 'zones it can be onlined to (valid_zones)'),
			it(sw('hatch-gap'), 'hole: no memory blocks'), it(sw('hatch-free'), 'free device memory'),
			it(sw('hatch-dev'), 'DIMM without blocks'));
	}

	function drawTables(m) {
		const dt = h('table', null, h('tr', null, ['device', 'range', 'size', 'node', 'slot', 'memdev', 'plugged', 'blocks', 'guest'].map(function (t) { return h('th', null, t); })));
		if (!m.devices.length) dt.append(h('tr', null, h('td', { class: 'empty', colspan: 9 }, 'no memory devices: hot-plug one with QMP object-add and device_add')));
		m.devices.forEach(function (d) {
			const bl = m.blocks.filter(function (b) { return b.device === d.name; });
			const on = bl.filter(function (b) { return b.state !== 'offline'; }).length;
			dt.append(h('tr', null, h('td', null, h('b', null, d.name), ' ', h('span', { class: 'tag' }, d.type || '?')),
				h('td', { class: 'mono' }, range(d.addr, d.addr + d.size)), h('td', null, size(d.size)),
				h('td', null, d.node === null ? '—' : String(d.node)), h('td', null, d.slot === null ? '—' : String(d.slot)),
				h('td', { class: 'mono' }, d.memdev || '—'), h('td', null, d.hotplugged ? 'hot-plugged' : 'at start'), h('td', null, bl.length ? on + '/' + bl.length + ' online' : '—'),
				h('td', { class: d.guest_added ? 'ok' : 'warn' }, d.guest_added ? 'added' : 'not added')));
		});
		$('devices').replaceChildren(dt);
		const nt = h('table', null, h('tr', null, ['node', 'cpus', 'online', 'offline', 'zones'].map(function (t) { return h('th', null, t); })));
		m.nodes.forEach(function (n) {
			const bl = m.blocks.filter(function (b) { return b.node === n.id; });
			const on = bl.filter(function (b) { return b.state !== 'offline'; });
			const zones = [];
			on.forEach(function (b) { b.zones.forEach(function (z) { if (zones.indexOf(z) < 0) zones.push(z); }); });
			nt.append(h('tr', null, h('td', null, nodeChip(n.id), n.online ? '' : ' (offline)'),
				h('td', null, n.cpus.length ? n.cpus.join(', ') : '—'),
				h('td', null, size(on.length * m.block_size_bytes)), h('td', null, size((bl.length - on.length) * m.block_size_bytes)),
				h('td', null, zones.length ? zones.map(function (z) { return h('span', { class: 'tag', style: { 'border-color': ZONE_VAR[z] } }, z); }) : '—')));
		});
		$('nodes').replaceChildren(nt);
	}

	function render(m) {
		drawChips(m);
		drawOverview(m);
		drawMap(m);
		drawTables(m);
		$('gen').textContent = String(m.generation);
		$('updated').textContent = 'updated ' + new Date().toLocaleTimeString();
		firstDraw = false;
		/* keep the hover card on what is under the mouse */
		if (hoverKey !== null) {
			const el = document.querySelector('[data-key="' + CSS.escape(hoverKey) + '"]');
			if (el && el.memhpTip) showTip(el.memhpTip);
			else { hoverKey = null; tip.style.display = 'none'; }
		}
	}

	function setStatus(live, text) {
		$('status').className = 'status' + (live ? ' live' : '');
		$('statustext').textContent = text;
	}

	drawLegend();
	let since = null;
	async function poll() {
		for (;;) {
			try {
				const r = await fetch('/api/map' + (since === null ? '' : '?since=' + since), { cache: 'no-store' });
				if (!r.ok) throw new Error('HTTP ' + r.status);
				const m = await r.json();
				if (since === null || m.generation !== since) render(m);
				since = m.generation;
				setStatus(true, 'live · generation ' + m.generation);
				$('err').style.display = 'none';
			} catch (e) {
				setStatus(false, 'reconnecting…');
				$('err').textContent = 'Cannot reach memhp (' + e.message + '); retrying.';
				$('err').style.display = 'block';
				since = null;
				await new Promise(function (res) { setTimeout(res, 1000); });
			}
		}
	}
	poll();
})();
