"""Files written from a Plan: manifests, timetables, dispatch chart, notices, index page, problems.csv."""
