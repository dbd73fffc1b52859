"""The limits a scenario folder is held to at the door, each documented in scenarios/README.md ("Limits").

Every limit is checked when the folder is loaded and a value past it is a problem naming file,
row and field, so that no input can make the planner run out of memory or time, write outside
its output folder, or draw a place on the other side of the world.
"""

from __future__ import annotations

# scenario.yaml: size and nesting, checked by the YAML reader the generator uses too
from routing.yaml_file import MAX_YAML_BYTES, MAX_YAML_DEPTH  # noqa: F401

# the CSV tables
MAX_TABLE_BYTES = 5 * 1_048_576  # per file: pickup_points.csv, employers.csv, crew.csv
MAX_PICKUP_POINTS = 5_000  # rows of pickup_points.csv
MAX_EMPLOYERS = 10_000  # rows of employers.csv
MAX_CREW_ROWS = 30_000  # rows of crew.csv (three people on each of MAX_COACHES coaches)
MAX_ALIASES = 50  # aliases of one employer (employers.csv aliases)

# lists in scenario.yaml
MAX_DEPOTS = 500
MAX_DROPOFFS = 1_000
MAX_FLEET_TYPES = 1_000

# the fleet
MAX_COUNT = 100_000  # coaches of one type
MAX_COACHES = 200_000  # coaches of all types together, whatever the roster (the whole zone charters 3,745)
FREE_COACHES = 10_000  # any roster may charter this many; above, at most one coach per person of the roster
MAX_SEATS = 200
MAX_SEATS_PER_ROW = 8
MAX_PLATE_CHARS = 16

# text
MAX_NAME_CHARS = 100  # the scenario's name, names of places, coach types, employers and crew
MAX_ADDRESS_CHARS = 200  # pickup_points.csv address
MAX_NOTE_CHARS = 500  # note of a place or an employer

# numbers
MAX_SEED = 2**31 - 1  # the solvers take a 32-bit seed
MAX_SCREENING_PERIODS = 100  # items of rules.screening (one policy per date range)
MAX_HORIZON_H = 48  # deadline at most this long after start
FIRST_YEAR, LAST_YEAR = 2000, 2099  # the trip day

# places
CHINA_LAT = (18.0, 54.0)  # every place lies in China's bounding box (WGS-84 or GCJ-02 degrees)
CHINA_LON = (73.0, 136.0)
MAX_FROM_DROPOFF_KM = 1_500  # great-circle distance from every depot and pickup point to its nearest drop-off
