"""routing.roster.check: every check on a roster record, its severity, column, masked value and fix."""

from __future__ import annotations

import math
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from routing.geo.coords import wgs84_to_gcj02
from routing.model import REJECT, REPAIR, WARN, Employer, RecordProblem
from routing.privacy import mask_id_number
from routing.roster.check import EXCEL_FIX, NO_HOME, check_roster, employer_key
from routing.roster.idcard import check_char
from routing.roster.model import FIELDS, CheckedRoster, RosterRow

EMPLOYERS = (Employer("E-LONGI", "银川隆基硅材料有限公司", "G1"), Employer("E-XJR", "宁夏小巨人机床有限公司", "G2"),
             Employer("E-KOCEL", "共享集团", "G3"))
COLUMNS = {"id": "序号", "name": "姓名", "sex": "性别", "id_number": "身份证号码", "phone": "联系电话",
           "address": "家庭住址", "county": "县区", "township": "乡镇", "lat": "纬度", "lon": "经度",
           "employer": "用工单位", "health_code": "健康码", "health_cert": "健康证明", "companions": "随行人数",
           "companion_names": "随行家属"}


def ident(region: str, birth: str, seq: str) -> str:
    """A valid 18-character ID number."""
    first = region + birth + seq
    return first + check_char(first)


ID_MALE = ident("640422", "19900101", "001")  # 西吉县, 17th digit odd
ID_FEMALE = ident("640402", "19920303", "024")  # 原州区, 17th digit even
GOOD = {"id": "1", "name": "马小明", "sex": "男", "id_number": ID_MALE, "phone": "13995123456", "lat": "35.96",
        "lon": "105.72", "employer": "E-LONGI", "health_code": "绿码", "health_cert": "有"}


def row(n: int = 2, file: str = "隆基.xlsx", numeric: frozenset[str] = frozenset(), **changes: str | None) -> RosterRow:
    """GOOD with ``changes`` (None removes a field), as read from ``file`` row ``n``."""
    values = {**GOOD, **{k: v for k, v in changes.items() if v is not None}}
    for k, v in changes.items():
        if v is None:
            values.pop(k, None)
    return RosterRow(file, n, values, numeric, COLUMNS)


def check(*rows: RosterRow, **kw: Any) -> CheckedRoster:
    return check_roster(rows, EMPLOYERS, **kw)


def one(checked: CheckedRoster, severity: str) -> RecordProblem:
    """The one problem of this severity."""
    found = [p for p in checked.problems if p.severity == severity]
    assert len(found) == 1, checked.problems
    return found[0]


def rejected_for(r: RosterRow, column: str) -> RecordProblem:
    """Check one row that must be rejected; return its reject problem, after the common assertions."""
    checked = check(r)
    assert not checked.records and len(checked.rejected) == 1
    p = one(checked, REJECT)
    assert (p.file, p.row, p.column) == (r.file, r.row, column)
    assert p.fix and p.problem
    assert checked.rejected[0].reasons == (p.problem,)
    return p


def test_good_row_is_kept_as_written() -> None:
    """A clean row: no findings, values normalised, home from its coordinates."""
    checked = check(row())
    assert checked.problems == () and checked.rejected == ()
    (c,) = checked.records
    assert (c.file, c.row, c.id, c.name, c.sex, c.id_number, c.phone) == ("隆基.xlsx", 2, "1", "马小明", "M", ID_MALE,
                                                                         "13995123456")
    assert (c.lat, c.lon, c.located_by, c.approximate) == (35.96, 105.72, "coordinates", False)
    assert (c.employer_id, c.health_code, c.health_cert, c.companions) == ("E-LONGI", "green", True, 0)


def test_empty_id_number() -> None:
    p = rejected_for(row(id_number=""), "身份证号码")
    assert "empty" in p.problem


@pytest.mark.parametrize("value, numeric", [
    (str(int(float(ID_MALE))), frozenset({"id_number"})),  # a number cell, as openpyxl gives it back
    ("6.40422E+17", frozenset()),  # scientific notation kept as text
    (ID_MALE[:16] + "00", frozenset()),  # 15 significant digits then zeros, check digit wrong
    (ID_MALE + ".0", frozenset()),
])
def test_id_number_stored_by_excel(value: str, numeric: frozenset[str]) -> None:
    """An ID number Excel turned into a number: rejected, saying so and how to fix it (text column)."""
    p = rejected_for(row(id_number=value, numeric=numeric), "身份证号码")
    assert "Excel" in p.problem and p.fix == EXCEL_FIX and "文本" in p.fix
    assert ID_MALE not in p.value


@pytest.mark.parametrize("value, words", [
    (ID_MALE[:17], "17 characters"),
    (ID_MALE[:15], "first-generation"),
    (ID_MALE[:16] + "A1", "17 digits"),
    (ID_MALE[:17] + ("1" if ID_MALE[17] != "1" else "2"), "check digit"),
    (ident("640422", "20990101", "001"), "birth date"),  # in the future
    (ident("640422", "18991231", "001"), "birth date"),
    (ident("640422", "19900230", "001"), "birth date"),  # 30 February
    (ident("990422", "19900101", "001"), "province"),
])
def test_id_number_problems(value: str, words: str) -> None:
    """Length, characters, check digit, birth date and province code: rejected, value masked 6 + 4."""
    p = rejected_for(row(id_number=value), "身份证号码")
    assert words in p.problem
    assert value not in p.value and (len(value) < 16 or p.value == value[:6] + "*" * (len(value) - 10) + value[-4:])


def test_id_number_normalised() -> None:
    """Blanks, a leading apostrophe, full-width digits and a lower-case x are not problems."""
    x_id = next(ident("640422", "19900101", f"{k:03d}") for k in range(1000)
                if ident("640422", "19900101", f"{k:03d}").endswith("X"))
    typed = "'" + " ".join(x_id[:6]) + x_id[6:17].translate(str.maketrans("0123456789", "０１２３４５６７８９")) + "x"
    (c,) = check(row(id_number=typed, sex=None)).records
    assert c.id_number == x_id


def test_id_region_outside_the_gazetteer_is_a_warning() -> None:
    """A real province but a county code GB/T 2260 never had: kept, with a warning."""
    number = ident("110199", "19900101", "001")
    checked = check(row(id_number=number))
    assert len(checked.records) == 1
    p = one(checked, WARN)
    assert p.column == "身份证号码" and "110199" in p.problem and p.value == number[:6] + "********" + number[-4:]


def test_same_id_number_within_a_file() -> None:
    """The first record is kept, the later one rejected naming the first."""
    checked = check(row(2), row(5, name="马小红", phone="13995123457"))
    assert [c.row for c in checked.records] == [2] and [r.row for r in checked.rejected] == [5]
    p = one(checked, REJECT)
    assert (p.row, p.column, p.problem) == (5, "身份证号码", "same ID number as 隆基.xlsx row 2")
    assert p.value == ID_MALE[:6] + "********" + ID_MALE[-4:] and p.fix


def test_same_id_number_across_files() -> None:
    checked = check(row(2), row(3, id_number=ID_FEMALE, sex="女"), row(2, file="共享.csv", name="马晓明"))
    assert [(r.file, r.row) for r in checked.rejected] == [("共享.csv", 2)]
    assert one(checked, REJECT).problem == "same ID number as 隆基.xlsx row 2"


def test_duplicate_row() -> None:
    """A row repeated in every field (the id aside) is a duplicate row, reported once."""
    checked = check(row(2), row(9, id="8"))
    p = one(checked, REJECT)
    assert p.row == 9 and p.problem.startswith("duplicate row") and "隆基.xlsx row 2" in p.problem


def test_empty_row_is_rejected_not_dropped() -> None:
    checked = check(RosterRow("a.csv", 4, {k: "" for k in FIELDS}))
    assert len(checked.rejected) == 1 and one(checked, REJECT).problem.startswith("empty row")


def test_empty_name() -> None:
    p = rejected_for(row(name=" "), "姓名")
    assert "name is empty" in p.problem


@pytest.mark.parametrize("written, sex", [("男", "M"), ("M", "M"), ("male", "M"), ("Male", "M")])
def test_sex_vocabulary(written: str, sex: str) -> None:
    checked = check(row(sex=written))
    assert checked.problems == () and checked.records[0].sex == sex


@pytest.mark.parametrize("written", ["", "未知"])
def test_sex_missing_is_taken_from_the_id_number(written: str) -> None:
    checked = check(row(id_number=ID_FEMALE, sex=written))
    assert checked.records[0].sex == "F"
    p = one(checked, REPAIR)
    assert p.column == "性别" and p.value == written and "女" in p.problem and p.fix


def test_sex_contradicting_the_id_number_is_a_warning() -> None:
    checked = check(row(sex="女"))
    assert checked.records[0].sex == "F"
    p = one(checked, WARN)
    assert p.column == "性别" and "contradicts" in p.problem


@pytest.mark.parametrize("written", ["+86 139-9512-3456", "139 9512 3456", "8613995123456", "13995123456.0"])
def test_phone_normalised(written: str) -> None:
    numeric = frozenset({"phone"}) if written.endswith(".0") else frozenset()
    checked = check(row(phone=written, numeric=numeric))
    assert checked.problems == () and checked.records[0].phone == "13995123456"


@pytest.mark.parametrize("written, words", [("1503397", "7 characters"), ("23995123456", "mainland"), ("", "empty")])
def test_bad_phone_is_a_warning(written: str, words: str) -> None:
    """The record is still planned; the warning says notices need the phone; the value is masked."""
    checked = check(row(phone=written))
    assert len(checked.records) == 1
    p = one(checked, WARN)
    assert p.column == "联系电话" and words in p.problem and "notice" in p.problem + p.fix
    assert p.value == ("" if not written else "*******" if written == "1503397" else "239****3456")


@pytest.mark.parametrize("written, employer_id", [("E-XJR", "E-XJR"), ("宁夏小巨人机床有限公司", "E-XJR"),
                                                  ("共享集团", "E-KOCEL")])
def test_employer_by_id_or_name(written: str, employer_id: str) -> None:
    checked = check(row(employer=written))
    assert checked.problems == () and checked.records[0].employer_id == employer_id


@pytest.mark.parametrize("written, employer_id", [("宁夏小巨人机床", "E-XJR"), ("小巨人机床（宁夏）有限公司", "E-XJR"),
                                                  ("隆基硅材料", "E-LONGI"), ("共享 有限公司", "E-KOCEL")])
def test_employer_by_a_shortened_name_is_a_repair(written: str, employer_id: str) -> None:
    checked = check(row(employer=written))
    assert checked.records[0].employer_id == employer_id
    p = one(checked, REPAIR)
    assert p.column == "用工单位" and p.value == written and employer_id in p.problem


def test_unknown_employer() -> None:
    p = rejected_for(row(employer="不存在的公司"), "用工单位")
    assert p.fix == "add it to employers.csv or correct the name" and p.value == "不存在的公司"


def test_empty_employer() -> None:
    assert "empty" in rejected_for(row(employer=""), "用工单位").problem


def test_employer_matching_several_is_rejected() -> None:
    """A shortened name two employers share finds neither."""
    two = (*EMPLOYERS, Employer("E-KOCEL2", "共享股份有限公司", "G3"))
    checked = check_roster([row(employer="共享")], two)
    p = one(checked, REJECT)
    assert "E-KOCEL" in p.problem and "E-KOCEL2" in p.problem
    assert employer_key("宁夏回族自治区银川市 共享集团有限公司") == "共享"


@pytest.mark.parametrize("written, code", [("绿码", "green"), ("Green", "green"), ("黄", "yellow"), ("红码", "red"),
                                           ("无", "none"), ("", "none")])
def test_health_codes(written: str, code: str) -> None:
    """Every code is a value, not a record problem (screening turns yellow and red away)."""
    checked = check(row(health_code=written))
    assert checked.problems == () and checked.records[0].health_code == code


def test_unknown_health_code() -> None:
    assert "蓝码" in rejected_for(row(health_code="蓝码"), "健康码").problem


@pytest.mark.parametrize("written, cert", [("是", True), ("Y", True), ("1", True), ("否", False), ("", False),
                                           ("no", False)])
def test_health_certificate(written: str, cert: bool) -> None:
    checked = check(row(health_cert=written))
    assert checked.problems == () and checked.records[0].health_cert is cert


def test_unknown_health_certificate() -> None:
    assert "也许" in rejected_for(row(health_cert="也许"), "健康证明").problem


@pytest.mark.parametrize("companions, names, count, listed", [
    ("2", None, 2, ()), ("3人", None, 3, ()), ("无", None, 0, ()), ("马小红、马小兰", None, 2, ("马小红", "马小兰")),
    (None, "马小红; 马小兰，马小芳", 3, ("马小红", "马小兰", "马小芳")), ("2", "马小红 马小兰", 2, ("马小红", "马小兰")),
])
def test_companions(companions: str | None, names: str | None, count: int, listed: tuple[str, ...]) -> None:
    checked = check(row(companions=companions, companion_names=names))
    assert checked.problems == ()
    assert (checked.records[0].companions, checked.records[0].companion_names) == (count, listed)


def test_companions_disagreeing_with_names_keeps_the_larger() -> None:
    checked = check(row(companions="1", companion_names="马小红、马小兰"))
    assert checked.records[0].companions == 2
    p = one(checked, WARN)
    assert p.column == "随行人数" and "2 seats" in p.problem


@pytest.mark.parametrize("written", ["-1", "21", "2.5", "😀", "马小红😀"])
def test_companions_junk(written: str) -> None:
    rejected_for(row(companions=written), "随行人数")


def test_swapped_coordinates_are_repaired() -> None:
    checked = check(row(lat="105.72", lon="35.96"))
    c = checked.records[0]
    assert (c.lat, c.lon, c.approximate) == (35.96, 105.72, False)
    p = one(checked, REPAIR)
    assert p.column == "纬度" and "swapped" in p.problem


def test_gcj02_coordinates_are_converted() -> None:
    glat, glon = wgs84_to_gcj02(35.96, 105.72)
    c = check(row(lat=f"{glat:.7f}", lon=f"{glon:.7f}"), gcj02=True).records[0]
    assert math.isclose(c.lat, 35.96, abs_tol=1e-6) and math.isclose(c.lon, 105.72, abs_tol=1e-6)
    assert check(row(lat=f"{glat:.7f}", lon=f"{glon:.7f}")).records[0].lat == round(glat, 7)


def test_coordinates_outside_the_region() -> None:
    p = rejected_for(row(lat="39.9", lon="116.4"), "纬度")  # Beijing
    assert "outside the region" in p.problem and p.value == "39.9, 116.4"


@pytest.mark.parametrize("lat, lon", [("abc", "105.72"), ("35.96", "nan"), ("35.96", "1e999")])
def test_coordinates_not_numbers(lat: str, lon: str) -> None:
    column = "纬度" if lat == "abc" else "经度"
    assert "not a number" in rejected_for(row(lat=lat, lon=lon), column).problem


@pytest.mark.parametrize("lat, lon", [("0", "0"), ("35.96", ""), ("", "105.72"), ("0", "105.72")])
def test_incomplete_coordinates_are_located_otherwise(lat: str, lon: str) -> None:
    """0 or one of the two missing: warned, then the home is placed from the county."""
    checked = check(row(lat=lat, lon=lon, county="原州区"))
    c = checked.records[0]
    assert (c.located_by, c.approximate, c.county) == ("county", True, "640402")
    warns = [p for p in checked.problems if p.severity == WARN]
    assert "incomplete" in warns[0].problem and warns[0].column in ("纬度", "经度")
    assert "原州区" in warns[1].problem and warns[1].column == "县区"


def test_home_located_from_the_address() -> None:
    checked = check(row(lat=None, lon=None, address="宁夏固原市西吉县吉强镇龙王坝村"))
    c = checked.records[0]
    assert (c.located_by, c.approximate, c.county, c.township) == ("address", True, "640422", "西吉县吉强镇")
    assert (round(c.lat, 2), round(c.lon, 2)) == (35.96, 105.75)
    assert c.address == "宁夏固原市西吉县吉强镇龙王坝村"
    p = one(checked, WARN)
    assert p.column == "家庭住址" and "西吉县吉强镇" in p.problem and "approximate" in p.problem and p.fix


def test_home_located_from_the_id_region_names_it() -> None:
    checked = check(row(lat="", lon="", id_number=ID_FEMALE, sex="女"))
    c = checked.records[0]
    assert (c.located_by, c.county) == ("id_region", "640402")
    p = one(checked, WARN)
    assert p.column == "身份证号码" and "region code" in p.problem and ID_FEMALE not in p.value


def test_home_missing() -> None:
    """No coordinates, no place named, an ID from outside the gazetteer: rejected."""
    checked = check(row(lat=None, lon=None, address="某地", id_number=ident("110101", "19900101", "001")))
    assert not checked.records
    p = next(p for p in checked.problems if p.severity == REJECT)
    assert p.problem == NO_HOME and p.fix and checked.rejected[0].reasons == (NO_HOME,)


class Recorder:
    """A geocoder answering from a table and noting every address asked."""

    def __init__(self, answers: dict[str, tuple[float, float] | None]) -> None:
        self.answers = answers
        self.asked: list[str] = []

    def __call__(self, address: str) -> tuple[float, float] | None:
        self.asked.append(address)
        return self.answers.get(address)


def test_geocoder_asked_only_below_county_level() -> None:
    """An address the gazetteer places at a town is not sent; one placed only at a county is."""
    geo = Recorder({"西吉县兴隆镇单家集村": (35.85, 105.80)})
    checked = check(row(2, lat=None, lon=None, address="西吉县吉强镇"),
                    row(3, lat=None, lon=None, address="西吉县兴隆镇单家集村", id_number=ID_FEMALE, sex="女"),
                    row(4, lat="35.9", lon="105.7", address="西吉县某村", id_number=ident("640422", "19910101", "011")),
                    geocoder=geo)
    assert geo.asked == ["西吉县兴隆镇单家集村"]
    by_row = {c.row: c for c in checked.records}
    assert (by_row[3].lat, by_row[3].lon, by_row[3].located_by, by_row[3].approximate) == (35.85, 105.80, "address",
                                                                                           True)
    assert by_row[3].county == "640422" and by_row[2].located_by == "address"
    assert any(p.row == 3 and "geocoder" in p.problem for p in checked.problems)


@pytest.mark.parametrize("answer", [None, (39.9, 116.4), "raise"])
def test_geocoder_failure_falls_back_to_the_county(answer: Any) -> None:
    """No answer, an answer outside the region, or an exception: the county seat, as offline."""
    def geocoder(address: str) -> tuple[float, float] | None:
        if answer == "raise":
            raise OSError("network down")
        return answer  # type: ignore[no-any-return]

    c = check(row(lat=None, lon=None, address="西吉县兴隆镇"), geocoder=geocoder).records[0]
    assert (c.located_by, c.county) == ("address", "640422") and c.lat == pytest.approx(35.964131)


def test_problems_in_row_order_with_rows_accounted() -> None:
    rows = [row(2), row(3, employer="?"), row(4, id_number=ID_FEMALE, sex="", phone="")]
    checked = check(*rows)
    assert [c.row for c in checked.records] == [2, 4] and [r.row for r in checked.rejected] == [3]
    assert [p.row for p in checked.problems] == sorted(p.row for p in checked.problems)


JUNK = st.one_of(
    st.just(""), st.just(" "), st.just("None"), st.just("nan"), st.just("NULL"), st.just("0"), st.just("-1"),
    st.just("😀🚌"), st.just("1e999"), st.just("9" * 5000), st.just("6.40422E+17"), st.just(ID_MALE),
    st.just("105.72"), st.just("35.96"), st.just("西吉县吉强镇"), st.just("城关镇"), st.just("E-XJR"),
    st.integers(-10**30, 10**30).map(str), st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.text(max_size=30), st.text(alphabet="０１２３４５６７８９xX、;，", max_size=20),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.dictionaries(st.sampled_from(FIELDS), JUNK), st.sets(st.sampled_from(FIELDS)),
                          st.sampled_from(["a.xlsx", "b.csv"])), max_size=8),
       st.booleans())
def test_every_row_is_kept_or_rejected(items: list[tuple[dict[str, str], set[str], str]], gcj02: bool) -> None:
    """Junk in every field never raises; records + rejected == rows; each rejection has a reject problem."""
    rows = [RosterRow(file, n, values, frozenset(numeric), COLUMNS if n % 2 else {})
            for n, (values, numeric, file) in enumerate(items, 2)]
    checked = check_roster(rows, EMPLOYERS, gcj02=gcj02, geocoder=lambda a: (36.0, 106.0) if "镇" in a else None)
    assert len(checked.records) + len(checked.rejected) == len(rows)
    assert sorted((r.file, r.row) for r in (*checked.records, *checked.rejected)) == sorted((r.file, r.row)
                                                                                           for r in rows)
    for r in checked.rejected:
        mine = [p for p in checked.problems if (p.file, p.row) == (r.file, r.row) and p.severity == REJECT]
        assert mine and r.reasons == tuple(p.problem for p in mine)
    for p in checked.problems:
        assert p.problem and p.fix and p.severity in (REJECT, REPAIR, WARN)
    for c in checked.records:
        assert math.isfinite(c.lat) and math.isfinite(c.lon) and 0 <= c.companions <= 20
        assert c.sex in ("M", "F") and c.health_code in ("green", "yellow", "red", "none")


@pytest.mark.parametrize(("field", "value", "column", "problem"), [
    ("name", "马" * 51, "姓名", "name has 51 characters, at most 50 are allowed"),
    ("address", "西" * 201, "家庭住址", "address has 201 characters, at most 200 are allowed"),
    ("health_code", "绿" * 201, "健康码", "health_code has 201 characters, at most 200 are allowed"),
    ("id", "7" * 65, "序号", "id has 65 characters, at most 64 are allowed"),
    ("id", "1 2", "序号", ("worker id '1 2' may hold only letters, digits, '_', '-', '.' and '·', and may not start with "
                         "'.' or '-' (found ' ')")),
    ("id", "-3", "序号", ("worker id '-3' may hold only letters, digits, '_', '-', '.' and '·', and may not start with "
                        "'.' or '-' (found its first character)")),
])
def test_limits_at_the_door(field: str, value: str, column: str, problem: str) -> None:
    """A field over its limit, or an id that is no id, rejects the record with one reason naming the column."""
    p = rejected_for(row(**{field: value}), column)
    assert p.problem == problem
    assert len(p.value) <= 51


def test_fields_at_their_limits_are_kept() -> None:
    """50 characters of name, 200 of address, 64 of id: kept."""
    (c,) = check(row(name="马" * 50, address="宁" * 200, id="W" * 64)).records
    assert (len(c.name), len(c.address), len(c.id)) == (50, 200, 64)


def test_invisible_characters_are_taken_out_of_a_name() -> None:
    """A bidi override and a NUL in a name are removed, and the repair is said."""
    checked = check(row(name="马\u202e小\x00明"))
    assert checked.records[0].name == "马小明"
    assert one(checked, REPAIR) == RecordProblem("隆基.xlsx", 2, "姓名", "马小明", "name held invisible control "
                                                 "characters; taken out", "nothing to do, or type the name again",
                                                 REPAIR)


# --- employers by their short names (employers.csv aliases) -------------------------------------------------------

ALIASED = (Employer("E-LONGI", "银川隆基硅材料有限公司", "G1", aliases=("隆基", "LONGi")), *EMPLOYERS[1:])


@pytest.mark.parametrize("written", ["隆基", "LONGi", " 隆基 ", "隆基股份有限公司"])
def test_an_employer_named_by_an_alias_is_that_employer(written: str) -> None:
    """An alias as written (or reduced like a name: 隆基股份有限公司 -> 隆基) is that employer."""
    checked = check_roster([row(employer=written)], ALIASED)
    assert checked.records[0].employer_id == "E-LONGI" and checked.rejected == ()
    assert [p.severity for p in checked.problems] == ([] if written.strip() in ("隆基", "LONGi") else [REPAIR])


def test_a_close_miss_suggests_the_employer_and_is_rejected() -> None:
    """隆基 without that alias: never taken to be 银川隆基硅材料有限公司, but suggested, with what to do."""
    p = rejected_for(row(employer="隆基"), "用工单位")
    assert p.problem == "employer '隆基' is not in employers.csv (did you mean 银川隆基硅材料有限公司?)"
    assert p.fix == ("write the employer's name or id as in employers.csv, or add '隆基' to the aliases of "
                     "银川隆基硅材料有限公司 in employers.csv")


@pytest.mark.parametrize(("written", "suggested"), [
    ("小巨人", "宁夏小巨人机床有限公司"), ("宁夏隆基", "银川隆基硅材料有限公司"), ("共享铸造集团", "共享集团"),
    ("小巨人机车", "宁夏小巨人机床有限公司"),
])
def test_close_misses_of_several_kinds(written: str, suggested: str) -> None:
    """Part of a name, a name with more to it, one character off: the employer is suggested, the record rejected."""
    p = rejected_for(row(employer=written), "用工单位")
    assert p.problem == f"employer {written!r} is not in employers.csv (did you mean {suggested}?)"


def test_a_close_miss_of_several_employers_names_them_all() -> None:
    """A short name close to two employers suggests both, and picks neither."""
    two = (*EMPLOYERS, Employer("E-LONGI2", "宁夏隆基宁光仪表股份有限公司", "G3"))
    p = one(check_roster([row(employer="隆基")], two), REJECT)
    assert p.problem == ("employer '隆基' is not in employers.csv (did you mean 银川隆基硅材料有限公司 or "
                         "宁夏隆基宁光仪表股份有限公司?)")


def test_nothing_close_gives_no_suggestion() -> None:
    """A name like no employer's: the plain message."""
    assert rejected_for(row(employer="火星矿业"), "用工单位").problem == "employer '火星矿业' is not in employers.csv"


# --- a header naming its coordinate system ---------------------------------------------------------------------------

def _headed(lat_header: str, lon_header: str, lat: float, lon: float) -> RosterRow:
    return RosterRow("roster_clean.csv", 2, {**GOOD, "lat": f"{lat:.7f}", "lon": f"{lon:.7f}"}, frozenset(),
                     {**COLUMNS, "lat": lat_header, "lon": lon_header})


@pytest.mark.parametrize(("lat_header", "lon_header"), [("lat_wgs84", "lon_wgs84"), ("纬度(WGS-84)", "经度(WGS-84)"),
                                                        ("Lat WGS84", "lon")])
def test_coordinates_headed_wgs84_are_not_converted_in_a_gcj02_scenario(lat_header: str, lon_header: str) -> None:
    """roster_clean.csv's lat_wgs84/lon_wgs84 read back into a GCJ-02 scenario: the same home, not shifted again."""
    (c,) = check_roster([_headed(lat_header, lon_header, 35.96, 105.72)], EMPLOYERS, gcj02=True).records
    assert (c.lat, c.lon) == (35.96, 105.72)


def test_coordinates_headed_gcj02_are_converted_in_a_wgs84_scenario() -> None:
    """纬度(GCJ-02) in a WGS-84 scenario: converted, as the header says."""
    glat, glon = wgs84_to_gcj02(35.96, 105.72)
    (c,) = check_roster([_headed("纬度(GCJ-02)", "经度(GCJ-02)", glat, glon)], EMPLOYERS).records
    assert math.isclose(c.lat, 35.96, abs_tol=1e-6) and math.isclose(c.lon, 105.72, abs_tol=1e-6)


# --- the companions' own data -----------------------------------------------------------------------------------------

C1 = ident("640402", "20150303", "002")
C2 = ident("640422", "20160606", "004")
COMPANION_COLUMNS = {"companion_id_numbers": "随行人员身份证号", "companion_phones": "随行人员电话",
                     "companion_health_codes": "随行人员健康码", "companion_health_certs": "随行人员无外出证明"}


def party(**changes: str | None) -> RosterRow:
    """GOOD with two companions, 马小红 and 马小兰, and ``changes``."""
    r = row(companions="2", companion_names="马小红、马小兰", **changes)
    return RosterRow(r.file, r.row, r.values, r.numeric, {**COLUMNS, **COMPANION_COLUMNS})


def test_companions_data_that_is_good_has_no_finding() -> None:
    """Two ID numbers, phones, codes and certificates, in one cell each: kept, nothing to say."""
    checked = check(party(companion_id_numbers=f"{C1}；{C2}", companion_phones="13995120001 13995120002",
                          companion_health_codes="绿码、黄码", companion_health_certs="有;无"))
    assert checked.problems == () and len(checked.records) == 1


def test_companions_data_is_carried_in_the_clean_record() -> None:
    """The cleaned record holds the lists, one entry per companion, normalised."""
    (c,) = check(party(companion_id_numbers=f"{C1}；{C2.lower()}", companion_phones="139-9512-0001;+8613995120002",
                       companion_health_codes="绿码、黄码", companion_health_certs="有;无")).records
    assert c.companion_id_numbers == (C1, C2)  # type: ignore[attr-defined]
    assert c.companion_phones == ("13995120001", "13995120002")  # type: ignore[attr-defined]
    assert (c.companion_health_codes, c.companion_health_certs) == (("green", "yellow"), (True, False))  # type: ignore[attr-defined]


@pytest.mark.parametrize(("changes", "column", "problem", "value"), [
    ({"companion_id_numbers": C1}, "随行人员身份证号", "1 companion ID numbers listed for 2 companions", C1),
    ({"companion_id_numbers": f"{C1};{C2[:-1]}0"}, "随行人员身份证号",
     "companion 2 (马小兰): ID number fails its check digit (GB 11643): a digit is wrong", f"{C2[:-1]}0"),
    ({"companion_id_numbers": f"{ID_MALE};{C2}"}, "随行人员身份证号",
     "companion 1 (马小红): ID number is the worker's own", ID_MALE),
    ({"companion_id_numbers": f"{C1};{C1}"}, "随行人员身份证号",
     "companion 2 (马小兰): ID number is also that of companion 1", C1),
    ({"companion_id_numbers": f"{C1};6404221990"}, "随行人员身份证号",
     "companion 2 (马小兰): ID number has 10 characters, expected 18", "6404221990"),
    ({"companion_health_codes": "绿码;蓝码"}, "随行人员健康码",
     "companion 2 (马小兰): health code '蓝码' is not one of 绿码, 黄码, 红码, 无", "蓝码"),
    ({"companion_health_codes": "绿码"}, "随行人员健康码", "1 companion health codes listed for 2 companions", "绿码"),
    ({"companion_health_certs": "有;也许"}, "随行人员无外出证明",
     "companion 2 (马小兰): certificate '也许' is neither yes nor no", "也许"),
])
def test_companion_data_that_cannot_be_used_rejects_the_record(changes: dict[str, str], column: str, problem: str,
                                                              value: str) -> None:
    """A list that does not give one entry per companion, or an entry that is no ID number, code or yes/no: the
    record is rejected with one reason naming the companion; ID numbers are masked in the value."""
    p = rejected_for(party(**changes), column)
    assert p.problem == problem
    assert p.value == (mask_id_number(value) if column == "随行人员身份证号" else value)


def test_a_companions_id_number_registered_as_a_worker_rejects_the_later_record() -> None:
    """A companion of row 2 registered again as the worker of row 3: the second record names the first."""
    checked = check(party(companion_id_numbers=f"{C1};{C2}"), row(3, id="2", name="马小红", id_number=C1))
    (p,) = [p for p in checked.problems if p.severity == REJECT]
    assert (p.row, p.problem) == (3, "same ID number as companion 1 of 隆基.xlsx row 2")


def test_companion_phones_that_do_not_fit_are_a_warning() -> None:
    """A bad phone, or a list of the wrong length: warnings, the record is kept."""
    checked = check(party(companion_phones="13995120001;12345"))
    p = one(checked, WARN)
    assert (p.column, p.value) == ("随行人员电话", "*****")
    assert p.problem == "companion 2 (马小兰): phone has 5 characters, expected 11 digits"
    assert len(checked.records) == 1
    short = check(party(companion_phones="13995120001"))
    assert one(short, WARN).problem == "1 companion phones listed for 2 companions; the phones are not used"


def test_companion_id_numbers_count_the_companions_when_nothing_else_does() -> None:
    """No companions column and no names: two ID numbers are two companions, who need seats."""
    r = row(companion_id_numbers=f"{C1};{C2}")
    (c,) = check(RosterRow(r.file, r.row, r.values, r.numeric, {**COLUMNS, **COMPANION_COLUMNS})).records
    assert c.companions == 2
