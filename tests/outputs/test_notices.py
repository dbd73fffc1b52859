"""Tests for routing.outputs.notices: the texts sent to workers, and their CSV."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import re
from pathlib import Path

import pandas as pd
import pytest

from routing.model import CrewMember, Place, Scenario
from routing.outputs.notices import (
    BE_THERE_MARGIN_MIN,
    NO_CONTACT,
    NOTICE_COLUMNS,
    be_there_time,
    notice_rows,
    sms_parts,
    write_notices_csv,
)
from routing.pipeline import make_plan
from routing.plan.model import Plan
from routing.privacy import mask_id_number, mask_phone
from routing.scenario.load import load_scenario
from tests.helpers import GUYUAN, TZ, at

REQUIRED = ("worker_id", "name", "phone", "bus_id", "plate", "pickup", "be_there", "message")


@pytest.fixture(scope="module")
def guyuan() -> tuple[Plan, Scenario]:
    """The Guyuan scenario (with crew.csv) and a real plan for it."""
    scenario = load_scenario(GUYUAN)
    return make_plan(scenario, solution_limit=20), scenario


@pytest.fixture(scope="module")
def rows(guyuan: tuple[Plan, Scenario]) -> list[dict[str, str]]:
    """The Guyuan notices, phones masked."""
    plan, scenario = guyuan
    return notice_rows(plan, scenario)


def _seated(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    return [r for r in rows if r["kind"] == "seated"]


def _chinese_brackets(name: str) -> str:
    return re.sub(r"\s*\((.*)\)", r"（\1）", name)


def test_columns(rows: list[dict[str, str]]) -> None:
    """Every row has the notice columns, the required ones first, all strings."""
    assert tuple(NOTICE_COLUMNS[: len(REQUIRED)]) == REQUIRED
    for r in rows:
        assert tuple(r) == NOTICE_COLUMNS and all(isinstance(v, str) for v in r.values())


def test_one_notice_per_seated_party_in_roster_order(guyuan: tuple[Plan, Scenario], rows: list[dict[str, str]]) -> None:
    """Seated workers get one notice each (companions none of their own), in the roster's order."""
    plan, scenario = guyuan
    heads = {a.worker_id for a in plan.assignments if a.companion_of is None}
    assert [r["worker_id"] for r in _seated(rows)] == [w.id for w in scenario.workers if w.id in heads]
    assert len(_seated(rows)) == plan.summary.workers_assigned == 139
    assert not any("/" in r["worker_id"] for r in rows)


def test_companions_named_in_their_workers_notice(guyuan: tuple[Plan, Scenario], rows: list[dict[str, str]]) -> None:
    """Each companion's name appears in the notice of the worker they travel with."""
    plan, scenario = guyuan
    by_id = {r["worker_id"]: r for r in rows}
    with_mates = {a.companion_of for a in plan.assignments if a.companion_of}
    assert len(with_mates) >= 5
    for wid in with_mates:
        worker = scenario.worker(wid)
        assert worker is not None and worker.companion_names
        message = by_id[wid]["message"]
        assert "随行家属" in message
        for name in worker.companion_names:
            assert name in message
    alone = [r for r in _seated(rows) if r["worker_id"] not in with_mates]
    assert alone and not any("随行" in r["message"] for r in alone)


def _crew_csv(path: Path) -> dict[tuple[str, str], list[dict[str, str]]]:
    out: dict[tuple[str, str], list[dict[str, str]]] = {}
    with open(path, encoding="utf-8-sig", newline="") as f:
        for rec in csv.DictReader(f):
            out.setdefault((rec["plate"], rec["role"]), []).append(rec)
    return out


def test_message_says_coach_pickup_time_mask_and_escort(
    guyuan: tuple[Plan, Scenario], rows: list[dict[str, str]]
) -> None:
    """A seated notice names coach, plate, pickup point, time to be there, departure, 口罩 and the escort's phone."""
    plan, _ = guyuan
    crew = _crew_csv(GUYUAN / "crew.csv")
    for r in _seated(rows):
        m = r["message"]
        bus = plan.bus(r["bus_id"])
        assert r["plate"] == bus.plate
        assert f"{bus.id}号车（{bus.plate}）" in m and "2月21日" in m
        assert _chinese_brackets(r["pickup"]) in m
        assert re.fullmatch(r"\d{2}:\d{2}", r["be_there"]) and f"请于{r['be_there']}前到" in m
        stop = next(s for s in bus.stops if r["worker_id"] in s.board)
        assert stop.name == r["pickup"]
        assert f"{stop.depart.astimezone(TZ):%H:%M}发车" in m
        assert "口罩" in m and "身份证" in m and "健康证明" in m
        (escort,) = crew[(bus.plate, "escort")]
        assert f"随车联络员{escort['name']} {escort['phone']}" in m
        assert m.startswith(f"【经开区返岗专车】{r['name']}您好：")


def test_be_there_is_before_the_coach(guyuan: tuple[Plan, Scenario], rows: list[dict[str, str]]) -> None:
    """The time to be there is 20 to 24 minutes before the coach reaches the pickup point, on a 5-minute mark."""
    plan, _ = guyuan
    for r in _seated(rows):
        stop = next(s for s in plan.bus(r["bus_id"]).stops if r["worker_id"] in s.board)
        arrive = stop.arrive.astimezone(TZ)
        hh, mm = map(int, r["be_there"].split(":"))
        lead = arrive - arrive.replace(hour=hh, minute=mm, second=0, microsecond=0)
        assert dt.timedelta(minutes=BE_THERE_MARGIN_MIN) <= lead < dt.timedelta(minutes=BE_THERE_MARGIN_MIN + 5)
        assert mm % 5 == 0


def test_be_there_time_rounds_down() -> None:
    """A coach due 11:27 means be there by 11:05; 11:25 also 11:05; 11:24 gives 11:00."""
    assert be_there_time(at(11, 27)) == at(11, 5)
    assert be_there_time(at(11, 25)) == at(11, 5)
    assert be_there_time(at(11, 24)) == at(11, 0)
    assert be_there_time(at(11, 27) + dt.timedelta(seconds=42)) == at(11, 5)


def test_phone_masked_unless_full(guyuan: tuple[Plan, Scenario], rows: list[dict[str, str]]) -> None:
    """The recipient's phone is masked 3+4 by default and in full with full_phone."""
    plan, scenario = guyuan
    full = {r["worker_id"]: r for r in notice_rows(plan, scenario, full_phone=True)}
    for r in rows:
        worker = scenario.worker(r["worker_id"])
        assert worker is not None
        assert r["phone"] == mask_phone(worker.phone) and "****" in r["phone"]
        assert full[r["worker_id"]]["phone"] == worker.phone
        assert full[r["worker_id"]]["message"] == r["message"]


def test_no_id_number_in_any_message(guyuan: tuple[Plan, Scenario], rows: list[dict[str, str]]) -> None:
    """No message carries an ID number, full or masked, nor the recipient's own phone."""
    plan, scenario = guyuan
    everyone = notice_rows(plan, scenario, full_phone=True)
    ids = [w.id_number for w in scenario.workers]
    for r in everyone:
        m = r["message"]
        assert not any(i in m or mask_id_number(i) in m for i in ids)
        assert not re.search(r"\d{6}\d{8}\d{3}[\dXx]|\d{4}\*{6,}", m)
        assert r["phone"] not in m


def test_lengths(rows: list[dict[str, str]]) -> None:
    """Seated notices stay within 150 characters (two SMS parts); the lengths are reported."""
    lengths = sorted(len(r["message"]) for r in _seated(rows))
    others = sorted(len(r["message"]) for r in rows if r["kind"] == "not_seated")
    print(f"\nseated notices: {len(lengths)}, {lengths[0]}-{lengths[-1]} characters "
          f"(median {lengths[len(lengths) // 2]}), SMS parts {sms_parts('x' * lengths[-1])}; "
          f"not seated: {len(others)}, {others[0]}-{others[-1]} characters")
    for r in rows[:3] + [r for r in rows if "随行" in r["message"]][:2] + [r for r in rows if r["kind"] != "seated"][:2]:
        print(f"  {len(r['message'])}: {r['message']}")
    assert lengths[-1] <= 150
    assert others[-1] <= 100


def test_sms_parts() -> None:
    """70 characters fit one SMS part; longer texts go 67 to a part."""
    assert sms_parts("字" * 70) == 1
    assert sms_parts("字" * 71) == 2
    assert sms_parts("字" * 134) == 2
    assert sms_parts("字" * 135) == 3


def test_not_seated_notices_say_why(guyuan: tuple[Plan, Scenario], rows: list[dict[str, str]]) -> None:
    """A worker left off the batch gets a notice with the reason in plain words and no coach."""
    plan, scenario = guyuan
    by_id = {r["worker_id"]: r for r in rows}
    words = {"code_not_green": "健康码不是绿码", "no_health_cert": "未提交健康证明",
             "out_of_reach": "家离最近的上车点超过30公里"}
    rejected = {r.id for r in scenario.rejected}  # records too broken to use: problems.csv, not a notice
    assert rejected == {"W0104"} and not rejected & set(by_id)
    assert {u.reason for u in plan.unassigned if u.worker_id not in rejected} == set(words)
    for u in (u for u in plan.unassigned if u.worker_id not in rejected):
        r = by_id[u.worker_id]
        assert r["kind"] == "not_seated"
        assert r["bus_id"] == r["plate"] == r["pickup"] == r["be_there"] == ""
        assert f"原因：{words[u.reason]}" in r["message"] and "未能安排乘坐2月21日的返岗专车" in r["message"]
    assert len(rows) == plan.summary.workers_total - len(rejected)


def test_tiny_notice_reads_as_expected(tiny_plan: Plan, tiny_scenario: Scenario) -> None:
    """The whole text for a worker with a companion, on a coach without crew.csv."""
    rows = notice_rows(tiny_plan, tiny_scenario)
    assert rows[0]["message"] == (
        "【经开区返岗专车】马小明您好：您（及随行家属马小红）乘坐2月21日C45-1号车（宁A·D8101），"
        "请于10:30前到原州区 & 客运站上车，10:57发车。请携带身份证和健康证明，出示绿色健康码，全程佩戴口罩。联系电话另行通知。"
    )
    assert [(r["worker_id"], r["kind"], r["be_there"]) for r in rows] == [
        ("W1", "seated", "10:30"), ("W2", "seated", "10:30"), ("W3", "seated", "11:20"),
        ("W4", "seated", "11:20"), ("W5", "not_seated", ""),
    ]
    assert rows[4]["message"] == (
        "【经开区返岗专车】赵敏您好：您未能安排乘坐2月21日的返岗专车，原因：健康码不是绿码。"
        "请与银川隆基硅材料有限公司联系，等候后续安排。"
    )


def test_without_escort_call_the_first_driver(tiny_plan: Plan, tiny_scenario: Scenario) -> None:
    """With drivers but no escort in crew.csv the notice gives the first driver's phone."""
    crew = (
        CrewMember("宁A·D8101", "driver", "王师傅", "13900000001"),
        CrewMember("宁A·D8101", "driver", "李师傅", "13900000002"),
        CrewMember("宁A·D8102", "escort", "马主任", "13900000003"),
    )
    rows = notice_rows(tiny_plan, dataclasses.replace(tiny_scenario, crew=crew))
    assert rows[0]["message"].endswith("有事请联系司机王师傅 13900000001。")
    assert "李师傅" not in rows[0]["message"]
    assert rows[2]["message"].endswith("有事请联系随车联络员马主任 13900000003。")
    assert NO_CONTACT in notice_rows(tiny_plan, tiny_scenario)[0]["message"]


def test_address_is_given_but_never_the_planners_note(tiny_plan: Plan, tiny_scenario: Scenario) -> None:
    """A pickup point's address is given in brackets; its note (for planners) never reaches a worker."""
    yz, xj = tiny_scenario.pickup_points
    points = (
        dataclasses.replace(yz, address="文化街客运站北门广场", note="checked by the county office"),
        Place(xj.id, xj.name, xj.lat, xj.lon, xj.region, note="seat centre from the gazetteer (GCJ-02)"),
    )
    rows = notice_rows(tiny_plan, dataclasses.replace(tiny_scenario, pickup_points=points))
    assert "到原州区 & 客运站（文化街客运站北门广场）上车" in rows[0]["message"]
    assert "到西吉县城上车" in rows[2]["message"] and "gazetteer" not in rows[2]["message"]


def test_csv_with_bom_reads_back(guyuan: tuple[Plan, Scenario], tmp_path: Path) -> None:
    """The CSV starts with a UTF-8 BOM and reads back with every column as text."""
    plan, scenario = guyuan
    path = write_notices_csv(plan, scenario, tmp_path / "notices.csv")
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    assert tuple(df.columns) == NOTICE_COLUMNS
    assert df.to_dict("records") == notice_rows(plan, scenario)
    full = pd.read_csv(write_notices_csv(plan, scenario, tmp_path / "full.csv", full_phone=True), dtype=str,
                       keep_default_na=False, encoding="utf-8-sig")
    worker = scenario.worker(full["worker_id"][0])
    assert worker is not None and full["phone"][0] == worker.phone


@pytest.mark.parametrize(("policy", "bring"), [
    ("certificate", "请携带身份证和健康证明，全程佩戴口罩"), ("code", "请携带身份证，出示绿色健康码，全程佩戴口罩"),
    ("either", "请携带身份证和健康证明或出示绿色健康码，全程佩戴口罩"), ("none", "请携带身份证，全程佩戴口罩")])
def test_what_to_bring_follows_the_screening_policy(tiny_plan: Plan, tiny_scenario: Scenario, policy: str,
                                                    bring: str) -> None:
    """A seated worker is told to bring the papers the day's policy asks for, and no others."""
    sc = dataclasses.replace(tiny_scenario, rules=dataclasses.replace(tiny_scenario.rules, screening=policy))
    seated = [r["message"] for r in notice_rows(tiny_plan, sc) if r["kind"] == "seated"]
    assert seated and all(f"。{bring}。" in m for m in seated)
