"""The dispatch overview: every coach's day on one time axis, as SVG and PNG.

One lane per coach (its id and plate), the clock of the batch day across, and the day cut
into stretches coloured by what the coach does: driving, boarding at a pickup point,
setting down at a gate, a rest, a driver swap, standing still (curfew or early). A batch
with more than ``MAX_LANES`` coaches gets an aggregate instead: how many coaches do each
thing at each time of day, stacked.

Drawn with matplotlib's object API (no pyplot, no global backend or settings changed);
text is written as paths, so the SVG shows Chinese on any viewer, and the same plan gives
the same SVG bytes. Without a Chinese font on the machine the labels are ASCII only.
"""

from __future__ import annotations

import datetime as dt
import io
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import matplotlib
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.patches import Patch

from routing.errors import FontNotFound
from routing.outputs.fonts import find_cjk_font
from routing.outputs.timetable import ACTIVITIES, break_activity
from routing.plan.model import BusPlan, Plan

MAX_LANES = 150  # above this many coaches the chart is an aggregate
SVG_FILE = "dispatch.svg"
PNG_FILE = "dispatch.png"

LANE_IN = 0.28  # height of a coach's lane, inches
WIDTH_IN = 12.0
PNG_DPI = 110
AGGREGATE_STEP_MIN = 5

# activity: (colour, Chinese, English); colours tell apart for colour-blind readers (Okabe-Ito based)
STYLE: dict[str, tuple[str, str, str]] = {
    "drive": ("#8fb8de", "行驶", "driving"),
    "pickup": ("#009e73", "上车", "pickup"),
    "dropoff": ("#e69f00", "下车", "drop-off"),
    "rest": ("#cc79a7", "休息", "rest"),
    "swap": ("#d55e00", "换司机", "driver swap"),
    "wait": ("#555555", "等待", "waiting (curfew / early)"),
}


@dataclass(frozen=True)
class Segment:
    """A stretch of a coach's day: from ``start_h`` to ``end_h`` (clock hours of the plan date) doing ``activity``."""

    bus_id: str
    start_h: float
    end_h: float
    activity: str  # one of timetable.ACTIVITIES


def _hours(t: dt.datetime, midnight: dt.datetime) -> float:
    return (t.astimezone(midnight.tzinfo) - midnight).total_seconds() / 3600


def _midnight(plan: Plan) -> dt.datetime:
    return dt.datetime.combine(plan.scenario.date, dt.time(0), tzinfo=ZoneInfo(plan.scenario.timezone))


def coach_segments(plan: Plan, bus: BusPlan) -> list[Segment]:
    """Cut one coach's day into segments: driving between stops, then each stop's time by its kind.

    Parameters
    ----------
    plan : Plan
        The plan (for its date and time zone).
    bus : BusPlan
        The coach.

    Returns
    -------
    list of Segment
        In time order, none of zero length. Hours count from midnight at the start of the plan
        date in the plan's time zone (25.5 is 01:30 the next day). A pickup or drop-off stop is
        ``"pickup"``/``"dropoff"``, a break is what its note says (``timetable.break_activity``),
        time standing at a depot is ``"wait"``.
    """
    midnight = _midnight(plan)
    out: list[Segment] = []
    stops = bus.stops
    for i, stop in enumerate(stops):
        if i > 0 and stops[i - 1].depart < stop.arrive:
            out.append(Segment(bus.id, _hours(stops[i - 1].depart, midnight), _hours(stop.arrive, midnight), "drive"))
        if stop.arrive < stop.depart:
            if stop.kind in ("pickup", "dropoff"):
                activity = stop.kind
            elif stop.kind == "break":
                activity = break_activity(stop)
            else:
                activity = "wait"
            out.append(Segment(bus.id, _hours(stop.arrive, midnight), _hours(stop.depart, midnight), activity))
    return out


def _font() -> FontProperties | None:
    try:
        font = find_cjk_font()
    except FontNotFound:
        return None
    # matplotlib reads the first face of a collection; every face of Noto CJK draws Chinese.
    return FontProperties(fname=str(font.path))


def _ascii(text: str) -> str:
    """Text without the characters a Latin font lacks (Chinese, CJK punctuation), spaces tidied."""
    kept = " ".join("".join(c if ord(c) < 0x2000 else " " for c in text).split())
    return kept[1:-1] if kept.startswith("(") and kept.endswith(")") and kept.count("(") == 1 else kept


def _label(cjk: bool, zh: str, en: str) -> str:
    return f"{zh} {en}" if cjk else en


def _lane_label(bus: BusPlan, cjk: bool) -> str:
    plate = bus.plate if cjk else _ascii(bus.plate)
    return f"{bus.id}  {plate}".strip()


def _hour_label(h: float, day0: dt.date) -> str:
    """Tick label of clock hour ``h``: ``"07:00"``; at midnight the date under it (``"00:00\n02-22"``)."""
    day, hour = divmod(round(h), 24)
    if hour == 0:
        return f"00:00\n{day0 + dt.timedelta(days=day):%m-%d}"
    return f"{hour:02d}:00"


def _time_axis(ax: Axes, lo: float, hi: float, top: bool, day0: dt.date) -> None:
    span = hi - lo
    step = 1 if span <= 18 else 2 if span <= 36 else 3 if span <= 54 else 6
    ticks = [float(h) for h in range(math.floor(lo), math.ceil(hi) + 1) if h % step == 0]
    ax.set_xlim(lo, hi)
    ax.set_xticks(ticks, [_hour_label(h, day0) for h in ticks], fontsize=8)
    ax.grid(axis="x", color="#d0d0d0", linewidth=0.6)
    for midnight in (h for h in ticks if h % 24 == 0 and lo < h < hi):
        ax.axvline(midnight, color="#777777", linewidth=0.9, zorder=0.5)
    ax.set_axisbelow(True)
    if top:
        ax.tick_params(axis="x", labeltop=True, top=True)


def _span(segments: list[Segment]) -> tuple[float, float]:
    if not segments:
        return 6.0, 18.0
    lo = math.floor(min(s.start_h for s in segments))
    hi = math.ceil(max(s.end_h for s in segments))
    return float(lo), float(max(hi, lo + 1))


def _title(plan: Plan, cjk: bool, what: str) -> str:
    name = plan.scenario.name if cjk else _ascii(plan.scenario.name)
    day = plan.scenario.date.isoformat()
    return f"{name}  {day if day not in name else ''}".strip() + f"\n{what}"


def _legend_handles(cjk: bool) -> list[Patch]:
    return [Patch(facecolor=STYLE[a][0], edgecolor="none", label=_label(cjk, STYLE[a][1], STYLE[a][2]))
            for a in ACTIVITIES]


def _lanes(plan: Plan, font: FontProperties | None) -> Figure:
    cjk = font is not None
    buses = list(plan.buses)
    segments = {b.id: coach_segments(plan, b) for b in buses}
    lo, hi = _span([s for segs in segments.values() for s in segs])
    head_in, foot_in = 1.15, 0.55
    height = head_in + foot_in + LANE_IN * max(len(buses), 1)
    fig = Figure(figsize=(WIDTH_IN, height))
    left_in = 1.55
    ax = fig.add_axes((left_in / WIDTH_IN, foot_in / height, 1 - (left_in + 0.25) / WIDTH_IN,
                       LANE_IN * max(len(buses), 1) / height))
    for lane, bus in enumerate(buses):
        by_activity: dict[str, list[tuple[float, float]]] = {}
        for s in segments[bus.id]:
            by_activity.setdefault(s.activity, []).append((s.start_h, s.end_h - s.start_h))
        for activity in ACTIVITIES:
            if activity in by_activity:
                ax.broken_barh(by_activity[activity], (lane - 0.32, 0.64), facecolors=STYLE[activity][0],
                               edgecolor="none", gid=f"bars-{bus.id}-{activity}")
    ax.set_ylim(max(len(buses), 1) - 0.5, -0.5)  # one empty lane when no coach runs
    ax.set_yticks(range(len(buses)), [_lane_label(b, cjk) for b in buses])
    for text, bus in zip(ax.get_yticklabels(), buses):
        text.set_gid(f"lane-{bus.id}")
        text.set_fontsize(8)
        if font is not None:
            text.set_fontproperties(font.copy())
            text.set_fontsize(8)
    ax.tick_params(axis="y", length=0)
    _time_axis(ax, lo, hi, len(buses) > 12, plan.scenario.date)
    for spine in ("right", "left"):
        ax.spines[spine].set_visible(False)
    what = _label(cjk, f"调度总览：{len(buses)} 辆车", f"dispatch overview: {len(buses)} coaches")
    fig.text(0.5, 1 - 0.08 / height, _title(plan, cjk, what), ha="center", va="top", fontsize=11,
             fontproperties=font, gid="title")
    fig.legend(handles=_legend_handles(cjk), loc="upper center", bbox_to_anchor=(0.5, 1 - 0.55 / height),
               ncol=len(ACTIVITIES), frameon=False, prop=_sized(font, 8.5), handlelength=1.6, columnspacing=1.4)
    return fig


def _sized(font: FontProperties | None, size: float) -> FontProperties:
    prop = font.copy() if font is not None else FontProperties()
    prop.set_size(size)
    return prop


def _ramp_sum(at: np.ndarray, points: list[float]) -> np.ndarray:
    """For each ``t`` in ``at``: the sum over ``points`` p below t of ``t - p``."""
    p = np.sort(np.asarray(points, dtype=float))
    below = np.searchsorted(p, at, side="right")
    prefix = np.concatenate(([0.0], np.cumsum(p)))
    return np.asarray(below * at - prefix[below])


def activity_counts(plan: Plan, step_min: int = AGGREGATE_STEP_MIN) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """How many coaches do each activity through the day, averaged over steps of ``step_min`` minutes.

    Parameters
    ----------
    plan : Plan
        The plan.
    step_min : int, default AGGREGATE_STEP_MIN
        Length of a step, minutes.

    Returns
    -------
    edges : numpy.ndarray
        Step boundaries in clock hours of the plan date (as ``coach_segments``), whole hours at both ends.
    counts : dict of str to numpy.ndarray
        For each of ``timetable.ACTIVITIES``, one value per step (``len(edges) - 1``): coach-hours spent
        in the activity during the step divided by its length, so the activities of a step add up to
        the coaches on the road then, on average.
    """
    segments = [s for b in plan.buses for s in coach_segments(plan, b)]
    lo, hi = _span(segments)
    step_h = step_min / 60
    edges = lo + step_h * np.arange(max(1, round((hi - lo) / step_h)) + 1)
    counts: dict[str, np.ndarray] = {}
    for activity in ACTIVITIES:
        starts = [s.start_h for s in segments if s.activity == activity]
        ends = [s.end_h for s in segments if s.activity == activity]
        done = _ramp_sum(edges, starts) - _ramp_sum(edges, ends)  # coach-hours in the activity up to each edge
        counts[activity] = np.diff(done) / step_h
    return edges, counts


def _aggregate(plan: Plan, font: FontProperties | None) -> Figure:
    cjk = font is not None
    edges, counts = activity_counts(plan)
    lo, hi = float(edges[0]), float(edges[-1])
    ys = np.array([np.append(counts[a], counts[a][-1]) for a in ACTIVITIES])  # the last step drawn to its end
    fig = Figure(figsize=(WIDTH_IN, 5.2))
    ax = fig.add_axes((0.07, 0.1, 0.9, 0.66))
    ax.stackplot(edges, ys, colors=[STYLE[a][0] for a in ACTIVITIES], step="post", linewidth=0, gid="aggregate")
    _time_axis(ax, lo, hi, False, plan.scenario.date)
    ax.set_ylim(0, max(1.0, float(ys.sum(axis=0).max()) * 1.05))
    ax.set_ylabel(_label(cjk, "车辆数", "coaches"), fontproperties=_sized(font, 9))
    n = len(plan.buses)
    what = _label(
        cjk,
        f"调度总览（汇总）：{n:,} 辆车，超过 {MAX_LANES} 辆不逐车画出；各状态车辆数（{AGGREGATE_STEP_MIN} 分钟平均）\n",
        f"dispatch overview, aggregate: {n:,} coaches (more than {MAX_LANES}, no lane per coach); "
        f"coaches in each activity ({AGGREGATE_STEP_MIN}-min average)",
    )
    fig.text(0.5, 0.985, _title(plan, cjk, what), ha="center", va="top", fontsize=10.5, fontproperties=font,
             gid="title")
    fig.legend(handles=_legend_handles(cjk), loc="upper center", bbox_to_anchor=(0.5, 0.87),
               ncol=len(ACTIVITIES), frameon=False, prop=_sized(font, 8.5), handlelength=1.6, columnspacing=1.4)
    return fig


def dispatch_figure(plan: Plan) -> Figure:
    """The dispatch chart as a matplotlib Figure: lanes per coach, or the aggregate above ``MAX_LANES`` coaches."""
    font = _font()
    return _aggregate(plan, font) if len(plan.buses) > MAX_LANES else _lanes(plan, font)


# text.parse_math off: plan text ("$\\undefined$" in a name or plate) is drawn as it is, never parsed as mathtext
_RC: dict[Any, Any] = {"svg.fonttype": "path", "svg.hashsalt": "returnbus-dispatch", "font.size": 9,
                       "text.parse_math": False, "text.usetex": False}


def _svg(fig: Figure) -> str:
    buf = io.StringIO()
    fig.savefig(buf, format="svg", metadata={"Date": None})
    return buf.getvalue()


def render_dispatch_svg(plan: Plan) -> str:
    """Return the dispatch chart of a plan as SVG text.

    Parameters
    ----------
    plan : Plan
        The plan to draw.

    Returns
    -------
    str
        A standalone SVG document. Text is drawn as paths (Chinese shows on any viewer); each
        lane's label is a group ``id="lane-<bus id>"`` and its bars ``id="bars-<bus id>-<activity>"``.
        The same plan gives the same text.
    """
    with matplotlib.rc_context(_RC):
        return _svg(dispatch_figure(plan))


def write_dispatch_chart(plan: Plan, out_dir: Path) -> list[Path]:
    """Write the dispatch chart as ``dispatch.svg`` and ``dispatch.png`` into ``out_dir``.

    Parameters
    ----------
    plan : Plan
        The plan to draw.
    out_dir : pathlib.Path
        Folder to write into; created when missing.

    Returns
    -------
    list of pathlib.Path
        The SVG and the PNG (``PNG_DPI`` dots per inch, ``WIDTH_IN`` inches wide).
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    with matplotlib.rc_context(_RC):
        fig = dispatch_figure(plan)
        svg_path = out / SVG_FILE
        svg_path.write_text(_svg(fig), encoding="utf-8")
        png_path = out / PNG_FILE
        fig.savefig(png_path, format="png", dpi=PNG_DPI, metadata={"Software": None})
    return [svg_path, png_path]
