"""Notices to workers: one short Chinese text per party, ready to send by SMS or WeChat.

A seated worker's notice names the coach, the pickup point, the time to be there, the
departure, what to bring and whom to call; their companions ride in the same notice.
A worker left off the batch gets a notice saying so and why, in plain words. Messages
never carry ID numbers.
"""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path
from zoneinfo import ZoneInfo

from routing.model import Place, Scenario, Worker
from routing.outputs.manifests.rows import boarding_stop
from routing.plan.model import Assignment, Plan, Unassigned
from routing.privacy import mask_phone
from routing.tables import write_excel_csv

NOTICE_COLUMNS = ("worker_id", "name", "phone", "bus_id", "plate", "pickup", "be_there", "message", "kind")

SENDER = "经开区返岗专车"
BE_THERE_MARGIN_MIN = 20  # minutes before the coach reaches the pickup point
BE_THERE_ROUND_MIN = 5  # the time to be there is rounded down to this many minutes
# What to bring, by rules.screening: the ID card always, then the papers the day's policy asks for.
BRING = {
    "both": "请携带身份证和健康证明，出示绿色健康码，全程佩戴口罩",
    "certificate": "请携带身份证和健康证明，全程佩戴口罩",
    "code": "请携带身份证，出示绿色健康码，全程佩戴口罩",
    "either": "请携带身份证和健康证明或出示绿色健康码，全程佩戴口罩",
    "none": "请携带身份证，全程佩戴口罩",
}
NO_CONTACT = "联系电话另行通知"

# Why a worker is not on this batch, said plainly ({km}: the access limit in km).
NOT_SEATED_REASONS = {
    "no_health_cert": "未提交健康证明",
    "code_not_green": "健康码不是绿码",
    "invalid_record": "登记信息有误",
    "out_of_reach": "家离最近的上车点超过{km}公里",
    "no_capacity": "本批次车辆已满",
}


def be_there_time(arrive: dt.datetime) -> dt.datetime:
    """When a passenger should be at the pickup point: the coach's arrival minus the margin, rounded down.

    ``BE_THERE_MARGIN_MIN`` (20) minutes earlier, then down to a multiple of
    ``BE_THERE_ROUND_MIN`` (5) minutes: a coach due at 11:27 means be there by 11:05.
    """
    t = arrive - dt.timedelta(minutes=BE_THERE_MARGIN_MIN)
    return t - dt.timedelta(minutes=t.minute % BE_THERE_ROUND_MIN, seconds=t.second, microseconds=t.microsecond)


def _clock_cn(t: dt.datetime, plan_date: dt.date, timezone: str) -> str:
    """``11:05``, or ``2月22日01:10`` on another day than the batch's."""
    local = t.astimezone(ZoneInfo(timezone)) if t.tzinfo is not None else t
    hhmm = local.strftime("%H:%M")
    return hhmm if local.date() == plan_date else f"{_cn_date(local.date())}{hhmm}"


def _cn_date(day: dt.date) -> str:
    return f"{day.month}月{day.day}日"


def _full_width_brackets(text: str) -> str:
    """``原州区城区 (区政府一带)`` as Chinese text writes it: ``原州区城区（区政府一带）``."""
    return text.replace(" (", "（").replace("(", "（").replace(")", "）")


def _pickup_text(place: Place | None, name: str) -> str:
    """The pickup point's name, with its address (``pickup_points.csv``) in brackets when it has one."""
    address = place.address.strip() if place else ""
    name = _full_width_brackets(name)
    return f"{name}（{_full_width_brackets(address)}）" if address else name


def _companions_text(worker: Worker, count: int) -> str:
    """``（及随行家属马小红、马小明）`` or ``（及随行家属2人）``; empty without companions."""
    if count <= 0:
        return ""
    names = [n.strip() for n in worker.companion_names if n.strip()]
    if len(names) == count:
        return f"（及随行家属{'、'.join(names)}）"
    return f"（及随行家属{count}人）"


def _contacts(scenario: Scenario) -> dict[str, str]:
    """Whom to call, by plate: the escort, else the first driver (with a phone); crew.csv read once."""
    found: dict[tuple[str, str], str] = {}
    for m in scenario.crew:
        if m.phone.strip():
            found.setdefault((m.plate, m.role), f"{m.name} {m.phone.strip()}")
    out: dict[str, str] = {}
    for role, title in (("driver", "司机"), ("escort", "随车联络员")):  # an escort overrides a driver
        out.update((plate, f"有事请联系{title}{who}") for (plate, r), who in found.items() if r == role)
    return out


def _seated_row(
    plan: Plan, scenario: Scenario, worker: Worker, a: Assignment, companions: int, contacts: dict[str, str]
) -> dict[str, str]:
    sc = plan.scenario
    bus = plan.bus(a.bus_id)
    stop = boarding_stop(bus, a)
    try:
        place: Place | None = scenario.place(a.pickup_point_id)
    except KeyError:
        place = None
    name = stop.name if stop else (place.name if place else a.pickup_point_id)
    coach = f"{_cn_date(sc.date)}{bus.id}号车" + (f"（{bus.plate}）" if bus.plate else "")
    if stop:
        be_there = _clock_cn(be_there_time(stop.arrive), sc.date, sc.timezone)
        depart = _clock_cn(stop.depart, sc.date, sc.timezone)
        where = f"请于{be_there}前到{_pickup_text(place, name)}上车，{depart}发车"
    else:
        be_there = ""
        where = f"上车点{_pickup_text(place, name)}，时间另行通知"
    message = (
        f"【{SENDER}】{worker.name}您好：您{_companions_text(worker, companions)}乘坐{coach}，"
        f"{where}。{BRING[scenario.rules.screening]}。{contacts.get(bus.plate, NO_CONTACT) if bus.plate else NO_CONTACT}。"
    )
    return {"worker_id": worker.id, "name": worker.name, "phone": worker.phone, "bus_id": bus.id,
            "plate": bus.plate, "pickup": name, "be_there": be_there, "message": message, "kind": "seated"}


def _not_seated_row(plan: Plan, scenario: Scenario, worker: Worker, u: Unassigned) -> dict[str, str]:
    sc = plan.scenario
    why = NOT_SEATED_REASONS.get(u.reason, "")
    why = why.format(km=f"{sc.max_access_km:g}") if why else ""
    try:
        employer = scenario.employer(worker.employer_id).name
    except KeyError:
        employer = "用工单位"
    because = f"，原因：{why}" if why else ""
    message = (
        f"【{SENDER}】{worker.name}您好：您{_companions_text(worker, u.companions)}"
        f"未能安排乘坐{_cn_date(sc.date)}的返岗专车{because}。请与{employer}联系，等候后续安排。"
    )
    return {"worker_id": worker.id, "name": worker.name, "phone": worker.phone, "bus_id": "", "plate": "",
            "pickup": "", "be_there": "", "message": message, "kind": "not_seated"}


def notice_rows(plan: Plan, scenario: Scenario, full_phone: bool = False) -> list[dict[str, str]]:
    """Return one notice per party (a worker and their companions), in the roster's order.

    Parameters
    ----------
    plan : Plan
        The plan.
    scenario : Scenario
        The scenario the plan was made from (names, phones, pickup points, crew).
    full_phone : bool, default False
        Put the recipient's full phone number in the ``phone`` column; by default it is
        masked (first 3 and last 4 digits), which still lets staff look a worker up.

    Returns
    -------
    list of dict of str to str
        Keys as in ``NOTICE_COLUMNS``: ``worker_id``, ``name``, ``phone``, ``bus_id``,
        ``plate``, ``pickup`` (point name), ``be_there`` (``HH:MM``: the coach's arrival
        at the pickup point less ``BE_THERE_MARGIN_MIN``, rounded down to
        ``BE_THERE_ROUND_MIN``), ``message`` and ``kind``: ``seated`` for a worker with
        a seat (companions are named in their worker's message and get no row of their
        own) and ``not_seated`` for a worker left unassigned (``bus_id``, ``plate``,
        ``pickup`` and ``be_there`` blank; the message gives the reason in plain words).
        Messages carry the escort's phone (else the first driver's) in full, never an
        ID number.
    """
    heads = {a.worker_id: a for a in plan.assignments if a.companion_of is None}
    companions: dict[str, int] = {}
    for a in plan.assignments:
        if a.companion_of is not None:
            companions[a.companion_of] = companions.get(a.companion_of, 0) + 1
    left = {u.worker_id: u for u in plan.unassigned}
    contacts = _contacts(scenario)
    rows: list[dict[str, str]] = []
    done: set[str] = set()
    for worker in scenario.workers:
        if worker.id in done:
            continue
        done.add(worker.id)
        if worker.id in heads:
            row = _seated_row(plan, scenario, worker, heads[worker.id], companions.get(worker.id, 0), contacts)
        elif worker.id in left:
            row = _not_seated_row(plan, scenario, worker, left[worker.id])
        else:
            continue
        if not full_phone:
            row["phone"] = mask_phone(worker.phone)
        rows.append(row)
    return rows


def sms_parts(message: str) -> int:
    """SMS parts a message takes in UCS-2 (Chinese): one up to 70 characters, then 67 per part."""
    n = len(message)
    return 1 if n <= 70 else math.ceil(n / 67)


def write_notices_csv(plan: Plan, scenario: Scenario, path: Path, full_phone: bool = False) -> Path:
    """Write ``notice_rows`` as CSV in UTF-8 with a BOM (opens in Excel); returns the path.

    Parameters
    ----------
    plan : Plan
        The plan.
    scenario : Scenario
        The scenario the plan was made from.
    path : pathlib.Path
        File to write; its folder must exist.
    full_phone : bool, default False
        Write the recipients' full phone numbers instead of masked ones.

    Returns
    -------
    pathlib.Path
        The path written.
    """
    return write_excel_csv(notice_rows(plan, scenario, full_phone=full_phone), NOTICE_COLUMNS, path)
