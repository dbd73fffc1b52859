"""The page side of a map: one script draws every layer from :func:`maps.layers.layer_data`.

folium makes one element per marker, and branca compiles the output of every element as
a jinja template once more (about 0.3 ms each): 2,900 coaches took 12 s. Here the plan's
layers are one JSON object and one fixed script (:data:`LAYERS_JS`) that builds the Leaflet
layers, adds them to folium's layer control, and keeps the permanent labels from
covering each other. Their text goes into the page as it is, never through jinja.
"""

from __future__ import annotations

import json
from itertools import count
from typing import Any

import folium
from branca.element import Element, Figure, MacroElement

# Reads DATA (maps.layers.layer_data) and draws it on MAP, listing layers in CONTROL.
LAYERS_JS = r"""
(function (map, control, data) {
  "use strict";
  var labels = [];
  function pane(name, z) {
    if (!map.getPane(name)) { map.createPane(name).style.zIndex = String(z); }
    return name;
  }
  function tip(layer, html, label, prio, off, minor) {
    if (!html) { return; }
    if (label) {
      layer.bindTooltip(html, {permanent: true, direction: "right", offset: [off, 0],
                               className: minor ? "rb-label rb-label-minor" : "rb-label"});
      labels.push({layer: layer, prio: prio, off: off});
    } else {
      layer.bindTooltip(html, {sticky: true});
    }
  }
  function popup(layer, html) { if (html) { layer.bindPopup(html, {maxWidth: 460}); } }
  function overlay(layer, name, show) {
    if (show) { layer.addTo(map); }
    control.addOverlay(layer, name);
  }
  function divMarker(at, cls, html, size, interactive) {
    var icon = L.divIcon({html: html, className: cls, iconSize: [size, size], iconAnchor: [size / 2, size / 2]});
    return L.marker(at, {icon: icon, interactive: interactive, keyboard: false});
  }

  var groups = data.groups.map(function () { return L.featureGroup(); });
  data.coaches.forEach(function (c) {
    var g = groups[c.g];
    var line = L.polyline(c.path, {color: c.c, weight: 4, opacity: 0.85, className: c.cls}).addTo(g);
    tip(line, c.tip);
    popup(line, c.pop);
    c.arrows.forEach(function (a) { divMarker([a[0], a[1]], "rb-arrow", a[2], 18, false).addTo(g); });
    c.breaks.forEach(function (b) {
      var m = L.circleMarker([b[0], b[1]], {radius: 4, color: c.c, weight: 2, fill: true, fillColor: "#ffffff",
                                            fillOpacity: 1, className: "rb-break"}).addTo(g);
      tip(m, b[2]);
    });
  });
  data.groups.forEach(function (spec, i) { overlay(groups[i], spec.name, spec.show); });

  var pickups = L.featureGroup();
  data.pickups.forEach(function (p) {
    var m = L.circleMarker(p.at, {radius: p.r, color: p.c, weight: 2, fill: true, fillColor: p.c, fillOpacity: 0.35,
                                  className: "rb-pickup", pane: pane("rb-pickups", 420)}).addTo(pickups);
    tip(m, p.tip, p.label, p.prio, p.r + 3);
    popup(m, p.pop);
  });
  if (data.pickups.length) { overlay(pickups, data.names.pickups, true); }

  var places = L.featureGroup();
  data.places.forEach(function (p) {
    var depot = p.kind === "depot", size = depot ? 14 : 12;
    var m = divMarker(p.at, depot ? "rb-depot" : "rb-gate",
                      '<div class="' + (depot ? "rb-depot-mark" : "rb-gate-mark") + '"></div>', size, true);
    m.addTo(places);
    tip(m, p.tip, p.label, p.prio, size / 2 + 3, !depot);
    popup(m, p.pop);
  });
  if (data.places.length) { overlay(places, data.names.places, true); }

  var homes = L.featureGroup();
  data.homes.forEach(function (h) {
    var m = L.circleMarker(h.at, {radius: h.r, color: h.c, weight: 1, opacity: 0.7, fill: true, fillColor: h.c,
                                  fillOpacity: 0.28, className: "rb-home", pane: pane("rb-homes", 380)});
    m.addTo(homes);
    tip(m, h.tip);
  });
  if (data.homes.length) { overlay(homes, data.names.homes, true); }

  var exceptions = L.featureGroup();
  data.exceptions.forEach(function (e) {
    var m = L.circleMarker(e.at, {radius: e.r, color: e.c, weight: e.reach ? 3 : 1.5, fill: true, fillColor: e.fill,
                                  fillOpacity: 0.6, dashArray: e.reach ? null : "3 2",
                                  className: e.reach ? "rb-exception rb-out-of-reach" : "rb-exception",
                                  pane: pane("rb-exceptions", 390)});
    m.addTo(exceptions);
    tip(m, e.tip);
    popup(m, e.pop);
  });
  if (data.exceptions.length) { overlay(exceptions, data.names.exceptions, true); }

  // Permanent labels: most important first; each tries right, left, above, below of its
  // marker and hides when all four cover a label already placed. Labels of other layers
  // (the basemap's place names, class rb-ref-label) only hide.
  labels.sort(function (a, b) { return a.prio - b.prio; });
  var SIDES = [["right", 1, 0], ["left", -1, 0], ["top", 0, -1], ["bottom", 0, 1]];
  function overlaps(r, placed) {
    for (var i = 0; i < placed.length; i++) {
      var p = placed[i];
      if (r.left < p.right && r.right > p.left && r.top < p.bottom && r.bottom > p.top) { return true; }
    }
    return false;
  }
  function declutter() {
    var placed = [];
    labels.forEach(function (l) {
      var t = l.layer.getTooltip();
      if (!t || !t.isOpen()) { return; }
      var el = t.getElement(), fits = false;
      for (var k = 0; k < SIDES.length && !fits; k++) {
        t.options.direction = SIDES[k][0];
        t.options.offset = L.point(SIDES[k][1] * l.off, SIDES[k][2] * l.off);
        t.update();
        fits = !overlaps(el.getBoundingClientRect(), placed);
      }
      if (fits) {
        placed.push(el.getBoundingClientRect());
        L.DomUtil.removeClass(el, "rb-hidden");
      } else {
        t.options.direction = "right";
        t.options.offset = L.point(l.off, 0);
        t.update();
        L.DomUtil.addClass(el, "rb-hidden");
      }
    });
    var others = map.getContainer().querySelectorAll(".leaflet-tooltip.rb-ref-label");
    Array.prototype.forEach.call(others, function (el) {
      var r = el.getBoundingClientRect();
      if (overlaps(r, placed)) {
        L.DomUtil.addClass(el, "rb-hidden");
      } else {
        L.DomUtil.removeClass(el, "rb-hidden");
        placed.push(r);
      }
    });
  }
  map.on("zoomend overlayadd overlayremove", declutter);
  map.whenReady(declutter);
})(%(map)s, %(control)s, %(data)s);
"""


def to_script_json(value: Any) -> str:
    """JSON that is safe inside ``<script>``: no ``<``, ``>`` or ``&`` (as ``\\u003c`` …), no line separators."""
    raw = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    for char, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"),
                          ("\u2029", "\\u2029")):
        raw = raw.replace(char, escaped)
    return raw


class RawScript(Element):
    """A piece of the page's script, written as it is (branca would compile it as a template)."""

    def __init__(self, script: str) -> None:
        super().__init__()
        self.script = script

    def render(self, **kwargs: Any) -> str:
        """The script itself."""
        return self.script


class _RawMacro(MacroElement):
    """A map element whose script is made in Python and added to the page without jinja."""

    def script(self) -> str:
        raise NotImplementedError

    def render(self, **kwargs: Any) -> str:
        """Add :meth:`script` to the page's script (nothing is returned in place)."""
        figure = self.get_root()
        assert isinstance(figure, Figure), "render the map's Figure, not this element alone"
        figure.script.add_child(RawScript(self.script()), name=self.get_name())
        return ""


class PlanLayers(_RawMacro):
    """The plan's layers (:func:`maps.layers.layer_data`), drawn by :data:`LAYERS_JS`.

    Add it to the map after the ``folium.LayerControl`` it lists its layers in.
    """

    def __init__(self, data: dict[str, Any], control: folium.LayerControl) -> None:
        super().__init__()
        self._name = "PlanLayers"
        self.data = data
        self.control = control

    def script(self) -> str:
        """The drawing script with this map's names and data filled in."""
        assert self._parent is not None, "add PlanLayers to a map first"
        names = {"map": self._parent.get_name(), "control": self.control.get_name()}
        return LAYERS_JS % {**names, "data": to_script_json(self.data)}


class Legend(_RawMacro):
    """A Leaflet control in the bottom-left corner holding the legend box's HTML."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self._name = "Legend"
        self.html = html

    def script(self) -> str:
        """The control: a div with the legend's HTML that keeps clicks and scrolls off the map."""
        assert self._parent is not None, "add the Legend to a map first"
        name, parent = self.get_name(), self._parent.get_name()
        return (
            f'var {name} = L.control({{position: "bottomleft"}});\n'
            f"{name}.onAdd = function () {{\n"
            f'  var div = L.DomUtil.create("div", "rb-legend");\n'
            f"  div.innerHTML = {to_script_json(self.html)};\n"
            "  L.DomEvent.disableClickPropagation(div);\n"
            "  L.DomEvent.disableScrollPropagation(div);\n"
            "  return div;\n"
            "};\n"
            f"{name}.addTo({parent});\n"
        )


def stable_ids(m: folium.Map) -> None:
    """Number every element in the map's tree of children in order, so the same map gives the same HTML.

    folium names elements with random hex ids (``map_5f0c…``); call this just before rendering.
    Elements folium keeps as attributes rather than children (a ``folium.Popup``'s inner HTML)
    keep their random ids: returnbus's maps draw their popups in their own script, not with them.
    """
    numbers = count()

    def walk(element: Element) -> None:
        element._id = f"{next(numbers):04d}"
        for child in element._children.values():
            walk(child)

    walk(m.get_root())


__all__ = ["LAYERS_JS", "Legend", "PlanLayers", "RawScript", "stable_ids", "to_script_json"]
