"""Rosters as they arrive: read (XLSX, CSV), checked, cleaned and located; ID numbers and phones."""
