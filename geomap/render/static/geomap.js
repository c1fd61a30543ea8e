/* geomap map page: builds every layer and control from one JSON data blob.
 *
 * Part of geomap (our own code). Input text is only ever put into the page with
 * textContent / DOM APIs, never as HTML; links are made only from http(s) URLs.
 * Needs Leaflet 1.9 and supercluster 8 (Leaflet.heat for the heatmap).
 */
(function () {
  "use strict";

  var DAY_MS = 86400000;
  var SIDES = {
    AF: "Afghan side",
    PK: "Pakistani side",
    other: "outside Afghanistan and Pakistan",
    ambiguous: "side uncertain (the line lies within the location's uncertainty)"
  };

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  // Only for our own constants (style codes, labels); input text never goes through HTML.
  function escapeHtml(text) {
    return String(text).replace(/[&<>"'`]/g, function (c) {
      return "&#" + c.charCodeAt(0) + ";";
    });
  }

  function column(data, name) {
    var c = data[name];
    if (c === null || c === undefined) return function () { return null; };
    if (Array.isArray(c)) return function (i) { return c[i]; };
    var dict = c.dict, codes = c.codes;
    return function (i) { var j = codes[i]; return j < 0 ? null : dict[j]; };
  }

  function httpUrl(text) {
    if (typeof text !== "string") return null;
    try {
      var url = new URL(text);
      return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
    } catch (e) {
      return null;
    }
  }

  function fmtKm(km) {
    if (km === null || km === undefined) return null;
    if (km < 10) return km.toFixed(2) + " km";
    if (km < 100) return km.toFixed(1) + " km";
    return Math.round(km).toLocaleString("en") + " km";
  }

  // ISO "YYYY", "YYYY-MM" or "YYYY-MM-DD" -> [first day, last day] as day numbers.
  function dayRange(text) {
    if (typeof text !== "string") return null;
    var m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?:$|T)/.exec(text);
    if (!m) return null;
    var y = +m[1], mo = m[2] ? +m[2] - 1 : null, d = m[3] ? +m[3] : null;
    if (mo !== null && (mo < 0 || mo > 11)) return null;
    if (d !== null && (d < 1 || d > 31)) return null;
    if (mo === null) return [Date.UTC(y, 0, 1) / DAY_MS, Date.UTC(y, 11, 31) / DAY_MS];
    if (d === null) return [Date.UTC(y, mo, 1) / DAY_MS, Date.UTC(y, mo + 1, 0) / DAY_MS];
    return [Date.UTC(y, mo, d) / DAY_MS, Date.UTC(y, mo, d) / DAY_MS];
  }

  function isoDay(day) {
    return new Date(day * DAY_MS).toISOString().slice(0, 10);
  }

  // Geodesic distance on the WGS84 ellipsoid in metres (Vincenty's inverse formula).
  function geodesicM(lat1, lon1, lat2, lon2) {
    var a = 6378137, f = 1 / 298.257223563, b = a * (1 - f), rad = Math.PI / 180;
    var L = (lon2 - lon1) * rad;
    var U1 = Math.atan((1 - f) * Math.tan(lat1 * rad));
    var U2 = Math.atan((1 - f) * Math.tan(lat2 * rad));
    var sinU1 = Math.sin(U1), cosU1 = Math.cos(U1), sinU2 = Math.sin(U2), cosU2 = Math.cos(U2);
    var lambda = L, lambdaP, iter = 0;
    var sinSigma, cosSigma, sigma, cosSqAlpha, cos2SigmaM;
    do {
      var sinLambda = Math.sin(lambda), cosLambda = Math.cos(lambda);
      var t1 = cosU2 * sinLambda, t2 = cosU1 * sinU2 - sinU1 * cosU2 * cosLambda;
      sinSigma = Math.sqrt(t1 * t1 + t2 * t2);
      if (sinSigma === 0) return 0;
      cosSigma = sinU1 * sinU2 + cosU1 * cosU2 * cosLambda;
      sigma = Math.atan2(sinSigma, cosSigma);
      var sinAlpha = (cosU1 * cosU2 * sinLambda) / sinSigma;
      cosSqAlpha = 1 - sinAlpha * sinAlpha;
      cos2SigmaM = cosSqAlpha !== 0 ? cosSigma - (2 * sinU1 * sinU2) / cosSqAlpha : 0;
      var C = (f / 16) * cosSqAlpha * (4 + f * (4 - 3 * cosSqAlpha));
      lambdaP = lambda;
      lambda = L + (1 - C) * f * sinAlpha *
        (sigma + C * sinSigma * (cos2SigmaM + C * cosSigma * (-1 + 2 * cos2SigmaM * cos2SigmaM)));
    } while (Math.abs(lambda - lambdaP) > 1e-12 && ++iter < 200);
    if (iter >= 200) return NaN; // nearly antipodal points: no convergence
    var uSq = (cosSqAlpha * (a * a - b * b)) / (b * b);
    var A = 1 + (uSq / 16384) * (4096 + uSq * (-768 + uSq * (320 - 175 * uSq)));
    var B = (uSq / 1024) * (256 + uSq * (-128 + uSq * (74 - 47 * uSq)));
    var dSigma = B * sinSigma * (cos2SigmaM + (B / 4) * (cosSigma * (-1 + 2 * cos2SigmaM * cos2SigmaM) -
      (B / 6) * cos2SigmaM * (-3 + 4 * sinSigma * sinSigma) * (-3 + 4 * cos2SigmaM * cos2SigmaM)));
    return b * A * (sigma - dSigma);
  }

  function control(position, className, build) {
    var C = L.Control.extend({
      onAdd: function () {
        var box = el("div", "leaflet-bar geomap-control " + className);
        L.DomEvent.disableClickPropagation(box);
        L.DomEvent.disableScrollPropagation(box);
        build(box);
        return box;
      }
    });
    return new C({ position: position });
  }

  function button(text, title, onClick) {
    var b = el("button", "geomap-button", text);
    b.type = "button";
    b.title = title;
    b.setAttribute("aria-label", title);
    L.DomEvent.on(b, "click", function (e) { L.DomEvent.stop(e); onClick(b); });
    return b;
  }

  function render(map, dataId) {
    var data = JSON.parse(document.getElementById(dataId).textContent);
    var inc = data.incidents, n = inc.n, types = data.types;
    var col = {};
    ["id", "title", "date", "date_precision", "place", "admin1", "country", "geo_precision",
      "side", "nearest_crossing", "source_title", "source_published", "quote", "notes",
      "source_url", "source_url_text", "uncertainty_km", "distance_to_border_km",
      "nearest_crossing_km", "fatalities"].forEach(function (name) { col[name] = column(inc, name); });
    var api = { map: map, data: data, ready: false };
    var container = map.getContainer();
    // Without tiles Leaflet knows no zoom limits; clustering needs one.
    if (map.options.maxZoom === undefined) map.setMaxZoom(18);
    if (map.options.minZoom === undefined) map.setMinZoom(2);

    // ---- attribution, panes ----------------------------------------------------
    map.attributionControl.setPrefix('<a href="https://leafletjs.com">Leaflet</a>');
    data.attributions.forEach(function (html) { map.attributionControl.addAttribution(html); });
    // One pane per basemap layer, so their order holds whenever a layer is re-added.
    map.createPane("geomapWorld").style.zIndex = 240;
    map.createPane("geomapBasemap").style.zIndex = 250;
    map.createPane("geomapProvinces").style.zIndex = 260;
    var canvas = L.canvas({ padding: 0.3 });

    // ---- base layers --------------------------------------------------------------
    var baseLayers = {}, overlays = {};
    var outline = L.layerGroup();
    if (data.basemap.world) {
      L.geoJSON(data.basemap.world, {
        pane: "geomapWorld", style: L.extend({ className: "geomap-world" }, data.styles.world),
        interactive: false
      }).addTo(outline);
    }
    L.geoJSON(data.basemap.countries, {
      pane: "geomapBasemap", style: data.styles.countries, interactive: false
    }).addTo(outline);
    // Without tiles the map's background is the sea around the outlines.
    function seaUnder(on) { L.DomUtil[on ? "addClass" : "removeClass"](container, "geomap-sea"); }
    if (data.tiles) {
      var tiles = L.tileLayer(data.tiles.url, { maxZoom: 19, attribution: data.tiles.attribution });
      baseLayers["OpenStreetMap"] = tiles.addTo(map);
      baseLayers["Country outlines (no tiles)"] = outline;
      map.on("baselayerchange", function (e) { seaUnder(e.layer === outline); });
    } else {
      baseLayers["Country outlines (offline)"] = outline.addTo(map);
      seaUnder(true);
    }
    if (data.basemap.provinces) {
      overlays["Provinces (Natural Earth)"] = L.geoJSON(data.basemap.provinces, {
        pane: "geomapProvinces", style: data.styles.provinces, interactive: false
      }).addTo(map);
    }

    // ---- border, buffers, crossings -----------------------------------------------
    data.buffers.forEach(function (buffer) {
      var layer = L.geoJSON(buffer.geometry, {
        style: L.extend({ className: "geomap-buffer" }, data.styles.buffer), interactive: false
      });
      overlays["Within " + buffer.km + " km of the line (geodesic)"] = layer.addTo(map);
    });
    var borderTip = el("div", "geomap-tip");
    borderTip.appendChild(el("b", null, data.border.name));
    borderTip.appendChild(el("div", null, data.border.length_text));
    borderTip.appendChild(el("div", "geomap-disputed", data.disputed_note));
    borderTip.appendChild(el("div", "geomap-muted", data.border.source));
    var border = L.geoJSON(data.border.geometry, {
      style: L.extend({ className: "geomap-border" }, data.styles.border)
    }).bindTooltip(borderTip, { sticky: true });
    overlays["Durand Line (disputed)"] = border.addTo(map);

    var crossings = L.layerGroup();
    data.crossings.forEach(function (c) {
      var tip = el("div", "geomap-tip");
      tip.appendChild(el("b", null, c.name));
      if (c.status) tip.appendChild(el("div", null, "Status: " + c.status));
      var pop = el("div", "geomap-popup");
      pop.appendChild(el("h3", null, "Crossing: " + c.name));
      if (c.status) pop.appendChild(el("p", null, "Status: " + c.status));
      if (c.uncertainty_km !== null) {
        pop.appendChild(el("p", null, "Position uncertain to about " + fmtKm(c.uncertainty_km)));
      }
      if (c.note) pop.appendChild(el("p", "geomap-muted", c.note));
      L.circleMarker([c.lat, c.lon], L.extend({ className: "geomap-crossing" }, data.styles.crossing))
        .bindTooltip(tip).bindPopup(pop).addTo(crossings);
    });
    overlays["Border crossings (" + data.crossings.length + ")"] = crossings.addTo(map);

    // ---- incidents ----------------------------------------------------------------------
    var icons = types.map(function (t, k) {
      return [false, true].map(function (undated) {
        return L.divIcon({
          className: "geomap-marker geomap-group-" + escapeHtml(t.group) + (undated ? " geomap-undated" : ""),
          html: '<span class="geomap-sym geomap-' + escapeHtml(t.shape) + " geomap-t" + k + '"><b>' +
            escapeHtml(t.code) + "</b></span>",
          iconSize: [22, 22],
          iconAnchor: [11, 11],
          popupAnchor: [0, -10]
        });
      });
    });
    var ranges = new Array(n), markers = new Array(n), typeCount = types.map(function () { return 0; });
    var groupNames = Object.keys(data.groups);
    var minDay = Infinity, maxDay = -Infinity, undatedCount = 0;
    for (var i = 0; i < n; i++) {
      var r = dayRange(col.date(i));
      ranges[i] = r;
      if (r) { if (r[0] < minDay) minDay = r[0]; if (r[1] > maxDay) maxDay = r[1]; } else undatedCount++;
      typeCount[inc.type[i]]++;
    }
    // Markers are made only when first drawn: at 100,000 incidents most never are.
    function markerFor(j) {
      if (!markers[j]) {
        markers[j] = L.marker([inc.lat[j], inc.lon[j]], {
          icon: icons[inc.type[j]][ranges[j] ? 0 : 1], gi: j, title: col.title(j) || "", keyboard: false
        });
      }
      return markers[j];
    }

    function popupContent(i) {
      var t = types[inc.type[i]];
      var box = el("div", "geomap-popup");
      box.appendChild(el("h3", null, col.title(i) || "(untitled)"));
      var dl = el("dl");
      function row(label, value) {
        if (value === null || value === undefined || value === "") return null;
        dl.appendChild(el("dt", null, label));
        var dd = el("dd", null, typeof value === "string" ? value : null);
        if (typeof value !== "string") dd.appendChild(value);
        dl.appendChild(dd);
        return dd;
      }
      row("Type", t.label);
      var date = col.date(i), dp = col.date_precision(i);
      row("Date", date ? date + (dp ? " (" + dp + ")" : "") + (ranges[i] ? "" : " (not an ISO date)") : "undated");
      var place = [col.place(i), col.admin1(i), col.country(i)].filter(Boolean).join(", ");
      var prec = [];
      if (col.geo_precision(i)) prec.push(col.geo_precision(i));
      if (col.uncertainty_km(i) !== null) prec.push("\u00b1" + fmtKm(col.uncertainty_km(i)));
      row("Place", (place || "(unnamed)") + (prec.length ? " \u2014 precision: " + prec.join(", ") : ""));
      var dist = col.distance_to_border_km(i), side = col.side(i);
      if (dist !== null || side) {
        row("Border", (dist !== null ? fmtKm(dist) + " from the Durand Line" : "distance unknown") +
          (side ? ", " + (SIDES[side] || side) : ""));
      }
      if (col.nearest_crossing(i)) {
        var ck = col.nearest_crossing_km(i);
        row("Nearest crossing", col.nearest_crossing(i) + (ck !== null ? " (" + fmtKm(ck) + ")" : ""));
      }
      if (col.fatalities(i) !== null) row("Fatalities", String(col.fatalities(i)));
      var source = el("span", "geomap-source");
      var url = httpUrl(col.source_url(i));
      var label = col.source_title(i) || col.source_url(i) || null;
      if (url) {
        var a = el("a", "geomap-citation", label || url);
        a.href = url;
        a.target = "_blank";
        a.rel = "noopener noreferrer nofollow";
        source.appendChild(a);
      } else if (label) {
        source.appendChild(el("span", "geomap-citation", label));
      }
      var raw = col.source_url_text(i);
      if (raw) source.appendChild(el("span", "geomap-muted", " (link not shown, not an http(s) URL: " + raw + ")"));
      if (col.source_published(i)) source.appendChild(el("span", "geomap-muted", ", published " + col.source_published(i)));
      if (source.childNodes.length) row("Source", source);
      else row("Source", "none given");
      box.appendChild(dl);
      if (col.quote(i)) box.appendChild(el("blockquote", "geomap-quote", col.quote(i)));
      if (col.notes(i)) box.appendChild(el("p", "geomap-muted", col.notes(i)));
      if (col.id(i)) box.appendChild(el("p", "geomap-id", "id: " + col.id(i)));
      return box;
    }

    // Keep popups clear of the title box at the top of the map.
    var popup = L.popup({
      maxWidth: 360, maxHeight: 360, autoPanPaddingTopLeft: [20, 110], autoPanPaddingBottomRight: [20, 20]
    });
    function openIncident(i) {
      popup.setLatLng([inc.lat[i], inc.lon[i]]).setContent(popupContent(i)).openOn(map);
    }
    api.openIncident = openIncident;

    // ---- clustering: one supercluster index per group (violence, border, talks, other),
    // so that talks never merge into a violence cluster; only what is in view is drawn,
    // as one marker per incident or one icon per cluster.
    var maxClusterZoom = 16;
    var indexes = [];
    var drawn = L.featureGroup().addTo(map); // a FeatureGroup: marker clicks reach its handler
    function clusterMarker(f, kind, index) {
      var count = f.properties.point_count;
      var size = count < 10 ? "small" : count < 100 ? "medium" : "large";
      var icon = L.divIcon({
        html: "<div><span>" + count + "</span></div>",
        className: "geomap-cluster geomap-cluster-" + size + " geomap-cluster-" + escapeHtml(kind),
        iconSize: L.point(40, 40)
      });
      var c = f.geometry.coordinates;
      // Clusters sit above single markers so that they stay clickable where both meet.
      var m = L.marker([c[1], c[0]], { icon: icon, cid: f.properties.cluster_id, keyboard: false, zIndexOffset: 1000,
        title: count + " incidents: click to zoom in" });
      m.cluster = f;
      m.index = index;
      return m;
    }
    function draw() {
      drawn.clearLayers();
      var b = map.getBounds(), z = Math.round(map.getZoom());
      var west = b.getWest(), east = b.getEast();
      if (east - west >= 360) { west = -180; east = 180; }
      var bbox = [west, Math.max(-85, b.getSouth()), east, Math.min(85, b.getNorth())];
      indexes.forEach(function (entry) {
        var items = entry.index.getClusters(bbox, z);
        for (var j = 0; j < items.length; j++) {
          var f = items[j];
          drawn.addLayer(f.properties.cluster ? clusterMarker(f, entry.group, entry.index) : markerFor(f.properties.i));
        }
      });
    }
    map.on("moveend", draw);
    function leavesPopup(f, index) {
      var box = el("div", "geomap-popup");
      var leaves = index.getLeaves(f.properties.cluster_id, 50);
      box.appendChild(el("h3", null, f.properties.point_count + " incidents at this place"));
      leaves.forEach(function (leaf) {
        var k = leaf.properties.i;
        box.appendChild(button((col.title(k) || "(untitled)") + (col.date(k) ? ", " + col.date(k) : ""),
          "Show this incident", function () { openIncident(k); }));
      });
      if (f.properties.point_count > leaves.length) box.appendChild(el("p", "geomap-muted", "(first 50 shown)"));
      var c = f.geometry.coordinates;
      popup.setLatLng([c[1], c[0]]).setContent(box).openOn(map);
    }
    drawn.on("click", function (e) {
      var o = e.layer.options;
      if (o.gi !== undefined) { openIncident(o.gi); return; }
      var zoom = e.layer.index.getClusterExpansionZoom(o.cid);
      if (zoom > maxClusterZoom) leavesPopup(e.layer.cluster, e.layer.index);
      else map.setView(e.layer.getLatLng(), zoom);
    });
    api.drawn = drawn;
    api.markers = markers;

    // Per-type switches in the layer control: empty layers whose add/remove refilter.
    var typeOn = types.map(function () { return true; });
    var filtering = true; // no refiltering while the controls are being set up
    var legendOrder = types.map(function (t, k) { return k; });
    legendOrder.forEach(function (k) {
      if (!typeCount[k]) return;
      var t = types[k];
      var sw = L.layerGroup();
      sw.on("add", function () { typeOn[k] = true; refresh(); });
      sw.on("remove", function () { typeOn[k] = false; refresh(); });
      var name = '<span class="geomap-sym geomap-' + escapeHtml(t.shape) + " geomap-t" + k + ' geomap-mini"><b>' +
        escapeHtml(t.code) + "</b></span> " + escapeHtml(t.label) + " (" + typeCount[k] + ")";
      overlays[name] = sw.addTo(map);
    });

    // Uncertainty circles, canvas-drawn and created only when shown (off by default
    // when there are very many).
    var circles = L.layerGroup(), circleIdx = [], circleCache = {};
    for (i = 0; i < n; i++) {
      var u = col.uncertainty_km(i);
      if (u !== null && u >= data.uncertainty_min_km) circleIdx.push(i);
    }
    function circleFor(j) {
      if (!circleCache[j]) {
        circleCache[j] = L.circle([inc.lat[j], inc.lon[j]], L.extend({
          radius: col.uncertainty_km(j) * 1000, renderer: canvas, interactive: false
        }, data.styles.uncertainty));
      }
      return circleCache[j];
    }
    function fillCircles() {
      circles.clearLayers();
      if (!map.hasLayer(circles)) return;
      circleIdx.forEach(function (j) { if (visible(j)) circles.addLayer(circleFor(j)); });
    }
    circles.on("add", function () { if (!filtering) fillCircles(); });
    if (circleIdx.length) {
      overlays["Location uncertainty (" + circleIdx.length + " circles)"] = circles;
      if (circleIdx.length <= data.uncertainty_max_default) circles.addTo(map);
    }

    var heat = null;
    if (data.heatmap && L.heatLayer) {
      heat = L.heatLayer([], { radius: 18, blur: 16, minOpacity: 0.25 });
      overlays["Heatmap (incident density)"] = heat.addTo(map);
    }

    // ---- time filter --------------------------------------------------------------------
    var from = minDay, to = maxDay, showUndated = true;
    var hasDates = isFinite(minDay);

    function visible(i) {
      if (!typeOn[inc.type[i]]) return false;
      var r = ranges[i];
      if (!r) return showUndated;
      return r[1] >= from && r[0] <= to;
    }

    var shown = 0, statusLine = null;
    function refresh() {
      if (filtering) return;
      api.ready = false;
      container.removeAttribute("data-geomap-ready");
      var byGroup = {}, points = [];
      groupNames.forEach(function (g) { byGroup[g] = []; });
      for (var j = 0; j < n; j++) {
        if (!visible(j)) continue;
        var p = { type: "Feature", geometry: { type: "Point", coordinates: [inc.lon[j], inc.lat[j]] },
          properties: { i: j } };
        byGroup[types[inc.type[j]].group].push(p);
        points.push(p);
      }
      shown = points.length;
      indexes = groupNames.filter(function (g) { return byGroup[g].length; }).map(function (g) {
        return { group: g, index: new Supercluster({ radius: 60, maxZoom: maxClusterZoom }).load(byGroup[g]) };
      });
      draw();
      fillCircles();
      if (heat) heat.setLatLngs(points.map(function (f) { return [f.geometry.coordinates[1], f.geometry.coordinates[0]]; }));
      if (statusLine) statusLine.textContent = shownText();
      markReady();
    }
    api.refresh = refresh;

    function shownText() {
      return shown === n ? "all " + n.toLocaleString("en") + " shown"
        : shown.toLocaleString("en") + " of " + n.toLocaleString("en") + " shown";
    }

    function markReady() {
      window.requestAnimationFrame(function () {
        api.ready = true;
        api.readyAtMs = performance.now(); // since navigation start: bench/map.py reads it
        container.setAttribute("data-geomap-ready", "1");
      });
    }

    if (hasDates) {
      control("bottomleft", "geomap-time", function (box) {
        box.appendChild(el("div", "geomap-heading", "Time"));
        var a = el("input"), b = el("input"), text = el("div", "geomap-range");
        [a, b].forEach(function (input) {
          input.type = "range";
          input.min = String(minDay);
          input.max = String(maxDay);
          input.step = "1";
        });
        a.value = String(minDay);
        b.value = String(maxDay);
        a.setAttribute("aria-label", "from date");
        b.setAttribute("aria-label", "to date");
        a.className = "geomap-from";
        b.className = "geomap-to";
        function update() {
          from = Math.min(+a.value, +b.value);
          to = Math.max(+a.value, +b.value);
          text.textContent = isoDay(from) + " \u2013 " + isoDay(to);
        }
        update();
        [a, b].forEach(function (input) {
          L.DomEvent.on(input, "input", update);
          L.DomEvent.on(input, "change", function () { update(); refresh(); });
        });
        box.appendChild(a);
        box.appendChild(b);
        box.appendChild(text);
        var label = el("label", "geomap-undated-toggle");
        var check = el("input");
        check.type = "checkbox";
        check.checked = true;
        L.DomEvent.on(check, "change", function () { showUndated = check.checked; refresh(); });
        label.appendChild(check);
        label.appendChild(document.createTextNode(" undated (" + undatedCount + ")"));
        box.appendChild(label);
        statusLine = el("div", "geomap-muted");
        box.appendChild(statusLine);
      }).addTo(map);
    }

    // ---- furniture: title, legend, search, view, measure, fullscreen -------------------
    var title = el("div", "geomap-title");
    title.appendChild(el("div", "geomap-title-main", data.title));
    var sub = [n.toLocaleString("en") + " incidents on the map"];
    if (data.unplaced) sub.push(data.unplaced + " without coordinates not shown");
    if (data.far) sub.push(data.far + " far from the border (use \u201call incidents\u201d)");
    sub.push(data.border.length_text);
    title.appendChild(el("div", "geomap-title-sub", sub.join(" \u00b7 ")));
    L.DomEvent.disableClickPropagation(title);
    container.appendChild(title);

    control("bottomright", "geomap-legend", function (box) {
      box.appendChild(el("div", "geomap-heading", "Legend"));
      Object.keys(data.groups).forEach(function (g) {
        var members = legendOrder.filter(function (k) { return types[k].group === g && typeCount[k]; });
        if (!members.length) return;
        box.appendChild(el("div", "geomap-legend-group", data.groups[g]));
        members.forEach(function (k) {
          var t = types[k], item = el("div", "geomap-legend-item");
          var sym = el("span", "geomap-sym geomap-mini geomap-" + t.shape + " geomap-t" + k);
          sym.appendChild(el("b", null, t.code));
          item.appendChild(sym);
          item.appendChild(document.createTextNode(" " + t.label + " (" + typeCount[k] + ")"));
          box.appendChild(item);
        });
      });
      [["geomap-key-border", "Durand Line (disputed)"],
        ["geomap-key-buffer", "Distance bands: " + data.buffers.map(function (b) { return b.km; }).join(", ") + " km"],
        ["geomap-key-crossing", "Border crossing"],
        ["geomap-key-uncertainty", "Location uncertainty (radius)"],
        ["geomap-key-undated", "Undated incident (dashed outline)"]].forEach(function (p) {
        var item = el("div", "geomap-legend-item");
        item.appendChild(el("span", "geomap-key " + p[0]));
        item.appendChild(document.createTextNode(" " + p[1]));
        box.appendChild(item);
      });
      box.appendChild(el("div", "geomap-disputed", data.disputed_note));
    }).addTo(map);

    control("topleft", "geomap-search", function (box) {
      var input = el("input");
      input.type = "search";
      input.placeholder = "Search places and titles";
      input.setAttribute("aria-label", "Search incident places and titles");
      var list = el("div", "geomap-results");
      var lower = null, timer = null;
      function search() {
        list.textContent = "";
        var q = input.value.trim().toLowerCase();
        if (!q) return;
        if (!lower) {
          lower = new Array(n);
          for (var j = 0; j < n; j++) {
            lower[j] = ((col.title(j) || "") + "\u0000" + (col.place(j) || "")).toLowerCase();
          }
        }
        var hits = 0;
        for (var k = 0; k < n && hits < 8; k++) {
          if (lower[k].indexOf(q) < 0) continue;
          hits++;
          (function (idx) {
            var text = (col.title(idx) || "(untitled)") + " \u2014 " + (col.place(idx) || "?") +
              (col.date(idx) ? ", " + col.date(idx) : "");
            list.appendChild(button(text, "Show this incident", function () { focusIncident(idx); }));
          })(k);
        }
        if (!hits) list.appendChild(el("div", "geomap-muted", "No match"));
      }
      L.DomEvent.on(input, "input", function () { clearTimeout(timer); timer = setTimeout(search, 150); });
      box.appendChild(input);
      box.appendChild(list);
    }).addTo(map);

    // The first zoom (from 8 on) at which incident i is drawn on its own, not in a cluster.
    function separateZoom(i) {
      // supercluster stores positions as float32: search a ~100 m box, match by index.
      var g = types[inc.type[i]].group, d = 1e-3, bbox = [inc.lon[i] - d, inc.lat[i] - d, inc.lon[i] + d, inc.lat[i] + d];
      var entry = indexes.filter(function (x) { return x.group === g; })[0];
      for (var z = Math.max(8, Math.round(map.getZoom())); entry && z <= maxClusterZoom; z++) {
        var alone = entry.index.getClusters(bbox, z).some(function (f) { return f.properties.i === i; });
        if (alone) return z;
      }
      return maxClusterZoom + 1; // past the last clustering zoom every incident stands alone
    }
    function focusIncident(i) {
      map.setView([inc.lat[i], inc.lon[i]], Math.min(map.getMaxZoom(), separateZoom(i)), { animate: false });
      openIncident(i);
    }
    api.focusIncident = focusIncident;

    function fitBorder() { map.fitBounds(data.view.fit, { padding: [10, 10] }); }
    function fitAll() { map.fitBounds(data.view.all, { padding: [10, 10] }); }
    api.fitAll = fitAll;
    control("topleft", "geomap-view", function (box) {
      box.appendChild(button("\u25a3", "Zoom to the border region", fitBorder));
      box.appendChild(button("\u2922", "Zoom to all incidents", fitAll));
    }).addTo(map);

    var measuring = false, points = [], line = null, lineTip = null;
    function measureText() {
      var m = 0;
      for (var j = 1; j < points.length; j++) {
        var d = geodesicM(points[j - 1].lat, points[j - 1].lng, points[j].lat, points[j].lng);
        m += isNaN(d) ? map.distance(points[j - 1], points[j]) : d;
      }
      return (m / 1000).toFixed(m < 10000 ? 2 : 1) + " km (geodesic, WGS84)";
    }
    api.geodesicKm = function (lat1, lon1, lat2, lon2) { return geodesicM(lat1, lon1, lat2, lon2) / 1000; };
    function measureClick(e) {
      points.push(e.latlng);
      if (!line) {
        line = L.polyline(points, { color: "#ff7f00", weight: 3, className: "geomap-measure" }).addTo(map);
      } else {
        line.setLatLngs(points);
      }
      if (lineTip) map.removeLayer(lineTip);
      lineTip = L.tooltip({ permanent: true, direction: "right", className: "geomap-measure-tip" })
        .setLatLng(e.latlng).setContent(el("span", null, measureText())).addTo(map);
    }
    control("topleft", "geomap-measure-control", function (box) {
      box.appendChild(button("\u2194", "Measure a geodesic distance: click points on the map; click here again to stop", function (b) {
        measuring = !measuring;
        b.classList.toggle("geomap-active", measuring);
        container.classList.toggle("geomap-measuring", measuring);
        if (measuring) {
          points = [];
          if (line) { map.removeLayer(line); line = null; }
          if (lineTip) { map.removeLayer(lineTip); lineTip = null; }
          map.on("click", measureClick);
        } else {
          map.off("click", measureClick);
        }
      }));
    }).addTo(map);

    control("topleft", "geomap-fullscreen", function (box) {
      var b = button("", "Full screen", function () {
        if (document.fullscreenElement) document.exitFullscreen();
        else if (container.requestFullscreen) container.requestFullscreen();
      });
      b.appendChild(el("span", "geomap-fs-icon"));
      box.appendChild(b);
    }).addTo(map);

    L.control.layers(baseLayers, overlays, { collapsed: true, position: "topright" }).addTo(map);

    // No animation for the first view: Leaflet ignores moves made during a zoom animation.
    map.fitBounds(data.view.fit, { padding: [10, 10], animate: false });
    filtering = false;
    refresh();
    window.geomap = window.geomap || {};
    window.geomap[dataId] = api;
    return api;
  }

  window.geomapRender = render;
})();
