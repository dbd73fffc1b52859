"""The look of the maps: coach colours, marker shapes, the page stylesheet and the legend."""

from __future__ import annotations

# Twelve colours that stay apart from each other on a light basemap and on the grey
# background Leaflet shows when tiles cannot load; coaches beyond twelve cycle.
COACH_COLOURS: tuple[str, ...] = (
    "#1f77b4",  # blue
    "#d62728",  # red
    "#2ca02c",  # green
    "#ff7f0e",  # orange
    "#9467bd",  # purple
    "#8c564b",  # brown
    "#e377c2",  # pink
    "#17becf",  # cyan
    "#bcbd22",  # olive
    "#393b79",  # navy
    "#637939",  # moss
    "#843c39",  # maroon
)

NEUTRAL = "#455a64"  # pickup points served by more than one coach
INK = "#263238"  # depot and gate outlines, legend text
HOME_COLOUR = "#7e57c2"  # circles of the workers' home cells (violet: no coach uses it at full strength)
REACH_COLOUR = "#c62828"  # ring of a cell with workers out of reach of every pickup point

# Fill of a cell with workers not seated, by the reason most of them share.
REASON_COLOURS: dict[str, str] = {
    "out_of_reach": "#e53935",
    "no_capacity": "#fb8c00",
    "code_not_green": "#fdd835",
    "no_health_cert": "#8d6e63",
    "invalid_record": "#78909c",
}

FONT_STACK = (
    '"Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "PingFang SC", '
    '"Microsoft YaHei", "WenQuanYi Micro Hei", sans-serif'
)

PAGE_CSS = f"""
<style>
.leaflet-container {{ font-family: {FONT_STACK}; }}
.rb-depot-mark {{ width: 14px; height: 14px; box-sizing: border-box; background: {INK};
  border: 2px solid #fff; box-shadow: 0 0 0 1px {INK}; }}
.rb-gate-mark {{ width: 12px; height: 12px; box-sizing: border-box; background: #fff;
  border: 3px solid {INK}; transform: rotate(45deg); }}
.rb-depot, .rb-gate {{ background: none; border: none; }}
.rb-arrow svg {{ display: block; overflow: visible; }}
.rb-legend {{ background: rgba(255,255,255,0.92); color: {INK}; padding: 6px 10px;
  border-radius: 4px; box-shadow: 0 1px 4px rgba(0,0,0,0.35); font-size: 12px;
  line-height: 1.45; max-width: 300px; }}
.rb-legend h4 {{ margin: 0 0 3px; font-size: 14px; }}
.rb-legend .rb-item {{ white-space: nowrap; margin-right: 6px; }}
.rb-legend .rb-key {{ display: inline-block; vertical-align: middle; margin-right: 4px; }}
.rb-swatch {{ display: inline-block; width: 14px; height: 4px; vertical-align: middle;
  margin-right: 4px; border-radius: 2px; }}
.rb-popup {{ font-size: 12px; }}
.rb-popup b {{ font-size: 13px; }}
.rb-popup table {{ border-collapse: collapse; margin-top: 3px; }}
.rb-popup td {{ padding: 1px 6px 1px 0; white-space: nowrap; }}
.rb-popup .rb-n {{ text-align: right; }}
.rb-label {{ font-size: 12px; font-weight: 600; padding: 1px 4px; }}
.leaflet-tooltip.rb-label-minor {{ font-weight: 400; font-size: 11px; padding: 0 3px; }}
.leaflet-tooltip.rb-hidden {{ opacity: 0 !important; }}
</style>
"""


def coach_colour(index: int) -> str:
    """Colour of the coach at this position in the plan (cycles past twelve).

    Parameters
    ----------
    index : int
        0-based position of the coach in ``Plan.buses``.

    Returns
    -------
    str
        A CSS hex colour.
    """
    return COACH_COLOURS[index % len(COACH_COLOURS)]


def reason_colour(reason: str) -> str:
    """Fill colour of an exception cell whose main reason is ``reason`` (grey when unknown)."""
    return REASON_COLOURS.get(reason, "#9e9e9e")


def arrow_svg(colour: str, angle_deg: float) -> str:
    """An arrowhead pointing along ``angle_deg`` (screen degrees, clockwise from east).

    Parameters
    ----------
    colour : str
        CSS colour of the arrow (the coach colour).
    angle_deg : float
        Direction of travel on screen, 0 = east, 90 = south.

    Returns
    -------
    str
        Inline SVG markup (no fonts needed, so it never renders as a box).
    """
    return (
        f'<svg width="18" height="18" viewBox="-9 -9 18 18" style="transform: rotate({angle_deg:.1f}deg)">'
        f'<path d="M -6 -6 L 7 0 L -6 6 L -3 0 Z" fill="{colour}" stroke="#fff" stroke-width="1.2"/></svg>'
    )


def swatch(colour: str) -> str:
    """A short coloured bar, used next to coach names in the layer control."""
    return f'<span class="rb-swatch" style="background:{colour}"></span>'


LEGEND_KEYS = (
    '<span class="rb-item"><span class="rb-key" style="width:12px;height:12px;border-radius:50%;'
    f'border:2px solid {NEUTRAL};background:rgba(69,90,100,0.35)"></span>上车点 pickup (大小 = 人数 size = people)</span>'
    '<br><span class="rb-item"><span class="rb-key rb-depot-mark"></span>车场 depot</span> '
    '<span class="rb-item"><span class="rb-key rb-gate-mark" style="margin:0 6px 0 2px"></span>下车点 gate</span> '
    f'<span class="rb-item"><span class="rb-key" style="width:8px;height:8px;border-radius:50%;'
    f'border:2px solid {NEUTRAL};background:#fff"></span>途中停车 stop</span> '
    f'<span class="rb-item"><span class="rb-key">{arrow_svg(NEUTRAL, 0)}</span>行驶方向 direction</span>'
)
HOME_KEY = (
    f'<span class="rb-item"><span class="rb-key" style="width:12px;height:12px;border-radius:50%;'
    f'border:1px solid {HOME_COLOUR};background:rgba(126,87,194,0.3)"></span>工人居住地 homes (10 km 网格 cell)</span>'
)
EXCEPTION_KEY = (
    '<span class="rb-item"><span class="rb-key" style="width:10px;height:10px;border-radius:50%;'
    f'border:3px solid {REACH_COLOUR};background:{REASON_COLOURS["out_of_reach"]}"></span>未安排 not seated '
    '(红圈 out of reach)</span>'
)


def legend_html(
    title: str,
    coaches: int,
    passengers: int,
    unassigned: int | None,
    basemap: str,
    homes: bool = False,
    exceptions: bool = False,
) -> str:
    """The legend box: title, totals and the key to the symbols.

    Parameters
    ----------
    title : str
        Already HTML-escaped heading (scenario name and date, and the coach of a one-coach map).
    coaches : int
        Coaches drawn.
    passengers : int
        People seated on them, companions included.
    unassigned : int or None
        Workers left without a seat; None leaves the line out (a one-coach map).
    basemap : str
        Name of the basemap (HTML), shown in small print.
    homes, exceptions : bool, default False
        Add the keys of the home-cell and not-seated layers.

    Returns
    -------
    str
        HTML for the inside of the legend control.
    """
    missing = "" if unassigned is None else f"<br>未安排 not seated <b>{unassigned:,}</b> 名工人 workers"
    keys = LEGEND_KEYS + (f"<br>{HOME_KEY}" if homes else "") + (f"<br>{EXCEPTION_KEY}" if exceptions else "")
    return (
        f"<h4>{title}</h4>"
        f"车辆 coaches <b>{coaches:,}</b> · 乘客 passengers <b>{passengers:,}</b>{missing}<br>{keys}<br>"
        f'<span style="opacity:0.7">底图 basemap: {basemap}</span>'
    )
