"""maps.draw: JSON safe inside <script>, scripts written without jinja, numbered element ids, and label placement.

The pure functions are checked on tiny hand-made values; the one browser test draws five
labels on one spot with the real drawing script and checks which side each one got.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import folium
import pytest
from branca.element import Element
from playwright.sync_api import Browser

from maps.assets import make_offline
from maps.draw import LAYERS_JS, Legend, PlanLayers, RawScript, stable_ids, to_script_json
from maps.palette import PAGE_CSS

RANDOM_ID = re.compile(r"\b[a-z_]+_[0-9a-f]{32}\b")


def empty_data(**layers: Any) -> dict[str, Any]:
    """Layer data (the shape of maps.layers.layer_data) with nothing in it but ``layers``."""
    data: dict[str, Any] = {"groups": [], "coaches": [], "pickups": [], "places": [], "homes": [], "exceptions": [],
                            "names": {"pickups": "上车点", "places": "场站", "homes": "住址", "exceptions": "未安排"}}
    return {**data, **layers}


def small_map() -> tuple[folium.Map, folium.LayerControl]:
    """A map with no tiles and its layer control."""
    m = folium.Map(location=[38.5, 106.2], zoom_start=10, tiles=None)
    control = folium.LayerControl()
    control.add_to(m)
    return m, control


# --- to_script_json ---------------------------------------------------------------------------


def test_script_json_escapes_what_could_end_the_script() -> None:
    """<, > and & become \\u003c, \\u003e and \\u0026, so '</script>' and '<!--' cannot appear."""
    assert to_script_json({"t": "</script><!--&"}) == '{"t":"\\u003c/script\\u003e\\u003c!--\\u0026"}'


def test_script_json_escapes_the_line_separators() -> None:
    """U+2028 and U+2029 (line breaks to older JavaScript) are written as escapes."""
    assert to_script_json("a\u2028b\u2029c") == '"a\\u2028b\\u2029c"'


def test_script_json_is_compact_and_keeps_chinese() -> None:
    """No spaces after separators; Chinese is written as it is, not as \\u escapes."""
    assert to_script_json({"名": [1, 2.5, None, True], "b": "马"}) == '{"名":[1,2.5,null,true],"b":"马"}'


def test_script_json_reads_back_as_the_same_value() -> None:
    """Hostile text (quotes, backslashes, a literal \\u003c, separators) comes back unchanged from json.loads."""
    value = {"x": ['"\\</script>', "\\u003c", "a & b > c", "\u2028", "`${1}`", "O'Neil"], "<k>": {"&": 1}}
    raw = to_script_json(value)
    assert json.loads(raw) == value
    assert not set(raw) & {"<", ">", "&", "\u2028", "\u2029"}


# --- RawScript, PlanLayers, Legend --------------------------------------------------------------


def test_raw_script_is_written_as_it_is() -> None:
    """Jinja syntax in a RawScript is not a template: render gives the text back unchanged."""
    text = "var a = '{{ this.get_name() }}'; {% if x %}b{% endif %}"
    assert RawScript(text).render() == text


def test_plan_layers_script_fills_in_the_map_control_and_data() -> None:
    """The script is LAYERS_JS called with the map's and control's names and the data as script-safe JSON."""
    m, control = small_map()
    layers = PlanLayers({"k": "%(map)s %s </script>"}, control)
    layers.add_to(m)
    stable_ids(m)
    script = layers.script()
    assert script.startswith(LAYERS_JS[: LAYERS_JS.index("%(map)s")])
    assert script.endswith('})(map_0001, layer_control_0002, {"k":"%(map)s %s \\u003c/script\\u003e"});\n')


def test_plan_layers_and_legend_need_a_map() -> None:
    """Scripts of elements not added to a map fail with a message saying so."""
    _, control = small_map()
    with pytest.raises(AssertionError, match="add PlanLayers to a map first"):
        PlanLayers(empty_data(), control).script()
    with pytest.raises(AssertionError, match="add the Legend to a map first"):
        Legend("x").script()


def test_legend_script_is_a_bottom_left_control_with_the_html() -> None:
    """The legend is an L.control holding the HTML as a script-safe string, added to the map."""
    m, _ = small_map()
    legend = Legend('<b class="t">图例 & key</b>')
    legend.add_to(m)
    stable_ids(m)
    assert legend.script() == (
        'var legend_0003 = L.control({position: "bottomleft"});\n'
        "legend_0003.onAdd = function () {\n"
        '  var div = L.DomUtil.create("div", "rb-legend");\n'
        '  div.innerHTML = "\\u003cb class=\\"t\\"\\u003e图例 \\u0026 key\\u003c/b\\u003e";\n'
        "  L.DomEvent.disableClickPropagation(div);\n"
        "  L.DomEvent.disableScrollPropagation(div);\n"
        "  return div;\n"
        "};\n"
        "legend_0003.addTo(map_0001);\n"
    )


def test_scripts_go_into_the_page_once_however_often_it_is_rendered() -> None:
    """Rendering the page twice gives the same page, with the legend's and the layers' script once each."""
    m, control = small_map()
    PlanLayers(empty_data(), control).add_to(m)
    Legend("<i>x</i>").add_to(m)
    stable_ids(m)
    first = m.get_root().render()
    second = m.get_root().render()
    assert first == second
    assert first.count("legend_0004.addTo(map_0001);") == 1
    assert first.count("})(map_0001, layer_control_0002, {") == 1
    assert first.count("\\u003ci\\u003ex\\u003c/i\\u003e") == 1


def test_raw_macro_renders_nothing_in_place_and_needs_a_figure() -> None:
    """render() returns '' (the script goes to the page's script); outside a Figure it is an error."""
    m, _ = small_map()
    legend = Legend("x")
    legend.add_to(m)
    assert legend.render() == ""
    loose = Legend("x")
    Element().add_child(loose)
    with pytest.raises(AssertionError, match="Figure"):
        loose.render()


# --- stable_ids ---------------------------------------------------------------------------------


def test_stable_ids_number_elements_depth_first_from_the_page() -> None:
    """Page 0000, map 0001, then children before their siblings: a 0002, its child 0003, b 0004."""
    m = folium.Map(location=[38.5, 106.2], zoom_start=10, tiles=None)
    a, a1, b = Element(), Element(), Element()
    a.add_child(a1)
    m.add_child(a)
    m.add_child(b)
    stable_ids(m)
    assert [e._id for e in (m.get_root(), m, a, a1, b)] == ["0000", "0001", "0002", "0003", "0004"]
    assert m.get_name() == "map_0001"


def test_stable_ids_make_two_equal_maps_render_the_same_page() -> None:
    """Two maps built alike render byte for byte the same once numbered, with no random hex id left."""

    def build() -> str:
        m, control = small_map()
        folium.CircleMarker([38.5, 106.2], radius=4).add_to(m)
        PlanLayers(empty_data(), control).add_to(m)
        Legend("图例").add_to(m)
        stable_ids(m)
        return m.get_root().render()

    first, second = build(), build()
    assert first == second
    assert RANDOM_ID.findall(first) == []
    assert "circle_marker_0003" in first


# --- label placement (the drawing script in Chromium) -------------------------------------------


def test_labels_on_one_spot_go_right_left_above_below_then_hide(browser: Browser, tmp_path: Path) -> None:
    """Five labelled pickups on one spot, most important first: right, left, top, bottom, the fifth hidden;
    a label far off stays on the right; a basemap name under them hides, one far off does not."""
    spot, far = [38.5, 106.2], [38.5, 106.7]
    pickups = [{"at": spot, "r": 20, "c": "#1f77b4", "tip": f"P{k}", "label": True, "prio": k, "pop": ""}
               for k in (5, 3, 1, 4, 2)]  # not in order: the script sorts by prio
    pickups.append({"at": far, "r": 20, "c": "#1f77b4", "tip": "FAR", "label": True, "prio": 9, "pop": ""})
    m, control = small_map()
    make_offline(m)
    root = m.get_root()
    assert isinstance(root, folium.Figure)
    root.header.add_child(folium.Element(PAGE_CSS), name="returnbus_css")
    for name, at in (("REF-UNDER", spot), ("REF-FAR", [38.5, 105.8])):
        tip = folium.Tooltip(name, permanent=True, direction="right", class_name="rb-ref-label")
        folium.CircleMarker(at, radius=2, tooltip=tip).add_to(m)
    PlanLayers(empty_data(pickups=pickups), control).add_to(m)
    stable_ids(m)
    page_path = tmp_path / "labels.html"
    m.save(str(page_path))

    context = browser.new_context(viewport={"width": 1000, "height": 700})
    try:
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(page_path.as_uri())
        page.wait_for_function("() => document.querySelectorAll('.leaflet-tooltip').length === 8", timeout=5_000)
        found = page.evaluate(
            """() => Object.fromEntries(Array.from(document.querySelectorAll('.leaflet-tooltip')).map(e => [
                 e.textContent.trim(),
                 [['right', 'left', 'top', 'bottom'].find(d => e.classList.contains('leaflet-tooltip-' + d)),
                  e.classList.contains('rb-hidden')]]))"""
        )
    finally:
        context.close()
    assert errors == []
    assert found == {
        "P1": ["right", False], "P2": ["left", False], "P3": ["top", False], "P4": ["bottom", False],
        "P5": ["right", True], "FAR": ["right", False], "REF-UNDER": ["right", True], "REF-FAR": ["right", False],
    }
