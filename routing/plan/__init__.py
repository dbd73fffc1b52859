"""The Plan: its model, plan.json, home areas, and how a plan reads on a page (shared by outputs and maps)."""
