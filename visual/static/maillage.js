/* Maillage pages: draws the network from the JSON the server embedded, then stops physics.
   Every text coming from the data goes through textContent: names are never parsed as HTML. */
(function () {
  "use strict";

  var dataElement = document.getElementById("graph-data");
  var year = document.getElementById("year");
  if (year) {
    var shown = document.getElementById("year-shown");
    var label = function () {
      shown.textContent = year.value === year.dataset.all ? year.dataset.allLabel : year.value;
    };
    year.addEventListener("input", label);
    year.addEventListener("change", function () {
      if (year.value === year.dataset.all) { year.disabled = true; }
      year.form.requestSubmit();
    });
  }
  if (!dataElement) { return; }

  var data = JSON.parse(dataElement.textContent);
  var words = JSON.parse(document.getElementById("words").textContent);
  var container = document.getElementById("network");
  var started = performance.now();

  function element(tag, text, className) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    if (className) { node.className = className; }
    return node;
  }

  function describe(id, withLink) {
    var d = data.details[id] || {};
    var box = element("div", null, "tip");
    box.appendChild(element("strong", d.name));
    if (d.world) { box.appendChild(element("div", d.world + (d.catalyst ? " · ★ " + words.catalyst : ""))); }
    if (d.external) { box.appendChild(element("div", words.external)); }
    if (d.commune) { box.appendChild(element("div", words.commune + " : " + d.commune)); }
    if (d.size) { box.appendChild(element("div", d.size + " " + words.organisations)); }
    if (d.worlds) {
      box.appendChild(element("div", Object.keys(d.worlds).map(function (w) { return w + " " + d.worlds[w]; }).join(", ")));
    }
    var list = d.alliances || d.top_members || [];
    if (list.length) {
      box.appendChild(element("div", (d.alliances ? words.top_alliances : words.members) + " :"));
      var ul = element("ul");
      list.forEach(function (name) { ul.appendChild(element("li", name)); });
      if (d.more_alliances) { ul.appendChild(element("li", "+ " + d.more_alliances)); }
      box.appendChild(ul);
    }
    if (d.community !== null && d.community !== undefined && !d.size) {
      box.appendChild(element("div", words.community + " " + d.community));
    }
    if (d.concentrated) { box.appendChild(element("div", "⚠ " + words.concentrated, "flag")); }
    if (withLink && d.url) {
      var link = element("a", words.open_page);
      link.href = d.url;
      box.appendChild(link);
    }
    return box;
  }

  var nodes = new vis.DataSet(data.nodes.map(function (node) {
    node.title = describe(node.id, true);
    return node;
  }));
  var edges = new vis.DataSet(data.edges);
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, data.options);
  var state = { network: network, nodes: nodes, edges: edges, ready: false, stabilisedMs: null };
  window.maillage = state;

  // Node labels keep one size on screen whatever the zoom, and are drawn only inside the view and
  // where they cover no other node and no other label, below their node or else above it: the
  // focused organisation first, then the largest nodes; the others are left to the tooltip.
  // Zooming in makes room for more of them.
  var LABEL_PX = 13;
  var named = data.nodes.filter(function (node) { return node.label && node.label.trim(); });
  named.sort(function (a, b) { return (b.font ? 1 : 0) - (a.font ? 1 : 0) || b.size - a.size; });
  function overlaps(a, b) {
    return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
  }
  function nodeBox(id, size) {
    var body = network.body.nodes[id];
    return { left: body.x - size, right: body.x + size, top: body.y - size, bottom: body.y + size };
  }
  function keepLabelsApart() {
    var shown = data.nodes.filter(function (node) { var n = nodes.get(node.id); return n && !n.hidden; });
    var shapes = shown.map(function (node) { return { id: node.id, box: nodeBox(node.id, node.size) }; });
    var rect = container.getBoundingClientRect();
    var corner = network.DOMtoCanvas({ x: 0, y: 0 });
    var far = network.DOMtoCanvas({ x: rect.width, y: rect.height });
    function inView(box) {
      return box.left >= corner.x && box.right <= far.x && box.top >= corner.y && box.bottom <= far.y;
    }
    // The communities' names (drawn over the nodes on a light band) are placed first.
    var kept = (state.halos || []).filter(function (h) { return h.box; }).map(function (h) {
      var a = network.DOMtoCanvas({ x: h.box.left, y: h.box.top });
      var b = network.DOMtoCanvas({ x: h.box.right, y: h.box.bottom });
      return { left: a.x, top: a.y, right: b.x, bottom: b.y };
    });
    var halos = kept.length;
    var changes = [];
    named.forEach(function (node) {
      var body = network.body.nodes[node.id];
      if (!body || nodes.get(node.id).hidden) { return; }
      // vis-network measures the label below its node; vadjust moves the drawn text only.
      var size = body.labelModule.size;
      var below = { left: size.left, right: size.left + size.width, top: size.top, bottom: size.top + size.height };
      var top = body.y - node.size - (below.top - body.y - node.size) - size.height;
      var above = { left: below.left, right: below.right, top: top, bottom: top + size.height };
      var box = [below, above].filter(function (candidate) {
        return inView(candidate) && !kept.some(function (other) { return overlaps(candidate, other); }) &&
          !shapes.some(function (shape) { return shape.id !== node.id && overlaps(candidate, shape.box); });
      })[0];
      if (!box) {
        changes.push({ id: node.id, label: " " });
      } else {
        kept.push(box);
        if (box === above) { changes.push({ id: node.id, font: { vadjust: above.top - below.top } }); }
      }
    });
    nodes.update(changes);
    var shown = kept.length - halos;
    state.labels = { shown: shown, hidden: named.length - shown, scale: network.getScale() };
    container.dataset.ready = "true";
  }
  function placeLabels() {
    var scale = network.getScale();
    nodes.update(named.map(function (node) {
      var px = LABEL_PX * (node.font && node.font.size ? node.font.size / 14 : 1);
      return { id: node.id, label: node.label, font: { size: px / scale, vadjust: 0 } };
    }));
    // The label sizes are measured by vis-network as it draws: decide after the next drawing.
    network.once("afterDrawing", keepLabelsApart);
    network.redraw();
  }
  var zoomed = null;
  function placeLabelsSoon() {
    clearTimeout(zoomed);
    zoomed = setTimeout(placeLabels, 150);
  }
  network.on("zoom", placeLabelsSoon);
  network.on("animationFinished", placeLabelsSoon);
  network.on("dragEnd", placeLabelsSoon);

  function settled() {
    if (state.ready) { return; }
    network.setOptions({ physics: false });
    placeLabels();
    state.ready = true;
    state.stabilisedMs = performance.now() - started;
    var loading = document.getElementById("loading");
    if (loading) { loading.hidden = true; }
  }
  network.once("stabilizationIterationsDone", settled);
  network.once("stabilized", settled);
  if (data.nodes.length === 0) { settled(); }
  network.on("stabilizationProgress", function (p) {
    var loading = document.getElementById("loading");
    if (loading) { loading.textContent = words.loading + " " + Math.round(100 * p.iterations / p.total) + " %"; }
  });

  // Concentrated communities: a halo made of a disc around each member (so it never reaches a
  // non-member lying between them, as one circle around the whole group would), drawn under the
  // nodes, and a label above the members, drawn over them on a light band so that no node hides
  // it, kept on the canvas and left out when it would cover another label.
  var HALO_PAD = 26;
  var haloShapes = [];
  network.on("beforeDrawing", function (ctx) {
    haloShapes = [];
    data.halos.forEach(function (halo) {
      var positions = network.getPositions(halo.members);
      var ids = Object.keys(positions);
      if (!ids.length) { return; }
      ctx.save();
      ctx.beginPath();
      var top = Infinity, cx = 0;
      ids.forEach(function (id) {
        var p = positions[id];
        ctx.moveTo(p.x + HALO_PAD, p.y);
        ctx.arc(p.x, p.y, HALO_PAD, 0, 2 * Math.PI);
        top = Math.min(top, p.y);
        cx += p.x;
      });
      cx /= ids.length;
      ctx.fillStyle = "rgba(193, 18, 31, 0.18)";
      ctx.fill("nonzero");
      ctx.restore();
      haloShapes.push({ label: halo.label, members: ids, cx: cx, top: top });
    });
  });
  network.on("afterDrawing", function (ctx) {
    var placed = [];
    var scale = network.getScale();
    var fontPx = 15;
    var view = container.getBoundingClientRect();
    state.halos = [];
    haloShapes.forEach(function (shape) {
      // The label, in screen pixels: centred above the members, clamped inside the canvas, and
      // moved down a line (or dropped) rather than drawn over another label.
      var text = "⚠ " + shape.label;
      ctx.save();
      ctx.font = "bold " + Math.round(fontPx / scale) + "px system-ui, sans-serif";
      var width = ctx.measureText(text).width * scale;
      var anchor = network.canvasToDOM({ x: shape.cx, y: shape.top - HALO_PAD - 8 / scale });
      var box = null;
      for (var tries = 0; tries < 4 && !box; tries++) {
        var left = Math.min(Math.max(anchor.x - width / 2, 4), view.width - width - 4);
        var bottom = Math.min(Math.max(anchor.y + tries * (fontPx + 6), fontPx + 4), view.height - 4);
        var candidate = { left: left, right: left + width, top: bottom - fontPx, bottom: bottom };
        var clash = placed.some(function (other) {
          return candidate.left < other.right && other.left < candidate.right &&
                 candidate.top < other.bottom + 2 && other.top < candidate.bottom + 2;
        });
        if (!clash) { box = candidate; }
      }
      if (box && width <= view.width - 8) {
        placed.push(box);
        var corner = network.DOMtoCanvas({ x: box.left - 3, y: box.top - 3 });
        var at = network.DOMtoCanvas({ x: box.left + width / 2, y: box.bottom });
        ctx.fillStyle = "rgba(255, 255, 255, 0.85)";
        ctx.fillRect(corner.x, corner.y, (width + 6) / scale, (fontPx + 7) / scale);
        ctx.textAlign = "center";
        ctx.fillStyle = "#c1121f";
        ctx.fillText(text, at.x, at.y);
      }
      ctx.restore();
      state.halos.push({ label: shape.label, members: shape.members, pad: HALO_PAD, box: box });
    });
  });

  var selection = document.getElementById("selection");
  network.on("click", function (params) {
    if (!params.nodes.length) { selection.hidden = true; return; }
    var id = params.nodes[0];
    if (data.kind === "communities") {
      window.location.href = data.details[id].url;
      return;
    }
    selection.replaceChildren(describe(id, true));
    selection.hidden = false;
  });
  network.on("doubleClick", function (params) {
    if (params.nodes.length && data.details[params.nodes[0]].url) {
      window.location.href = data.details[params.nodes[0]].url;
    }
  });

  // Find and focus.
  var byName = {};
  var names = document.getElementById("focus-names");
  Object.keys(data.details).forEach(function (id) {
    var name = data.details[id].name;
    byName[name.toLowerCase()] = id;
    var option = document.createElement("option");
    option.value = name;
    names.appendChild(option);
  });
  var focus = document.getElementById("focus");
  focus.addEventListener("change", function () {
    var id = byName[focus.value.trim().toLowerCase()];
    if (!id) { return; }
    network.selectNodes([id]);
    network.focus(id, { scale: 1.3, animation: { duration: 400 } });
    if (data.kind !== "communities") {
      selection.replaceChildren(describe(id, true));
      selection.hidden = false;
    }
  });

  // Worlds shown or hidden, without a round trip.
  Array.prototype.forEach.call(document.querySelectorAll(".world-filter"), function (box) {
    box.addEventListener("change", function () {
      var hidden = {};
      Array.prototype.forEach.call(document.querySelectorAll(".world-filter"), function (b) {
        if (!b.checked) { hidden[b.value] = true; }
      });
      nodes.update(data.nodes.map(function (node) {
        var world = (data.details[node.id] || {}).world;
        return { id: node.id, hidden: Boolean(world && hidden[world]) };
      }));
      placeLabels();
    });
  });

  // Public money (the dashed edges) shown or hidden, without a round trip.
  var moneyBox = document.getElementById("money-filter");
  if (moneyBox) {
    moneyBox.addEventListener("change", function () {
      edges.update(edges.get({ filter: function (edge) { return edge.money; } }).map(function (edge) {
        return { id: edge.id, hidden: !moneyBox.checked };
      }));
    });
  }

  var png = document.getElementById("download-png");
  if (png) {
    png.addEventListener("click", function () {
      var link = document.createElement("a");
      link.href = container.querySelector("canvas").toDataURL("image/png");
      link.download = (document.title.split(" · ")[0] || "maillage") + ".png";
      document.body.appendChild(link);
      link.click();
      link.remove();
    });
  }
})();
