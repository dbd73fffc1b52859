"""How a plan reads on a page, shared by the outputs and the maps: clocks, stop spans, the words for a
reason not seated, the Chinese font stack, and HTML escaping.
"""

from __future__ import annotations

import datetime as dt
import html
from zoneinfo import ZoneInfo

from routing.plan.model import Plan, Stop

# Chinese faces first, the ones Windows, macOS and Linux (fonts-noto-cjk, WenQuanYi) carry.
FONT_STACK = ('"Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", '
              '"WenQuanYi Micro Hei", "SimHei", sans-serif')

REASON_LABELS = {
    "no_health_cert": "无健康证明 No health certificate",
    "code_not_green": "健康码非绿码 Health code not green",
    "invalid_record": "登记信息有误 Invalid record",
    "out_of_reach": "超出上车点范围 Out of reach of pickup points",
    "no_capacity": "运力不足 No capacity",
}


def escape(value: object) -> str:
    """``value`` as text safe inside HTML elements and quoted attributes (``& < > " '``)."""
    return html.escape(str(value), quote=True)


def format_clock(t: dt.datetime, plan_date: dt.date, timezone: str) -> str:
    """Format a stop time for people: ``HH:MM``, with the date in front when it is another day.

    Parameters
    ----------
    t : datetime.datetime
        An aware time (naive times are taken as already local).
    plan_date : datetime.date
        The day of the plan; times on this day show no date.
    timezone : str
        IANA zone the plan runs in, e.g. ``"Asia/Shanghai"``.

    Returns
    -------
    str
        ``"06:30"`` or ``"2020-02-22 01:10"``.
    """
    local = t.astimezone(ZoneInfo(timezone)) if t.tzinfo is not None else t
    if local.date() == plan_date:
        return local.strftime("%H:%M")
    return local.strftime("%Y-%m-%d %H:%M")


def clock(plan: Plan, t: dt.datetime) -> str:
    """``format_clock`` on the plan's day and in its time zone."""
    return format_clock(t, plan.scenario.date, plan.scenario.timezone)


def join_span(arrive: str, depart: str) -> str:
    """``10:50–10:57`` from two formatted times, one time when they are equal, the date only once."""
    if arrive == depart:
        return arrive
    if len(arrive) == len(depart) and arrive[:-5] == depart[:-5]:
        depart = depart[-5:]
    return f"{arrive}–{depart}"


def stop_span(plan: Plan, stop: Stop) -> str:
    """When a coach stands at a stop: ``10:50–10:57``, or one time when it does not stand."""
    return join_span(clock(plan, stop.arrive), clock(plan, stop.depart))
