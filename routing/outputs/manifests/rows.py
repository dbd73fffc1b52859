"""Passenger manifests (实名登记): one list per coach, as CSV and as a printable A4 page."""

from __future__ import annotations

from pathlib import Path

from routing.errors import PlanMismatchError
from routing.model import Scenario, Worker
from routing.plan.display import FONT_STACK, clock, escape, stop_span
from routing.plan.model import Assignment, BusPlan, Plan, Stop
from routing.privacy import mask_id_number, mask_phone
from routing.roster.idcard import id_number_problem, sex_of
from routing.tables import write_excel_csv

MANIFEST_COLUMNS = (
    "seat",
    "name",
    "sex",
    "id_number",
    "phone",
    "worker_id",
    "pickup",
    "pickup_time",
    "employer",
    "dropoff",
    "health",
    "temperature",
    "signature",
)

_SEX = {"M": "男", "F": "女"}
_CODE = {"green": "绿码", "yellow": "黄码", "red": "红码", "none": "无码"}
_MARK = " (随行 "  # marks a companion's name: "马小红 (随行 W1)"


def _health(worker: Worker) -> str:
    code = _CODE.get(worker.health_code, worker.health_code)
    cert = "有证明" if worker.health_cert else "无证明"
    return f"{code} / {cert}"


def _nth(values: tuple[str, ...] | tuple[bool, ...], n: int) -> str | bool | None:
    """The n-th (1-based) entry of a companion list, None when the roster gives none."""
    return values[n - 1] if 1 <= n <= len(values) else None


def _companion_cells(worker: Worker, passenger_id: str, full_id: bool) -> dict[str, str]:
    """A companion's sex, ID number, phone and health as the roster gives them: the ID number (sex from it) and
    phone masked like everyone's unless ``full_id``; the worker's phone when the companion has none; blank else."""
    suffix = passenger_id.rsplit("/", 1)[-1]
    n = int(suffix) if suffix.isdigit() else 0
    idn, phone = _nth(worker.companion_id_numbers, n), _nth(worker.companion_phones, n)
    code, cert = _nth(worker.companion_health_codes, n), _nth(worker.companion_health_certs, n)
    phone = phone if isinstance(phone, str) and phone else worker.phone
    sex = _SEX.get(sex_of(idn), "") if isinstance(idn, str) and id_number_problem(idn) is None else ""
    health = [_CODE.get(code, code)] if isinstance(code, str) else []
    health += [("有证明" if cert else "无证明")] if isinstance(cert, bool) else []
    return {"sex": sex, "id_number": (idn if full_id else mask_id_number(idn)) if isinstance(idn, str) else "",
            "phone": phone if full_id else mask_phone(phone), "health": " / ".join(health)}


def boarding_stop(bus: BusPlan, a: Assignment) -> Stop | None:
    """The stop where the passenger boards (or, failing that, the coach's stop at their pickup point)."""
    for stop in bus.stops:
        if a.worker_id in stop.board:
            return stop
    for stop in bus.stops:
        if stop.kind == "pickup" and stop.place_id == a.pickup_point_id:
            return stop
    return None


def place_name(plan: Plan, scenario: Scenario, place_id: str) -> str:
    """The name of a place of the scenario or the plan; the id when neither has it."""
    try:
        return scenario.place(place_id).name
    except KeyError:
        for ref in plan.places:
            if ref.id == place_id:
                return ref.name
        return place_id


def _companion_name(worker: Worker, passenger_id: str) -> str:
    suffix = passenger_id.rsplit("/", 1)[-1]
    n = int(suffix) if suffix.isdigit() else 0
    if 1 <= n <= len(worker.companion_names) and worker.companion_names[n - 1].strip():
        name = worker.companion_names[n - 1].strip()
    else:
        name = f"{worker.name} 家属 {n or suffix}"
    return f"{name}{_MARK}{worker.id})"


def manifest_rows(plan: Plan, scenario: Scenario, bus_id: str, full_id: bool = False) -> list[dict[str, str]]:
    """Return the passenger list of one coach, one row per passenger in seat order.

    Parameters
    ----------
    plan : Plan
        The plan holding the coach and its seat assignments.
    scenario : Scenario
        The scenario the plan was made from (names, ID numbers, phones, employers).
    bus_id : str
        Coach id, e.g. ``"C45-1"``.
    full_id : bool, default False
        Print full ID numbers and phones. By default both are masked
        (``mask_id_number``, ``mask_phone``); only a printed manifest handed to the
        health authority should carry them in full.

    Returns
    -------
    list of dict of str to str
        Keys as in ``MANIFEST_COLUMNS``. Companions are named from the worker's
        ``companion_names`` (or ``"<worker> 家属 n"``), marked ``(随行 <worker id>)``;
        their ID number (masked like the worker's, the sex taken from it), phone and
        health are theirs where the roster gives them (else blank, and the worker's phone).
        ``temperature`` and ``signature`` are left blank for writing on board.

    Raises
    ------
    KeyError
        If the plan has no coach ``bus_id``.
    PlanMismatchError
        If a passenger of the coach is not a worker of the scenario.
    """
    bus = plan.bus(bus_id)
    rows: list[dict[str, str]] = []
    for a in plan.assignments_of(bus_id):
        owner_id = a.companion_of or a.worker_id
        worker = scenario.worker(owner_id)
        if worker is None:
            raise PlanMismatchError(f"coach {bus_id} seat {a.seat}: passenger {a.worker_id} is not a worker of the "
                                    f"scenario {scenario.folder or scenario.name}. Was the plan made from another one?")
        phone = worker.phone if full_id else mask_phone(worker.phone)
        mine = {"sex": _SEX.get(worker.sex, ""), "id_number": worker.id_number if full_id else
                mask_id_number(worker.id_number), "phone": phone, "health": _health(worker)}
        try:
            employer = scenario.employer(worker.employer_id).name
        except KeyError:
            employer = worker.employer_id
        stop = boarding_stop(bus, a)
        pickup_time = clock(plan, stop.depart) if stop else ""
        is_companion = a.companion_of is not None
        cells = _companion_cells(worker, a.worker_id, full_id) if is_companion else mine
        rows.append(
            {
                "seat": str(a.seat),
                "name": _companion_name(worker, a.worker_id) if is_companion else worker.name,
                "sex": cells["sex"],
                "id_number": cells["id_number"],
                "phone": cells["phone"],
                "worker_id": a.worker_id,
                "pickup": place_name(plan, scenario, a.pickup_point_id),
                "pickup_time": pickup_time,
                "employer": employer,
                "dropoff": place_name(plan, scenario, a.dropoff_place_id),
                "health": cells["health"],
                "temperature": "",
                "signature": "",
            }
        )
    return rows


def write_manifest_csv(rows: list[dict[str, str]], path: Path | str) -> Path:
    """Write manifest rows as CSV in UTF-8 with a BOM, so Excel opens the Chinese text correctly.

    Parameters
    ----------
    rows : list of dict of str to str
        Rows from ``manifest_rows``.
    path : pathlib.Path or str
        File to write; its folder must exist.

    Returns
    -------
    pathlib.Path
        The path written.
    """
    return write_excel_csv(rows, MANIFEST_COLUMNS, path)


_CSS = """
@page { size: A4 portrait; margin: 12mm;
  @bottom-right { content: "%(foot)s  " counter(page) " / " counter(pages); font-size: 7.5pt; color: #444; } }
* { box-sizing: border-box; }
html { font-family: %(fonts)s; font-size: 9.5pt; color: #000; line-height: 1.3; }
body { margin: 0 auto; max-width: 186mm; }
h1 { font-size: 14pt; margin: 0 0 2mm; }
h1 small { font-size: 9pt; font-weight: normal; color: #333; }
h1 .maplink { font-size: 9pt; font-weight: normal; margin-left: 4mm; }
@media print { .maplink { display: none; } }
table { border-collapse: collapse; width: 100%%; }
.info td { padding: 0.8mm 1.5mm; vertical-align: top; border: 0.3pt solid #888; }
.info th { padding: 0.8mm 1.5mm; text-align: left; vertical-align: top; white-space: nowrap;
  font-weight: normal; color: #333; background: #eee; border: 0.3pt solid #888; width: 22mm; }
.info ol { margin: 0; padding-left: 4mm; }
.info li .sub { white-space: nowrap; }
.blank { display: inline-block; border-bottom: 0.6pt solid #000; min-width: 32mm; height: 4mm; }
.pax { table-layout: fixed; margin-top: 3mm; }
.pax thead { display: table-header-group; }
.pax th { font-size: 8.5pt; font-weight: bold; background: #e4e4e4; border: 0.6pt solid #000;
  padding: 0.8mm 1mm; text-align: left; vertical-align: bottom; line-height: 1.2; }
.pax td { font-size: 9pt; border: 0.6pt solid #000; padding: 0.8mm 1mm; vertical-align: top;
  height: 10mm; overflow-wrap: anywhere; }
.pax tr { break-inside: avoid; page-break-inside: avoid; }
.pax .num { font-variant-numeric: tabular-nums; white-space: nowrap; letter-spacing: -0.1pt; }
.pax .seat { text-align: center; font-size: 11pt; font-weight: bold; }
.sub { color: #333; font-size: 8pt; }
.nw { white-space: nowrap; }
.companion td { background: #f6f6f6; }
.foot { margin-top: 5mm; break-inside: avoid; page-break-inside: avoid; }
.foot td { padding: 2mm 4mm 1mm 0; width: 50%%; vertical-align: bottom; }
.line { display: block; border-bottom: 0.6pt solid #000; height: 9mm; }
.note { font-size: 8pt; color: #333; margin-top: 2mm; }
@media screen { body { padding: 8mm 0; } }
"""

# Column widths in mm; they add up to the 186 mm between A4 margins.
_COLS = (
    ("座位<br>Seat", 10),
    ("姓名 Name<br><span class=sub>编号 ID</span>", 26),
    ("性别<br>Sex", 9),
    ("身份证号 ID no.<br><span class=sub>电话 Phone</span>", 35),
    ("上车点 Pickup<br><span class=sub>时间 Time</span>", 25),
    ("单位 Employer<br><span class=sub>下车点 Gate</span>", 29),
    ("健康 Health", 14),
    ("体温 Temp. °C", 13),
    ("签名 Signature", 25),
)


def _stop_line(stop: Stop, plan: Plan, people: str) -> str:
    when = stop_span(plan, stop)
    return f"<li>{escape(when)} {escape(stop.name)} <span class=sub>({escape(people)})</span></li>"


def _header(plan: Plan, scenario: Scenario, bus: BusPlan, count: int, map_href: str | None = None) -> str:
    sc = plan.scenario
    first = bus.stops[0] if bus.stops else None
    depart = clock(plan, first.depart) if first else ""
    depot = place_name(plan, scenario, bus.depot)
    pickups = (
        "".join(_stop_line(s, plan, f"上车 {len(s.board)} 人") for s in bus.stops if s.kind == "pickup") or "<li>—</li>"
    )
    gates = (
        "".join(_stop_line(s, plan, f"下车 {len(s.alight)} 人") for s in bus.stops if s.kind == "dropoff")
        or "<li>—</li>"
    )
    drivers = "<br>".join(
        f"司机 Driver {i}: 姓名 <span class=blank></span> 电话 <span class=blank></span>"
        for i in range(1, max(bus.drivers, 1) + 1)
    )
    type_name = f"{bus.type_name} ({bus.type})" if bus.type_name else bus.type
    link = f' <a class=maplink href="{escape(map_href)}">路线图 Route map</a>' if map_href else ""
    return f"""<h1>乘客名单 Passenger manifest <small>returnbus manifest</small>{link}</h1>
<table class=info>
<tr><th>批次 Scenario</th><td>{escape(sc.name)}</td><th>日期 Date</th><td>{escape(sc.date.isoformat())}</td></tr>
<tr><th>车次 Coach</th><td><b>{escape(bus.id)}</b></td><th>车牌 Plate</th><td><b>{escape(bus.plate or "—")}</b></td></tr>
<tr><th>车型 Type</th><td>{escape(type_name)}</td><th>座位 / 限载<br>Seats / cap.</th>
<td>{bus.seats} / {bus.capacity}</td></tr>
<tr><th>发车 Departure</th><td>{escape(depart)} {escape(depot)}</td><th>乘客 Passengers</th><td><b>{count}</b></td></tr>
<tr><th>司机 Drivers</th><td colspan=3>{bus.drivers} 名<br>{drivers}</td></tr>
<tr><th>上车点 Pickups</th><td><ol>{pickups}</ol></td><th>下车点 Gates</th><td><ol>{gates}</ol></td></tr>
</table>"""


def _css_string(text: str) -> str:
    """Escape text for a CSS string: every ASCII character but letters and digits as a 6-digit hex escape."""
    return "".join(c if c.isalnum() or ord(c) > 127 else f"\\{ord(c):06x}" for c in text)


def _passenger_row(row: dict[str, str], is_companion: bool) -> str:
    companion = " class=companion" if is_companion else ""
    name, sep, mark = row["name"].partition(_MARK)
    name_html = escape(name) + (
        f" <span class=nw>{escape(_MARK.strip() + mark)}</span>" if is_companion and sep else escape(sep + mark)
    )
    return (
        f"<tr{companion}><td class=seat>{escape(row['seat'])}</td>"
        f"<td>{name_html}<br><span class=sub>{escape(row['worker_id'])}</span></td>"
        f"<td>{escape(row['sex'])}</td>"
        f"<td><span class=num>{escape(row['id_number'])}</span><br><span class=num>{escape(row['phone'])}</span></td>"
        f"<td>{escape(row['pickup'])}<br><span class=sub>{escape(row['pickup_time'])}</span></td>"
        f"<td>{escape(row['employer'])}<br><span class=sub>{escape(row['dropoff'])}</span></td>"
        f"<td>{escape(row['health'])}</td><td>{escape(row['temperature'])}</td><td>{escape(row['signature'])}</td></tr>"
    )


def render_manifest_html(plan: Plan, scenario: Scenario, bus_id: str, full_id: bool = False,
                         map_href: str | None = None, rows: list[dict[str, str]] | None = None) -> str:
    """Return one coach's manifest as a self-contained, printable A4 portrait HTML page.

    Parameters
    ----------
    plan : Plan
        The plan holding the coach.
    scenario : Scenario
        The scenario the plan was made from.
    bus_id : str
        Coach id.
    full_id : bool, default False
        Print full ID numbers and phones instead of masked ones.
    map_href : str, optional
        URL of the coach's route map (e.g. ``../maps/C55-1.html``, already URL-quoted); the
        header then links it as 路线图 Route map (on screen only, not printed).
    rows : list of dict, optional
        ``manifest_rows(plan, scenario, bus_id, full_id)`` when the caller has them already.

    Returns
    -------
    str
        HTML with inline CSS only (no external fonts, styles or scripts). The header
        names the batch, coach, plate, type, seats/capacity, drivers (with blank lines
        for names and phones), departure, pickups and gates with times; the table
        header repeats on every printed page and rows never split; the footer holds
        signature lines for the escort and the receiving company.
    """
    bus = plan.bus(bus_id)
    rows = rows if rows is not None else manifest_rows(plan, scenario, bus_id, full_id=full_id)
    foot = f"{bus.id} {bus.plate} {plan.scenario.date.isoformat()}"
    css = _CSS % {"fonts": FONT_STACK, "foot": _css_string(foot)}
    cols = "".join(f"<col style='width:{w}mm'>" for _, w in _COLS)
    head = "".join(f"<th>{label}</th>" for label, _ in _COLS)
    seated = plan.assignments_of(bus_id)
    body = "".join(_passenger_row(r, a.companion_of is not None) for r, a in zip(rows, seated))
    body = body or f"<tr><td colspan={len(_COLS)}>— 无乘客 no passengers —</td></tr>"
    if full_id:
        note = "本名单含完整身份证号和电话，仅供登记和防疫部门使用，妥善保管。Full ID numbers and phones: keep safe."
    else:
        note = "身份证号和电话已脱敏。ID numbers and phones are masked."
    title = f"乘客名单 {bus.id} {bus.plate} {plan.scenario.date.isoformat()}"
    return f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>{escape(title)}</title>
<style>{css}</style></head><body>
{_header(plan, scenario, bus, len(rows), map_href)}
<table class=pax><colgroup>{cols}</colgroup>
<thead><tr>{head}</tr></thead>
<tbody>{body}</tbody></table>
<div class=foot><table>
<tr><td>随车人员 Escort 签名 Signature<br><span class=line></span></td>
<td>接收单位 Receiving company 签名/盖章 Signature/stamp<br><span class=line></span></td></tr>
<tr><td>交接时间 Handover time<br><span class=line></span></td><td>接收人电话 Phone<br><span class=line></span></td></tr>
</table>
<p class=note>{escape(note)} 共 {len(rows)} 人 / {len(rows)} passengers.</p></div>
</body></html>
"""
