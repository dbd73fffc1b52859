"""The scenario as the program sees it: places, workers, fleet and rules.

Everything here is a frozen dataclass with WGS-84 coordinates and integer units
(metres, seconds) unless a name says otherwise. ``routing.scenario.load`` builds these
from a scenario folder; every later step reads them and never changes them.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field

from routing.privacy import mask_in_text

# Severity of a finding about a roster record (RecordProblem.severity).
REJECT = "reject"  # the record cannot be used: the worker goes to unassigned as invalid_record
REPAIR = "repair"  # the record was fixed automatically (say what was changed)
WARN = "warn"  # the record is used, but someone should look (e.g. a home located only approximately)
SEVERITIES = (REJECT, REPAIR, WARN)

# Screening policies (Rules.screening): what a traveller must show to board. certificate: the village committee's
# certificate of days at home (无外出证明, the first batches of February 2020); code: a green health code; both: the
# two; either: one of them (from 2020-03-09 a green code or the 健康通行卡 was enough); none: no health check.
SCREENINGS = ("certificate", "code", "both", "either", "none")
# The roster columns (canonical fields) each policy needs; "either" needs one of the two.
SCREENING_COLUMNS: dict[str, tuple[str, ...]] = {"certificate": ("health_cert",), "code": ("health_code",),
                                                 "both": ("health_cert", "health_code"),
                                                 "either": ("health_cert", "health_code"), "none": ()}


def screening_passes(policy: str, cert: bool | None, code: str | None) -> bool:
    """Whether a certificate (``cert``) and a health code (``code``) satisfy the screening ``policy``.

    None is data not given, which is held against nobody (a companion whose health the roster does not give):
    what is given must pass as the policy asks (``either``: one of the given pieces must).
    """
    shown = {"cert": cert, "code": None if code is None else code == "green"}
    needed = {"certificate": ("cert",), "code": ("code",), "both": ("cert", "code"), "either": ("cert", "code"),
              "none": ()}[policy]
    given = [shown[k] for k in needed if shown[k] is not None]
    return any(given) if policy == "either" and given else all(given)


@dataclass(frozen=True)
class Place:
    """A named point: depot, drop-off gate or pickup point (WGS-84 degrees)."""

    id: str
    name: str
    lat: float
    lon: float
    region: str = ""  # county adcode (6 digits) used for circuity; "" = default
    approximate: bool = False
    note: str = ""  # for planners
    address: str = ""  # for travellers: where exactly to wait (pickup points), shown in notices


@dataclass(frozen=True)
class Employer:
    """An employer in the zone and the gate (drop-off place id) its workers go to."""

    id: str
    name: str
    dropoff_id: str
    approximate: bool = False
    aliases: tuple[str, ...] = ()  # short names a roster may call it by (employers.csv ``aliases``)


@dataclass(frozen=True)
class CrewMember:
    """A driver or escort (随车人员) of the coach with this plate, from the optional crew.csv."""

    plate: str
    role: str  # driver | escort
    name: str
    phone: str


@dataclass(frozen=True)
class Worker:
    """One registered worker; ``companions`` family members travel on the same bus."""

    id: str
    name: str
    id_number: str
    phone: str
    sex: str  # "M" or "F"
    lat: float
    lon: float
    county: str  # county adcode of home, "" when unknown
    township: str
    employer_id: str
    health_code: str  # green | yellow | red | none
    health_cert: bool
    companions: int = 0
    companion_names: tuple[str, ...] = ()
    row: int = 0  # row in its roster file, for messages (spreadsheet numbering: the header counts)
    source: str = ""  # the roster file it comes from
    approximate_home: bool = False  # home placed at a township or county centre, not at given coordinates
    # The companions' own data, when the roster gives it: one entry per companion, or () when not given.
    companion_id_numbers: tuple[str, ...] = ()
    companion_phones: tuple[str, ...] = ()
    companion_health_codes: tuple[str, ...] = ()  # green | yellow | red | none
    companion_health_certs: tuple[bool, ...] = ()

    def __post_init__(self) -> None:
        """Free text (names, township) never carries a full ID number or phone typed into it by mistake."""
        object.__setattr__(self, "name", mask_in_text(self.name))
        object.__setattr__(self, "township", mask_in_text(self.township))
        object.__setattr__(self, "companion_names", tuple(mask_in_text(n) for n in self.companion_names))

    @property
    def party_size(self) -> int:
        """Seats this worker's party needs (the worker plus companions)."""
        return 1 + self.companions


@dataclass(frozen=True)
class BusType:
    """A kind of coach in the fleet, ``count`` of them starting at ``depot_id``."""

    id: str
    name: str
    seats: int
    count: int
    cost_per_km: float  # CNY per bus-km
    fixed_cost: float  # CNY per trip
    depot_id: str
    seats_per_row: int = 4
    plates: tuple[str, ...] = ()


@dataclass(frozen=True)
class DriverRules:
    """Driving-time rules (defaults: the 2020 regulations for coaches)."""

    max_continuous_day_s: int = 4 * 3600
    max_continuous_night_s: int = 2 * 3600
    min_break_s: int = 20 * 60
    min_swap_s: int = 5 * 60
    max_daily_driving_s: int = 8 * 3600
    max_one_way_m: int = 400_000
    night_start: dt.time = dt.time(22, 0)
    night_end: dt.time = dt.time(6, 0)
    curfew_start: dt.time = dt.time(2, 0)
    curfew_end: dt.time = dt.time(5, 0)
    second_driver_cost: float = 500.0  # CNY per trip


@dataclass(frozen=True)
class Rules:
    """The rules of the day a plan must obey."""

    load_factor: float = 0.5
    observation_rows: int = 2
    max_access_m: int = 30_000
    dwell_base_s: int = 300
    dwell_per_person_s: int = 30
    max_pickup_stops: int = 3
    cross_county: bool = True
    drivers: DriverRules = field(default_factory=DriverRules)
    pickup_choice: str = "optimized"  # optimized (CP-SAT, routing.boarding.optimized) | nearest
    # depot: every coach's duty ends back at its depot by the plan's horizon (the drive home is driven and paid);
    # zone: it ends at its last gate, the drivers rest there and the empty drive home is paid, not scheduled
    duty_end: str = "depot"
    # What a worker (and each companion whose data the roster gives) must show to board, on the scenario's date
    # (``SCREENINGS``); rules.screening may give a policy per date range, the one of the scenario's date is kept here
    screening: str = "both"


@dataclass(frozen=True)
class DistanceSettings:
    """The offline distance model: geodesic x circuity, and coach speeds."""

    circuity_default: float = 1.25
    # (adcode prefix, factor); the first entry whose prefix matches a place's region applies: the scenario's own
    # entries (longest first), then the bundled calibration (longest first)
    circuity_by_region: tuple[tuple[str, float], ...] = ()
    access_circuity: float = 1.4  # home to pickup point on rural roads
    expressway_kph: float = 80.0
    local_kph: float = 50.0
    local_below_m: int = 60_000  # legs shorter than this use local_kph


@dataclass(frozen=True)
class RecordProblem:
    """A finding about one record (or one file when ``row`` is 0), for people to act on.

    Attributes
    ----------
    file, row, column
        Where: the file, the spreadsheet row, the column header as written in the file (or the
        canonical field name when the file has no such column).
    value
        The value found (masked when it is an ID number or a phone: first 6 / last 4 digits).
    problem
        What is wrong, one sentence.
    fix
        What to do about it, one sentence.
    severity
        ``reject``, ``repair`` or ``warn``.
    """

    file: str
    row: int
    column: str
    value: str
    problem: str
    fix: str
    severity: str

    def __post_init__(self) -> None:
        """The value and the sentence never carry a full ID number or phone, whatever the field."""
        object.__setattr__(self, "value", mask_in_text(self.value))
        object.__setattr__(self, "problem", mask_in_text(self.problem))


@dataclass(frozen=True)
class RejectedRecord:
    """A record that cannot be planned with; its worker is reported as ``invalid_record``.

    ``id`` is the record's id as written ("" when it has none); ``reasons`` are the problems that
    rejected it, one sentence each.
    """

    file: str
    row: int
    id: str
    name: str
    companions: int
    reasons: tuple[str, ...]

    def __post_init__(self) -> None:
        """The reasons never carry a full ID number or phone (they quote what was typed)."""
        object.__setattr__(self, "reasons", tuple(mask_in_text(r) for r in self.reasons))


@dataclass(frozen=True)
class Scenario:
    """A batch: who travels, on which coaches, under which rules."""

    name: str
    date: dt.date
    timezone: str
    start: dt.datetime  # earliest departure from the depot (aware)
    deadline: dt.datetime  # latest arrival at the last drop-off (aware)
    seed: int
    coord_system: str  # of the input files: WGS84 | GCJ02
    depots: tuple[Place, ...]
    dropoffs: tuple[Place, ...]
    pickup_points: tuple[Place, ...]
    employers: tuple[Employer, ...]
    fleet: tuple[BusType, ...]
    workers: tuple[Worker, ...]
    rules: Rules
    distance: DistanceSettings
    folder: str = ""
    warnings: tuple[str, ...] = ()
    crew: tuple[CrewMember, ...] = ()
    rejected: tuple[RejectedRecord, ...] = ()  # roster records that cannot be planned with (invalid_record)
    roster_problems: tuple[RecordProblem, ...] = ()  # every finding about the roster, for problems.csv
    roster_files: tuple[tuple[str, str, int], ...] = ()  # (file, how it was read, records) per roster file

    def crew_of(self, plate: str, role: str) -> tuple[CrewMember, ...]:
        """The drivers or escorts (``role``) of the coach with this plate, in crew.csv order."""
        return tuple(m for m in self.crew if m.plate == plate and m.role == role)

    def place(self, place_id: str) -> Place:
        """Return the depot, drop-off or pickup point with this id."""
        return self._places[place_id]

    def employer(self, employer_id: str) -> Employer:
        """Return the employer with this id."""
        return self._employers[employer_id]

    def worker(self, worker_id: str) -> Worker | None:
        """Return the worker with this id, None when the roster has none."""
        return self._workers.get(worker_id)

    @functools.cached_property
    def _workers(self) -> dict[str, Worker]:
        return {w.id: w for w in reversed(self.workers)}

    @functools.cached_property
    def _places(self) -> dict[str, Place]:
        out: dict[str, Place] = {}
        for group in (self.pickup_points, self.dropoffs, self.depots):  # the first group listed wins a clash
            out.update((p.id, p) for p in group)
        return out

    @functools.cached_property
    def _employers(self) -> dict[str, Employer]:
        return {e.id: e for e in reversed(self.employers)}
